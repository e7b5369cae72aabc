"""Search: the start of a receipt number (a month, a year) read bucket by bucket, the newest first.

An index on (the id's bucket, the receipt number, the id) — ``storage.search.receipt_bucket_index_sql``, a bucket
being ``SUFFIX_BUCKET`` consecutive ids, the number in the "C" collation on PostgreSQL — built over the rows
already stored and kept in step by the database like any index. A start's range is read in it the newest bucket
first and stops at the page, as a middle's is in the suffix table (0017); the number's own index gave the range
in the number's order, a month or a year to read whole and sort (15-300 ms at a million). PostgreSQL's index of
0012 on the number alone served only that and is dropped.

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from counter_app.storage.search import (
    PG_RECEIPT_INDEX,
    PG_RECEIPT_INDEX_SQL,
    RECEIPT_BUCKET_INDEX,
    receipt_bucket_index_sql,
)

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.execute(receipt_bucket_index_sql(dialect))
    if dialect == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {PG_RECEIPT_INDEX}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_RECEIPT_INDEX_SQL)
    op.execute(f"DROP INDEX IF EXISTS {RECEIPT_BUCKET_INDEX}")
