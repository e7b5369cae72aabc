"""Finding applications fast at a million rows: which ids match a search, the newest first, at most a page.

- **Names and any other part of the text** — the trigram index of receipt number, IIN and folded name in one
  text. SQLite: an FTS5 table with the trigram tokenizer (substrings of 3+ characters), kept in step with
  ``applications`` by triggers, so in the same transaction as every write; FTS5 hands its matches over in
  descending rowid order and stops at the page, so a word shared by tens of thousands of rows costs no more than
  a rare one. PostgreSQL: ``pg_trgm`` and a GIN index on the same expression (``SEARCH_TEXT``), which
  ``LIKE '%…%'`` uses; a GIN index cannot give the newest first, so the newest rows are looked at first (a
  common word fills the page there) and the index answers for the older ones. Names are stored casefolded with
  ё → е (``fold``); queries fold the same way. Created by migration 0010.
- **Name words on PostgreSQL** (migration 0016) — ``application_name_word``: each application's words (its folded
  name and its department's name split at spaces) and every pair of them (``"динара омаров"``), with its id, in
  a b-tree on (word, id); ``name_vocabulary``: every word once, with a trigram index. Kept by a trigger in the
  same transaction as every insert, update and delete. A part of a word is expanded through the vocabulary into
  the few whole words holding it; the newest ids of one word (or of a pair of words, for two words typed) are a
  backward read of the b-tree that stops at the page, however common the words are and however rare together.
- **Name words on SQLite** (migration 0018) — the same two tables, kept by SQLite triggers (the words split by a
  recursive CTE), for one or two words typed alone: FTS5 reads the whole trigram lists of two common words that
  are never together (``ерлан ахметов``), the pairs' b-tree a page. The vocabulary is looked up through an FTS5
  trigram table over it (``name_vocabulary_search``), which folds case as the search text's FTS5 table does
  (SQLite's ``lower()`` leaves a department's Cyrillic capitals as they are: ``ВКО-`` is in the vocabulary so,
  and ``вко`` finds it there as in the search text).
- **Name words beside other words** (both backends) — a word under three characters (a name must hold it), a
  third word, a receipt number's middle: an intersection of lists of ids, each read newest first a chunk at a
  time, leapfrogging (``_intersected_ids``): the pairs of typed words (of a word under three characters too when
  few words hold it), a middle's receipts from the suffix table. A word no vocabulary word holds is in no
  application: nothing found, at once; a common letter is tested on the rows until it proves rare there. Other
  words with digits (a year, an IIN's digits) are tested on the rows the lists give, at most ``ROWS_TESTED`` of
  them, else as before: no b-tree holds an IIN's middle. Other searches of words go through FTS5 (SQLite) or the
  GIN index (PostgreSQL) as before.
- **IIN digits** (an IIN's last digits): a b-tree index on the reversed IIN, so that "ends with 123" is a
  range of "starts with 321" (migration 0012); only IINs ending with the digits are found, as before.
- **The start of a receipt number** (``1-20251123``, ``1-202511``, ``1-2025``): an index on (the id's bucket,
  the number, the id) (migration 0019; in the "C" collation on PostgreSQL), read as a middle is read in the
  suffix table below, so a month or a year costs what a day does; when that does not fill the page, numbers
  holding the text elsewhere are added (another department's ``11-2025…``).
- **A receipt number without its department** (``20251123-0042``, ``20251123-``, ``-20251123``: a whole day,
  then a dash and the serial's start, or a dash before the day): the receipts of every department whose number
  after the department starts with it, a range of a b-tree on that part of the number (migration 0015).
- **Any other middle of a receipt number** (``1123-02``, ``-0042``, ``23-004``: digits and a dash; names have
  no digits and IINs no dash, so only receipt numbers hold one) — ``receipt_number_suffix`` (migration 0017):
  every suffix of every receipt number that holds a dash and has three characters or more, beside its
  application's id, kept by triggers in the same transaction as every insert, delete and change of a number;
  "holds ``1123-02``" is "has a suffix starting with ``1123-02``", a range. Its key is (bucket, suffix, id), a
  bucket being ``SUFFIX_BUCKET`` consecutive ids, so the range is read the newest bucket first, at most
  ``SUFFIX_PROBE`` rows at a time, each bucket's few ids sorted; a bucket holding more of the middle than that
  (``-00``, a month) has its page at or above the oldest of the page among the rows read: read by the primary
  key when that is near the bucket's top, else the bucket's range from there, sorted.
- **PostgreSQL plans every search statement for its values** (never a prepared, generic plan), and a page's rows
  are loaded by one array of ids (``among``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import combinations

from sqlalchemy import ARRAY, ColumnElement, Integer, any_, bindparam, column, table
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import InstrumentedAttribute

FTS_TABLE = "application_search"
PG_INDEX = "ix_applications_search_trgm"
IIN_TAIL_INDEX = "ix_applications_search_iin_tail"  # the reversed IIN (both backends, migration 0012)
PG_RECEIPT_INDEX = "ix_applications_search_receipt"  # receipt_number, "C" collation (PostgreSQL, 0012-0018)
# (the id's bucket, receipt_number, id) (both, 0019)
RECEIPT_BUCKET_INDEX = "ix_applications_search_receipt_bucket"
RECEIPT_TAIL_INDEX = "ix_applications_search_receipt_tail"  # the number after the department (both, 0015)
SUFFIX_TABLE = "receipt_number_suffix"  # the suffixes of each receipt number a middle can start (both, 0017)
# Ids per bucket of the suffix table and of the receipt numbers' bucket index (their keys' first part: the newest
# read first). Stored in the suffix table's rows and triggers (0017) and in the index's expression (0019): another
# size needs a migration that rebuilds them.
SUFFIX_BUCKET = 16384
# Rows of a range read at once; a bucket holding more: its page read by the primary key when it is among the
# DENSE_ROWS newest ids, else from the bucket's range, sorted.
SUFFIX_PROBE = 2000
DENSE_ROWS = 4096
PG_NEWEST_WINDOW = (
    1000  # PostgreSQL: the newest rows looked at before the GIN index (a common word fills the page)
)
PG_SCAN_BUDGET = 30_000  # PostgreSQL: at most this many newest rows read before the GIN index answers
NAME_WORD_TABLE = "application_name_word"  # (word or pair of words, application id): 0016, SQLite 0018
NAME_VOCABULARY = "name_vocabulary"  # every word of that table once (a part of a word → words)
VOCABULARY_SEARCH = f"{NAME_VOCABULARY}_search"  # SQLite: the vocabulary's FTS5 trigram table (0018)
WORD_KEYS = 48  # at most this many words (or pairs) read for a part of a word, else as before
NAME_CHUNK = 256  # ids read at first from each list of an intersection of words (doubled each round)
NAME_CHUNK_MAX = 16384
NAME_STREAMS = 3  # at most this many pairs of typed words read side by side (more when they cover more words)
ROWS_TESTED = 150  # rows tested for words no list answers (digits), the newest first, else as before
SHORT_KEYS = 8  # a word under three characters held by more words is tested on the rows, not read as a list
WIDE_KEYS = 4096  # …and read as a list of at most this many keys once it proves rare among the rows tested:
SHORT_ROWS = 1000  # when more rows than this (and than its keys) are still to test at the rate seen
# The tables the triggers on applications write (PostgreSQL): the application's role is granted them too.
PG_TRIGGER_TABLES = (NAME_WORD_TABLE, NAME_VOCABULARY, SUFFIX_TABLE)
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
    """The FTS5 table (and its shadow tables), the name-word tables (and their indexes) or the search indexes:
    made by the migrations, not the models."""
    return bool(name) and (
        name in (PG_INDEX, IIN_TAIL_INDEX, PG_RECEIPT_INDEX, RECEIPT_TAIL_INDEX, RECEIPT_BUCKET_INDEX)
        or name.startswith(
            (
                FTS_TABLE,
                NAME_WORD_TABLE,
                NAME_VOCABULARY,
                f"pk_{NAME_WORD_TABLE}",
                "ix_name_vocab",
                SUFFIX_TABLE,
            )
        )
    )


# ------------------------------------------------------------------------------------------ name words (PostgreSQL)

# An application's words: its folded name split at spaces, and its department's name in lower case (with the
# dash that follows it in the receipt number) split the same way, where a piece has more than digits and dashes.
# A search word without digits is in an application's search text exactly when it is in one of these words (the
# rest of the receipt number is digits and dashes, the IIN digits).
_PG_NAME_WORDS_FUNCTION = """
CREATE OR REPLACE FUNCTION application_name_words(name text, department text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(w ORDER BY w), '{}') FROM (
    SELECT unnest(string_to_array(name, ' ')) COLLATE "C" AS w
    UNION SELECT d FROM unnest(string_to_array(lower(department) || '-', ' ')) AS d WHERE d ~ '[^0-9-]'
  ) AS words WHERE w <> '' $$
