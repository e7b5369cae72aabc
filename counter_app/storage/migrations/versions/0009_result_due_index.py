"""Reports: the result deadlines read from an index alone (due day, received day, status) instead of the
package rows, in place of the plain index on the due day of 0004.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_packages_result_due_result_received_on",
        "packages",
        ["result_due", "result_received_on", "status"],
    )
    op.drop_index("ix_packages_result_due", table_name="packages")


def downgrade() -> None:
    op.create_index("ix_packages_result_due", "packages", ["result_due"])
    op.drop_index("ix_packages_result_due_result_received_on", table_name="packages")
