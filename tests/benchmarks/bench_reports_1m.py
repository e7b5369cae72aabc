"""The manager's reports and the live board on a database of 1,000,000 applications, SQLite and PostgreSQL.

    .venv/bin/python -m tests.benchmarks.bench_reports_1m [--backend sqlite|postgresql|both]
        [--applications N] [--runs N] [--explain] [--sqlite-file PATH] [--pg-schema NAME]

Not collected by pytest. The database is filled by ``report_office.fill`` (big_office's two years of one
department, only the rows the reports read, then the roll-up counted once); ``--sqlite-file`` and
``--pg-schema`` keep the filled database and reuse it on the next run. Timed: ``core.reports.build_report`` for one month, a quarter and the whole two years
(every figure: intakes, refusals, deadlines, results, norms with percentiles), filtered by a service and by an
operator, one drill-down, and the board's refresh (``core.board``) when it is there. "first" is the first call
on a new connection (the file cache warm from the fill), then the median of ``--runs``; "CPU ms" is this
process's CPU time (for SQLite, the queries' own work; on a machine shared with other jobs the wall-clock time
is mostly waiting for a CPU).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from counter_app.core.usecases.accounts import Accounts
from tests.benchmarks.report_office import fill
from tests.support.big_office import TODAY
from tests.support.databases import PG_URL_VARIABLE, postgres_base_url, temporary_postgres_schema


def calls(db, catalog) -> list[tuple[str, object]]:
    from counter_app.core.usecases import reports
    from counter_app.core.usecases.reports import Figure, ReportFilter

    month = ReportFilter(dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    quarter = ReportFilter(dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    everything = ReportFilter(TODAY - dt.timedelta(days=731), TODAY)

    manager = Accounts(db).find("manager")

    def report(f):
        return lambda: reports.build_report(db, manager, f, TODAY, catalog)

    out = [
        ("report: one month", report(month)),
        ("report: one quarter", report(quarter)),
        ("report: two years (all)", report(everything)),
        (
            "report: two years, one service",
            report(ReportFilter(everything.date_from, TODAY, service_code="guardianship")),
        ),
        (
            "report: month, one operator",
            report(ReportFilter(month.date_from, month.date_to, operator="operator")),
        ),
        (
            "drill-down: month, late results",
            lambda: reports.applications_of(
                db, manager, month, Figure("result_deadlines", "late"), TODAY, catalog=catalog
            ),
        ),
    ]
    try:
        from counter_app.core.usecases import board
    except ImportError:
        return out
    out.append(("board: refresh", lambda: board.load_board(db, TODAY)))
    return out


def _kept_schema(base_url: str, schema: str) -> tuple[str, bool]:
    """The URL of ``schema`` (created when missing) and whether it already holds applications."""
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
            filled = connection.execute(
                text(
                    "SELECT count(*) FROM information_schema.tables WHERE table_schema = :s AND table_name = 'applications'"
                ),
                {"s": schema},
            ).scalar()
            if filled:
                filled = connection.execute(
                    text(f'SELECT EXISTS (SELECT 1 FROM "{schema}".applications)')
                ).scalar()
    finally:
        admin.dispose()
    url = make_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False), bool(filled)


def run(
    backend: str, applications: int, runs: int, explain: bool, sqlite_file: str | None, pg_schema: str | None
) -> None:
    from counter_app.core.domain.catalog import load_catalog
    from counter_app.core.usecases.demo import seed_demo
    from counter_app.storage.db import Database, open_database

    catalog = load_catalog()
    with ExitStack() as stack:
        if backend == "sqlite":
            path = (
                Path(sqlite_file)
                if sqlite_file
                else Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="counter-reports-")))
                / "counter.sqlite3"
            )
            reuse = path.exists()
            url = f"sqlite:///{path}"
        elif pg_schema:
            url, reuse = _kept_schema(postgres_base_url(), pg_schema)
        else:
            url, reuse = stack.enter_context(temporary_postgres_schema(postgres_base_url())), False
        db = open_database(url)
        try:
            if reuse:
                print(f"{backend}: reusing {path if backend == 'sqlite' else pg_schema} (no fill)")
            else:
                seed_demo(db)
                rows = fill(db, catalog, applications)
                print(f"{backend}: {rows}")
        finally:
            db.dispose()
        db = Database(url)
        statements: list[tuple[str, object]] = []

        @event.listens_for(db.engine, "before_cursor_execute")
        def _seen(_conn, _cursor, statement, parameters, _context, _executemany) -> None:
            statements.append((statement, parameters))

        print(f"{'what':<34} {'first ms':>9} {'median ms':>10} {'max ms':>8} {'CPU ms':>7}")
        for label, call in calls(db, catalog):
            statements.clear()
            start = time.perf_counter()
            result = call()
            first = (time.perf_counter() - start) * 1000
            seen = list(statements)
            times, cpu = [], []
            for _ in range(runs):
                start, start_cpu = time.perf_counter(), time.process_time()
                call()
                times.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
            print(
                f"{label:<34} {first:>9.0f} {statistics.median(times):>10.0f} {max(times):>8.0f} "
                f"{statistics.median(cpu):>7.0f}",
                flush=True,
            )
            if label.startswith("report: one month"):
                print(
                    f"    ({sum(r.accepted + r.refused for r in result.intakes)} applications in the month)"
                )
            if explain:
                with db.engine.connect() as connection:
                    for statement, parameters in seen:
                        if not statement.lstrip().upper().startswith(("SELECT", "WITH")):
                            continue
                        prefix = "EXPLAIN QUERY PLAN " if db.is_sqlite else "EXPLAIN ANALYZE "
                        start = time.perf_counter()
                        plan = connection.exec_driver_sql(prefix + statement, parameters).all()
                        took = (time.perf_counter() - start) * 1000
                        print(f"  [{took:.0f} ms] {' '.join(statement.split())[:160]}")
                        for row in plan:
                            print(f"      {str(row[-1] if db.is_sqlite else row[0])[:200]}")
        db.dispose()
    print(flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--applications", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--sqlite-file", help="keep the filled SQLite file here (reused when it exists)")
    parser.add_argument(
        "--pg-schema", help="keep the filled PostgreSQL schema (reused when it has applications)"
    )
    args = parser.parse_args()
    from argon2 import PasswordHasher, profiles

    from counter_app.core.domain import passwords

    passwords.set_hasher(PasswordHasher.from_parameters(profiles.CHEAPEST))  # seeding the demo users
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    if "postgresql" in backends and postgres_base_url() is None:
        raise SystemExit(f"set {PG_URL_VARIABLE} for the PostgreSQL run (or --backend sqlite)")
    print(
        f"{args.applications} applications, {args.runs} runs each, {os.cpu_count()} CPUs, "
        f"{dt.date.today():%Y-%m-%d}, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    for backend in backends:
        run(backend, args.applications, args.runs, args.explain, args.sqlite_file, args.pg_schema)
        print(f"load average after {backend}: {' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)


if __name__ == "__main__":
    main()