"""
# What the table holds for an application: its words and every pair of them ("a b", a before b in "C" order).
# PL/pgSQL, whose statements are planned once per session (a SQL function's are planned at every call).
_PG_NAME_KEYS_FUNCTION = """
CREATE OR REPLACE FUNCTION application_name_keys(name text, department text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  w text[] := application_name_words(name, department);
BEGIN
  RETURN w || coalesce((SELECT array_agg(a || ' ' || b) FROM unnest(w) AS a, unnest(w) AS b WHERE a < b COLLATE "C"), '{}');
END $$
"""
# The vocabulary has no unique index: two intakes bringing the same new word never wait for each other (a
# word twice is harmless, the search reads distinct words).
_PG_TRIGGER_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {NAME_WORD_TABLE}_kept() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  keys text[];
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.applicant_name_folded IS NOT DISTINCT FROM OLD.applicant_name_folded
     AND NEW.department IS NOT DISTINCT FROM OLD.department THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM {NAME_WORD_TABLE} WHERE application_id = OLD.id
      AND word = ANY (application_name_keys(OLD.applicant_name_folded, OLD.department));
  END IF;
  IF TG_OP <> 'DELETE' THEN
    keys := application_name_keys(NEW.applicant_name_folded, NEW.department);
    INSERT INTO {NAME_WORD_TABLE} (word, application_id) SELECT k, NEW.id FROM unnest(keys) AS k;
    INSERT INTO {NAME_VOCABULARY} (word)
      SELECT k FROM unnest(keys) AS k
      WHERE strpos(k, ' ') = 0 AND NOT EXISTS (SELECT 1 FROM {NAME_VOCABULARY} AS v WHERE v.word = k);
  END IF;
  RETURN NULL;
END $$
"""


def pg_name_word_fill_statements() -> list[str]:
    """Fill both tables from the stored applications (the b-tree is built after the rows, which is faster)."""
    return [
        f"ALTER TABLE {NAME_WORD_TABLE} DROP CONSTRAINT IF EXISTS pk_{NAME_WORD_TABLE}",
        f"TRUNCATE {NAME_WORD_TABLE}, {NAME_VOCABULARY}",
        f"INSERT INTO {NAME_WORD_TABLE} (word, application_id) SELECT k, id FROM applications, "
        "unnest(application_name_keys(applicant_name_folded, department)) AS k",
        f"ALTER TABLE {NAME_WORD_TABLE} ADD CONSTRAINT pk_{NAME_WORD_TABLE} PRIMARY KEY (word, application_id)",
        f"INSERT INTO {NAME_VOCABULARY} (word) SELECT DISTINCT w FROM applications, "
        "unnest(application_name_words(applicant_name_folded, department)) AS w",
    ]


def pg_name_word_statements(trgm_schema: str | None) -> list[str]:
    """The tables, their indexes (the vocabulary's trigram index when pg_trgm is there), the functions, the
    trigger on applications, and the rows of the stored applications."""
    statements = [
        _PG_NAME_WORDS_FUNCTION,
        _PG_NAME_KEYS_FUNCTION,
        f'CREATE TABLE {NAME_WORD_TABLE} (word text COLLATE "C" NOT NULL, application_id integer NOT NULL)',
        f'CREATE TABLE {NAME_VOCABULARY} (word text COLLATE "C" NOT NULL)',
        *pg_name_word_fill_statements(),
        f"CREATE INDEX ix_{NAME_VOCABULARY}_word ON {NAME_VOCABULARY} (word)",
        _PG_TRIGGER_FUNCTION,
        f"CREATE TRIGGER {NAME_WORD_TABLE}_kept AFTER INSERT OR DELETE OR UPDATE OF applicant_name_folded, "
        f"department ON applications FOR EACH ROW EXECUTE FUNCTION {NAME_WORD_TABLE}_kept()",
    ]
    if trgm_schema is not None:
        quoted = '"' + trgm_schema.replace('"', '""') + '"'
        statements.append(
            f"CREATE INDEX ix_{NAME_VOCABULARY}_trgm ON {NAME_VOCABULARY} USING gin (word {quoted}.gin_trgm_ops)"
        )
    return statements


def pg_drop_name_word_statements() -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {NAME_WORD_TABLE}_kept ON applications",
        f"DROP FUNCTION IF EXISTS {NAME_WORD_TABLE}_kept()",
        f"DROP TABLE IF EXISTS {NAME_WORD_TABLE}",
        f"DROP TABLE IF EXISTS {NAME_VOCABULARY}",
        "DROP FUNCTION IF EXISTS application_name_keys(text, text)",
        "DROP FUNCTION IF EXISTS application_name_words(text, text)",
    ]


# ------------------------------------------------------------------------------------------ name words (SQLite)


def _sqlite_pieces(name: str, text: str) -> str:
    """A recursive CTE ``name(w, rest)`` whose ``w`` are the pieces of ``text`` between spaces (and NULL, '')."""
    return (
        f"{name}(w, rest) AS (SELECT NULL, {text} || ' ' UNION ALL SELECT substr(rest, 1, instr(rest, ' ') - 1), "
        f"substr(rest, instr(rest, ' ') + 1) FROM {name} WHERE rest <> '')"
    )


