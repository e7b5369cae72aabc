"""Search: name words on PostgreSQL by a (word, id) b-tree kept by a trigger, the newest first.

``application_name_word`` holds each application's words (its folded name and its department's name, split at
spaces) and every pair of them, beside the application's id, in a b-tree on (word, id); ``name_vocabulary``
every word once, with a trigram index (when pg_trgm is there), so that a part of a word is expanded into the
few whole words holding it. A trigger on ``applications`` keeps both in the same transaction as every insert,
update of the name or department, and delete; both are filled here from the stored applications
(``storage.search.pg_name_word_statements``). SQLite's FTS5 table already gives the newest first: nothing
changes there.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from counter_app.storage.search import (
    pg_drop_name_word_statements,
    pg_name_word_statements,
    pg_trgm_schema,
)

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        return
    for statement in pg_name_word_statements(pg_trgm_schema(bind)):
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for statement in pg_drop_name_word_statements():
        op.execute(statement)
