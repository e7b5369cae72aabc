"""Search: any middle of a receipt number (``1123-02``, ``-0042``) by a b-tree range of its suffixes.

The table ``receipt_number_suffix`` (``storage.search.receipt_suffix_statements``): every suffix of every
receipt number that holds a dash and has three characters or more, beside its application's id and the id's
bucket (``SUFFIX_BUCKET`` consecutive ids), its key (bucket, suffix, id) a b-tree (SQLite: a WITHOUT ROWID
table; PostgreSQL: the suffix in the "C" collation, so that a prefix is a range whatever the database's
collation). Filled here from the stored applications in the key's order (at 1,000,000 applications of the
benchmark, 16 million rows: about 2 minutes), then kept in step by triggers (SQLite triggers; a PL/pgSQL trigger
function) in the same transaction as every insert, delete and change of a number.

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from counter_app.storage.search import receipt_suffix_drop_statements, receipt_suffix_statements

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for statement in receipt_suffix_statements(op.get_bind().dialect.name):
        op.execute(statement)


def downgrade() -> None:
    for statement in receipt_suffix_drop_statements(op.get_bind().dialect.name):
        op.execute(statement)