def _sqlite_name_keys(row: str) -> str:
    """What the table holds for ``row`` (``new`` or ``old`` in a trigger), as PostgreSQL's
    ``application_name_keys``: the folded name's words and the department's (lower case, with the dash after it,
    pieces holding more than digits and dashes), then every pair of them ("a b", a before b in binary order)."""
    department = f"lower({row}.department) || '-'"
    return (
        f"WITH RECURSIVE {_sqlite_pieces('s', f'{row}.applicant_name_folded')}, "
        f"{_sqlite_pieces('d', department)}, "
        "words(w) AS (SELECT w FROM s WHERE w <> '' UNION SELECT w FROM d WHERE w GLOB '*[^0-9-]*') "
        "SELECT w AS k FROM words UNION ALL SELECT a.w || ' ' || b.w FROM words AS a, words AS b WHERE a.w < b.w"
    )


def _sqlite_keep(row: str) -> str:
    return (
        f"INSERT INTO {NAME_WORD_TABLE} (word, application_id) SELECT k, {row}.id FROM ({_sqlite_name_keys(row)}); "
        f"INSERT INTO {NAME_VOCABULARY} (word) SELECT k FROM ({_sqlite_name_keys(row)}) AS keys "
        f"WHERE instr(k, ' ') = 0 AND NOT EXISTS (SELECT 1 FROM {NAME_VOCABULARY} AS v WHERE v.word = keys.k);"
    )


def _sqlite_drop(row: str) -> str:
    return (
        f"DELETE FROM {NAME_WORD_TABLE} WHERE application_id = {row}.id "
        f"AND word IN (SELECT k FROM ({_sqlite_name_keys(row)}));"
    )


def sqlite_name_word_statements() -> list[str]:
    """SQLite: the (word, id) table (WITHOUT ROWID: its key is the b-tree), the vocabulary and its FTS5 trigram
    table, filled from the stored applications (their words in a scratch table first, the rows inserted in the
    key's order), and the triggers that keep them in step with every insert, change of name or department and
    delete (the vocabulary keeps its words, as on PostgreSQL)."""
    words = (
        "WITH RECURSIVE s(id, w, rest) AS (SELECT id, NULL, applicant_name_folded || ' ' FROM applications "
        "UNION ALL SELECT id, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1) FROM s "
        "WHERE rest <> ''), d(id, w, rest) AS (SELECT id, NULL, lower(department) || '- ' FROM applications "
        "UNION ALL SELECT id, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1) FROM d "
        "WHERE rest <> '') SELECT id, w FROM s WHERE w <> '' UNION ALL SELECT id, w FROM d WHERE w GLOB '*[^0-9-]*'"
    )
    scratch = f"{NAME_WORD_TABLE}_fill"
    return [
        f"CREATE TABLE {NAME_WORD_TABLE} (word TEXT NOT NULL, application_id INTEGER NOT NULL, "
        "PRIMARY KEY (word, application_id)) WITHOUT ROWID",
        f"CREATE TABLE {NAME_VOCABULARY} (id INTEGER PRIMARY KEY, word TEXT NOT NULL UNIQUE)",
        f"CREATE VIRTUAL TABLE {VOCABULARY_SEARCH} USING fts5(word, content='{NAME_VOCABULARY}', "
        "content_rowid='id', tokenize='trigram')",
        f"CREATE TABLE {scratch} (application_id INTEGER NOT NULL, word TEXT NOT NULL, "
        "PRIMARY KEY (application_id, word)) WITHOUT ROWID",
        f"INSERT OR IGNORE INTO {scratch} (application_id, word) {words}",
        f"INSERT INTO {NAME_WORD_TABLE} (word, application_id) SELECT word, application_id FROM {scratch} "
        f"UNION ALL SELECT a.word || ' ' || b.word, a.application_id FROM {scratch} AS a JOIN {scratch} AS b "
        "ON b.application_id = a.application_id AND b.word > a.word ORDER BY 1, 2",
        f"INSERT INTO {NAME_VOCABULARY} (word) SELECT DISTINCT word FROM {scratch} ORDER BY word",
        f"DROP TABLE {scratch}",
        f"INSERT INTO {VOCABULARY_SEARCH} ({VOCABULARY_SEARCH}) VALUES ('rebuild')",
        f"CREATE TRIGGER {NAME_VOCABULARY}_added AFTER INSERT ON {NAME_VOCABULARY} BEGIN "
        f"INSERT INTO {VOCABULARY_SEARCH} (rowid, word) VALUES (new.id, new.word); END",
        f"CREATE TRIGGER {NAME_WORD_TABLE}_insert AFTER INSERT ON applications BEGIN {_sqlite_keep('new')} END",
        f"CREATE TRIGGER {NAME_WORD_TABLE}_update AFTER UPDATE OF applicant_name_folded, department "
        "ON applications WHEN old.applicant_name_folded IS NOT new.applicant_name_folded "
        f"OR old.department IS NOT new.department BEGIN {_sqlite_drop('old')} {_sqlite_keep('new')} END",
        f"CREATE TRIGGER {NAME_WORD_TABLE}_delete AFTER DELETE ON applications BEGIN {_sqlite_drop('old')} END",
    ]


def sqlite_drop_name_word_statements() -> list[str]:
    return [
        *(f"DROP TRIGGER IF EXISTS {NAME_WORD_TABLE}_{event}" for event in ("insert", "update", "delete")),
        f"DROP TRIGGER IF EXISTS {NAME_VOCABULARY}_added",
        f"DROP TABLE IF EXISTS {VOCABULARY_SEARCH}",
        f"DROP TABLE IF EXISTS {NAME_VOCABULARY}",
        f"DROP TABLE IF EXISTS {NAME_WORD_TABLE}",
    ]


# ------------------------------------------------------------------------------------------ the search


# The start of a receipt number: the department, a dash, then digits (and dashes) of the day and serial.
RECEIPT_START = re.compile(r"^[^\s-]+-\d[\d-]*$")
# A receipt number without its department: the whole day, then a dash and the serial's start (``20251123-00``),
# or a dash before the day (``-20251123``); the day's eight digits alone are an IIN's last digits.
RECEIPT_TAIL = re.compile(r"^(-\d{8}(-[\d-]*)?|\d{8}-[\d-]*)$")
# Any other middle of a receipt number: digits and at least one dash (digits alone are an IIN's last digits).
RECEIPT_MIDDLE = re.compile(r"^[0-9-]*-[0-9-]*$")


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


def receipt_bucket_index_sql(dialect: str) -> str:
    """The receipt numbers' index read bucket by bucket (migration 0019): (the id's bucket, the number, the
    id); PostgreSQL compares the numbers in the "C" collation (SQLite's own order), as a range of a start needs."""
    return (
        f"CREATE INDEX IF NOT EXISTS {RECEIPT_BUCKET_INDEX} ON applications "
        f"((id / {SUFFIX_BUCKET}), {_number(dialect)}, id)"
    )


def _number(dialect: str) -> str:
    return "receipt_number" if dialect == "sqlite" else 'receipt_number COLLATE "C"'


