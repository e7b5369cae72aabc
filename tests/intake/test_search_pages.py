"""Search at scale: the indexes give exactly the applications the search means, the newest first, a page at a
time — compared with every row read and tested in Python, on SQLite and PostgreSQL.

PostgreSQL answers words without digits through its name-word table (a word's or a pair's newest ids), and
otherwise reads the newest rows in windows before its GIN index answers (``storage.search``); the windows, the
number of words a part may stand for and the rows tested for other words are made tiny here, so that hundreds of
rows go through every path: the word table, the first window, the grown ones, the index.
A middle of a receipt number is read from the suffix table a few rows at a time (``tuning.SUFFIX_PROBE``, made small
here too), so that its buckets are read at once, again from where the reading stopped, or newest first.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy import delete, event, insert, text, update

from counter_app.core.usecases.applications import search_words
from counter_app.storage import search
from counter_app.storage.db import Database
from counter_app.storage.intake_tables import ApplicationRow
from counter_app.storage.search import RECEIPT_START, RECEIPT_TAIL, SUFFIX_TABLE, fold, matching_ids
from tests.support.databases import backend_params, database_url, postgres_base_url

NAMES = ["Фёдоров Пётр", "Федорова Алёна", "Әбілқайыр Гүлнұр", "Омаров Ерлан", "Омарова Динара", "Ли Анна"]
NAMES += ["Сейт-Али Нұрлан", "Қасымов Асқар", "Динаров Тимур", "Ким Мәдина", "Иванов Иван", "Ахметов Серік"]
NAMES += ["Омарова Динара Ерланқызы", "Ким  Ким", "Ерлан Динарович Омаров", "Омаров Нұрлан"]
DEPARTMENTS = ["1", "11", "A7", "ВКО"]
COUNT = 420


def application_rows(count: int, seed: int = 17) -> list[dict]:
    """``count`` applications over a few days and three departments, names from a short list, random IINs."""
    rng = random.Random(seed)
    rows = []
    for i in range(1, count + 1):
        day = dt.date(2026, 11, 20) + dt.timedelta(days=i * 4 // count)
        name = rng.choice(NAMES)
        iin = "".join(rng.choice("0123456789") for _ in range(12))
        department = rng.choice(DEPARTMENTS)
        rows.append(
            {
                "receipt_number": f"{department}-{day:%Y%m%d}-{i:04d}",
                "decision": "accepted",
                "status": "accepted_awaiting_handoff",
                "service_code": "guardian-benefit",
                "version_from": dt.date(2022, 11, 1),
                "department": department,
                "day": day,
                "created_at": dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC),
                "user_id": None,
                "username": "operator",
                "window": "1",
                "applicant_iin": iin,
                "applicant_name": name,
                "applicant_name_folded": fold(name),
                "payload": "{}",
                "checklist": "[]",
                "missing": "[]",
            }
        )
    return rows


@pytest.fixture
def many(db):
    """COUNT applications (``application_rows``), the newest first as read back."""
    rows = application_rows(COUNT)
    for number, row in enumerate(rows, 1):  # ids 1000 apart: 16 a bucket of the suffix table, 26 buckets
        row["id"] = number * 1000
    with db.write() as session:
        session.execute(insert(ApplicationRow), rows)
    if not db.is_sqlite:
        with db.engine.begin() as connection:
            connection.exec_driver_sql(
                "ANALYZE applications"
            )  # as autovacuum does: the planner knows the rows
    with db.read() as session:
        stored = session.query(
            ApplicationRow.id,
            ApplicationRow.receipt_number,
            ApplicationRow.applicant_iin,
            ApplicationRow.applicant_name_folded,
        ).all()
    return sorted(stored, key=lambda row: row.id, reverse=True)


def expected(rows, text: str, limit: int) -> list[int]:
    """What the search means, by reading every row (the newest first)."""
    words = search_words(text)

    def has_words(row) -> bool:
        searched = f"{row.receipt_number.lower()} {row.applicant_iin} {row.applicant_name_folded}"
        return all(
            (w in searched) if len(w) >= search.MIN_CHARACTERS else (w in row.applicant_name_folded)
            for w in words
        )

    if text.isdigit():
        return [row.id for row in rows if row.applicant_iin.endswith(text)][:limit]
    if RECEIPT_TAIL.match(text):  # the number after the department (any department)
        return [row.id for row in rows if row.receipt_number.split("-", 1)[1].startswith(text.lstrip("-"))][
            :limit
        ]
    if RECEIPT_START.match(text):
        starting = [row.id for row in rows if row.receipt_number.startswith((text, text.upper()))][:limit]
        if len(starting) == limit:
            return starting
        return sorted(set(starting) | {row.id for row in rows if has_words(row)}, reverse=True)[:limit]
    return [row.id for row in rows if has_words(row)][:limit]


QUERIES = [
    "фёдоров",
    "ФЕДОРОВ",
    "омар",
    "динара",
    "ДИНАР",
    "омаров динара",
    "ом динара",
    "ли анна",
    "әбілқайыр",
    "лқай",
    "али",
    "сейт-али",
    "заболотный",
    "1-20261121",
    "11-2026112",
    "a7-20261122",
    "1-20261123-04",
    "-20261121",
    "20261122",
    "a7-",
    "-20261122-",
    "-20261123-03",
    "20261121-0",
    "20261121-0150",
    "20261124-",
    "1123-00",
    "-002",
    "261121-01",
    "1123-04",
    "1121-0",
    "23-041",
    "-2026112",
    "0-0",
    "-0419",
    "7-2026112",
    "1-2026112",
    "1-20261124-04",
    "11-20261124",
    # name words (PostgreSQL: the name-word table): parts, pairs, one word holding both, a third word, short
    # words, a department's name, words never together, a part standing for many words
    "ерлан ахметов",
    "омаров динара ерлан",
    "динара ерланқызы омарова",
    "омар аров",
    "дин ом",
    "омаров д",
    "ким ким",
    "вко",
    "ко-",
    "вко омаров",
    "т-ал",
    "ова",
    "ов ерлан",
    "нар ров ер",
    "гүлнұр динара",
    # words under three characters (a name holds them): few words hold them, many do
    "омаров д а",
    "ова и",
    "али ұр",
    "омаров ұр",
    # three words and more: in two orders of two names, one word holding two
    "ерлан динар омар",
    "динара ерлан ерланқызы омарова",
    "ким ким ким",
    # a name word beside digits: a year, a day, an IIN's digits, a receipt number's start or middle
    "омаров 2026",
    "омар 20261123",
    "динара 1-2026112",
    "ерлан 123",
    "ов 0-00",
    "ким a7-2026",
    "ким вко-202611",
    "вко 1121-0",
    # digits beside a name word anywhere: an IIN's, the serial's (the number's last part), a day's, a year's
    "ерлан 041",
    "омаров 20261121",
    "ким 2026",
    "ом 112",
    "ов ерлан 26112",
    "вко 041",
    "ким вко 2026",
    "омаров 0042",
    "динара 456",
    "ли 2026",
    "ерлан 884",
]
NOT_FOUND = ["5-2026", "---"]  # digits and dashes that no number holds
# words each held by some name, never all by one: a word under three characters no word holds, or only a
# department's word ("a7-"); three words, each two of them together in some names
NEVER_TOGETHER = [
    "омаров ъ",
    "омаров ъъ",
    "омаров 7",
    "ким 1",
    "ерлан ұр",
    "омаров динара серік",
    "омар динара ахметов",
]


def test_searches_follow_each_change_of_a_name(db, many, monkeypatch):
    """Names changed and applications deleted: the searches find what the rows say now (PostgreSQL's name-word
    table and SQLite's FTS5 table are both kept by triggers)."""
    monkeypatch.setattr(search.tuning, "NAME_CHUNK", 4)
    renamed = [row.id for row in many[:90:3]]
    deleted = [row.id for row in many[1:90:5]]
    with db.engine.begin() as connection:
        for number, id_ in enumerate(renamed):
            name = ["Заболотная Ерлан-Мария", "Динара Динарова", "Ахметов Ерлан"][number % 3]
            connection.execute(
                update(ApplicationRow)
                .where(ApplicationRow.id == id_)
                .values(applicant_name=name, applicant_name_folded=fold(name))
            )
        connection.execute(delete(ApplicationRow).where(ApplicationRow.id.in_(deleted)))
        connection.execute(  # a change of another column leaves the words as they are
            update(ApplicationRow).where(ApplicationRow.id == many[2].id).values(username="another")
        )
    with db.read() as session:
        rows = session.query(
            ApplicationRow.id,
            ApplicationRow.receipt_number,
            ApplicationRow.applicant_iin,
            ApplicationRow.applicant_name_folded,
        ).all()
    rows = sorted(rows, key=lambda row: row.id, reverse=True)
    assert len(rows) == len(many) - len(deleted)
    with db.engine.connect() as connection:
        for text in [
            "заболотная",
            "ерлан-мар",
            "ахметов ерлан",
            "динара динарова",
            "динара",
            "омаров",
            "ким",
        ]:
            want = expected(rows, text, 50)
            assert want, text
            assert matching_ids(connection, search_words(text), text, 50) == want, text


# (suffixes read at once): every path of a receipt number's middle — every bucket's ids read at once and sorted,
# several buckets read and again from where the reading stopped, a bucket dense with the middle read by the key;
# (rows of the digits' index, or of a name, read for digits beside words): all there are, or too few (then the
# middle is read).
@pytest.mark.parametrize("limit", [5, 50])
# (ids read at once from each list of an intersection of words, rows tested for words with digits, words under
# three characters read as lists, of pairs or of their own words): the first chunk alone, many rounds of small
# chunks leapfrogging, giving up on rows to test (then as before), a word under three characters tested on the
# rows, then read as a list.
@pytest.mark.parametrize(
    "word_keys, chunk, rows_tested, short_keys, wide_keys, probe, dense, digits_rows",
    [
        (48, 256, 4000, 8, 4096, 2000, 4096, 3000),
        (2, 2, 4000, 1, 4096, 30, 4096, 3),
        (2, 3, 12, 8, 4096, 8, 4096, 20),
        (2, 3, 12, 1, 4096, 8, 0, 3000),
        (2, 5, 4000, 1, 3, 4, 0, 6),
        (48, 5, 4000, 1, 4096, 0, 4096, 3000),
    ],
)
def test_every_kind_of_search_finds_what_it_means_the_newest_first(
    db,
    many,
    monkeypatch,
    limit,
    word_keys,
    chunk,
    rows_tested,
    short_keys,
    wide_keys,
    probe,
    dense,
    digits_rows,
):
    monkeypatch.setattr(search.tuning, "PG_NEWEST_WINDOW", 16)
    monkeypatch.setattr(search.tuning, "PG_SCAN_BUDGET", 150)
    monkeypatch.setattr(search.tuning, "WORD_KEYS", word_keys)
    monkeypatch.setattr(search.tuning, "NAME_CHUNK", chunk)
    monkeypatch.setattr(search.tuning, "NAME_CHUNK_MAX", chunk * 4)
    monkeypatch.setattr(search.tuning, "ROWS_TESTED", rows_tested)
    monkeypatch.setattr(search.tuning, "MIDDLE_ROWS_TESTED", rows_tested)
    monkeypatch.setattr(search.tuning, "SHORT_KEYS", short_keys)
    monkeypatch.setattr(search.tuning, "SHORT_ROWS", 0 if short_keys == 1 else search.tuning.SHORT_ROWS)
    monkeypatch.setattr(search.tuning, "WIDE_KEYS", wide_keys)
    monkeypatch.setattr(search.tuning, "SUFFIX_PROBE", probe)
    monkeypatch.setattr(search.tuning, "DENSE_ROWS", dense)
    # digits beside words: the digits' index answers alone (all of its rows read), or gives up for the middle
    monkeypatch.setattr(search.tuning, "DIGITS_ROWS", digits_rows)
    monkeypatch.setattr(search.tuning, "NAME_ROWS_FOR_DIGITS", min(digits_rows, 400))
    rng = random.Random(3)
    tails = [many[rng.randrange(len(many))].applicant_iin[-n:] for n in (3, 3, 4, 5, 8, 11)]
    checked = 0
    with db.engine.connect() as connection:
        for text in [*QUERIES, *NOT_FOUND, *NEVER_TOGETHER, *tails, "000", "999"]:
            want = expected(many, text, limit)
            got = matching_ids(connection, search_words(text), text, limit)
            assert got == want, text
            checked += bool(want)
    assert checked >= len(QUERIES)  # nearly every query finds something: the comparison is not empty


def test_searches_read_their_indexes(db, many, monkeypatch):
    """Each kind of search is answered by its index: SQLite's FTS5 table, the reversed-IIN index, the receipt
    number's index; PostgreSQL's GIN index (when the newest rows do not fill the page), the same b-trees."""
    statements: list[tuple[str, object]] = []

    def executed(_conn, _cursor, statement, parameters, *_args):
        statements.append((statement, parameters))

    monkeypatch.setattr(search.tuning, "PG_NEWEST_WINDOW", 16)  # fewer rows than the table: the index answers
    tail = many[0].applicant_iin[-4:]
    with db.engine.connect() as connection:
        event.listen(connection, "before_cursor_execute", executed)
        # PostgreSQL's GIN index, as for a word the name-word table does not answer (one with digits)
        monkeypatch.setattr(search.names, "_name_word_ids", lambda *_args: None)
        matching_ids(
            connection, ["заболотный"], "заболотный", 50
        )  # no match: the newest rows, then the index
        name = statements[-1]
        monkeypatch.undo()
        matching_ids(connection, ["дин", "омаров"], "дин омаров", 50)  # PostgreSQL: words, pairs, ids at once
        at_once = statements[-1]
        vocabulary = statements[-2]  # SQLite: the words holding each part, then the pairs' newest ids
        seen = len(statements)
        matching_ids(connection, ["омар", "динар", "ерлан"], "омар динар ерлан", 50)  # lists intersected
        tested = next(s for s in statements[seen:] if "application_id <" in s[0] and "UNION ALL" in s[0])
        matching_ids(connection, [tail], tail, 50)
        iin = statements[-1]
        matching_ids(connection, ["1-20261121"], "1-20261121", 3)
        receipt = next(s for s in reversed(statements) if "WITH probe" in s[0])  # its buckets' probe
        matching_ids(connection, ["20261121-01"], "20261121-01", 50)
        receipt_tail = statements[-1]
        matching_ids(connection, ["1121-01"], "1121-01", 50)
        middle = statements[-1]
        event.remove(connection, "before_cursor_execute", executed)
        if db.is_sqlite:
            plans = {
                kind: " ".join(row[-1] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + s, p))
                for kind, (s, p) in {
                    "name": name,
                    "iin": iin,
                    "receipt": receipt,
                    "tail": receipt_tail,
                    "middle": middle,
                }.items()
            }
            assert "VIRTUAL TABLE INDEX" in plans["name"] and "application_search" in plans["name"]
            words_plan = " ".join(
                row[-1]
                for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + vocabulary[0], vocabulary[1])
            )
            assert f"SCAN {search.VOCABULARY_SEARCH} VIRTUAL TABLE INDEX" in words_plan, words_plan
            # each key's ids read backwards from the b-tree and merged newest first (no sort: the merge stops at
            # the LIMIT); a chunk of a list of an intersection the same, below the id it starts at
            for statement, parameters, merge, seek in (
                (*at_once, "MERGE (UNION)", "SEARCH w USING PRIMARY KEY (word=?)"),
                (
                    *tested,
                    "MERGE (UNION ALL)",
                    f"SEARCH {search.NAME_WORD_TABLE} USING PRIMARY KEY (word=? AND application_id<?)",
                ),
            ):
                plan = " ".join(
                    row[-1]
                    for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
                )
                assert merge in plan and "TEMP B-TREE" not in plan, plan
                assert seek in plan, plan
            # a seek per bucket, the newest bucket first (no sort: the reading stops at its LIMIT)
            middle_plan = f"SEARCH {SUFFIX_TABLE} USING PRIMARY KEY (bucket=? AND suffix>? AND suffix<?)"
            assert middle_plan in plans["middle"], plans["middle"]
            assert f"{middle_plan} USE TEMP B-TREE" not in plans["middle"], plans["middle"]
            assert search.IIN_TAIL_INDEX in plans["iin"], plans["iin"]
            # the start's buckets, the newest first, in the receipt numbers' bucket index (no sort either)
            start_plan = (
                f"SEARCH applications USING COVERING INDEX {search.RECEIPT_BUCKET_INDEX} "
                "(<expr>=? AND receipt_number>? AND receipt_number<?)"
            )
            assert start_plan in plans["receipt"], plans["receipt"]
            assert f"{start_plan} USE TEMP B-TREE" not in plans["receipt"], plans["receipt"]
            assert search.RECEIPT_TAIL_INDEX in plans["tail"], plans["tail"]
        else:
            connection.exec_driver_sql("SET enable_seqscan = off")
            plans = {
                kind: " ".join(row[0] for row in connection.exec_driver_sql("EXPLAIN " + s, p))
                for kind, (s, p) in {
                    "name": name,
                    "iin": iin,
                    "receipt": receipt,
                    "tail": receipt_tail,
                    "middle": middle,
                }.items()
            }
            assert search.PG_INDEX in plans["name"], plans["name"]
            assert f"{SUFFIX_TABLE}_pkey" in plans["middle"], plans["middle"]
            at_once_plan = " ".join(
                row[0] for row in connection.exec_driver_sql("EXPLAIN " + at_once[0], at_once[1])
            )
            assert f"ix_{search.NAME_VOCABULARY}_trgm" in at_once_plan, at_once_plan  # a part's words
            # A few hundred rows are read faster in a bitmap and sorted, a million are not: bitmaps and sorting
            # are made dear here (a query that needed a sort would still show one).
            connection.exec_driver_sql("SET enable_bitmapscan = off")
            connection.exec_driver_sql("SET enable_sort = off")
            at_once_plan = " ".join(
                row[0] for row in connection.exec_driver_sql("EXPLAIN " + at_once[0], at_once[1])
            )
            # each pair's newest ids read backwards from the b-tree
            assert f"Index Only Scan Backward using pk_{search.NAME_WORD_TABLE}" in at_once_plan, at_once_plan
            # a chunk of a list of an intersection: its keys' newest ids read backwards and merged, never sorted
            tested_plan = " ".join(
                row[0] for row in connection.exec_driver_sql("EXPLAIN " + tested[0], tested[1])
            )
            assert f"Index Only Scan Backward using pk_{search.NAME_WORD_TABLE}" in tested_plan, tested_plan
            assert "Merge Append" in tested_plan, tested_plan
            assert "Sort" not in tested_plan.replace("Sort Key", ""), tested_plan
            assert search.IIN_TAIL_INDEX in plans["iin"], plans["iin"]
            assert search.RECEIPT_BUCKET_INDEX in plans["receipt"], plans["receipt"]
            assert search.RECEIPT_TAIL_INDEX in plans["tail"], plans["tail"]


