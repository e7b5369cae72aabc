"""Ready for pickup: when (and by whom) the citizen was told that the result is ready, per package.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("packages", sa.Column("ready_informed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("packages", sa.Column("ready_informed_by", sa.String(100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("packages") as batch:
        batch.drop_column("ready_informed_by")
        batch.drop_column("ready_informed_at")
