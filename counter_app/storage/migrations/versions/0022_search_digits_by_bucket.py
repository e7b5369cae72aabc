"""Search, PostgreSQL: the digits' index holds each application's bucket of ids, so that it is read a bucket at a time.

A GIN index gives its rows in no order: digits beside a common name (``омаров 202511``, a month) were every row
holding both, thousands, read from the table to keep the newest fifty. With the bucket of each row's id in the index
(``storage.search.bucket_key``, the suffix table's buckets of 0017), the rows of one bucket are found in the index
alone, and a search reads the buckets down from the newest holding the digits until its page is full
(``storage.search.names._digits_by_bucket``). The function ``application_digit_grams`` takes the id and its index
is built again, then ANALYZE. A database whose 0021 already built it so (0021 builds what the code of its
release describes) is left as it is. SQLite: nothing (its FTS5 table gives its rows newest first).

Revision ID: 0022
Revises: 0021
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op
from sqlalchemy import text

from counter_app.storage.search import DIGIT_GRAMS_FUNCTION, digits_drop_statements, digits_statements

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "postgresql":
        return
    without_id = connection.execute(
        text(
            "SELECT count(*) FROM pg_proc WHERE proname = :name AND pronargs = 4 "
            "AND pronamespace = current_schema()::regnamespace"
        ),
        {"name": DIGIT_GRAMS_FUNCTION},
    ).scalar()
    if not without_id:
        return
    for statement in digits_drop_statements("postgresql") + digits_statements("postgresql"):
        op.execute(statement)
    op.execute("ANALYZE applications")


def downgrade() -> None:
    """The index as 0021 built it: without the buckets, its function without the id."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in digits_drop_statements("postgresql") + digits_statements("postgresql", buckets=False):
        op.execute(statement)
    op.execute("ANALYZE applications")
