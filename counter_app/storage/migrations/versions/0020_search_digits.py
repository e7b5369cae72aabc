"""Search: digits typed beside a name (``омаров 2025``) found through an index of the IIN and the receipt number's
last part.

Digits beside a word may be anywhere in the IIN or the receipt number. The suffix table (0017) holds a number's
parts before its last dash; the IIN and the last part are held here — ``storage.search.digits_text``: SQLite an
FTS5 table ``application_digits`` of every three and four digits in a row, filled from the stored applications
and kept by triggers in the same transaction as every write; PostgreSQL a GIN index of integer arrays on the same
pieces (``application_digit_grams``, an immutable SQL function: no extension needed). Such a search was the name's
rows tested a few at a time, then the whole trigram index (20-120 ms at a million). The statements are today's
``digits_statements``, which since 0021 index the whole number (0021 builds the index again for a database that
ran this revision before).

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from counter_app.storage.search import digits_drop_statements, digits_statements

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for statement in digits_statements(op.get_bind().dialect.name):
        op.execute(statement)


def downgrade() -> None:
    for statement in digits_drop_statements(op.get_bind().dialect.name):
        op.execute(statement)
