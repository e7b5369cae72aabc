"""The trigram index of applications: receipt number, IIN and folded name in one text.

SQLite: an FTS5 table with the trigram tokenizer (substrings of 3+ characters), kept in step with
``applications`` by triggers, so in the same transaction as every write. PostgreSQL: ``pg_trgm`` and a GIN index
on the same expression (``SEARCH_TEXT``), which ``LIKE '%…%'`` uses. Names are stored casefolded with ё → е
(``fold``); queries fold the same way. Created by migration 0011.
"""

from __future__ import annotations

from sqlalchemy import column, table
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

FTS_TABLE = "application_search"
PG_INDEX = "ix_applications_search_trgm"
MIN_CHARACTERS = 3  # a trigram index cannot answer less

# The indexed text; PostgreSQL matches a query to the index only by this very expression.
SEARCH_TEXT = "lower(receipt_number) || ' ' || applicant_iin || ' ' || applicant_name_folded"

fts = table(FTS_TABLE, column("rowid"), column("text"))


def fold(text: str) -> str:
    """Case and ё/е folded, as names are stored for search (Kazakh and Russian letters alike)."""
    return text.casefold().replace("ё", "е")


def sqlite_fts_statements() -> list[str]:
    new = (
        SEARCH_TEXT.replace("receipt_number", "new.receipt_number")
        .replace("applicant_iin", "new.applicant_iin")
        .replace("applicant_name_folded", "new.applicant_name_folded")
    )
    return [
        f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(text, tokenize='trigram')",
        f"INSERT INTO {FTS_TABLE} (rowid, text) SELECT id, {SEARCH_TEXT} FROM applications",
        (
            f"CREATE TRIGGER {FTS_TABLE}_insert AFTER INSERT ON applications BEGIN "
            f"INSERT INTO {FTS_TABLE} (rowid, text) VALUES (new.id, {new}); END"
        ),
        (
            f"CREATE TRIGGER {FTS_TABLE}_update AFTER UPDATE OF receipt_number, applicant_iin, applicant_name_folded "
            f"ON applications BEGIN UPDATE {FTS_TABLE} SET text = {new} WHERE rowid = old.id; END"
        ),
        (
            f"CREATE TRIGGER {FTS_TABLE}_delete AFTER DELETE ON applications BEGIN "
            f"DELETE FROM {FTS_TABLE} WHERE rowid = old.id; END"
        ),
    ]


def pg_trgm_schema(connection: Connection) -> str | None:
    """The schema pg_trgm is installed in, or None when it is not installed in this database."""
    return connection.exec_driver_sql(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'pg_trgm'"
    ).scalar()


def create_pg_trgm(connection: Connection) -> str | None:
    """Install pg_trgm (in ``public``, so that dropping an application schema never drops it) unless it is
    there; its schema, or None when the server does not have it or the login may not create it."""
    schema = pg_trgm_schema(connection)
    if schema is not None:
        return schema
    for statement in (
        "CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public",
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    ):
        try:
            with connection.begin_nested():
                connection.exec_driver_sql(statement)
        except DBAPIError:
            continue
        return pg_trgm_schema(connection)
    return None


def pg_index_sql(schema: str) -> str:
    quoted = '"' + schema.replace('"', '""') + '"'
    return f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON applications USING gin (({SEARCH_TEXT}) {quoted}.gin_trgm_ops)"


def is_search_index(name: str | None) -> bool:
    """The FTS5 table (and its shadow tables) or the GIN index: made by the migration, not by the models."""
    return bool(name) and (name == PG_INDEX or name.startswith(FTS_TABLE))
