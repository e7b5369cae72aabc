"""Search: name words on SQLite by the (word, id) b-tree of migration 0016, kept by SQLite triggers.

FTS5 reads the whole trigram lists of two common words that are never together (``ерлан ахметов``: 55,000 rows
each, none with both). ``application_name_word`` (WITHOUT ROWID, its key (word, application_id)) holds each
application's words (its folded name and its department's name in lower case, split at spaces) and every pair of
them; ``name_vocabulary`` every word once, with an FTS5 trigram table over it (``name_vocabulary_search``) that
expands a part of a word into the whole words holding it, folding case as the search text's FTS5 table does.
Filled here from the stored applications, then kept by triggers in the same transaction as every insert, change
of the name or the department, and delete (``storage.search.sqlite_name_word_statements``). PostgreSQL has them
since 0016: nothing changes there.

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from counter_app.storage.search import sqlite_drop_name_word_statements, sqlite_name_word_statements

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in sqlite_name_word_statements():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in sqlite_drop_name_word_statements():
        op.execute(statement)
