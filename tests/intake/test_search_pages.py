"""Search at scale: the indexes give exactly the applications the search means, the newest first, a page at a
time — compared with every row read and tested in Python, on SQLite and PostgreSQL.

PostgreSQL answers words without digits through its name-word table (a word's or a pair's newest ids), and
otherwise reads the newest rows in windows before its GIN index answers (``storage.search``); the windows, the
number of words a part may stand for and the rows tested for other words are made tiny here, so that hundreds of
rows go through every path: the word table, the first window, the grown ones, the index.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy import delete, event, insert, update

from counter_app.core.usecases.applications import search_words
from counter_app.storage import search
from counter_app.storage.intake_tables import ApplicationRow
from counter_app.storage.search import RECEIPT_START, RECEIPT_TAIL, fold, matching_ids

NAMES = ["Фёдоров Пётр", "Федорова Алёна", "Әбілқайыр Гүлнұр", "Омаров Ерлан", "Омарова Динара", "Ли Анна"]
NAMES += ["Сейт-Али Нұрлан", "Қасымов Асқар", "Динаров Тимур", "Ким Мәдина", "Иванов Иван", "Ахметов Серік"]
NAMES += ["Омарова Динара Ерланқызы", "Ким  Ким", "Ерлан Динарович Омаров"]
DEPARTMENTS = ["1", "11", "A7", "ВКО"]
COUNT = 420


@pytest.fixture
def many(db):
    """COUNT applications over a few days and three departments, names from a short list, random IINs."""
    rng = random.Random(17)
    rows = []
    for i in range(1, COUNT + 1):
        day = dt.date(2026, 11, 20) + dt.timedelta(days=i * 4 // COUNT)
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
]


def test_searches_follow_each_change_of_a_name(db, many, monkeypatch):
    """Names changed and applications deleted: the searches find what the rows say now (PostgreSQL's name-word
    table and SQLite's FTS5 table are both kept by triggers)."""
    monkeypatch.setattr(search, "PG_WORD_CANDIDATES", 7)
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


@pytest.mark.parametrize("limit", [5, 50])
@pytest.mark.parametrize("word_keys, word_candidates", [(48, 2000), (2, 7)])
def test_every_kind_of_search_finds_what_it_means_the_newest_first(
    db, many, monkeypatch, limit, word_keys, word_candidates
):
    monkeypatch.setattr(search, "PG_NEWEST_WINDOW", 16)
    monkeypatch.setattr(search, "PG_SCAN_BUDGET", 150)
    monkeypatch.setattr(search, "PG_WORD_KEYS", word_keys)
    monkeypatch.setattr(search, "PG_WORD_CANDIDATES", word_candidates)
    rng = random.Random(3)
    tails = [many[rng.randrange(len(many))].applicant_iin[-n:] for n in (3, 3, 4, 5, 8, 11)]
    checked = 0
    with db.engine.connect() as connection:
        for text in [*QUERIES, *tails, "000", "999"]:
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

    monkeypatch.setattr(search, "PG_NEWEST_WINDOW", 16)  # fewer rows than the table: the index answers
    tail = many[0].applicant_iin[-4:]
    with db.engine.connect() as connection:
        event.listen(connection, "before_cursor_execute", executed)
        # PostgreSQL's GIN index, as for a word the name-word table does not answer (one with digits)
        monkeypatch.setattr(search, "_pg_name_word_ids", lambda *_args: None)
        matching_ids(
            connection, ["заболотный"], "заболотный", 50
        )  # no match: the newest rows, then the index
        name = statements[-1]
        monkeypatch.undo()
        matching_ids(connection, ["дин", "омаров"], "дин омаров", 50)  # PostgreSQL: words, pairs, ids at once
        at_once = statements[-1]
        matching_ids(connection, ["омаров", "динара", "а"], "омаров динара а", 50)  # PostgreSQL: rows tested
        tested = next(s for s in reversed(statements) if "JOIN applications" in s[0])
        matching_ids(connection, [tail], tail, 50)
        iin = statements[-1]
        matching_ids(connection, ["1-20261121"], "1-20261121", 3)
        receipt = statements[-1]
        matching_ids(connection, ["20261121-01"], "20261121-01", 50)
        receipt_tail = statements[-1]
        event.remove(connection, "before_cursor_execute", executed)
        if db.is_sqlite:
            plans = {
                kind: " ".join(row[-1] for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + s, p))
                for kind, (s, p) in {
                    "name": name,
                    "iin": iin,
                    "receipt": receipt,
                    "tail": receipt_tail,
                }.items()
            }
            assert "VIRTUAL TABLE INDEX" in plans["name"] and "application_search" in plans["name"]
            assert search.IIN_TAIL_INDEX in plans["iin"], plans["iin"]
            assert "receipt_number" in plans["receipt"] and "INDEX" in plans["receipt"], plans["receipt"]
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
                }.items()
            }
            assert search.PG_INDEX in plans["name"], plans["name"]
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
            # the rows tested for a third word: the pair's newest ids read backwards and merged, never sorted, and
            # the loop stops at the page
            tested_plan = " ".join(
                row[0] for row in connection.exec_driver_sql("EXPLAIN " + tested[0], tested[1])
            )
            assert f"Index Only Scan Backward using pk_{search.NAME_WORD_TABLE}" in tested_plan, tested_plan
            assert "Sort" not in tested_plan.replace("Sort Key", ""), tested_plan
            assert search.IIN_TAIL_INDEX in plans["iin"], plans["iin"]
            assert search.PG_RECEIPT_INDEX in plans["receipt"], plans["receipt"]
            assert search.RECEIPT_TAIL_INDEX in plans["tail"], plans["tail"]