def _after(prefix: str) -> str:
    """The first string after every string starting with ``prefix`` (binary / "C" order)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _ids(connection: Connection, sql: str, params: dict) -> list[int]:
    return list(connection.exec_driver_sql(sql, params).scalars().all()) if params is not None else []


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
    """Applications whose receipt number starts with ``start`` (as typed, or in capitals), the newest first: read
    from the receipt numbers' bucket index, the newest bucket first (the number's own index gives a range in the
    number's order, read whole and sorted to find the newest: 15-300 ms for a month or a year at a million)."""
    dialect = connection.dialect.name
    where = _Buckets("applications", f"id / {SUFFIX_BUCKET}", _number(dialect), "id")
    ids: list[int] = []
    for prefix in dict.fromkeys((start, start.upper())):
        ids += _newest_in_buckets(connection, where, prefix, _like(prefix)[1:], limit)
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


def _suffixes(dialect: str, row: str) -> tuple[str, str, str]:
    """The suffixes of ``row``'s receipt number that a middle can start: three or more characters holding a dash
    (a middle without one is an IIN's digits). (The suffix, its FROM clause, its condition.) SQLite has no
    series in a trigger (no WITH there): JSON's keys of an array of length - 2 zeros stand in."""
    number = f"{row}.receipt_number"
    if dialect == "sqlite":
        zeros = f"rtrim(replace(hex(zeroblob(length({number}) - 2)), '00', '0,'), ',')"
        suffix = f"substr({number}, k.key + 1)"
        return suffix, f"json_each('[' || {zeros} || ']') AS k", f"instr({suffix}, '-') > 0"
    suffix = f"substr({number}, k)"
    return suffix, f"generate_series(1, length({number}) - 2) AS k", f"strpos({suffix}, '-') > 0"


def _suffix_rows(dialect: str, row: str, source: str = "") -> str:
    """The SELECT of the suffix table's rows (bucket, suffix, application_id) of ``row`` (NEW / OLD in a
    trigger, or each row of ``source``)."""
    suffix, positions, holds_dash = _suffixes(dialect, row)
    source = f"{source} CROSS JOIN " if source else ""
    return (
        f"SELECT {row}.id / {SUFFIX_BUCKET}, {suffix}, {row}.id FROM {source}{positions} WHERE {holds_dash}"
    )


def receipt_suffix_statements(dialect: str) -> list[str]:
    """The suffix table, filled from the stored applications, and its triggers (migration 0017): an insert adds
    the number's suffixes, a delete or a change of the number removes them, in the same transaction."""
    new, old = ("new", "old") if dialect == "sqlite" else ("NEW", "OLD")
    insert = f"INSERT INTO {SUFFIX_TABLE} (bucket, suffix, application_id) {_suffix_rows(dialect, new)}"
    old_suffix, old_positions, _dash = _suffixes(dialect, old)
    delete = (
        f"DELETE FROM {SUFFIX_TABLE} WHERE bucket = {old}.id / {SUFFIX_BUCKET} AND application_id = {old}.id "
        f"AND suffix IN (SELECT {old_suffix} FROM {old_positions})"
    )
    if dialect == "sqlite":
        return [
            (
                f"CREATE TABLE {SUFFIX_TABLE} (bucket INTEGER NOT NULL, suffix TEXT NOT NULL, "
                "application_id INTEGER NOT NULL, PRIMARY KEY (bucket, suffix, application_id)) WITHOUT ROWID"
            ),
            receipt_suffix_fill_sql(dialect),
            f"CREATE TRIGGER {SUFFIX_TABLE}_insert AFTER INSERT ON applications BEGIN {insert}; END",
            f"CREATE TRIGGER {SUFFIX_TABLE}_delete AFTER DELETE ON applications BEGIN {delete}; END",
            (
                f"CREATE TRIGGER {SUFFIX_TABLE}_update AFTER UPDATE OF receipt_number ON applications "
                f"WHEN old.receipt_number IS NOT new.receipt_number BEGIN {delete}; {insert}; END"
            ),
        ]
    return [
        (
            f'CREATE TABLE {SUFFIX_TABLE} (bucket integer NOT NULL, suffix text COLLATE "C" NOT NULL, '
            f"application_id integer NOT NULL, "
            f"CONSTRAINT {SUFFIX_TABLE}_pkey PRIMARY KEY (bucket, suffix, application_id))"
        ),
        receipt_suffix_fill_sql(dialect),
        (
            f"CREATE OR REPLACE FUNCTION {SUFFIX_TABLE}_kept() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP <> 'INSERT' THEN {delete}; END IF; "
            f"IF TG_OP <> 'DELETE' THEN {insert}; END IF; "
            "RETURN NULL; END $$"
        ),
        (
            f"CREATE TRIGGER {SUFFIX_TABLE}_kept AFTER INSERT OR DELETE OR UPDATE OF receipt_number "
            f"ON applications FOR EACH ROW EXECUTE FUNCTION {SUFFIX_TABLE}_kept()"
        ),
    ]


def receipt_suffix_fill_sql(dialect: str) -> str:
    """The suffixes of every stored receipt number, inserted in the b-tree's order (the migration's fill, and the
    benchmark's after a bulk fill without triggers)."""
    rows = _suffix_rows(dialect, "a", "applications AS a")
    return f"INSERT INTO {SUFFIX_TABLE} (bucket, suffix, application_id) {rows} ORDER BY 1, 2, 3"


def receipt_suffix_drop_statements(dialect: str, table: bool = True) -> list[str]:
    """Drop the suffix table's triggers and (``table``) the table."""
    if dialect == "sqlite":
        statements = [
            f"DROP TRIGGER IF EXISTS {SUFFIX_TABLE}_{name}" for name in ("insert", "delete", "update")
        ]
    else:
        statements = [
            f"DROP TRIGGER IF EXISTS {SUFFIX_TABLE}_kept ON applications",
            f"DROP FUNCTION IF EXISTS {SUFFIX_TABLE}_kept()",
        ]
    return statements + ([f"DROP TABLE IF EXISTS {SUFFIX_TABLE}"] if table else [])


def receipt_middle_ids(connection: Connection, middle: str, limit: int) -> list[int]:
    """Applications whose receipt number holds ``middle`` (digits and a dash) anywhere, the newest first: the
    numbers having a suffix that starts with it, read from the suffix table's buckets, the newest first."""
    where = _Buckets(SUFFIX_TABLE, "bucket", "suffix", "application_id", "DISTINCT ")
    return _newest_in_buckets(connection, where, middle, _like(middle), limit)


@dataclass(frozen=True)
class _Buckets:
    """A b-tree on (bucket, key, application id), a bucket being ``SUFFIX_BUCKET`` consecutive ids: ``table``,
    and the SQL of the three in it."""

    table: str
    bucket: str
    key: str
    id: str
    distinct: str = ""  # "DISTINCT " when an id may stand in a bucket's range more than once (suffixes)


