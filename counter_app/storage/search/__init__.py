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
- **Name words beside other words** (both backends) — a word under three characters (a name must hold it), a third
  word, a receipt number's middle: an intersection of lists of ids, each read newest first a chunk at a time,
  leapfrogging (``_intersected_ids``): the pairs of typed words (of a word under three characters too when few words
  hold it), a middle's receipts from the suffix table. A word no vocabulary word holds is in no application: nothing
  found, at once; a common letter is tested on the rows until it proves rare there. Digits typed beside names (a
  year, a day, a serial, an IIN's digits: ``омаров 2025``) are answered by the digits' index alone when that is
  quick (``_digits_first``; migrations 0020 and 0021 on ``digits_text``, the IIN and the whole receipt number:
  SQLite an FTS5 table, PostgreSQL a GIN index of its three and four digits in a row, ``digit_grams``, with the
  name words' hashes and, since 0022, each row's bucket of ids): on SQLite the newest rows holding the rarest
  piece, on PostgreSQL the rows holding pieces that are not common and a word of the name (a month's: a bucket at
  a time, the newest first). Otherwise (a common piece beside a rarer name) they are a middle for
  a number's parts before its last dash, and the rows whose IIN or number's last part holds them are added from
  the same index. Other words with digits are tested on the rows the lists give, at most ``ROWS_TESTED`` of them,
  else as before. Other searches of words go through FTS5 (SQLite) or the GIN index (PostgreSQL) as before.
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

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import ARRAY, ColumnElement, Integer, any_, bindparam
from sqlalchemy.engine import Connection
from sqlalchemy.orm import InstrumentedAttribute

from counter_app.storage.search import names, receipts, tuning
from counter_app.storage.search.names import text_ids
from counter_app.storage.search.receipts import (
    RECEIPT_MIDDLE,
    RECEIPT_START,
    RECEIPT_TAIL,
    iin_tail_ids,
    receipt_middle_ids,
    receipt_start_ids,
    receipt_tail_ids,
)
from counter_app.storage.search.schema import (
    COMMON_DIGITS_FUNCTION,
    DIGIT_GRAMS_FUNCTION,
    DIGITS_TABLE,
    FTS_TABLE,
    IIN_TAIL_INDEX,
    MIN_CHARACTERS,
    NAME_VOCABULARY,
    NAME_WORD_TABLE,
    PG_DIGITS_INDEX,
    PG_INDEX,
    PG_RECEIPT_INDEX,
    PG_RECEIPT_INDEX_SQL,
    PG_TRIGGER_TABLES,
    RECEIPT_BUCKET_INDEX,
    RECEIPT_TAIL_INDEX,
    SEARCH_TEXT,
    SUFFIX_BUCKET,
    SUFFIX_TABLE,
    VOCABULARY_SEARCH,
    create_pg_trgm,
    digit_grams,
    digits_drop_statements,
    digits_statements,
    digits_text,
    fold,
    iin_tail_index_sql,
    is_search_index,
    pg_drop_name_word_statements,
    pg_index_sql,
    pg_name_word_fill_statements,
    pg_name_word_statements,
    pg_trgm_schema,
    receipt_bucket_index_sql,
    receipt_suffix_drop_statements,
    receipt_suffix_fill_sql,
    receipt_suffix_statements,
    receipt_tail_index_sql,
    receipt_tail_sql,
    reversed_iin_sql,
    sqlite_drop_name_word_statements,
    sqlite_fts_statements,
    sqlite_name_word_statements,
)
from counter_app.storage.search.sql import _newest

__all__ = [
    "COMMON_DIGITS_FUNCTION",
    "DIGIT_GRAMS_FUNCTION",
    "DIGITS_TABLE",
    "FTS_TABLE",
    "IIN_TAIL_INDEX",
    "MIN_CHARACTERS",
    "NAME_VOCABULARY",
    "NAME_WORD_TABLE",
    "PG_DIGITS_INDEX",
    "PG_INDEX",
    "PG_RECEIPT_INDEX",
    "PG_RECEIPT_INDEX_SQL",
    "PG_TRIGGER_TABLES",
    "RECEIPT_BUCKET_INDEX",
    "RECEIPT_MIDDLE",
    "RECEIPT_START",
    "RECEIPT_TAIL",
    "RECEIPT_TAIL_INDEX",
    "SEARCH_TEXT",
    "SUFFIX_BUCKET",
    "SUFFIX_TABLE",
    "VOCABULARY_SEARCH",
    "among",
    "create_pg_trgm",
    "digit_grams",
    "digits_drop_statements",
    "digits_statements",
    "digits_text",
    "fold",
    "iin_tail_index_sql",
    "is_search_index",
    "matching_ids",
    "names",
    "pg_drop_name_word_statements",
    "pg_index_sql",
    "pg_name_word_fill_statements",
    "pg_name_word_statements",
    "pg_trgm_schema",
    "receipt_bucket_index_sql",
    "receipt_suffix_drop_statements",
    "receipt_suffix_fill_sql",
    "receipt_suffix_statements",
    "receipt_tail_index_sql",
    "receipt_tail_sql",
    "receipts",
    "reversed_iin_sql",
    "sqlite_drop_name_word_statements",
    "sqlite_fts_statements",
    "sqlite_name_word_statements",
    "tuning",
]


def among(id_column: ColumnElement[int] | InstrumentedAttribute[int], dialect: str) -> ColumnElement[bool]:
    """``id_column`` is one of the parameter ``ids`` (a page of a search): on PostgreSQL one array, so that psycopg
    reads the statement once (IN with fifty parameters is read again every time: 2 ms of a search's CPU); on SQLite
    an expanding IN."""
    if dialect == "postgresql":
        return id_column == any_(bindparam("ids", type_=ARRAY(Integer)))
    return id_column.in_(bindparam("ids", expanding=True))


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
