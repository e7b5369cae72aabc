"""Search: names folded ё → е; a trigram index over receipt number, IIN and name (SQLite FTS5, PostgreSQL pg_trgm).

SQLite: an FTS5 table ``application_search`` with the trigram tokenizer, filled from ``applications`` and kept
in step by triggers (so in the same transaction as every insert, update and delete). PostgreSQL: the
``pg_trgm`` extension and a GIN index on the same text; when the extension cannot be created (not installed on
the server, or the login may not create it), the migration says so and searches scan the table instead.
The folded text is ``storage.search.SEARCH_TEXT``: the same expression here, in the triggers and in queries.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from alembic import op

from counter_app.storage.search import (
    FTS_TABLE,
    PG_INDEX,
    create_pg_trgm,
    pg_index_sql,
    sqlite_fts_statements,
)

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger("counter_app.migrations")


def upgrade() -> None:
    op.execute("UPDATE applications SET applicant_name_folded = replace(applicant_name_folded, 'ё', 'е')")
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in sqlite_fts_statements():
            op.execute(statement)
        return
    schema = create_pg_trgm(bind)
    if schema is None:
        log.warning(
            "PostgreSQL extension pg_trgm is not available (install postgresql-contrib, or let a superuser run "
            "CREATE EXTENSION pg_trgm): searches by IIN digits and name words will scan the applications table."
        )
        return
    op.execute(pg_index_sql(schema))


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {FTS_TABLE}_{name}")
        op.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    else:
        op.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")
