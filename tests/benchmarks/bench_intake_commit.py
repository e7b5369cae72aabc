"""One intake commit beside its floor, on SQLite and PostgreSQL, in the same run. On demand:

    /work/venv/bin/python -m tests.benchmarks.bench_intake_commit [--backend sqlite|postgresql|both]
        [--count 300] [--rounds 5] [--profile]

Not collected by pytest (tests/benchmarks is ignored). One window, one process, commits one after another:

- Counter: ``core.usecases.intake.accept`` of a complete guardian-benefit application (checks, office and calendar read,
  receipt number, application, package, its first history step, audit entry, draft removed) — what the wizard's
  Accept does;
- floor: the same rows (the same columns and JSON texts) written with SQLAlchemy Core in one transaction per
  intake on the same write connection (``BEGIN IMMEDIATE`` on SQLite), statements built once: the draft removed,
  the counter upsert, the application, the package, the history step, the journal entry (the service and the
  application's digest, as Counter records it) with the hash chain (its head row locked, read and moved on, as
  the trust rules make every write do) — no checks, nothing else read (not the account, the office, the
  calendar overrides nor the day's last receipt).

Each side has its own fresh database (SQLite file in WAL mode, or a new schema on ``$COUNTER_TEST_PG_URL``);
rounds alternate between the two so that a busy machine slows both alike; the median round is printed with
the ratio, and the same for the CPU time (user + system) of one commit. Receipt numbers are checked gap-free on both
sides afterwards. ``--profile``: one more round of Counter's commits under cProfile, whose top is printed.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import os
import pstats
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from sqlalchemy import bindparam, delete, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from tests.support.databases import PG_URL_VARIABLE, postgres_base_url, temporary_postgres_schema


@contextmanager
def fresh_database(backend: str) -> Iterator[str]:
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


class Floor:
    """The rows of one intake, inserted with SQLAlchemy Core in one transaction: statements built once, run
    with each intake's values on the same write connection Counter uses (``BEGIN IMMEDIATE`` on SQLite)."""

    def __init__(self, db, operator, draft, catalog, today: dt.date) -> None:
        from counter_app.core.domain import intake_rules
        from counter_app.core.domain.intake_draft import Decision
        from counter_app.core.usecases.intake import _application_values
        from counter_app.core.usecases.office_settings import OfficeSettings
        from counter_app.storage.db import _WRITE_OPTION
        from counter_app.storage.handoff_tables import PackageEventRow
        from counter_app.storage.intake_tables import (
            ApplicationRow,
            IntakeDraftRow,
            PackageRow,
            ReceiptCounterRow,
        )
        from counter_app.storage.models import AuditChainHeadRow, AuditEntryRow

        _service, version = intake_rules.service_version(catalog, draft.service_code, today)
        states = intake_rules.assess(draft, version, today)
        office = OfficeSettings(db).load()
        self.engine = db.engine.execution_options(**{_WRITE_OPTION: True})
        self.today, self.department = today, office.department_number
        self.provider_id = intake_rules.choose_provider(office, version, draft).id
        self.operator = operator
        # The same columns and texts as Counter's row (computed once here: the floor checks nothing).
        self.application = _application_values(
            operator,
            "1",
            draft,
            version,
            self.department,
            today,
            dt.datetime.now(dt.UTC),
            Decision.ACCEPTED,
            states,
            [],
        )
        self.documents = json.dumps(intake_rules.kept_documents(states), ensure_ascii=False)
        upsert = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}[db.engine.dialect.name]
        counter = ReceiptCounterRow.__table__
        applications, packages = ApplicationRow.__table__, PackageRow.__table__
        drafts, head = IntakeDraftRow.__table__, AuditChainHeadRow.__table__
        self.discard = delete(drafts).where(
            drafts.c.user_id == bindparam("user_id"), drafts.c.window == bindparam("window")
        )
        self.bump = (
            upsert(counter)
            .values(department=bindparam("department"), day=bindparam("day"), last_number=1)
            .on_conflict_do_update(
                index_elements=[counter.c.department, counter.c.day],
                set_={"last_number": counter.c.last_number + 1},
            )
            .returning(counter.c.last_number)
        )
        self.insert_application = insert(applications).returning(applications.c.id)
        self.insert_package = insert(packages).returning(packages.c.id)
        self.insert_event = insert(PackageEventRow.__table__)
        self.lock_head = (
            select(head.c.last_entry_id, head.c.last_hash).where(head.c.id == 1).with_for_update()
        )
        self.insert_entry = insert(AuditEntryRow.__table__)
        self.move_head = head.update().where(head.c.id == 1)

    def commit(self) -> str:
        from counter_app.core.usecases.audit import entry_hash
        from counter_app.core.usecases.integrity import application_digest

        values, operator = self.application, self.operator
        now = dt.datetime.now(dt.UTC)
        with self.engine.connect() as connection, connection.begin():
            connection.execute(self.discard, {"user_id": operator.id, "window": "1"})
            serial = connection.execute(
                self.bump, {"department": self.department, "day": self.today}
            ).scalar_one()
            number = f"{self.department}-{self.today:%Y%m%d}-{serial:04d}"
            application_id = connection.execute(
                self.insert_application, {**values, "receipt_number": number, "created_at": now}
            ).scalar_one()
            package_id = connection.execute(
                self.insert_package,
                {
                    "application_id": application_id,
                    "provider_id": self.provider_id,
                    "documents": self.documents,
                    "handoff_due": self.today,
                    "result_due": self.today,
                    "status": "awaiting_handoff",
                    "status_changed_at": now,
                },
            ).scalar_one()
            connection.execute(
                self.insert_event,
                {
                    "package_id": package_id,
                    "at": now,
                    "status_from": None,
                    "status_to": "awaiting_handoff",
                    "user_id": operator.id,
                    "username": operator.username,
                    "detail": "{}",
                },
            )
            # The journal entry (the service and a digest of the application, as Counter records it) and the
            # hash chain, as every write keeps it: the head locked, the next id, its hash, the head moved on.
            digest = application_digest(
                number,
                values["applicant_iin"],
                values["applicant_name"],
                values["payload"],
                values["checklist"],
                values["missing"],
            )
            detail = f"{values['service_code']} sha256={digest}"
            last_id, last_hash = connection.execute(self.lock_head).one()
            entry_id = last_id + 1
            link = entry_hash(
                last_hash, entry_id, now, operator.id, operator.username, "intake_accepted", number, detail
            )
            connection.execute(
                self.insert_entry,
                {
                    "id": entry_id,
                    "at": now,
                    "user_id": operator.id,
                    "username": operator.username,
                    "action": "intake_accepted",
                    "subject": number,
                    "detail": detail,
                    "entry_hash": link,
                },
            )
            connection.execute(self.move_head, {"last_entry_id": entry_id, "last_hash": link})
        return number


