"""Searches among N applications filled in SQL in seconds (not the whole office of bench_search_1m). On demand:

    /work/venv/bin/python -m tests.benchmarks.bench_search_trgm [--backend postgresql|sqlite] [--applications N]
        [--runs N]

Not collected by pytest (tests/benchmarks is ignored). Only ``applications`` is filled, by one INSERT … SELECT
over ``generate_series`` (PostgreSQL) or a recursive CTE (SQLite), with the trigram index in place (so kept in
step as rows go in): Kazakh and Russian names from short lists (ё in some), IINs of 12 digits, receipt numbers
over two years (on PostgreSQL with the roll-up's row triggers off, ``session_replication_role = replica``: the
search reads only ``applications``, and a million trigger calls would take most of an hour; so the receipt
numbers' suffixes are then inserted as migration 0017 does, and the name-word table of migration 0016 is filled by
the migration's own statements; on SQLite the name-word table of migration 0018 is filled by its triggers as
rows go in, or by the migration when an older ``--sqlite-file`` is reused); then PostgreSQL's VACUUM ANALYZE (what autovacuum does soon after: statistics and the visibility
map, so that ids are read from an index alone). Then every search of ``core.usecases.applications.search_applications`` runs
beside its floor, the lookup of a whole IIN (a b-tree index): first call, median of ``--runs``, the ratio of the
medians, and the process's CPU time of the median run beside the wall time (the machine may be shared); last, the ids
alone (``storage.search.matching_ids``, no rows loaded) of six name searches.
``--sqlite-file PATH`` keeps the SQLite database there and, when it is already filled, reuses it (a fill takes
minutes); ``--pg-schema NAME`` does the same with a PostgreSQL schema.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from tests.support.databases import PG_URL_VARIABLE, postgres_base_url, temporary_postgres_schema

LAST = [
    "Ахметов",
    "Омаров",
    "Сейтқали",
    "Жұмабаев",
    "Серікбаев",
    "Нұрланов",
    "Әбенов",
    "Қасымов",
    "Иванов",
    "Петров",
    "Ким",
    "Кузнецов",
    "Шевченко",
    "Фёдоров",
    "Сұлтанов",
    "Оспанов",
    "Мұқанов",
    "Тоқтаров",
]
FIRST = [
    "Нұрлан",
    "Ерлан",
    "Асқар",
    "Динара",
    "Әйгерім",
    "Айгүл",
    "Алёна",
    "Пётр",
    "Мәдина",
    "Серік",
    "Дана",
    "Жібек",
    "Тимур",
    "Алексей",
    "Гүлнар",
    "Арман",
]


def fill_sql(dialect: str, count: int) -> str:
    """One statement inserting ``count`` applications; names folded as Counter stores them (``fold``); receipt
    numbers as Counter issues them, ``1-YYYYMMDD-NNNN``: the serial counts a day's applications from 0001."""
    if count > 7_000_000:
        raise SystemExit("at most 7,000,000 applications: a day's serials have four digits")
    # the day of row i is i * 730 // count; its first row the smallest i there
    day_start = (
        f"{'max' if dialect == 'sqlite' else 'greatest'}(((i * 730 / {count}) * {count} + 729) / 730, 1)"
    )
    serial = f"i - {day_start} + 1"
    if dialect == "postgresql":
        last = "ARRAY[" + ",".join(f"'{n}'" for n in LAST) + "]"
        first = "ARRAY[" + ",".join(f"'{n}'" for n in FIRST) + "]"
        name = f"({last})[1 + (i * 7919) % {len(LAST)}] || ' ' || ({first})[1 + (i * 104729) % {len(FIRST)}]"
        return f"""
            INSERT INTO applications (receipt_number, decision, status, service_code, version_from, department, day,
                created_at, user_id, username, "window", applicant_iin, applicant_name, applicant_name_folded,
                payload, checklist, missing)
            SELECT '1-' || to_char(d, 'YYYYMMDD') || '-' || lpad(({serial})::text, 4, '0'),
                'accepted', 'accepted_awaiting_handoff', 'guardian-benefit', DATE '2022-11-01', '1', d,
                d + interval '9 hours', NULL, 'operator', '1',
                lpad(((i::bigint * 2654435761) % 1000000000000)::text, 12, '0'), n,
                replace(lower(n), 'ё', 'е'), '{{}}', '[]', '[]'
            FROM (SELECT i, DATE '2024-11-23' + (i * 730 / {count})::int AS d, {name} AS n
                  FROM generate_series(1::bigint, {count}) AS i) AS g"""
    cases_last = " ".join(f"WHEN {k} THEN '{n}'" for k, n in enumerate(LAST))
    cases_first = " ".join(f"WHEN {k} THEN '{n}'" for k, n in enumerate(FIRST))
    name = (
        f"(CASE (i * 7919) % {len(LAST)} {cases_last} END) || ' ' || "
        f"(CASE (i * 104729) % {len(FIRST)} {cases_first} END)"
    )
    folded = "lower(" + name + ")"
    for upper, lower in {**{n[0]: n[0].lower() for n in LAST + FIRST}, "ё": "е"}.items():
        folded = f"replace({folded}, '{upper}', '{lower}')"  # SQLite's lower() folds ASCII only
    return f"""
        WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < {count})
        INSERT INTO applications (receipt_number, decision, status, service_code, version_from, department, day,
            created_at, user_id, username, "window", applicant_iin, applicant_name, applicant_name_folded,
            payload, checklist, missing)
        SELECT '1-' || strftime('%Y%m%d', date('2024-11-23', '+' || (i * 730 / {count}) || ' days')) || '-'
                || printf('%04d', {serial}),
            'accepted', 'accepted_awaiting_handoff', 'guardian-benefit', '2022-11-01', '1',
            date('2024-11-23', '+' || (i * 730 / {count}) || ' days'),
            datetime('2024-11-23 09:00:00', '+' || (i * 730 / {count}) || ' days'), NULL, 'operator', '1',
            printf('%012d', (i * 2654435761) % 1000000000000), {name}, {folded}, '{{}}', '[]', '[]'
        FROM g"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--applications", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--sqlite-file", type=Path, help="keep (and reuse) the filled SQLite database here")
    parser.add_argument("--pg-schema", help="keep (and reuse) the filled PostgreSQL database in this schema")
    args = parser.parse_args()
    if args.backend == "postgresql" and postgres_base_url() is None:
        raise SystemExit(f"set {PG_URL_VARIABLE} (or --backend sqlite)")
    from counter_app.core.usecases.applications import SearchTooShort, search_applications
    from counter_app.storage.db import open_database
    from counter_app.storage.search import (
        NAME_VOCABULARY,
        NAME_WORD_TABLE,
        SUFFIX_TABLE,
        matching_ids,
        pg_name_word_fill_statements,
        receipt_suffix_fill_sql,
    )

    with ExitStack() as stack:
        if args.backend == "sqlite" and args.sqlite_file:
            url = f"sqlite:///{args.sqlite_file}"
        elif args.backend == "sqlite":
            url = f"sqlite:///{Path(stack.enter_context(tempfile.TemporaryDirectory())) / 'counter.sqlite3'}"
        elif args.pg_schema:
            from sqlalchemy import create_engine
            from sqlalchemy.engine import make_url

            base = postgres_base_url()
            admin = create_engine(base)
            with admin.begin() as connection:
                connection.exec_driver_sql(f'CREATE SCHEMA IF NOT EXISTS "{args.pg_schema}"')
            admin.dispose()
            url = (
                make_url(base)
                .update_query_dict({"options": f"-csearch_path={args.pg_schema}"})
                .render_as_string(hide_password=False)
            )
            from counter_app.storage.db import Database

            kept = Database(url)  # a kept schema is upgraded here, as "counter-app db upgrade" does
            kept.upgrade()
            kept.dispose()
        else:
            url = stack.enter_context(temporary_postgres_schema(postgres_base_url()))
        db = open_database(url)
        stack.callback(db.dispose)
        start = time.perf_counter()
        with db.engine.begin() as connection:
            filled = connection.exec_driver_sql("SELECT count(*) FROM applications").scalar()
            if not filled:
                statement = fill_sql(db.engine.dialect.name, args.applications)
                if not db.is_sqlite:  # the roll-up's row triggers (not searched) would take most of an hour
                    connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
                # psycopg reads % as a placeholder even without parameters
                connection.exec_driver_sql(statement if db.is_sqlite else statement.replace("%", "%%"))
                if not db.is_sqlite:  # the name words, as migration 0016 fills them (its trigger was off)
                    for fill in pg_name_word_fill_statements():
                        connection.exec_driver_sql(fill)
                if (
                    not db.is_sqlite
                ):  # the numbers' suffixes, as migration 0017 fills them (its trigger was off)
                    connection.exec_driver_sql(receipt_suffix_fill_sql("postgresql"))
        if not db.is_sqlite:
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("VACUUM ANALYZE applications")
                connection.exec_driver_sql(
                    f"VACUUM ANALYZE {NAME_WORD_TABLE}, {NAME_VOCABULARY}, {SUFFIX_TABLE}"
                )
        with db.engine.connect() as connection:
            count = connection.exec_driver_sql("SELECT count(*) FROM applications").scalar()
            iin, receipt, surname = connection.exec_driver_sql(
                "SELECT applicant_iin, receipt_number, applicant_name_folded FROM applications ORDER BY id "
                f"LIMIT 1 OFFSET {count // 2}"
            ).one()
        _department, day, serial = receipt.split("-")
        day_and_serial = f"{day}-{serial}"
        print(
            f"{args.backend}: {count} applications {'reused' if filled else 'filled'} in "
            f"{time.perf_counter() - start:.0f} s (trigram index kept in step)"
        )

        def refused(text: str) -> list:
            try:
                return search_applications(db, text)
            except SearchTooShort:
                return []

        queries = [
            ("whole IIN (floor)", lambda: search_applications(db, iin)),
            ("IIN, last 4 digits", lambda: search_applications(db, iin[-4:])),
            ("IIN, last 3 digits", lambda: search_applications(db, iin[-3:])),
            ("receipt number, its day", lambda: search_applications(db, f"{_department}-{day}")),
            ("receipt start, a month", lambda: search_applications(db, f"{_department}-{day[:6]}")),
            ("receipt start, a year", lambda: search_applications(db, f"{_department}-{day[:4]}")),
            ("receipt day, no department", lambda: search_applications(db, "-" + day)),
            ("receipt w/o department", lambda: search_applications(db, day_and_serial)),
            ("receipt, other middle", lambda: search_applications(db, day[4:] + "-" + serial[:2])),
            ("receipt middle, a serial", lambda: search_applications(db, "-" + serial)),
            ("receipt middle, 23-004", lambda: search_applications(db, day[6:] + "-" + serial[:3])),
            ("receipt middle, a day", lambda: search_applications(db, day[3:] + "-")),
            ("receipt middle, common", lambda: search_applications(db, "-00")),
            ("name word, common", lambda: search_applications(db, "Динара")),
            ("name part, CAPS", lambda: search_applications(db, "ОМАР")),
            ("name, ё folded", lambda: search_applications(db, "алёна")),
            ("name, Kazakh word", lambda: search_applications(db, "Әйгерім")),
            ("name, two words", lambda: search_applications(db, "омаров динара")),
            ("name, two never together", lambda: search_applications(db, "ерлан ахметов")),
            ("name, word + part typed", lambda: search_applications(db, "омаров дин")),
            ("name, word + one letter", lambda: search_applications(db, "омаров д")),
            ("name, a word's middle", lambda: search_applications(db, "рлан")),
            ("name, no match", lambda: search_applications(db, "Заболотный")),
            ("name + letter none holds", lambda: search_applications(db, "омаров ъ")),
            ("name + 2 letters none hold", lambda: search_applications(db, "омаров ъъ")),
            ("name + two letters", lambda: search_applications(db, "омаров д а")),
            ("three words, never all", lambda: search_applications(db, "омаров динара серік")),
            ("three words, never all 2", lambda: search_applications(db, "омаров динара ерлан")),
            ("name word + year", lambda: search_applications(db, "омаров 2025")),
            ("name word + receipt start", lambda: search_applications(db, "динара 1-2025")),
            ("name part + a day", lambda: search_applications(db, "омар 20251123")),
            ("name word + a serial", lambda: search_applications(db, "омаров 0042")),
            ("name word + 4 digits", lambda: search_applications(db, "ерлан 1123")),
            ("name word + 3 digits", lambda: search_applications(db, "динара 202")),
            ("two name words + year", lambda: search_applications(db, "омаров динара 2025")),
            ("name word + a month", lambda: search_applications(db, "омаров 202511")),
            ("name word + IIN's start", lambda: search_applications(db, f"{surname.split()[0]} {iin[:6]}")),
            ("name word + 3 IIN digits", lambda: search_applications(db, "омаров 777")),
            ("short word + name + year", lambda: search_applications(db, "ом динара 2025")),
            ("two letters (refused)", lambda: refused("ли")),
        ]
        ids_connection = stack.enter_context(db.engine.connect())  # the ids alone, no rows loaded
        for text in ("динара", "рлан", "омаров динара", "ерлан ахметов", "омаров дин", "омаров д"):
            words = text.split()
            queries.append((f"ids: {text}", lambda w=words, t=text: matching_ids(ids_connection, w, t, 50)))
        for text in (
            day[4:] + "-" + serial[:2],
            "-" + serial,
            day[6:] + "-" + serial[:3],
            day[3:] + "-",
            "-00",
        ):
            queries.append((f"ids: {text}", lambda t=text: matching_ids(ids_connection, [t], t, 50)))
        rows = []
        for label, call in queries:
            start = time.perf_counter()
            found = call()
            first = (time.perf_counter() - start) * 1000
            times = []
            for _ in range(args.runs):
                cpu, start = time.process_time(), time.perf_counter()
                call()
                times.append(((time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000))
            wall = statistics.median(t for t, _ in times)
            rows.append((label, len(found), first, wall, statistics.median(c for _, c in times)))
    floor = rows[0][3]
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}, {os.cpu_count()} CPUs")
    print(f"{'query':<26} {'rows':>5} {'first ms':>9} {'median ms':>10} {'CPU ms':>7} {'× floor':>8}")
    for label, size, first, median, cpu in rows:
        print(f"{label:<26} {size:>5} {first:>9.1f} {median:>10.1f} {cpu:>7.1f} {median / floor:>8.1f}")


if __name__ == "__main__":
    main()
