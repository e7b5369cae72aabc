"""Finding applications fast at a million rows: which ids match a search, the newest first, at most a page.

- **Names and any other part of the text** — the trigram index of receipt number, IIN and folded name in one
  text. SQLite: an FTS5 table with the trigram tokenizer (substrings of 3+ characters), kept in step with
  ``applications`` by triggers, so in the same transaction as every write; FTS5 hands its matches over in
  descending rowid order and stops at the page, so a word shared by tens of thousands of rows costs no more than
  a rare one. PostgreSQL: ``pg_trgm`` and a GIN index on the same expression (``SEARCH_TEXT``), which
  ``LIKE '%…%'`` uses; a GIN index cannot give the newest first, so the newest rows are looked at first (a
  common word fills the page there) and the index answers for the older ones. Names are stored casefolded with
  ё → е (``fold``); queries fold the same way. Created by migration 0010.
- **IIN digits** (an IIN's last digits): a b-tree index on the reversed IIN, so that "ends with 123" is a
  range of "starts with 321" (migration 0012); only IINs ending with the digits are found, as before.
- **The start of a receipt number** (``1-20251123``, ``1-20251123-00``): a range of the receipt number's b-tree
  (its unique index on SQLite, an index in the "C" collation on PostgreSQL, migration 0012); when that does not
  fill the page, the trigram index adds rows holding the text elsewhere (another department's ``11-2025…``).
- **A receipt number without its department** (``20251123-0042``, ``20251123-``, ``-20251123``: a whole day,
  then a dash and the serial's start, or a dash before the day): the receipts of every department whose number
  after the department starts with it, a range of a b-tree on that part of the number (migration 0015). Any
  other part of a number (``1123-00``, ``-0042``) is found through the trigram index.
"""

from __future__ import annotations

import re

from sqlalchemy import column, table
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

FTS_TABLE = "application_search"
PG_INDEX = "ix_applications_search_trgm"
IIN_TAIL_INDEX = "ix_applications_search_iin_tail"  # the reversed IIN (both backends, migration 0012)
PG_RECEIPT_INDEX = "ix_applications_search_receipt"  # receipt_number in the "C" collation (PostgreSQL, 0012)
RECEIPT_TAIL_INDEX = "ix_applications_search_receipt_tail"  # the number after the department (both, 0015)
PG_NEWEST_WINDOW = (
    1000  # PostgreSQL: the newest rows looked at before the GIN index (a common word fills the page)
)
PG_SCAN_BUDGET = 30_000  # PostgreSQL: at most this many newest rows read before the GIN index answers
IIN_LENGTH = 12
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
    """The FTS5 table (and its shadow tables) or the search indexes: made by the migrations, not the models."""
    return bool(name) and (
        name in (PG_INDEX, IIN_TAIL_INDEX, PG_RECEIPT_INDEX, RECEIPT_TAIL_INDEX) or name.startswith(FTS_TABLE)
    )


# ------------------------------------------------------------------------------------------ the search


# The start of a receipt number: the department, a dash, then digits (and dashes) of the day and serial.
RECEIPT_START = re.compile(r"^[^\s-]+-\d[\d-]*$")
# A receipt number without its department: the whole day, then a dash and the serial's start (``20251123-00``),
# or a dash before the day (``-20251123``); the day's eight digits alone are an IIN's last digits.
RECEIPT_TAIL = re.compile(r"^(-\d{8}(-[\d-]*)?|\d{8}-[\d-]*)$")


def reversed_iin_sql(dialect: str) -> str:
    """The reversed IIN, as the index holds it (SQLite has no reverse(): twelve one-character substrings, which
    reverse any IIN of up to twelve characters)."""
    if dialect == "sqlite":
        return " || ".join(f"substr(applicant_iin, {i}, 1)" for i in range(IIN_LENGTH, 0, -1))
    return 'reverse(applicant_iin) COLLATE "C"'


def iin_tail_index_sql(dialect: str) -> str:
    """The reversed-IIN index; on PostgreSQL with the id beside it, so that the ids are read from the index
    alone (SQLite's indexes hold the rowid anyway)."""
    with_id = "" if dialect == "sqlite" else ", id"
    return f"CREATE INDEX IF NOT EXISTS {IIN_TAIL_INDEX} ON applications (({reversed_iin_sql(dialect)}){with_id})"


def receipt_tail_sql(dialect: str) -> str:
    """The receipt number after its department and the dash (``20251123-0042``), as its index holds it."""
    tail = "substr(receipt_number, length(department) + 2)"
    return tail if dialect == "sqlite" else f'{tail} COLLATE "C"'


