"""Intakes per second with 1, 4 and 16 windows accepting at once, on SQLite and on PostgreSQL. Run on demand:

    /work/venv/bin/python -m tests.benchmarks.bench_intake_throughput [--backend sqlite|postgresql|both]
        [--windows 1 4 16] [--seconds 10 | --count N] [--service CODE]

Not collected by pytest (the file name does not start with ``test_``; tests/benchmarks is ignored too).
Every window is a process of its own with its own ``Database``, signed in as the demo operator under its own
window label, accepting complete applications (``core.usecases.intake.accept``, one write transaction each: receipt
number, application, package, history, audit) as fast as it can for ``--seconds`` (or ``--count`` each).
All windows start together. Each run gets a fresh database: a new SQLite file (WAL) in a temporary directory,
or a new schema on ``$COUNTER_TEST_PG_URL`` (dropped afterwards). Latency is per ``accept`` call, including
the office settings it reads first; one intake per window before the start warms up. Afterwards the receipt numbers are checked: as many as intakes, 1..N.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from sqlalchemy import func, select

from tests.support.databases import PG_URL_VARIABLE, postgres_base_url, temporary_postgres_schema


@contextmanager
def fresh_database(backend: str) -> Iterator[str]:
    """The URL of a new database with the schema and the demo office and users."""
    from counter_app.core.usecases.demo import seed_demo
    from counter_app.storage.db import open_database

    with ExitStack() as stack:
        if backend == "sqlite":
            directory = stack.enter_context(tempfile.TemporaryDirectory(prefix="counter-bench-"))
            url = f"sqlite:///{Path(directory) / 'counter.sqlite3'}"
        else:
            url = stack.enter_context(temporary_postgres_schema(postgres_base_url()))
        db = open_database(url)
        seed_demo(db)
        db.dispose()
        yield url


def window(url: str, label: str, service: str, seconds: float, count: int, barrier, results) -> None:
    """One window's process: accept until the time is up (or ``count`` intakes), then report the latencies."""
    from argon2 import PasswordHasher, profiles

    from counter_app.core.domain import passwords

    passwords.set_hasher(PasswordHasher.from_parameters(profiles.CHEAPEST))  # seeding the demo users
    from counter_app.core.domain.intake_rules import default_catalog
    from counter_app.core.usecases.accounts import Accounts
    from counter_app.core.usecases.intake import accept
    from counter_app.storage.db import Database
    from tests.support.intake_helpers import TODAY, complete_draft

    db = Database(url)
    catalog = default_catalog()
    operator = Accounts(db).find("operator")
    template = complete_draft(catalog, service)
    warm_up = template.model_copy(deep=True)
    warm_up.queue_ticket = f"W{label}-warm-up"
    accept(db, operator, warm_up, TODAY, window=label, catalog=catalog)  # connection, compiled statements
    barrier.wait()
    latencies: list[float] = []
    start = time.perf_counter()
    deadline = start + seconds
    index = 0
    while not count or index < count:
        draft = template.model_copy(deep=True)  # a new ticket for each citizen; only accept() is timed
        draft.queue_ticket = f"W{label}-{index:05d}"
        index += 1
        began = time.perf_counter()
        accept(db, operator, draft, TODAY, window=label, catalog=catalog)
        ended = time.perf_counter()
        latencies.append(ended - began)
        if not count and ended >= deadline:
            break
    results.put((label, time.perf_counter() - start, latencies))
    db.dispose()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def run(backend: str, windows: int, service: str, seconds: float, count: int) -> dict:
    context = mp.get_context("spawn")
    with fresh_database(backend) as url:
        barrier = context.Barrier(windows + 1)
        results = context.Queue()
        processes = [
            context.Process(target=window, args=(url, f"{i + 1}", service, seconds, count, barrier, results))
            for i in range(windows)
        ]
        for process in processes:
            process.start()
        barrier.wait()  # every window has its connection, its operator and its drafts ready
        started = time.perf_counter()
        reports = [results.get() for _ in processes]
        wall = time.perf_counter() - started
        for process in processes:
            process.join()
            if process.exitcode:
                raise SystemExit(f"a window failed (exit code {process.exitcode})")
        total = sum(len(latencies) for _label, _elapsed, latencies in reports)
        check_numbers(url, total + windows)  # and one warm-up intake per window
    all_latencies = [value for _l, _e, latencies in reports for value in latencies]
    per_window = [len(latencies) / elapsed for _label, elapsed, latencies in reports]
    return {
        "backend": backend,
        "windows": windows,
        "intakes": total,
        "seconds": wall,
        "total_rate": total / wall,
        "window_rate": statistics.mean(per_window),
        "window_min": min(per_window),
        "window_max": max(per_window),
        "p50": percentile(all_latencies, 0.50) * 1000,
        "p95": percentile(all_latencies, 0.95) * 1000,
        "max": max(all_latencies) * 1000,
    }


def check_numbers(url: str, total: int) -> None:
    """As many applications as intakes, numbered 1..N with the day's counter at N."""
    from counter_app.storage.db import Database
    from counter_app.storage.intake_tables import ApplicationRow, ReceiptCounterRow

    db = Database(url)
    try:
        with db.read() as session:
            stored = session.scalar(select(func.count()).select_from(ApplicationRow))
            distinct = session.scalar(select(func.count(func.distinct(ApplicationRow.receipt_number))))
            last = session.scalar(select(func.max(ReceiptCounterRow.last_number)))
    finally:
        db.dispose()
    if not stored == distinct == last == total:
        raise SystemExit(
            f"numbering broken: {total} intakes, {stored} stored, {distinct} numbers, counter {last}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--windows", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--seconds", type=float, default=10.0, help="how long each run lasts")
    parser.add_argument("--count", type=int, default=0, help="intakes per window instead of a time limit")
    parser.add_argument("--service", default="guardian-benefit")
    args = parser.parse_args()
    from argon2 import PasswordHasher, profiles

    from counter_app.core.domain import passwords

    passwords.set_hasher(PasswordHasher.from_parameters(profiles.CHEAPEST))  # seeding the demo users
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    if "postgresql" in backends and postgres_base_url() is None:
        raise SystemExit(f"set {PG_URL_VARIABLE} for the PostgreSQL runs (or --backend sqlite)")
    limit = f"{args.count} intakes per window" if args.count else f"{args.seconds:g} s per run"
    print(f"{args.service}, {limit}, {os.cpu_count()} CPUs")
    print(
        f"{'backend':<10} {'windows':>7} {'intakes':>8} {'total/s':>8} {'per window/s':>18} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}"
    )
    for backend in backends:
        for windows in args.windows:
            r = run(backend, windows, args.service, args.seconds, args.count)
            spread = f"{r['window_rate']:.1f} ({r['window_min']:.1f}-{r['window_max']:.1f})"
            print(
                f"{backend:<10} {windows:>7} {r['intakes']:>8} {r['total_rate']:>8.1f} {spread:>18} "
                f"{r['p50']:>7.1f} {r['p95']:>7.1f} {r['max']:>7.1f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
