"""Time opening the manager's Handoff screen with 10,000 accepted packages in the database. Run on demand:

    QT_QPA_PLATFORM=offscreen /work/venv/bin/python -m tests.benchmarks.bench_handoff_screen [--packages N]
        [--runs N] [--one-provider]

A migrated SQLite file gets the demo office and one application accepted through ``core.usecases.intake.accept``; its
rows are the template for N more, inserted in bulk with SQLAlchemy (applications, packages, their first
history entry): spread over the four providers (40/30/20/10 %) and over the last three weeks of acceptance
days, so every provider has overdue, due-today and later packages. ``--one-provider`` puts them all on one
provider (the worst case for the table). Timed: from building the screen to the provider's packages being in
the table (the first background read, the model reset and the events after it), median of the runs; then
once more under tracemalloc for the peak of Python allocations, and the process's peak RSS.

Not collected by pytest (the file name does not start with ``test_``; tests/benchmarks is ignored too).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import resource
import statistics
import tempfile
import time
import tracemalloc
from pathlib import Path

os.environ["QT_API"] = "pyside6"
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("COUNTER_DATA_DIR", tempfile.mkdtemp(prefix="bench-handoff-"))

import qasync
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, insert, select

from counter_app.core.domain.calendar import handoff_due_date
from counter_app.core.domain.catalog import load_catalog
from counter_app.core.domain.clock import SettableClock
from counter_app.core.usecases.accounts import Accounts
from counter_app.core.usecases.demo import seed_demo
from counter_app.core.usecases.intake import accept
from counter_app.core.usecases.office_settings import OfficeSettings
from counter_app.storage.db import Database, open_database
from counter_app.storage.handoff_tables import PackageEventRow
from counter_app.storage.intake_tables import ApplicationRow, PackageRow
from counter_app.storage.search import fold
from counter_app.ui.app import register_fonts
from counter_app.ui.context import AppContext
from counter_app.ui.handoff import HandoffScreen
from counter_app.ui.kit import operations
from tests.support.intake_helpers import complete_draft

TODAY = dt.date(2026, 11, 24)
SURNAMES = ("Сәрсенбаева", "Құрманғалиев", "Иванова", "Өтеміс", "Жұмабекова", "Үсенов", "Ахметов", "Петрова")
NAMES = ("Әйгерім", "Нұрлан", "Мария", "Ұлжан", "Ғалымжан", "Іңкәр", "Болат", "Анна")


def fill(db: Database, packages: int, one_provider: bool) -> None:
    """The template application through intake, then ``packages`` copies of it inserted in bulk."""
    catalog = load_catalog()
    operator = Accounts(db).find("operator")
    accept(
        db,
        operator,
        complete_draft(catalog, "guardian-benefit"),
        TODAY - dt.timedelta(days=60),
        catalog=catalog,
    )
    rng = random.Random(6)
    providers = [provider.id for provider in OfficeSettings(db).load().providers]
    with db.read() as session:
        application = session.scalars(select(ApplicationRow)).one()
        package = session.scalars(select(PackageRow)).one()
        next_application = session.scalar(select(func.max(ApplicationRow.id))) + 1
        next_package = session.scalar(select(func.max(PackageRow.id))) + 1
    template_app = {
        c.key: getattr(application, c.key) for c in ApplicationRow.__table__.columns if c.key != "id"
    }
    template_package = {c.key: getattr(package, c.key) for c in PackageRow.__table__.columns if c.key != "id"}
    weights = [1.0] if one_provider else [0.4, 0.3, 0.2, 0.1]
    serial: dict[dt.date, int] = {}
    due = {day: handoff_due_date(day) for day in (TODAY - dt.timedelta(days=n) for n in range(21))}
    applications, package_rows, events = [], [], []
    for index in range(packages):
        day = TODAY - dt.timedelta(days=rng.randrange(0, 21))
        serial[day] = serial.get(day, 0) + 1
        name = f"{rng.choice(SURNAMES)} {rng.choice(NAMES)}"
        app_id, package_id = next_application + index, next_package + index
        applications.append(
            {
                **template_app,
                "id": app_id,
                "receipt_number": f"1-{day:%Y%m%d}-{serial[day]:04d}",
                "day": day,
                "applicant_name": name,
                "applicant_name_folded": fold(name),
            }
        )
        provider = rng.choices(providers[: len(weights)], weights)[0]
        package_rows.append(
            {
                **template_package,
                "id": package_id,
                "application_id": app_id,
                "provider_id": provider,
                "handoff_due": due[day],
                "result_due": day + dt.timedelta(days=10),
            }
        )
        events.append(
            {
                "package_id": package_id,
                "at": template_app["created_at"],
                "status_from": None,
                "status_to": "awaiting_handoff",
                "user_id": None,
                "username": "operator",
                "detail": "{}",
            }
        )
    with db.write() as session:
        session.execute(insert(ApplicationRow), applications)
        session.execute(insert(PackageRow), package_rows)
        session.execute(insert(PackageEventRow), events)


async def open_once(ctx: AppContext, manager) -> tuple[float, float, int]:
    """Seconds until the first rows are in the table, until all of them are, and how many there are."""
    started = time.perf_counter()
    screen = HandoffScreen(ctx, manager, clock=SettableClock.on(TODAY))
    screen.resize(1300, 820)
    screen.show()
    while not screen.loaded_once:
        await asyncio.sleep(0.001)
    await asyncio.sleep(0)  # the view lays out and paints the rows
    first = time.perf_counter() - started
    while not screen.packages_complete:
        await asyncio.sleep(0.001)
    await asyncio.sleep(0)
    whole = time.perf_counter() - started
    rows = screen.queue_tab.packages_model.rowCount()
    assert rows > 0
    screen.watcher.stop()
    screen.close()
    screen.deleteLater()
    await asyncio.sleep(0.05)
    return first, whole, rows


async def run(args: argparse.Namespace, ctx: AppContext) -> None:
    manager = Accounts(ctx.db).find("manager")
    await open_once(ctx, manager)  # warm up: imports, fonts, catalog titles
    firsts, wholes, rows = [], [], 0
    for _ in range(args.runs):
        first, whole, rows = await open_once(ctx, manager)
        firsts.append(first * 1000)
        wholes.append(whole * 1000)
    tracemalloc.start()
    await open_once(ctx, manager)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"open the Handoff screen, {args.runs} runs (median / min / max):")
    print(
        f"  first rows in the table   {statistics.median(firsts):6.0f} / {min(firsts):.0f} / {max(firsts):.0f} ms"
    )
    print(
        f"  all {rows} rows in the table {statistics.median(wholes):6.0f} / {min(wholes):.0f} / {max(wholes):.0f} ms"
    )
    print(f"peak Python allocations while opening: {peak / 2**20:.1f} MiB; process peak RSS {rss:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--one-provider", action="store_true", help="every package for the same provider")
    args = parser.parse_args()
    app = QApplication([])
    app.setQuitOnLastWindowClosed(False)  # each run closes its screen
    register_fonts(app)
    folder = Path(tempfile.mkdtemp(prefix="bench-handoff-db-"))
    db = open_database(f"sqlite:///{folder / 'counter.sqlite3'}")
    seed_demo(db)
    started = time.perf_counter()
    fill(db, args.packages, args.one_provider)
    print(
        f"{args.packages} packages inserted in {time.perf_counter() - started:.1f} s"
        f"{' (one provider)' if args.one_provider else ' (four providers, 40/30/20/10 %)'}"
    )
    ctx = AppContext(db, load_catalog())
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(run(args, ctx))
    finally:
        operations.shutdown()
        loop.close()
        db.dispose()


if __name__ == "__main__":
    main()