DATED = [
    "омаров 20261121",
    "ерлан 1121",
    "ким 261122",
    "омаров динара 1123",
    "ом динара 20261121",
    "вко 2611",
]


@pytest.mark.parametrize("limit", [50, 3])
@pytest.mark.parametrize(
    ("common", "name_rows"),
    [(0.3, 400), (0.05, 1)],
    ids=["rare: a month", "common: a year whose name rows are not all tested"],
)
def test_digits_common_before_the_last_dash_are_read_a_bucket_at_a_time(
    db, many, monkeypatch, limit, common, name_rows
):
    """PostgreSQL: digits in many receipt numbers before their last dash beside a name — a day of these few, as a
    month of a real office, or common there as a year, when a name's rows below its newest number are too many to
    test — are read from the digits' index a bucket of ids at a time, down from the newest bucket holding them,
    until the page is full (migration 0022): the applications every row tested finds."""
    statements: list[str] = []

    def executed(_conn, _cursor, statement, *_args):
        statements.append(statement)

    monkeypatch.setattr(search.tuning, "COMMON_DIGITS", common)
    monkeypatch.setattr(search.tuning, "NAME_ROWS_FOR_DIGITS", name_rows)
    with db.engine.connect() as connection:
        event.listen(connection, "before_cursor_execute", executed)
        for text_ in DATED:
            assert matching_ids(connection, search_words(text_), text_, limit) == expected(
                many, text_, limit
            ), text_
    walked = [s for s in statements if "walk (bucket, ids, found)" in s]
    if db.is_sqlite:
        assert not walked
    else:
        assert len(walked) >= len(DATED) - 1, statements  # one of them may be common in the IINs


