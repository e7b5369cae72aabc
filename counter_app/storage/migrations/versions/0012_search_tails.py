"""Search: IIN digits by a b-tree on the reversed IIN, the start of a receipt number by a b-tree range.

"The IIN ends with 123" is "the reversed IIN starts with 321": a range of an index on the reversed IIN
(``storage.search.reversed_iin_sql``: SQLite has no reverse(), so twelve one-character substrings; PostgreSQL's
``reverse()`` in the "C" collation, with the id beside it so that the ids come from the index alone). On
PostgreSQL the receipt number gets an index in the "C" collation too, so that a prefix is a range whatever the
database's collation (SQLite's unique index on it already compares bytes).

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from counter_app.storage.search import (
    IIN_TAIL_INDEX,
    PG_RECEIPT_INDEX,
    PG_RECEIPT_INDEX_SQL,
    iin_tail_index_sql,
)

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.execute(iin_tail_index_sql(dialect))
    if dialect != "sqlite":
        op.execute(PG_RECEIPT_INDEX_SQL)


def downgrade() -> None:
    op.execute(f"DROP INDEX IF EXISTS {IIN_TAIL_INDEX}")
    if op.get_bind().dialect.name != "sqlite":
        op.execute(f"DROP INDEX IF EXISTS {PG_RECEIPT_INDEX}")
