"""The live board: results at the centre by the day they came (storage ending, unclaimed) through an index that
starts with the package status.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_packages_status_result_received_on", "packages", ["status", "result_received_on"])


def downgrade() -> None:
    op.drop_index("ix_packages_status_result_received_on", table_name="packages")