def check_numbers(url: str, total: int) -> None:
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


def run(backend: str, count: int, rounds: int, profile: bool = False) -> tuple[float, float, float, float]:
    from counter_app.core.domain.intake_rules import default_catalog
    from counter_app.core.usecases.accounts import Accounts
    from counter_app.core.usecases.intake import accept
    from counter_app.storage.db import Database
    from tests.support.intake_helpers import TODAY, complete_draft

    catalog = default_catalog()
    template = complete_draft(catalog, "guardian-benefit")
    with fresh_database(backend) as counter_url, fresh_database(backend) as floor_url:
        counter_db, floor_db = Database(counter_url), Database(floor_url)
        operator = Accounts(counter_db).find("operator")
        floor = Floor(floor_db, Accounts(floor_db).find("operator"), template, catalog, TODAY)
        drafts = []
        total = count * (rounds + profile) + 1
        for index in range(total):
            draft = template.model_copy(deep=True)
            draft.queue_ticket = f"W1-{index:05d}"
            drafts.append(draft)
        accept(counter_db, operator, drafts.pop(), TODAY, window="1", catalog=catalog)  # warm up both
        floor.commit()
        counter_rates, floor_rates, counter_cpu, floor_cpu = [], [], [], []
        for _ in range(rounds):
            start, cpu = time.perf_counter(), time.process_time()
            for _ in range(count):
                accept(counter_db, operator, drafts.pop(), TODAY, window="1", catalog=catalog)
            counter_rates.append(count / (time.perf_counter() - start))
            counter_cpu.append((time.process_time() - cpu) / count)
            start, cpu = time.perf_counter(), time.process_time()
            for _ in range(count):
                floor.commit()
            floor_rates.append(count / (time.perf_counter() - start))
            floor_cpu.append((time.process_time() - cpu) / count)
        if profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(count):
                accept(counter_db, operator, drafts.pop(), TODAY, window="1", catalog=catalog)
            profiler.disable()
            for _ in range(count):
                floor.commit()
            stats = pstats.Stats(profiler)
            calls = stats.total_calls  # type: ignore[attr-defined]
            print(
                f"{backend}: Counter under cProfile, {count} commits, {calls / count:.0f} function calls each"
            )
            stats.sort_stats("tottime").print_stats(15)
        counter_db.dispose()
        floor_db.dispose()
        check_numbers(counter_url, total)
        check_numbers(floor_url, total)
    return (
        statistics.median(counter_rates),
        statistics.median(floor_rates),
        statistics.median(counter_cpu),
        statistics.median(floor_cpu),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--count", type=int, default=200, help="commits per round and side")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="profile one more round of Counter's commits")
    args = parser.parse_args()
    from argon2 import PasswordHasher, profiles

    from counter_app.core.domain import passwords

    passwords.set_hasher(PasswordHasher.from_parameters(profiles.CHEAPEST))  # seeding the demo users
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    if "postgresql" in backends and postgres_base_url() is None:
        raise SystemExit(f"set {PG_URL_VARIABLE} for the PostgreSQL run (or --backend sqlite)")
    print(
        f"guardian-benefit, one window, {args.rounds} rounds of {args.count} commits per side, median round, "
        f"{os.cpu_count()} CPUs"
    )
    print(
        f"{'backend':<11} {'Counter/s':>10} {'Core floor/s':>13} {'ratio':>6}   "
        f"CPU per commit: {'Counter':>8} {'floor':>8} {'ratio':>6}"
    )
    for backend in backends:
        counter, floor, counter_cpu, floor_cpu = run(backend, args.count, args.rounds, args.profile)
        print(
            f"{backend:<11} {counter:>10.0f} {floor:>13.0f} {counter / floor:>6.2f}   "
            f"{'':>15} {counter_cpu * 1000:>5.2f} ms {floor_cpu * 1000:>5.2f} ms {floor_cpu / counter_cpu:>6.2f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
