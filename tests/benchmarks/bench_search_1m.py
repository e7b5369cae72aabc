"""Searches and the handoff queue on a database of 1,000,000 applications, SQLite and PostgreSQL. Run on demand:

    /work/venv/bin/python -m tests.benchmarks.bench_search_1m [--backend sqlite|postgresql|both]
        [--applications N] [--runs N] [--explain] [--sqlite-file PATH]

Not collected by pytest (the file name does not start with ``test_``; tests/benchmarks is ignored too).
The database is filled by ``big_office.fill`` (bulk inserts, fixed seed: two years of one department, ~90%
accepted, ~2% of the packages still in the handoff queue) and the fill is timed. The queries then run in a
process of their own, so that its memory is the queries' only: "first" is the first call in that process (a
new connection; the operating system's file cache is warm from the fill), then the median of ``--runs`` calls.
Peak memory: what Python allocated during one more call (tracemalloc, apart because tracing slows the call
down), and the query process's peak resident set at the end. ``--explain`` prints the plan of every statement
of a query slower than ``--slow`` ms (EXPLAIN QUERY PLAN on SQLite, EXPLAIN ANALYZE on PostgreSQL).
PostgreSQL uses a new schema on ``$COUNTER_TEST_PG_URL``, dropped afterwards; ``--sqlite-file`` keeps (or
reuses, when it exists) the SQLite file instead of a temporary one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing as mp
import os
import resource
import statistics
import tempfile
import time
import tracemalloc
from contextlib import ExitStack
from pathlib import Path

from sqlalchemy import event, func, select

from tests.support.big_office import TODAY, describe, fill
from tests.support.databases import PG_URL_VARIABLE, postgres_base_url, temporary_postgres_schema


def queries(db, probes: dict) -> list[tuple[str, object]]:
    """(label, call) of everything timed; each call returns what the screen would show."""
    from counter_app.core.usecases.applications import SearchTooShort, search_applications
    from counter_app.core.usecases.changes import change_stamp
    from counter_app.core.usecases.package_reads import handoff_queue, queued_packages

    def refused(text: str) -> list:
        try:
            return search_applications(db, text)
        except SearchTooShort:
            return []

    return [
        (FLOOR, lambda: search_applications(db, probes["iin"])),
        ("search: IIN, last 4 digits", lambda: search_applications(db, probes["iin"][-4:])),
        ("search: IIN, last 3 digits", lambda: search_applications(db, probes["iin"][-3:])),
        ("search: receipt number", lambda: search_applications(db, probes["receipt"])),
        ("search: receipt, day part", lambda: search_applications(db, probes["receipt"].rsplit("-", 1)[0])),
        (
            "search: receipt w/o department",
            lambda: search_applications(db, probes["receipt"].split("-", 1)[1]),
        ),
        (
            "search: day w/o department",
            lambda: search_applications(db, "-" + probes["receipt"].split("-")[1]),
        ),
        ("search: name, common word", lambda: search_applications(db, "Динара")),
        ("search: name, part, CAPS", lambda: search_applications(db, "ОМАР")),
        ("search: name, ё folded", lambda: search_applications(db, "алёна")),
        ("search: name, Kazakh word", lambda: search_applications(db, "Әйгерім")),
        ("search: name, two words", lambda: search_applications(db, "омарова динара")),
        ("search: name, no match", lambda: search_applications(db, "Заболотный")),
        ("search: two letters (refused)", lambda: refused("ли")),
        ("handoff_queue", lambda: handoff_queue(db, TODAY)),
        ("queued_packages, busiest", lambda: queued_packages(db, probes["busiest"], TODAY)),
        ("change_stamp", lambda: change_stamp(db)),
    ]


FLOOR = "search: whole IIN (floor)"  # a plain b-tree lookup: what every other search is compared with


def _size(result: object) -> str:
    return str(len(result)) if isinstance(result, list) else "-"


def time_queries(url: str, probes: dict, runs: int, explain: bool, slow_ms: float, results) -> None:
    """In a process of its own: first call, median of ``runs``, tracemalloc peak; plans of slow queries."""
    from counter_app.core.usecases.package_reads import handoff_queue
    from counter_app.storage.db import Database

    db = Database(url)
    statements: list[tuple[str, object]] = []

    @event.listens_for(db.engine, "before_cursor_execute")
    def _seen(_conn, _cursor, statement, parameters, _context, _executemany) -> None:
        statements.append((statement, parameters))

    busiest = max(handoff_queue(db, TODAY), key=lambda q: q.total)  # also warms the office settings read
    probes = {**probes, "busiest": busiest.provider.id}
    rows = []
    for label, call in queries(db, probes):
        statements.clear()
        start = time.perf_counter()
        result = call()
        first = (time.perf_counter() - start) * 1000
        seen = [s for s in statements if s[0].lstrip().upper().startswith("SELECT")]
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            call()
            times.append((time.perf_counter() - start) * 1000)
        tracemalloc.start()
        call()
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        median = statistics.median(times)
        plans = explain_all(db, seen) if explain and median > slow_ms else []
        rows.append((label, _size(result), first, median, min(times), peak / 2**20, plans))
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10  # KiB on Linux
    results.put((rows, max_rss, busiest.provider.name.ru, busiest.total))
    db.dispose()


def explain_all(db, statements: list[tuple[str, object]]) -> list[str]:
    plans = []
    with db.engine.connect() as connection:
        for statement, parameters in statements:
            if (
                "office_settings" in statement
                or "service_providers" in statement
                or "FROM windows" in statement
            ):
                continue  # the office settings: a handful of rows
            prefix = "EXPLAIN QUERY PLAN " if db.is_sqlite else "EXPLAIN (ANALYZE, BUFFERS) "
            lines = connection.exec_driver_sql(prefix + statement, parameters).all()
            text = "\n".join(f"    {row[-1] if db.is_sqlite else row[0]}"[:300] for row in lines)
            plans.append(f"  {' '.join(statement.split())[:300]}\n{text}")
    return plans


def run(
    backend: str, applications: int, runs: int, explain: bool, slow_ms: float, sqlite_file: str | None
) -> None:
    from counter_app.core.domain.catalog import load_catalog
    from counter_app.core.usecases.demo import seed_demo
    from counter_app.storage.db import open_database

    with ExitStack() as stack:
        if backend == "sqlite":
            path = (
                Path(sqlite_file)
                if sqlite_file
                else Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="counter-1m-")))
                / "counter.sqlite3"
            )
            reuse = path.exists()
            url = f"sqlite:///{path}"
        else:
            url, reuse = stack.enter_context(temporary_postgres_schema(postgres_base_url())), False
        db = open_database(url)
        try:
            if reuse:
                print(f"{backend}: reusing {path} (no fill)")
                probes = probes_of(db)
            else:
                seed_demo(db)
                report = fill(db, load_catalog(), applications)
                print(f"{backend}: filled in {report.seconds:.0f} s: {describe(report)}")
                probes = {"iin": report.probe_iin, "receipt": report.probe_receipt}
            if db.is_sqlite:
                print(f"{backend}: file {path.stat().st_size / 2**30:.2f} GiB")
            else:
                with db.read() as session:
                    size = session.scalar(select(func.pg_database_size(func.current_database())))
                print(f"{backend}: database {size / 2**30:.2f} GiB (the whole database, other schemas too)")
        finally:
            db.dispose()
        context = mp.get_context("spawn")
        results = context.Queue()
        process = context.Process(target=time_queries, args=(url, probes, runs, explain, slow_ms, results))
        process.start()
        rows, max_rss, busiest_name, busiest_total = results.get()
        process.join()
    print(f"{backend}: busiest provider {busiest_name} ({busiest_total} packages in the queue)")
    floor = next(median for label, _size, _first, median, *_rest in rows if label == FLOOR)
    print(
        f"{'query':<30} {'rows':>5} {'first ms':>9} {'median ms':>10} {'min ms':>8} {'× floor':>8} {'peak MiB':>9}"
    )
    for label, size, first, median, fastest, peak, _plans in rows:
        print(
            f"{label:<30} {size:>5} {first:>9.1f} {median:>10.1f} {fastest:>8.1f} {median / floor:>8.1f} "
            f"{peak:>9.1f}"
        )
    print(f"query process peak RSS: {max_rss:.0f} MiB")
    for label, *_rest, plans in rows:
        if plans:
            print(f"plan of {label}:")
            print("\n".join(plans))
    print(flush=True)


def probes_of(db) -> dict:
    """For a reused file: the IIN with the most applications and a receipt number from the middle."""
    from counter_app.storage.intake_tables import ApplicationRow

    with db.read() as session:
        iin = session.scalar(
            select(ApplicationRow.applicant_iin)
            .group_by(ApplicationRow.applicant_iin)
            .order_by(func.count().desc())
            .limit(1)
        )
        middle = (session.scalar(select(func.max(ApplicationRow.id))) or 0) // 2
        receipt = session.scalar(select(ApplicationRow.receipt_number).where(ApplicationRow.id == middle))
    return {"iin": iin, "receipt": receipt}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--applications", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--explain", action="store_true", help="plans of the queries slower than --slow")
    parser.add_argument("--slow", type=float, default=100.0, help="ms")
    parser.add_argument("--sqlite-file", help="keep the filled SQLite file here (reused when it exists)")
    args = parser.parse_args()
    from argon2 import PasswordHasher, profiles

    from counter_app.core.domain import passwords

    passwords.set_hasher(PasswordHasher.from_parameters(profiles.CHEAPEST))  # seeding the demo users
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    if "postgresql" in backends and postgres_base_url() is None:
        raise SystemExit(f"set {PG_URL_VARIABLE} for the PostgreSQL run (or --backend sqlite)")
    print(
        f"{args.applications} applications, {args.runs} runs each, {os.cpu_count()} CPUs, "
        f"{dt.date.today():%Y-%m-%d}"
    )
    for backend in backends:
        run(backend, args.applications, args.runs, args.explain, args.slow, args.sqlite_file)


if __name__ == "__main__":
    main()