def _newest_in_buckets(
    connection: Connection, where: _Buckets, start: str, like: str, limit: int
) -> list[int]:
    """The newest ``limit`` application ids whose key in ``where`` starts with ``start`` (``like``: the same test
    on the receipt number).

    The range of ``start`` in each bucket, the newest bucket first, is read in one statement up to
    ``SUFFIX_PROBE`` rows, and the ids of the buckets read whole are sorted, until the page is full. When the
    probe stops inside the first bucket holding the range (more than ``SUFFIX_PROBE`` rows alone), the page is in
    it, at or above the oldest of the page among the rows read (``_dense_bucket_ids``; the older buckets next
    only for a page longer than the probe)."""
    dialect = connection.dialect.name
    found: list[int] = []
    high: int | None = None  # the newest bucket to read: at first the newest of all
    probe = int(SUFFIX_PROBE)
    while True:
        if dialect == "sqlite":  # each bucket's seek in the key's order (the newest id looked up at once)
            if high is None:
                top = connection.exec_driver_sql("SELECT max(id) FROM applications").scalar()
                if top is None:
                    return found
                high = top // SUFFIX_BUCKET
            buckets = "IN (" + ", ".join(str(b) for b in range(high, -1, -1)) + ")"
        else:  # an array of the buckets (in the same statement: one round trip)
            newest = (
                f"(SELECT max(id) FROM applications) / {SUFFIX_BUCKET}" if high is None else str(int(high))
            )
            buckets = f"= ANY (ARRAY(SELECT generate_series({newest}, 0, -1)))"
        page = limit - len(found)
        # The probe's rows, how many and the bucket it stopped in, and the newest ids of the buckets it read
        # whole (all of them when it did not stop): one row per id, or one row of NULL when there is none. When
        # it stopped in the newest bucket it read, how many of the page are among the rows it read there and the
        # oldest of them.
        rows = connection.exec_driver_sql(
            f"WITH probe AS MATERIALIZED (SELECT {where.bucket} AS bucket, {where.id} AS id FROM {where.table} "
            f"WHERE {where.bucket} {buckets} AND {where.key} >= {_p(dialect, 'low')} "
            f"AND {where.key} < {_p(dialect, 'high')} ORDER BY {where.bucket} DESC LIMIT {probe + 1}), "
            "edge AS (SELECT count(*) AS n, min(bucket) AS last, max(bucket) AS top FROM probe), "
            f"dense AS (SELECT count(*) AS k, min(id) AS low FROM (SELECT {where.distinct}probe.id FROM probe CROSS JOIN "
            f"edge WHERE edge.n > {probe} AND edge.top = edge.last ORDER BY id DESC LIMIT {page}) AS d) "
            "SELECT edge.n, edge.last, edge.top, dense.k, dense.low, whole.id FROM edge CROSS JOIN dense "
            f"LEFT JOIN (SELECT {where.distinct}probe.id FROM probe CROSS JOIN edge "
            f"WHERE edge.n <= {probe} OR probe.bucket > edge.last ORDER BY id DESC LIMIT {page}) AS whole "
            "ON 1 = 1 ORDER BY whole.id DESC",
            {"low": start, "high": _after(start)},
        ).all()
        read, high, top, seen, oldest = rows[0][:5]
        found += [row[5] for row in rows if row[5] is not None]
        if len(found) >= limit or read <= probe:
            return found
        if top == high:  # the bucket it stopped in holds more alone (so nothing was found above it)
            bound = oldest if seen >= page else high * SUFFIX_BUCKET
            found += _dense_bucket_ids(connection, where, start, like, high, bound, page)
            if len(found) >= limit or high == 0:
                return found
            high -= 1  # a page longer than the probe: the older buckets next


def _dense_bucket_ids(
    connection: Connection, where: _Buckets, start: str, like: str, bucket: int, bound: int, limit: int
) -> list[int]:
    """The newest ``limit`` ids of ``bucket`` whose key in ``where`` starts with ``start``, which are all ``bound``
    or above (the probe found ``limit`` of them from ``bound`` on, or it is the bucket's first id): read
    downwards by the primary key, testing ``like``, when at most ``DENSE_ROWS`` ids are left above it (dense
    matches: ``-00``), else the bucket's range from ``bound`` on, sorted (a month's numbers below ten thousand
    newer ones: a few thousand index entries instead of ten thousand rows)."""
    dialect = connection.dialect.name
    top = (bucket + 1) * SUFFIX_BUCKET
    if top - bound <= DENSE_ROWS:
        return _ids(
            connection,
            f"SELECT id FROM applications WHERE id >= {int(bound)} AND id < {top} "
            f"AND receipt_number LIKE {_p(dialect, 'like')} ESCAPE '\\' ORDER BY id DESC LIMIT {int(limit)}",
            {"like": like},
        )
    fence = "LIMIT -1 OFFSET 0" if dialect == "sqlite" else "OFFSET 0"  # the range first, then its ids sorted
    return _ids(
        connection,
        f"SELECT {where.distinct}id FROM (SELECT {where.id} AS id FROM {where.table} WHERE {where.bucket} = {int(bucket)} "
        f"AND {where.key} >= {_p(dialect, 'low')} AND {where.key} < {_p(dialect, 'high')} "
        f"AND {where.id} >= {int(bound)} {fence}) AS found ORDER BY id DESC LIMIT {int(limit)}",
        {"low": start, "high": _after(start)},
    )


def _p(dialect: str, name: str) -> str:
    return f":{name}" if dialect == "sqlite" else f"%({name})s"