def receipt_tail_index_sql(dialect: str) -> str:
    """The index on the number after the department; on PostgreSQL with the id beside it (ids from the index)."""
    with_id = "" if dialect == "sqlite" else ", id"
    return f"CREATE INDEX IF NOT EXISTS {RECEIPT_TAIL_INDEX} ON applications (({receipt_tail_sql(dialect)}){with_id})"


PG_RECEIPT_INDEX_SQL = (
    f'CREATE INDEX IF NOT EXISTS {PG_RECEIPT_INDEX} ON applications ((receipt_number COLLATE "C"), id)'
)


def _after(prefix: str) -> str:
    """The first string after every string starting with ``prefix`` (binary / "C" order)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _ids(connection: Connection, sql: str, params: dict) -> list[int]:
    return [row[0] for row in connection.exec_driver_sql(sql, params)] if params is not None else []


def _newest(ids: list[int], limit: int) -> list[int]:
    return sorted(set(ids), reverse=True)[:limit]


def _range_newest(dialect: str, condition: str, limit: int) -> str:
    """The newest ``limit`` ids of a range of an index: the range is read first, then its ids sorted (the
    subquery's OFFSET 0, LIMIT -1 on SQLite, keeps the planner from walking the primary key backwards and testing
    every row instead)."""
    fence = "LIMIT -1 OFFSET 0" if dialect == "sqlite" else "OFFSET 0"
    return (
        f"SELECT id FROM (SELECT id FROM applications WHERE {condition} {fence}) AS found "
        f"ORDER BY id DESC LIMIT {int(limit)}"
    )


def iin_tail_ids(connection: Connection, digits: str, limit: int) -> list[int]:
    """Applications whose IIN ends with ``digits``, the newest first: a range of the reversed-IIN index."""
    dialect = connection.dialect.name
    low = digits[::-1]
    return _ids(
        connection,
        _range_newest(
            dialect,
            f"{reversed_iin_sql(dialect)} >= {_p(dialect, 'low')} "
            f"AND {reversed_iin_sql(dialect)} < {_p(dialect, 'high')}",
            limit,
        ),
        {"low": low, "high": _after(low)},
    )


def receipt_start_ids(connection: Connection, start: str, limit: int) -> list[int]:
    """Applications whose receipt number starts with ``start`` (as typed, or in capitals), the newest first."""
    dialect = connection.dialect.name
    column_sql = "receipt_number" if dialect == "sqlite" else 'receipt_number COLLATE "C"'
    ids: list[int] = []
    for prefix in dict.fromkeys((start, start.upper())):
        ids += _ids(
            connection,
            _range_newest(
                dialect,
                f"{column_sql} >= {_p(dialect, 'low')} AND {column_sql} < {_p(dialect, 'high')}",
                limit,
            ),
            {"low": prefix, "high": _after(prefix)},
        )
    return _newest(ids, limit)


def receipt_tail_ids(connection: Connection, tail: str, limit: int) -> list[int]:
    """Applications of any department whose receipt number continues with ``tail`` after the department and
    its dash (``20251123-00``), the newest first: a range of the index on that part of the number."""
    dialect = connection.dialect.name
    column_sql = receipt_tail_sql(dialect)
    return _ids(
        connection,
        _range_newest(
            dialect, f"{column_sql} >= {_p(dialect, 'low')} AND {column_sql} < {_p(dialect, 'high')}", limit
        ),
        {"low": tail, "high": _after(tail)},
    )


def _p(dialect: str, name: str) -> str:
    return f":{name}" if dialect == "sqlite" else f"%({name})s"


def _like(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def text_ids(connection: Connection, words: list[str], limit: int) -> list[int]:
    """Applications whose search text holds every folded word (those of 3+ characters through the trigram
    index; shorter ones only in the name), the newest first."""
    dialect = connection.dialect.name
    indexed = [w for w in words if len(w) >= MIN_CHARACTERS]
    short = [w for w in words if len(w) < MIN_CHARACTERS]
    params: dict[str, str] = {}
    names = []
    for index, word in enumerate(short):
        params[f"s{index}"] = _like(word)
        names.append(f"a.applicant_name_folded LIKE {_p(dialect, f's{index}')} ESCAPE '\\'")
    if dialect == "sqlite":
        params["phrase"] = " ".join('"' + w.replace('"', '""') + '"' for w in indexed)  # all, as substrings
        if not names:  # FTS5 alone: its matches come newest first and it stops at the page
            return _ids(
                connection,
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :phrase ORDER BY rowid DESC "
                f"LIMIT {int(limit)}",
                params,
            )
        return _ids(
            connection,
            f"SELECT s.rowid FROM {FTS_TABLE} AS s CROSS JOIN applications AS a ON a.id = s.rowid "
            f"WHERE s.{FTS_TABLE} MATCH :phrase AND {' AND '.join(names)} ORDER BY s.rowid DESC LIMIT {int(limit)}",
            params,
        )
    conditions = [c.replace("a.applicant_name_folded", "applicant_name_folded") for c in names]
    by_part = list(conditions)
    for index, word in enumerate(indexed):
        params[f"w{index}"] = _like(word)
        conditions.append(f"({SEARCH_TEXT}) LIKE %(w{index})s")
        # The same test part by part (a word has no space, so it cannot span two parts): no text is built, and
        # the IIN (digits only) is looked at only for a word of digits.
        in_iin = f" OR applicant_iin LIKE %(w{index})s" if word.isdigit() else ""
        by_part.append(
            f"(applicant_name_folded LIKE %(w{index})s{in_iin} OR lower(receipt_number) LIKE %(w{index})s)"
        )
    return _pg_text_ids(connection, " AND ".join(conditions), " AND ".join(by_part), params, limit)


def _pg_text_ids(connection: Connection, where: str, on_row: str, params: dict, limit: int) -> list[int]:
    """PostgreSQL: a GIN index finds every match of a word before the newest can be chosen, and rechecks each
    in the table (a word of ten thousand rows costs ten thousand row reads). So the newest rows are read first,
    by the primary key, in windows that grow with how rare the matches are; the GIN index answers once the
    matches prove rare (few left to find among many rows)."""
    found: list[int] = []
    floor = None
    window = PG_NEWEST_WINDOW
    scanned = 0
    while True:
        below = "" if floor is None else "WHERE id < %(floor)s "
        # The window's rows come newest first and the outer LIMIT stops reading them once the page is full.
        found += _ids(
            connection,
            f"SELECT id FROM (SELECT id, applicant_name_folded, applicant_iin, receipt_number FROM applications "
            f"{below}ORDER BY id DESC LIMIT {window}) AS newest WHERE {on_row} "
            f"ORDER BY id DESC LIMIT {int(limit - len(found))}",
            {**params, "floor": floor},
        )
        if len(found) >= limit:
            return found
        lowest, read = connection.exec_driver_sql(  # the whole window was read: where it ended
            f"SELECT min(id), count(*) FROM (SELECT id FROM applications {below}ORDER BY id DESC LIMIT {window}) "
            f"AS newest",
            {"floor": floor},
        ).one()
        if read < window:
            return found
        floor = lowest
        scanned += window
        # Rows still to read at the rate seen so far: beyond PG_SCAN_BUDGET (or with none seen) the index is
        # cheaper, its matches being few.
        expected = (limit - len(found)) * scanned / max(len(found), 1)
        if not found or scanned + expected > PG_SCAN_BUDGET:
            break
        window = int(min(max(expected * 1.5, PG_NEWEST_WINDOW), PG_SCAN_BUDGET - scanned))
    # The older rows through the GIN index; OFFSET 0 keeps the planner from walking the primary key backwards,
    # and "id + 0" from reading the primary key's range instead of the index.
    older = "" if floor is None else " AND id + 0 < %(floor)s"
    return found + _ids(
        connection,
        f"SELECT id FROM (SELECT id FROM applications WHERE {where}{older} OFFSET 0) AS found "
        f"ORDER BY id DESC LIMIT {int(limit - len(found))}",
        {**params, "floor": floor},
    )


def matching_ids(connection: Connection, words: list[str], text: str, limit: int) -> list[int]:
    """The ids of the applications a search finds, the newest first, at most ``limit`` (``text`` is the search
    as typed, stripped; ``words`` its folded words). Whole receipt numbers and IINs are the caller's."""
    if text.isdigit():
        return iin_tail_ids(connection, text, limit)
    if RECEIPT_TAIL.match(text):
        return receipt_tail_ids(connection, text.removeprefix("-"), limit)
    if RECEIPT_START.match(text):
        ids = receipt_start_ids(connection, text, limit)
        if len(ids) < limit:
            ids = _newest(ids + text_ids(connection, words, limit), limit)
        return ids
    return text_ids(connection, words, limit)
