"""Search: a receipt number without its department (``20251123-0042``) by a b-tree range.

An index on the number after the department and its dash (``storage.search.receipt_tail_sql``:
``substr(receipt_number, length(department) + 2)``, in the "C" collation and with the id beside it on
PostgreSQL), built over the rows already stored and kept in step by the database like any index; a search for a
day (``-20251123``) or a number typed without its department reads a range of it, the newest first.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from counter_app.storage.search import RECEIPT_TAIL_INDEX, receipt_tail_index_sql

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(receipt_tail_index_sql(op.get_bind().dialect.name))


def downgrade() -> None:
    op.execute(f"DROP INDEX IF EXISTS {RECEIPT_TAIL_INDEX}")