def test_a_search_asked_again_and_again_is_planned_for_its_values_each_time(db, many):
    """psycopg prepares a statement run five times on a connection, and PostgreSQL may then keep one plan for
    any values (a month's probe read whole ranges so, 0.3 s instead of 3 ms): the search's statements are never
    prepared, and the connection prepares the rest of the application's statements as before."""
    with db.engine.connect() as connection:
        for _ in range(8):  # a window's search of a month, asked again and again
            want = expected(many, "1-2026112", 5)
            assert matching_ids(connection, search_words("1-2026112"), "1-2026112", 5) == want
        if db.is_sqlite:
            return
        prepared = connection.exec_driver_sql("SELECT statement FROM pg_prepared_statements").scalars().all()
        assert not [statement for statement in prepared if "probe" in statement], prepared
        driver = connection.connection.driver_connection
        assert driver is not None and driver.prepare_threshold == 5  # psycopg's default, given back
        for _ in range(6):
            connection.exec_driver_sql("SELECT count(*) FROM applications WHERE id > %(id)s", {"id": 0})
        prepared = connection.exec_driver_sql("SELECT statement FROM pg_prepared_statements").scalars().all()
        assert any("count(*) FROM applications" in statement for statement in prepared), prepared


@pytest.mark.parametrize(
    "text",
    [
        *NEVER_TOGETHER,
        "омаров д а",
        "ова и",
        "ерлан динар омар",
        "динара ерлан ерланқызы омарова",
        "динара 1-2026112",
    ],
)
def test_name_words_beside_short_words_or_a_third_word_are_read_from_the_name_words(
    db, many, monkeypatch, text
):
    """Words under three characters, a third word, digits and a dash beside name words: answered by the name-word
    lists (and the suffix table), never the trigram index (SQLite's FTS5 table, PostgreSQL's GIN index or the
    newest rows before it); a word under three characters that no word holds, or two words never together, at
    once from the vocabulary or the first chunks."""
    monkeypatch.setattr(search.tuning, "NAME_CHUNK", 4)  # several rounds
    statements: list[str] = []
    with db.engine.connect() as connection:
        event.listen(connection, "before_cursor_execute", lambda *args: statements.append(args[2]))
        assert matching_ids(connection, search_words(text), text, 50) == expected(many, text, 50)
    statements = [s for s in statements if s != "BEGIN"]  # (the SQLite driver's, before the first statement)
    assert statements and not [
        s for s in statements if search.FTS_TABLE in s or "FROM applications ORDER BY" in s
    ]
    if text in ("омаров ъ", "омаров ъъ"):
        assert len(statements) == 1 and search.NAME_VOCABULARY in statements[0], statements


