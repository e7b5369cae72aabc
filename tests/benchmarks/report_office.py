"""Two years of one department as lean bulk rows, for the reports benchmark: fast enough to build 1,000,000.

Not collected by pytest. The spread is big_office's (its constants: working days of the two years before
``TODAY``, the services' shares, ~90% accepted, packages through the contract's statuses by age, ~2% still in
the handoff queue), but only the rows the reports and the board read are written, each with short texts: the
applications (no stored draft or checklist: "{}" / "[]"), their packages (some delivered or answered a day or two
late), the refused items, cancelled intakes, and the manifests of the packages now on a manifest or with a
courier. Written with big_office's ``Writer`` (SQLite executemany / PostgreSQL COPY) with the roll-up's and the
search index's triggers off; then the roll-up is counted once from the rows (``storage.rollup.rebuild``, what
migration 0013 does) and its triggers put back. The search index is left empty (nothing here reads it).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter, defaultdict
from functools import cache

from sqlalchemy import select, text

from counter_app.core.domain.calendar import provider_calendar, state_corporation_calendar
from counter_app.core.domain.catalog import Catalog, TermUnit
from counter_app.core.domain.intake_rules import service_version
from counter_app.core.domain.packages import PackageStatus
from counter_app.storage import rollup
from counter_app.storage.db import Database
from counter_app.storage.intake_tables import CancelledIntakeRow
from counter_app.storage.models import ServiceProviderRow, UserRow
from counter_app.storage.search import FTS_TABLE, receipt_suffix_drop_statements
from tests.support.big_office import (
    ACCEPTED_SHARE,
    DEPARTMENT,
    MONTHS,
    OLD,
    PATHS,
    QUEUE,
    RECENT,
    SERVICE_SHARE,
    STUCK_SHARE,
    TABLES,
    TODAY,
    Writer,
)

S = PackageStatus
SEED = 20261129
OPERATORS = ("operator", "operator2", "operator3", "operator4")
CHUNK = 50_000
CANCELLED_COLUMNS = ("id", "at", "day", "service_code", "username", "window", "applicant_name")


def _at(day: dt.date, hour: float) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) + dt.timedelta(hours=hour - 5)


def _triggers(db: Database, on: bool) -> None:
    with db.engine.begin() as connection:
        if on:
            rollup.rebuild(connection)
            rollup.install(connection)
            return
        rollup.uninstall(connection)
        if db.is_sqlite:
            for name in ("insert", "update", "delete"):
                connection.execute(text(f"DROP TRIGGER IF EXISTS {FTS_TABLE}_{name}"))
        for statement in receipt_suffix_drop_statements(connection.dialect.name, table=False):  # not searched
            connection.execute(text(statement))


def fill(db: Database, catalog: Catalog, applications: int, seed: int = SEED) -> dict[str, int]:
    """Add ``applications`` intakes and what followed them to an upgraded, demo-seeded database; rows per table."""
    started = time.perf_counter()
    rng = random.Random(seed)
    calendar, providers_calendar = state_corporation_calendar(), provider_calendar()
    days = [d for d in (TODAY - dt.timedelta(days=730 - i) for i in range(731)) if calendar.is_working_day(d)]
    per_day = Counter(rng.choices(range(len(days)), k=applications))
    services, weights = list(SERVICE_SHARE), list(SERVICE_SHARE.values())
    with db.read() as session:
        operator_id = session.scalar(select(UserRow.id).where(UserRow.username == "operator"))
        provider_ids = sorted(session.scalars(select(ServiceProviderRow.id)))

    @cache
    def dues(code: str, day: dt.date) -> tuple[dt.date, dt.date, dt.date]:
        version = service_version(catalog, code, TODAY)[1]
        term = version.term
        if term.unit is TermUnit.WORKING_DAYS:
            result_on = providers_calendar.add_working_days(day, term.amount)
        else:
            result_on = day + dt.timedelta(days=term.amount if term.unit is TermUnit.CALENDAR_DAYS else 0)
        return providers_calendar.add_working_days(day, 1), result_on, version.effective_from

    _triggers(db, on=False)
    rows: dict[str, int] = Counter()
    buffers: dict[str, list[tuple]] = defaultdict(list)
    ids: Counter = Counter()
    manifests: dict[tuple[int, str], int] = {}  # (provider, status) -> manifest id, today's

    def next_id(table: str) -> int:
        ids[table] += 1
        return ids[table]

    writer = Writer(db)
    try:
        for day_index, day in enumerate(days):
            count = per_day.get(day_index, 0)
            age = (TODAY - day).days
            for serial in range(1, count + 1):
                code = rng.choices(services, weights)[0]
                accepted = rng.random() < ACCEPTED_SHARE
                username = OPERATORS[rng.randrange(len(OPERATORS))]
                created = _at(day, 9 + 9 * (serial - 0.5) / count)
                handoff_due, result_on, version_from = dues(code, day)
                application_id = next_id("applications")
                buffers["applications"].append(
                    (
                        application_id,
                        f"{DEPARTMENT}-{day:%Y%m%d}-{serial:04d}",
                        "accepted" if accepted else "refused",
                        "accepted_awaiting_handoff" if accepted else "refused",
                        code,
                        version_from,
                        DEPARTMENT,
                        day,
                        created,
                        operator_id,
                        username,
                        str(rng.randint(1, 4)),
                        f"{application_id:012d}",
                        "Ахметова Әйгерім",
                        "ахметова әйгерім",
                        "{}",
                        "[]",
                        "[]",
                        None,
                        int(rng.expovariate(1 / 420)),
                        240 + int(rng.expovariate(1 / 360)),
                    )
                )
                if rng.random() < 0.03:
                    buffers["cancelled_intakes"].append(
                        (next_id("cancelled_intakes"), created, day, code, username, "1", "Омаров Д.")
                    )
                if not accepted:
                    for number in sorted(rng.sample(range(1, 7), rng.choice((1, 1, 2)))):
                        buffers["refusal_items"].append(
                            (
                                next_id("refusal_items"),
                                application_id,
                                day,
                                code,
                                version_from,
                                username,
                                number,
                                f"item{number}",
                                "missing" if rng.random() < 0.8 else "expired",
                            )
                        )
                    continue
                if age <= 1 or rng.random() < STUCK_SHARE:
                    status = rng.choices(*QUEUE)[0]
                elif age <= 25:
                    status = rng.choices(*RECENT)[0]
                elif age <= 60:
                    status = rng.choices(*MONTHS)[0]
                else:
                    status = rng.choices(*OLD)[0]
                path = PATHS[status]
                delivered = (
                    handoff_due + dt.timedelta(days=rng.random() < 0.04) if S.DELIVERED in path else None
                )
                received = None
                if S.RESULT_RECEIVED in path:
                    received = min(result_on + dt.timedelta(days=2 * (rng.random() < 0.06)), TODAY)
                package_id = next_id("packages")
                provider_id = provider_ids[
                    (services.index(code) + application_id % 2 * 2) % len(provider_ids)
                ]
                buffers["packages"].append(
                    (
                        package_id,
                        application_id,
                        provider_id,
                        "[]",
                        handoff_due,
                        result_on,
                        status.value,
                        min(created + dt.timedelta(days=len(path) - 1), _at(TODAY, 9)),
                        delivered,
                        "decision" if received else None,
                        f"№ {application_id}" if received else None,
                        received,
                        min(received + dt.timedelta(days=rng.randint(0, 20)), TODAY)
                        if status is S.ISSUED
                        else None,
                        "Неполный пакет документов" if S.RETURNED_BY_PROVIDER in path else None,
                    )
                )
                on = {S.ON_MANIFEST: "open", S.WITH_COURIER: "with_courier"}.get(status)
                if on:
                    if (provider_id, on) not in manifests:
                        manifest_id = manifests[(provider_id, on)] = next_id("manifests")
                        picked = _at(TODAY, 8) if on == "with_courier" else None
                        buffers["manifests"].append(
                            (
                                manifest_id,
                                f"{DEPARTMENT}-{TODAY:%Y%m%d}-M{manifest_id:02d}",
                                "handoff",
                                provider_id,
                                TODAY,
                                on,
                                _at(TODAY, 7),
                                "manager",
                                "Сапаров Ерлан Маратович",
                                "Курьер Жанибеков Д." if picked else "",
                                picked,
                                "",
                                None,
                            )
                        )
                    buffers["manifest_packages"].append(
                        (
                            next_id("manifest_packages"),
                            manifests[(provider_id, on)],
                            package_id,
                            "handoff",
                            package_id,
                        )
                    )
            if len(buffers["applications"]) >= CHUNK or day_index == len(days) - 1:
                for name in ("applications", "packages", "refusal_items", "manifests", "manifest_packages"):
                    writer.write(*TABLES[name], buffers[name])
                    rows[name] += len(buffers[name])
                    buffers[name].clear()
                writer.write(CancelledIntakeRow.__table__, CANCELLED_COLUMNS, buffers["cancelled_intakes"])
                rows["cancelled_intakes"] += len(buffers["cancelled_intakes"])
                buffers["cancelled_intakes"].clear()
                writer.commit()
    finally:
        writer.close()
    if not db.is_sqlite:
        with db.engine.connect() as connection:
            connection.exec_driver_sql(
                "SELECT setval(pg_get_serial_sequence('cancelled_intakes', 'id'), "
                "(SELECT max(id) FROM cancelled_intakes))"
            )
            connection.commit()
    rows["fill seconds"] = int(time.perf_counter() - started)
    started = time.perf_counter()
    _triggers(db, on=True)
    if not db.is_sqlite:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    else:
        with db.engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
    rows["roll-up seconds"] = int(time.perf_counter() - started)
    return dict(rows)
