"""What the migrations build for search (tables, indexes, triggers, their names) and the expressions the
queries share with them; ``fold``, as names are stored for search."""

from __future__ import annotations

from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

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
# IIN and receipt number, for digits typed beside words (``digits_text``, 0020; the whole number since 0021): SQLite's
# FTS5 table of their digits' pieces (rowid = the application's id), PostgreSQL's GIN index of them
DIGITS_TABLE = "application_digits"
PG_DIGITS_INDEX = "ix_applications_search_digits"
NAME_WORD_TABLE = "application_name_word"  # (word or pair of words, application id): 0016, SQLite 0018
NAME_VOCABULARY = "name_vocabulary"  # every word of that table once (a part of a word → words)
VOCABULARY_SEARCH = f"{NAME_VOCABULARY}_search"  # SQLite: the vocabulary's FTS5 trigram table (0018)
# The tables the triggers on applications write (PostgreSQL): the application's role is granted them too.
PG_TRIGGER_TABLES = (NAME_WORD_TABLE, NAME_VOCABULARY, SUFFIX_TABLE)
IIN_LENGTH = 12
MIN_CHARACTERS = 3  # a trigram index cannot answer less

# The indexed text; PostgreSQL matches a query to the index only by this very expression.
SEARCH_TEXT = "lower(receipt_number) || ' ' || applicant_iin || ' ' || applicant_name_folded"


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
        name
        in (
            PG_INDEX,
            IIN_TAIL_INDEX,
            PG_RECEIPT_INDEX,
            RECEIPT_TAIL_INDEX,
            RECEIPT_BUCKET_INDEX,
            PG_DIGITS_INDEX,
        )
        or name.startswith(
            (
                FTS_TABLE,
                DIGITS_TABLE,
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
        f"((id / {SUFFIX_BUCKET}), {number_sql(dialect)}, id)"
    )


def number_sql(dialect: str) -> str:
    return "receipt_number" if dialect == "sqlite" else 'receipt_number COLLATE "C"'


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


# -------------------------------------------------------------------- digits beside words (both, 0020, 0021)


def digits_text(row: str = "") -> str:
    """Where digits typed beside a word can be: the IIN and the whole receipt number (its dashes keep the digits of
    two parts apart), as one text."""
    return f"{row}applicant_iin || ' ' || {row}receipt_number"


DIGIT_GRAMS_FUNCTION = "application_digit_grams"  # PostgreSQL: the digits' pieces the GIN index holds
COMMON_DIGITS_FUNCTION = "application_common_digit_grams"  # PostgreSQL: those in many applications (0021)


# The pieces of the receipt number's parts before its last dash are told apart from those of the IIN and of the
# last part (a search reading those parts in the suffix table leaves them out): PostgreSQL adds this to them,
# SQLite writes them with other letters (``h2025``, ``u202``)
EARLIER_PARTS = 20000
_EARLIER_LETTER = {"g": "h", "t": "u"}


def digit_grams(digits: str) -> list[int]:
    """The pieces of ``digits`` the index is searched by: each four digits as a number (0-9999), or three digits
    alone as 10000 + the number (holding every piece is holding them, the order then tested); in the number's
    parts before its last dash, EARLIER_PARTS more. SQLite's FTS5 table holds them as words: ``g2025``, ``t202``
    (``digit_grams_words``)."""
    if len(digits) == 3:
        return [10000 + int(digits)]
    return sorted({int(digits[k : k + 4]) for k in range(len(digits) - 3)})


def digit_grams_words(digits: str) -> list[str]:
    """SQLite: the words of ``digit_grams`` in the IIN or the number's last part."""
    if len(digits) == 3:
        return [f"t{digits}"]
    return sorted({f"g{digits[k : k + 4]}" for k in range(len(digits) - 3)})


def anywhere_query(words: list[str]) -> str:
    """SQLite: the FTS5 query of rows holding each of ``words`` (``digit_grams_words``) anywhere: in the IIN or any
    part of the receipt number."""
    return " AND ".join(f"({w} OR {_EARLIER_LETTER[w[0]]}{w[1:]})" for w in words)


# SQLite: the pieces within this many characters of the end of the receipt number are held (an SQL expression per
# position: no series in a trigger); its day and serial are at its end, and a department's name may be long
SQLITE_NUMBER_POSITIONS = 32


def _sqlite_grams(text: str, positions: int) -> str:
    """The words ``g`` + each four digits in a row and ``t`` + each three within ``positions`` characters of the
    end of ``text`` (an SQL expression; a piece holding a dash or a letter is left out), ``h`` and ``u`` before its
    last dash."""
    return " || ".join(
        f"CASE WHEN substr({text}, -{k}, {n}) GLOB '{'[0-9]' * n}' THEN ' ' || CASE WHEN instr(substr({text}, -{k}), "
        f"'-') THEN '{_EARLIER_LETTER[w]}' ELSE '{w}' END || substr({text}, -{k}, {n}) ELSE '' END"
        for k in range(3, positions + 1)
        for n, w in ((4, "g"), (3, "t"))
        if k >= n
    )


# PostgreSQL: the digits' index holds each row's bucket of ids (SUFFIX_BUCKET of them) as this + the bucket's number
# (0022), below every piece and very rarely a name word's hash, so that its rows are read a bucket at a time
ID_BUCKETS = -(2**31)


def bucket_key(bucket: str) -> str:
    """PostgreSQL: the element of the digits' index of the bucket ``bucket`` (SQL)."""
    return f"({ID_BUCKETS} + {bucket})::integer"


def digit_grams_sql(row: str = "", buckets: bool = True) -> str:
    """PostgreSQL: the pieces of a row (``row``: its alias and a dot), as the digits' index holds them (``buckets``
    False: as 0021 held them, without the row's bucket)."""
    return (
        f"{DIGIT_GRAMS_FUNCTION}({f'{row}id, ' if buckets else ''}{row}applicant_iin, {row}receipt_number, "
        f"{row}applicant_name_folded, {row}department)"
    )


def digits_statements(dialect: str, buckets: bool = True) -> list[str]:
    """The index of the pieces of ``digits_text`` (``digit_grams``: every three and four digits in a row, in the IIN
    and anywhere in the receipt number; 0020 held only the number's last part, 0021 all of it): a piece's rows
    are a list of ids, where a trigram index of the same text checked positions (SQLite FTS5) or rechecked every row
    (PostgreSQL pg_trgm: 5 ms for ``2025`` at a million, 0.4 here). SQLite: an FTS5 table of the pieces as words
    (``g2025``, ``t202``: ids only, ``detail='none'``; contentless, the row read for the order of the digits),
    filled from the stored applications and kept by triggers in the same transaction as every write. PostgreSQL: a
    GIN index (the built-in one of integer arrays) on an immutable SQL function's pieces, and the hashes of the
    application's name words (``application_name_words`` of 0016), so that digits beside a name are the rows holding
    both, found in the index (a hash shared by two words only lets a row through to the test on its text), and
    (0022) the row's bucket of ids (``bucket_key``), so that they are read a bucket at a time, the newest first."""
    if dialect == "sqlite":

        def grams(source: str) -> str:  # the pieces of an application (``source``: NEW or OLD, or the table)
            return (
                f"SELECT id, {_sqlite_grams('i', IIN_LENGTH)} || {_sqlite_grams('n', SQLITE_NUMBER_POSITIONS)} "
                f"FROM (SELECT {source}id AS id, {source}applicant_iin AS i, {source}receipt_number AS n"
                f"{' FROM applications' if not source else ''})"
            )

        # contentless (the pieces are not stored twice): a row is deleted by giving its pieces again
        columns, delete = f"{DIGITS_TABLE} (rowid, grams)", f"{DIGITS_TABLE} ({DIGITS_TABLE}, rowid, grams)"
        return [
            f"CREATE VIRTUAL TABLE {DIGITS_TABLE} USING fts5(grams, content='', tokenize='unicode61', detail='none')",
            f"INSERT INTO {columns} {grams('')}",
            (
                f"CREATE TRIGGER {DIGITS_TABLE}_insert AFTER INSERT ON applications BEGIN "
                f"INSERT INTO {columns} {grams('new.')}; END"
            ),
            (
                f"CREATE TRIGGER {DIGITS_TABLE}_update AFTER UPDATE OF receipt_number, applicant_iin ON applications "
                f"BEGIN INSERT INTO {delete} SELECT 'delete', * FROM ({grams('old.')}); "
                f"INSERT INTO {columns} {grams('new.')}; END"
            ),
            (
                f"CREATE TRIGGER {DIGITS_TABLE}_delete AFTER DELETE ON applications BEGIN "
                f"INSERT INTO {delete} SELECT 'delete', * FROM ({grams('old.')}); END"
            ),
        ]
    bucket = f" || {bucket_key(f'id / {SUFFIX_BUCKET}')}" if buckets else ""
    return [
        (
            f"CREATE OR REPLACE FUNCTION {DIGIT_GRAMS_FUNCTION}({'id integer, ' if buckets else ''}iin text, "
            "number text, name text, department text) RETURNS integer[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ "
            f"SELECT coalesce(array_agg(DISTINCT g), '{{}}'){bucket} FROM ("
            "SELECT p.o + CASE WHEN n = 4 THEN substr(p.t, k, 4)::integer ELSE 10000 + substr(p.t, k, 3)::integer END "
            "AS g FROM (SELECT reverse(split_part(reverse(number), '-', 1)) AS last) AS x, "
            f"LATERAL (VALUES (iin, 0), (x.last, 0), (left(number, -length(x.last)), {EARLIER_PARTS})) AS p (t, o), "
            "generate_series(1, length(p.t) - 2) AS k, (VALUES (3), (4)) AS l (n) "
            "WHERE k + n - 1 <= length(p.t) AND substr(p.t, k, n) ~ '^[0-9]+$' "
            "UNION ALL SELECT hashtext(w) FROM unnest(application_name_words(name, department)) AS w) AS pieces $$"
        ),
        f"CREATE INDEX IF NOT EXISTS {PG_DIGITS_INDEX} ON applications USING gin (({digit_grams_sql('', buckets)}))",
        # the pieces ANALYZE found most common in the index, and in how many of the rows (pg_stats shows an index's
        # statistics to its owner only: run as the owner, for the windows' role too)
        (
            f"CREATE OR REPLACE FUNCTION {COMMON_DIGITS_FUNCTION}(in_schema text) "
            "RETURNS TABLE (piece integer, frequency float8) "
            "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$ "
            "SELECT m.piece, m.frequency FROM pg_stats AS s, "
            "unnest(s.most_common_elems::text::integer[], s.most_common_elem_freqs) AS m (piece, frequency) "
            f"WHERE s.schemaname = in_schema AND s.tablename = '{PG_DIGITS_INDEX}' AND m.piece IS NOT NULL $$"
        ),
    ]


def digits_drop_statements(dialect: str) -> list[str]:
    if dialect == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {DIGITS_TABLE}_{name}" for name in ("insert", "update", "delete")
        ] + [f"DROP TABLE IF EXISTS {DIGITS_TABLE}"]
    return [
        f"DROP INDEX IF EXISTS {PG_DIGITS_INDEX}",
        f"DROP FUNCTION IF EXISTS {DIGIT_GRAMS_FUNCTION}(text, text, text, text)",  # before 0022
        f"DROP FUNCTION IF EXISTS {DIGIT_GRAMS_FUNCTION}(integer, text, text, text, text)",
        f"DROP FUNCTION IF EXISTS {COMMON_DIGITS_FUNCTION}(text)",
    ]