def test_a_rare_letter_among_many_words_is_read_by_the_index_key_by_key(db, many, monkeypatch):
    """A word under three characters held by many words, rare among the rows of the other word: once it proves
    rare, the pairs of its words are read key by key from the b-tree, each key's newest ids (PostgreSQL, which
    cannot guess how many ids an array of keys holds, would otherwise read the whole table)."""
    # fewer keys than the pairs of "омаров", "омарова" and the two words holding "ұр"
    monkeypatch.setattr(search.tuning, "WORD_KEYS", 2)
    monkeypatch.setattr(search.tuning, "SHORT_KEYS", 0)
    monkeypatch.setattr(search.tuning, "SHORT_ROWS", 0)
    monkeypatch.setattr(search.tuning, "NAME_CHUNK", 4)
    statements: list[tuple[str, object]] = []
    with db.engine.connect() as connection:
        listen = lambda *args: statements.append((args[2], args[3]))  # noqa: E731
        event.listen(connection, "before_cursor_execute", listen)
        assert matching_ids(connection, ["омаров", "ұр"], "омаров ұр", 5) == expected(many, "омаров ұр", 5)
        event.remove(connection, "before_cursor_execute", listen)
        keyed = [s for s in statements if "json_each" in s[0] or "unnest(" in s[0]]
        assert keyed, statements
        if db.is_sqlite:
            plan = " ".join(
                row[-1]
                for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + keyed[0][0], keyed[0][1])
            )
            assert (
                f"SEARCH {search.NAME_WORD_TABLE} USING PRIMARY KEY (word=? AND application_id<?)" in plan
            ), plan
        else:
            connection.exec_driver_sql("SET enable_seqscan = off")  # (a few hundred rows: as at a million)
            connection.exec_driver_sql("SET enable_bitmapscan = off")
            plan = " ".join(
                row[0] for row in connection.exec_driver_sql("EXPLAIN " + keyed[0][0], keyed[0][1])
            )
            assert f"Index Only Scan Backward using pk_{search.NAME_WORD_TABLE}" in plan, plan
            assert "Nested Loop" in plan, plan


