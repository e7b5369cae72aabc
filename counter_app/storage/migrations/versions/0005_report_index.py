"""Reports: one covering index on applications for every figure over a period (day, service, operator,
decision, the counter's times, the time of the intake), instead of the narrower one of 0004.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ["day", "service_code", "username", "decision", "wait_seconds", "service_seconds", "created_at"]


def upgrade() -> None:
    op.create_index("ix_applications_report", "applications", COLUMNS)
    op.drop_index("ix_applications_day_service_code_decision", table_name="applications")


def downgrade() -> None:
    op.create_index(
        "ix_applications_day_service_code_decision", "applications", ["day", "service_code", "decision"]
    )
    op.drop_index("ix_applications_report", table_name="applications")