def _like(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def text_ids(connection: Connection, words: list[str], limit: int) -> list[int]:
    """Applications whose search text holds every folded word (those of 3+ characters through the trigram
    index; shorter ones only in the name), the newest first."""
    dialect = connection.dialect.name
    found = _name_word_ids(connection, list(dict.fromkeys(words)), limit)
    if found is not None:
        return found
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
        by_part.append(_pg_on_row(word, f"w{index}"))
    return _pg_text_ids(connection, " AND ".join(conditions), " AND ".join(by_part), params, limit)


def _pg_on_row(word: str, name: str) -> str:
    """PostgreSQL: the search text holds ``word`` (the parameter ``name``), tested part by part (a word has no
    space, so it cannot span two parts): no text is built, and the IIN (digits only) is looked at only for a word
    of digits."""
    in_iin = f" OR applicant_iin LIKE %({name})s" if word.isdigit() else ""
    return f"(applicant_name_folded LIKE %({name})s{in_iin} OR lower(receipt_number) LIKE %({name})s)"


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


def is_name_word(word: str) -> bool:
    """A search word the name-word table answers: three characters or more, no digit (so neither in an IIN nor
    in the digits of a receipt number) and not only dashes."""
    return len(word) >= MIN_CHARACTERS and not any("0" <= c <= "9" for c in word) and word.strip("-") != ""


def _vocabulary(connection: Connection, words: list[str], most: int | None = None) -> list[list[str]]:
    """For each word, the whole words holding it (at most ``most`` + 1, WORD_KEYS + 1 unless told: more means
    too many). SQLite: through the vocabulary's FTS5 trigram table, which matches as the search text's does (case
    folded by FTS5). A word under three characters (which a name must hold) is looked for in every word of the
    vocabulary (no trigram to look up; SQLite's LIKE folds ASCII letters only, so the words found hold it or its
    ASCII capitals — the rows are then tested on their names)."""
    dialect = connection.dialect.name
    most = WORD_KEYS if most is None else most
    parts = []
    params = {}
    for i, word in enumerate(words):
        if dialect == "sqlite" and len(word) >= MIN_CHARACTERS:
            parts.append(
                f"SELECT {i} AS i, word FROM (SELECT word FROM {VOCABULARY_SEARCH} WHERE {VOCABULARY_SEARCH} "
                f"MATCH :v{i} LIMIT {int(most) + 1})"
            )
            params[f"v{i}"] = '"' + word.replace('"', '""') + '"'
        elif dialect == "sqlite":
            parts.append(
                f"SELECT {i} AS i, word FROM (SELECT word FROM {NAME_VOCABULARY} WHERE word LIKE :v{i} "
                f"ESCAPE '\\' LIMIT {int(most) + 1})"
            )
            params[f"v{i}"] = _like(word)
        else:
            parts.append(
                f"(SELECT DISTINCT {i} AS i, word FROM {NAME_VOCABULARY} WHERE word LIKE %(v{i})s ESCAPE '\\' "
                f"LIMIT {int(most) + 1})"
            )
            params[f"v{i}"] = _like(word)
    holding: list[list[str]] = [[] for _ in words]
    rows = connection.exec_driver_sql(" UNION ALL ".join(parts), params)
    for i, word in rows:
        holding[i].append(word)
    return holding


def _pair_keys(first: list[str], second: list[str]) -> list[str]:
    """The keys of the applications holding a word of ``first`` and one of ``second``: each pair of two words
    ("a b", a before b in binary order: the "C" collation, SQLite's own), and each word in both (it holds both
    typed words alone)."""
    pairs = {f"{min(x, y)} {max(x, y)}" for x in first for y in second if x != y}
    return sorted(pairs | (set(first) & set(second)))


def _name_word_ids(connection: Connection, words: list[str], limit: int) -> list[int] | None:
    """The newest ids through ``application_name_word``, or None when it cannot answer (then the trigram index
    does, as before): one or two words without digits typed alone are each backend's quickest reading; other
    searches holding such a word, or a word under three characters, are an intersection (``_intersected_ids``).
    One or two such words with a part held by too many words go as before (FTS5 reads the part's matches newest
    first at once, where the intersection would read them a chunk at a time)."""
    indexed = [w for w in words if len(w) >= MIN_CHARACTERS]
    if 1 <= len(words) <= 2 and len(indexed) == len(words) and all(is_name_word(w) for w in words):
        if connection.dialect.name == "sqlite":
            return _sqlite_name_word_ids(connection, words, limit)
        return _pg_words_at_once(connection, words, limit)
    return _intersected_ids(connection, words, limit)


def _sqlite_name_word_ids(connection: Connection, indexed: list[str], limit: int) -> list[int] | None:
    """SQLite, one or two words without digits: the words holding each (the vocabulary), their keys (the words,
    or the pairs of them), and each key's ids read backwards from the b-tree of ``application_name_word``, merged
    newest first (a compound SELECT's merge, which stops at the page). None for a part held by too many words."""
    holding = _vocabulary(connection, indexed)
    if any(not words for words in holding):
        return []  # a word no application holds
    if len(indexed) == 1:
        keys = holding[0] if len(holding[0]) <= WORD_KEYS else None
    else:
        keys = _pair_keys(*holding) if len(holding[0]) * len(holding[1]) <= WORD_KEYS else None
    if keys is None:
        return None
    params = {f"k{i}": key for i, key in enumerate(keys)}
    merged = " UNION ".join(
        f"SELECT w.application_id FROM {NAME_WORD_TABLE} AS w WHERE w.word = :k{i}" for i in range(len(keys))
    )
    return _ids(connection, f"{merged} ORDER BY 1 DESC LIMIT {int(limit)}", params)


def _pg_words_at_once(connection: Connection, indexed: list[str], limit: int) -> list[int] | None:
    """One or two words and nothing else typed (the usual search): the vocabulary, the words' (or pairs') keys
    and their newest ids in one statement — one round trip, which on a busy machine is most of the time. Each
    key's newest ``limit`` ids are read backwards from the b-tree (a LATERAL join), then the newest of them are
    kept. None when a part stands for too many words (the caller plans it instead)."""
    first = f"SELECT DISTINCT word FROM {NAME_VOCABULARY} WHERE word LIKE %(v0)s ESCAPE '\\' LIMIT {WORD_KEYS + 1}"
    params = {"v0": _like(indexed[0])}
    if len(indexed) == 1:
        words = f"WITH v0 AS MATERIALIZED ({first}), v1 AS (SELECT 1) "
        keys = f"SELECT word AS k FROM v0 WHERE (SELECT count(*) FROM v0) <= {WORD_KEYS}"
    else:
        params["v1"] = _like(indexed[1])
        words = (
            f"WITH v0 AS MATERIALIZED ({first}), v1 AS MATERIALIZED ({first.replace('%(v0)s', '%(v1)s')}) "
        )
        keys = (  # a pair "a b" (a before b in "C" order), or one word holding both typed words
            "SELECT CASE WHEN a.word < b.word THEN a.word || ' ' || b.word ELSE b.word || ' ' || a.word END AS k "
            "FROM v0 AS a, v1 AS b WHERE a.word <> b.word "
            f"AND (SELECT count(*) FROM v0) * (SELECT count(*) FROM v1) <= {WORD_KEYS} "
            "UNION SELECT a.word FROM v0 AS a JOIN v1 AS b ON a.word = b.word "
            f"WHERE (SELECT count(*) FROM v0) * (SELECT count(*) FROM v1) <= {WORD_KEYS}"
        )
    counts, ids = connection.exec_driver_sql(
        f"{words}, keys AS ({keys}) "
        "SELECT ARRAY[(SELECT count(*) FROM v0), (SELECT count(*) FROM v1)], "
        "ARRAY(SELECT DISTINCT x.application_id FROM keys CROSS JOIN LATERAL "
        f"(SELECT application_id FROM {NAME_WORD_TABLE} AS t WHERE t.word = keys.k "
        f"ORDER BY application_id DESC LIMIT {int(limit)}) AS x ORDER BY x.application_id DESC LIMIT {int(limit)})",
        params,
    ).one()
    if not all(counts):
        return []  # a word no application holds
    return list(ids) if counts[0] * counts[1] <= WORD_KEYS else None


def _intersected_ids(connection: Connection, words: list[str], limit: int) -> list[int] | None:
    """The newest ids holding every word, as an intersection of id lists each read newest first (None when no
    word without digits has few enough words holding it: then as before).

    Each word without digits (or under three characters: a name must hold it) stands for the vocabulary's words
    holding it; a word no vocabulary word holds is in no application (nothing found at once). The rows holding
    two typed words are those of their pairs' keys (``_pair_keys``, as for two words alone); the cheapest pairs
    covering the words (and a few more: one of them is often empty) are read side by side, each key's ids
    backwards from the b-tree and merged, a chunk at a time, leapfrogging: a chunk starts at the newest id that
    can still be in every list, so ids between two that are found together are skipped when one list has none
    there. A word that no pair covers: a list of its own words when few. A receipt number's middle (digits and a
    dash, which no name holds): the ids of its receipts (``receipt_middle_ids``, read again from the newest for
    more), until it proves denser than the name lists where it starts (a year, a day: then tested on their
    rows). Other words (with digits, or held by too many words): tested on the rows (at most ROWS_TESTED, else
    None), or on SQLite, when not ASCII (FTS5 folds the case of any letter, LIKE of ASCII ones), read from FTS5
    newest first. Words under three characters are tested on the rows' names (a vocabulary word holding one may
    be a department's); one held by more than SHORT_KEYS words (a common letter) is not read as a list at first,
    but once it proves rare among the rows tested (more rows still to test than keys to read), as a list of the
    pairs of its words (at most WIDE_KEYS) and those of another typed word, read by one index scan of them all
    (a rare pair's keys hold few ids)."""
    dialect = connection.dialect.name
    units = [w for w in words if len(w) < MIN_CHARACTERS or is_name_word(w)]
    if not any(len(w) >= MIN_CHARACTERS for w in words) or not units:
        return None
    # digits and a dash: in a receipt number (an IIN has no dash) or in a name, when a word of the vocabulary holds
    # it; else its applications are those of the suffix table (``receipt_middle_ids``), a list like the others
    middles = [w for w in words if w not in units and len(w) >= MIN_CHARACTERS and RECEIPT_MIDDLE.match(w)]
    holding = _vocabulary(connection, units + middles)
    middles = [w for w, found in zip(middles, holding[len(units) :], strict=True) if not found]
    holding = holding[: len(units)]
    if any(not found for found in holding):
        return []  # a word no application holds
    # a word under three characters held by many words (a common letter) is in most names: tested on the rows
    listed = [i for i, w in enumerate(units) if len(w) >= MIN_CHARACTERS or len(holding[i]) <= SHORT_KEYS]
    pairs = [
        (_pair_keys(holding[a], holding[b]), {a, b})
        for a, b in combinations(listed, 2)
        if len(holding[a]) * len(holding[b]) <= WORD_KEYS
    ]
    pairs.sort(key=lambda pair: len(pair[0]))  # the fewest keys first
    lists: list[list[str]] = []  # each list's keys
    covered: set[int] = set()
    for keys, typed in pairs:
        if len(lists) < NAME_STREAMS or not typed <= covered:
            lists.append(keys)
            covered |= typed
    for i in listed:
        if i not in covered and len(holding[i]) <= WORD_KEYS:
            lists.append(holding[i])
            covered.add(i)
    if not lists:
        return None
    # the words under three characters tested on the rows, which could be read as a list instead
    unlisted = [i for i in range(len(units)) if i not in covered]
    rest = [w for i, w in enumerate(units) if i not in covered and len(w) >= MIN_CHARACTERS]
    rest += [w for w in words if w not in units and w not in middles]
    params: dict[str, object] = {}
    tests = []  # conditions on the rows
    for index, word in enumerate(w for w in units if len(w) < MIN_CHARACTERS):
        params[f"s{index}"] = _like(word)
        tests.append(f"applicant_name_folded LIKE {_p(dialect, f's{index}')} ESCAPE '\\'")
    # SQLite: FTS5 folds the case of every letter, LIKE of ASCII ones only: other words are read from FTS5
    fts_words = [w for w in rest if not w.isascii()] if dialect == "sqlite" else []
    row_words = [w for w in rest if w not in fts_words]
    for index, word in enumerate(row_words):
        params[f"r{index}"] = _like(word)
        if dialect == "sqlite":
            parts = ("applicant_name_folded", "applicant_iin", "receipt_number")
            tests.append("(" + " OR ".join(f"{part} LIKE :r{index} ESCAPE '\\'" for part in parts) + ")")
        else:
            tests.append(_pg_on_row(word, f"r{index}"))
    tested = 0
    short_tested, short_passed = 0, 0  # rows tested for the words under three characters alone, and passing
    wide_keys: dict[int, list[str]] = {}  # the keys such a word would be read by (none: too many)

    def read(top: int, size: int) -> list[tuple[list[int], bool]]:
        """Each list's ids below ``top``, at most ``size`` (the newest first), and whether that was all."""
        chunks: list[list[int]] = []
        keyed: dict[str, object] = {
            f"k{n}_{i}": key
            for n, keys in enumerate(lists)
            if len(keys) <= WORD_KEYS
            for i, key in enumerate(keys)
        }
        keyed.update({f"wide{n}": keys for n, keys in enumerate(lists) if len(keys) > WORD_KEYS})
        if dialect == "sqlite":
            for n, keys in enumerate(lists):
                merged = " UNION ALL ".join(
                    f"SELECT application_id FROM {NAME_WORD_TABLE} WHERE word = :k{n}_{i} "
                    f"AND application_id < :top"
                    for i in range(len(keys))
                )
                if len(keys) > WORD_KEYS:  # many keys, few ids each (a rare pair): all read, then sorted
                    keyed[f"wide{n}"] = json.dumps(keys)
                    merged = (
                        f"SELECT application_id FROM {NAME_WORD_TABLE} WHERE word IN "
                        f"(SELECT value FROM json_each(:wide{n})) AND application_id < :top"
                    )
                chunks.append(
                    _ids(connection, f"{merged} ORDER BY 1 DESC LIMIT {int(size)}", {**keyed, "top": top})
                )
            for word in fts_words:
                chunks.append(
                    _ids(
                        connection,
                        f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :phrase AND rowid < :top "
                        f"ORDER BY rowid DESC LIMIT {int(size)}",
                        {"phrase": '"' + word.replace('"', '""') + '"', "top": top},
                    )
                )
        else:  # every list's chunk in one statement: a merge of the keys' backward reads each
            arrays = []
            for n, keys in enumerate(lists):
                merged = " UNION ALL ".join(
                    f"(SELECT application_id FROM {NAME_WORD_TABLE} WHERE word = %(k{n}_{i})s "
                    f"AND application_id < %(top)s ORDER BY application_id DESC LIMIT {int(size)})"
                    for i in range(len(keys))
                )
                if len(keys) > WORD_KEYS:  # many keys, few ids each (a rare pair): each key's newest, sorted
                    merged = (
                        f"SELECT x.application_id FROM unnest(%(wide{n})s::text[]) AS k (word) CROSS JOIN LATERAL "
                        f'(SELECT application_id FROM {NAME_WORD_TABLE} AS t WHERE t.word = k.word COLLATE "C" '
                        f"AND application_id < %(top)s ORDER BY application_id DESC LIMIT {int(size)}) AS x"
                    )
                arrays.append(
                    f"ARRAY(SELECT application_id FROM ({merged}) AS l ORDER BY application_id DESC "
                    f"LIMIT {int(size)})"
                )
            chunks = [
                list(ids)
                for ids in connection.exec_driver_sql(
                    f"SELECT {', '.join(arrays)}", {**keyed, "top": top}
                ).one()
            ]
        listed = [(sorted(set(ids), reverse=True), len(ids) < size) for ids in chunks]
        return listed + [receipt_chunk(word, top, size) for word in middles if word not in tested_middles]

    receipts: dict[str, tuple[list[int], int]] = {}  # each middle's newest ids read so far, how many asked

    def receipt_chunk(middle: str, top: int, size: int) -> tuple[list[int], bool]:
        """The ids of ``middle``'s receipt numbers below ``top`` (at most ``size``), and whether that was all;
        read again from the newest, twice as many, when more are needed."""
        ids, asked = receipts.get(middle, ([], 0))
        while True:
            below = [i for i in ids if i < top]
            whole = len(ids) < asked
            if len(below) >= size or whole:
                return below[:size], whole and len(below) <= size
            asked = max(asked * 2, len(ids) - len(below) + size)
            ids = sorted(set(receipt_middle_ids(connection, middle, asked)), reverse=True)
            receipts[middle] = (ids, asked)

    def passing(candidates: list[int], needed: int) -> list[int] | None:
        """The newest ``needed`` of ``candidates`` (the newest first) whose rows pass the tests: the newest
        2 × ``needed`` first (they mostly do), then the others. None beyond ROWS_TESTED rows tested for words
        the lists do not answer (each row read from the table)."""
        nonlocal tested
        if not tests or not candidates:
            return candidates
        found: list[int] = []
        for batch in (candidates[: 2 * needed], candidates[2 * needed :]):
            if row_words or tested_middles:
                tested += len(batch)
                if tested > ROWS_TESTED:
                    return None
            if dialect == "sqlite":
                among = f"id IN ({', '.join(str(int(c)) for c in batch)})"
            else:
                among = "id = ANY(%(candidates)s)"
            if batch:
                found += _ids(
                    connection,
                    f"SELECT id FROM applications WHERE {among} AND {' AND '.join(tests)} ORDER BY id DESC "
                    f"LIMIT {int(needed - len(found))}",
                    {**params, "candidates": batch},
                )
            if len(found) >= needed:
                break
        return found

    tested_middles: set[str] = set()  # the middles tested on the rows instead of read
    found: list[int] = []
    top, size = 2**31, NAME_CHUNK
    while True:
        chunks = read(top, size)
        low = max(0 if whole else ids[-1] for ids, whole in chunks)  # every list is known from low to top
        common = sorted(
            set.intersection(*({i for i in ids if i >= low} for ids, _whole in chunks)), reverse=True
        )
        spans = [ids[0] - ids[-1] for ids, whole in chunks[: len(lists)] if not whole]
        middle_chunks = chunks[len(chunks) - len(middles) :] if not tested_middles and spans else []
        for index, (word, (ids, whole)) in enumerate(zip(middles, middle_chunks, strict=False)):
            # a middle denser than the name lists where it starts (a year, a day): tested on their rows from then
            # on (its list would be read again from the newest, for more ids)
            if not whole and ids[0] - ids[-1] < min(spans):
                tested_middles.add(word)
                params[f"m{index}"] = _like(word)
                tests.append(f"receipt_number LIKE {_p(dialect, f'm{index}')} ESCAPE '\\'")
        passed = passing(common, limit - len(found))
        if passed is None:
            return None  # too many rows to test for the words no list answers: as before
        found += passed
        if unlisted and not row_words and not tested_middles:
            short_tested, short_passed = short_tested + len(common), short_passed + len(passed)
            # rows still to test for the page at the rate seen: a word under three characters rare in these rows
            # is read as a list from then on when it has fewer keys (the pairs of its words and those of the typed
            # word with the fewest, or its words alone; at most WIDE_KEYS)
            still = (limit - len(found)) * short_tested / max(short_passed, 1)
            partner = min(covered, key=lambda j: len(holding[j]))
            for i in list(unlisted) if short_tested > 2 * limit else []:
                if i not in wide_keys and still > max(len(holding[i]), SHORT_ROWS):
                    wide = _vocabulary(connection, [units[i]], WIDE_KEYS)[0]
                    if len(wide) * len(holding[partner]) <= WIDE_KEYS:
                        wide_keys[i] = _pair_keys(holding[partner], wide)
                    elif len(wide) <= WIDE_KEYS:
                        wide_keys[i] = wide
                if i in wide_keys and len(wide_keys[i]) < still:
                    lists.append(wide_keys[i])
                    unlisted.remove(i)
        if len(found) >= limit or low == 0:
            return found[:limit]
        # the next id that can be in every list: in each list read past low, its newest id there
        top = low
        for ids, whole in chunks:
            below = next((i for i in ids if i < low), None)
            if below is not None:
                top = min(top, below + 1)
            elif whole:
                return found  # a list with nothing left
        size = min(size * 2, NAME_CHUNK_MAX)


def among(
    id_column: ColumnElement[int] | InstrumentedAttribute[int], ids: list[int], dialect: str
) -> ColumnElement[bool]:
    """``id_column`` is one of ``ids`` (a page of a search): on PostgreSQL one array parameter, so that psycopg
    reads the statement once (IN with fifty parameters is read again every time: 2 ms of a search's CPU)."""
    if dialect == "postgresql":
        return id_column == any_(bindparam("ids", ids, type_=ARRAY(Integer)))
    return id_column.in_(ids)


def matching_ids(connection: Connection, words: list[str], text: str, limit: int) -> list[int]:
    """The ids of the applications a search finds, the newest first, at most ``limit`` (``text`` is the search
    as typed, stripped; ``words`` its folded words). Whole receipt numbers and IINs are the caller's."""
    with _planned_for_values(connection):
        return _matching_ids(connection, words, text, limit)


@contextmanager
def _planned_for_values(connection: Connection) -> Iterator[None]:
    """PostgreSQL: the search's statements planned for their values every time. psycopg prepares a statement
    run five times on a connection, and the server may then keep a plan made for no values in particular: the
    bucket probe's read whole ranges (0.3 s instead of 3 ms, from a window's sixth search of a month on)."""
    if connection.dialect.name != "postgresql":
        yield
        return
    driver = connection.connection.driver_connection
    kept = driver.prepare_threshold
    driver.prepare_threshold = None  # never prepared
    try:
        yield
    finally:
        driver.prepare_threshold = kept


def _matching_ids(connection: Connection, words: list[str], text: str, limit: int) -> list[int]:
    if text.isdigit():
        return iin_tail_ids(connection, text, limit)
    if RECEIPT_TAIL.match(text):
        return receipt_tail_ids(connection, text.removeprefix("-"), limit)
    middle = len(text) >= MIN_CHARACTERS and RECEIPT_MIDDLE.match(text) is not None
    if RECEIPT_START.match(text):
        ids = receipt_start_ids(connection, text, limit)
        if len(ids) < limit:  # numbers holding it elsewhere too (another department's ``11-2025…``)
            elsewhere = (
                receipt_middle_ids(connection, text, limit) if middle else text_ids(connection, words, limit)
            )
            ids = _newest(ids + elsewhere, limit)
        return ids
    if middle:
        return receipt_middle_ids(connection, text, limit)
    return text_ids(connection, words, limit)