def suffixes(rows) -> set[tuple[int, str, int]]:
    """What the suffix table must hold: each number's suffixes of three or more characters holding a dash, with
    the id and its bucket."""
    return {
        (id_ // search.SUFFIX_BUCKET, number[k:], id_)
        for id_, number in rows
        for k in range(len(number) - 2)
        if "-" in number[k:]
    }


@pytest.mark.parametrize("backend", backend_params())
def test_the_suffix_table_is_filled_for_stored_rows_and_kept_in_step(backend, tmp_path):
    """Migration 0017 fills the suffix table from the applications already stored; then every insert, change of
    a number and delete keeps it in step (triggers), and a middle is found by it alone."""
    if backend == "postgresql" and postgres_base_url() is None:
        pytest.skip("COUNTER_TEST_PG_URL is not set")
    rows = application_rows(61, seed=5)
    for number, row in enumerate(rows, 1):  # ids 7000 apart: 26 buckets
        row["id"] = number * 7000
    with database_url(backend, tmp_path) as url:
        db = Database(url)
        try:
            db.upgrade("0016")  # the schema before the suffix table, with applications stored in it
            with db.engine.begin() as connection:
                connection.execute(insert(ApplicationRow.__table__), rows[:60])
            db.upgrade()

            def stored() -> set[tuple[int, str, int]]:
                with db.engine.connect() as connection:
                    return set(
                        connection.execute(text(f"SELECT bucket, suffix, application_id FROM {SUFFIX_TABLE}"))
                    )

            def numbers() -> set[tuple[int, str]]:
                with db.engine.connect() as connection:
                    return set(connection.execute(text("SELECT id, receipt_number FROM applications")))

            assert len(numbers()) == 60
            assert stored() == suffixes(numbers())
            with db.engine.begin() as connection:
                connection.execute(insert(ApplicationRow.__table__), rows[60:])
                connection.execute(
                    text("UPDATE applications SET receipt_number = '77-20261201-9876' WHERE id = 21000")
                )
                connection.execute(
                    text("UPDATE applications SET applicant_iin = '000000000000' WHERE id = 28000")
                )
                connection.execute(text("DELETE FROM applications WHERE id = 35000"))
            assert len(numbers()) == 60 and (21000, "77-20261201-9876") in numbers()
            assert stored() == suffixes(numbers())
            with db.engine.connect() as connection:
                assert matching_ids(connection, ["01-98"], "01-98", 50) == [21000]
                assert matching_ids(connection, ["-0061"], "-0061", 50) == [61 * 7000]
        finally:
            db.dispose()


def name_keys(rows, backend: str) -> set[tuple[str, int]]:
    """What the name-word table must hold: each application's words (its folded name's, its department's in
    lower case with the dash after it, pieces holding more than digits and dashes) and every pair of them.
    SQLite's lower() changes ASCII letters only (the vocabulary's FTS5 table folds the rest when searching)."""
    keys = set()
    for id_, name, department in rows:
        lowered = department.lower() if backend == "postgresql" else department.translate(ASCII_LOWER)
        words = {w for w in name.split(" ") if w}
        words |= {w for w in (lowered + "-").split(" ") if w.strip("0123456789-")}
        keys |= {(w, id_) for w in words} | {(f"{a} {b}", id_) for a in words for b in words if a < b}
    return keys


ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@pytest.mark.parametrize("backend", backend_params())
def test_the_name_word_table_is_filled_for_stored_rows_and_kept_in_step(backend, tmp_path):
    """Migration 0018 (SQLite; 0016 on PostgreSQL) fills the name words and their pairs from the applications
    already stored; then every insert, change of a name or department and delete keeps them in step (triggers),
    and the vocabulary holds every word."""
    if backend == "postgresql" and postgres_base_url() is None:
        pytest.skip("COUNTER_TEST_PG_URL is not set")
    rows = application_rows(61, seed=9)
    rows[0] |= {"applicant_name": 'Ке"ли\\ Ли  Ке"ли\\', "applicant_name_folded": 'ке"ли\\ ли  ке"ли\\'}
    rows[1]["department"] = "Шығыс 12"
    with database_url(backend, tmp_path) as url:
        db = Database(url)
        try:
            db.upgrade("0015" if backend == "postgresql" else "0017")  # before the name-word table
            with db.engine.begin() as connection:
                connection.execute(insert(ApplicationRow.__table__), rows[:60])
            db.upgrade()

            def stored() -> set[tuple[str, int]]:
                with db.engine.connect() as connection:
                    return set(
                        connection.execute(text(f"SELECT word, application_id FROM {search.NAME_WORD_TABLE}"))
                    )

            def applications() -> set[tuple[int, str, str]]:
                with db.engine.connect() as connection:
                    return set(
                        connection.execute(
                            text("SELECT id, applicant_name_folded, department FROM applications")
                        )
                    )

            def vocabulary() -> set[str]:
                with db.engine.connect() as connection:
                    return set(
                        connection.execute(text(f"SELECT word FROM {search.NAME_VOCABULARY}")).scalars()
                    )

            assert len(applications()) == 60
            assert stored() == name_keys(applications(), backend)
            assert ("шығыс", 2) in stored() if backend == "postgresql" else ("Шығыс", 2) in stored()
            assert vocabulary() == {word for word, _ in stored() if " " not in word}
            with db.engine.begin() as connection:
                connection.execute(insert(ApplicationRow.__table__), rows[60:])
                connection.execute(
                    text(
                        "UPDATE applications SET applicant_name_folded = 'заболотная ерлан-мария' WHERE id = 21"
                    )
                )
                connection.execute(text("UPDATE applications SET department = 'Қала 3' WHERE id = 28"))
                connection.execute(
                    text("UPDATE applications SET applicant_iin = '000000000000' WHERE id = 29")
                )
                connection.execute(text("DELETE FROM applications WHERE id = 35"))
            assert len(applications()) == 60
            assert stored() == name_keys(applications(), backend)
            assert {word for word, _ in stored() if " " not in word} <= vocabulary()
            assert {"заболотная", "ерлан-мария"} <= vocabulary()
            with db.engine.connect() as connection:
                assert matching_ids(connection, ["ерлан-мар"], "ерлан-мар", 50) == [21]
                assert matching_ids(connection, ["мария", "заболот"], "мария заболот", 50) == [21]
                assert matching_ids(connection, ['е"ли\\'], 'е"ли\\', 50) == [1]
        finally:
            db.dispose()


@pytest.mark.parametrize("backend", backend_params())
@pytest.mark.parametrize("before", ["0019", "0020", "0021"])
def test_digits_beside_a_name_are_found_in_the_iin_and_the_number_stored_before_and_after(
    backend, before, tmp_path, monkeypatch
):
    """Migrations 0020 and 0021 index the IIN and the whole receipt number of the applications already stored
    (0021 again, for a database 0020 indexed the last part of), 0022 with each row's bucket of ids (PostgreSQL,
    for a database 0021 indexed without them); then every insert, change of an IIN or a number and delete keeps
    the index in step, so that digits typed beside a name are found in any part of them, by the digits' index
    alone or beside the receipt's middle (``DIGITS_ROWS`` too few)."""
    if backend == "postgresql" and postgres_base_url() is None:
        pytest.skip("COUNTER_TEST_PG_URL is not set")
    rows = application_rows(40, seed=9)
    for number, row in enumerate(rows, 1):
        row.update(
            id=number * 7000,
            applicant_name="Омаров Ерлан",
            applicant_name_folded="омаров ерлан",
            applicant_iin=f"9{number:02d}000000000",
            receipt_number=f"1-20261120-{number:04d}",
        )
    rows[4]["applicant_iin"] = "123456789012"  # "5678" in the IIN only
    rows[6]["receipt_number"] = "1-20261120-5678"  # in the serial only
    rows[8]["receipt_number"] = "1-20255678-0009"  # before the last dash only
    rows[9]["receipt_number"] = "ВКО-567-20261120-0010"  # a department with digits
    with database_url(backend, tmp_path) as url:
        db = Database(url)
        try:
            db.upgrade(before)  # before the digits' index, or with the last part alone, applications stored
            with db.engine.begin() as connection:
                connection.execute(insert(ApplicationRow.__table__), rows[:30])
                if before == "0020":  # an index that holds nothing of them: 0021 must build it again
                    if backend == "sqlite":
                        connection.exec_driver_sql(
                            f"INSERT INTO {search.DIGITS_TABLE} ({search.DIGITS_TABLE}) VALUES ('delete-all')"
                        )
                    else:
                        connection.exec_driver_sql(
                            f"CREATE OR REPLACE FUNCTION {search.DIGIT_GRAMS_FUNCTION}(id integer, iin text, "
                            "number text, name text, department text) RETURNS integer[] LANGUAGE sql IMMUTABLE "
                            "AS $$ SELECT '{}'::integer[] $$"
                        )
                        connection.exec_driver_sql(f"REINDEX INDEX {search.PG_DIGITS_INDEX}")
                if (
                    before == "0021" and backend == "postgresql"
                ):  # as 0021 built it: no buckets, 0022 adds them
                    for statement in search.digits_drop_statements(backend) + search.digits_statements(
                        backend, buckets=False
                    ):
                        connection.exec_driver_sql(statement)
            db.upgrade()

            def found(text_: str) -> list[int]:
                with db.engine.connect() as connection:
                    return matching_ids(connection, search_words(text_), text_, 50)

            for digits_rows in (3000, 2):  # the digits' index alone, or beside the middle
                monkeypatch.setattr(search.tuning, "DIGITS_ROWS", digits_rows)
                assert found("омаров 5678") == [9 * 7000, 7 * 7000, 5 * 7000]
                assert found("ерлан 61120") == [i * 7000 for i in range(30, 0, -1) if i != 9]  # the day
                assert found("ерлан 20255") == [9 * 7000]
            with db.engine.begin() as connection:
                connection.execute(insert(ApplicationRow.__table__), rows[30:])
                connection.execute(
                    text("UPDATE applications SET applicant_iin = '000056780000' WHERE id = 63000")
                )
                connection.execute(
                    text("UPDATE applications SET receipt_number = '1-20261120-0567' WHERE id = 49000")
                )
                connection.execute(
                    text("UPDATE applications SET applicant_iin = '111111111111' WHERE id = 35000")
                )
                connection.execute(text("DELETE FROM applications WHERE id = 280000"))
            for digits_rows in (3000, 2):
                monkeypatch.setattr(search.tuning, "DIGITS_ROWS", digits_rows)
                assert found("омаров 5678") == [63000]  # a changed IIN, a changed serial, none stale
                assert found("ерлан 567") == [10 * 7000, 63000, 49000]
                assert found("ерлан 0040") == []  # deleted
                assert found("омаров 2100") == [21 * 7000]  # the IIN 921000000000
                assert found("ким 5678") == []
        finally:
            db.dispose()
