"""Search: the digits' index of 0020 holds the whole receipt number, not only its last part.

With it, digits typed beside a name (``омаров 0042``, ``ерлан 1123``) are answered by that index alone wherever
they are in the IIN or the number (``storage.search.digits_text``): on SQLite its newest rows first, on
PostgreSQL the rows holding the digits and a word of the name found in the GIN index when the digits are not
common (``storage.search.names._digits_first``). The index is built again: SQLite the FTS5 table
``application_digits`` and its triggers, PostgreSQL the function ``application_digit_grams`` and its GIN index,
then ANALYZE, whose statistics tell common digits (a year) from rare ones.

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from counter_app.storage.search import digits_drop_statements, digits_statements

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in digits_drop_statements(dialect) + digits_statements(dialect):
        op.execute(statement)
    if dialect == "postgresql":
        op.execute("ANALYZE applications")


def downgrade() -> None:
    """The whole number stays indexed (a superset of 0020's pieces: every search finds the same)."""
