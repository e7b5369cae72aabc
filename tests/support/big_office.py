"""A department's two years of work as bulk rows: applications, packages, manifests, package history, audit.

For the benchmarks only (not collected by pytest). The rows are made from templates that the real
``core.usecases.intake.accept`` and ``refuse`` wrote on a scratch SQLite file (one per counter service and district),
with the applicant's IIN and name put into the stored draft; everything else is generated from a fixed random
seed, so the same arguments give the same database. Written by SQLite ``executemany`` (the columns' own bind
processors, ``PRAGMA synchronous=OFF`` and no journal during the fill) or PostgreSQL ``COPY``, in chunks.

Spread: intakes on the State Corporation's working days of the two years before ``TODAY``, ~90% accepted;
packages move through the contract's statuses by age (delivered and results for the last weeks, mostly issued
before), and ~2% are still in the handoff queue (the last two days' and some overdue ones), each with its
handoff manifest, return manifest where one applies, and its whole status history.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from sqlalchemy import Table, func, select, text

from counter_app.core.domain.calendar import provider_calendar, state_corporation_calendar
from counter_app.core.domain.catalog import Catalog, TermUnit
from counter_app.core.domain.iin import Sex, make_iin
from counter_app.core.domain.intake_rules import service_version
from counter_app.core.domain.packages import PackageStatus
from counter_app.storage.db import Database
from counter_app.storage.handoff_tables import ManifestPackageRow, ManifestRow, PackageEventRow
from counter_app.storage.intake_tables import ApplicationRow, PackageRow, ReceiptCounterRow, RefusalItemRow
from counter_app.storage.models import AuditEntryRow, UserRow
from counter_app.storage.search import fold

TODAY = dt.date(2026, 11, 23)
SEED = 20261123
DEPARTMENT = "1"
SERVICE_SHARE = {
    "guardian-benefit": 35,
    "camp-vouchers": 25,
    "school-transport": 15,
    "guardianship": 15,
    "parent-meeting-permission": 10,
}
DISTRICTS = {"район «Алматы»": 55, "район «Есиль»": 45}
ACCEPTED_SHARE = 0.9
STUCK_SHARE = 0.017  # older packages still in the queue (overdue): with the last two days' about 2% in all
CHUNK = 20_000  # applications per flush

S = PackageStatus
_OUT = [S.AWAITING_HANDOFF, S.ON_MANIFEST, S.WITH_COURIER, S.DELIVERED]
PATHS: dict[PackageStatus, list[PackageStatus]] = {  # every status a package went through, acceptance first
    S.AWAITING_HANDOFF: _OUT[:1],
    S.ON_MANIFEST: _OUT[:2],
    S.WITH_COURIER: _OUT[:3],
    S.DELIVERED: _OUT,
    S.RESULT_RECEIVED: [*_OUT, S.RESULT_RECEIVED],
    S.ISSUED: [*_OUT, S.RESULT_RECEIVED, S.ISSUED],
    S.RETURNED_BY_PROVIDER: [*_OUT, S.RETURNED_BY_PROVIDER],
    S.CITIZEN_INFORMED: [*_OUT, S.RETURNED_BY_PROVIDER, S.CITIZEN_INFORMED],
    S.ON_RETURN_MANIFEST: [*_OUT, S.RESULT_RECEIVED, S.ON_RETURN_MANIFEST],
    S.RETURNING_WITH_COURIER: [*_OUT, S.RESULT_RECEIVED, S.ON_RETURN_MANIFEST, S.RETURNING_WITH_COURIER],
    S.RESULT_RETURNED: [
        *_OUT,
        S.RESULT_RECEIVED,
        S.ON_RETURN_MANIFEST,
        S.RETURNING_WITH_COURIER,
        S.RESULT_RETURNED,
    ],
}
# By the package's age in days: (statuses, weights) once it has left the queue.
RECENT = ([S.DELIVERED, S.RESULT_RECEIVED, S.RETURNED_BY_PROVIDER, S.CITIZEN_INFORMED], [50, 40, 5, 5])
MONTHS = (
    [
        S.RESULT_RECEIVED,
        S.ISSUED,
        S.ON_RETURN_MANIFEST,
        S.RETURNING_WITH_COURIER,
        S.RESULT_RETURNED,
        S.CITIZEN_INFORMED,
    ],
    [20, 70, 2, 1, 2, 5],
)
OLD = ([S.ISSUED, S.RESULT_RETURNED, S.CITIZEN_INFORMED], [90, 6, 4])
QUEUE = ([S.AWAITING_HANDOFF, S.ON_MANIFEST, S.WITH_COURIER], [60, 25, 15])

LAST_NAMES = (
    "Ахметов",
    "Омаров",
    "Сейтқали",
    "Жұмабаев",
    "Серікбаев",
    "Нұрланов",
    "Әбенов",
    "Қасымов",
    "Тоқтаров",
    "Бекмұхамбетов",
    "Исмаилов",
    "Мұқанов",
    "Оспанов",
    "Сапаров",
    "Төлеуов",
    "Жақсылықов",
    "Иванов",
    "Петров",
    "Ким",
    "Ли",
    "Кузнецов",
    "Шевченко",
    "Байтұрсынов",
    "Құдайбергенов",
    "Есенов",
    "Абдрахманов",
    "Мырзахметов",
    "Ергалиев",
    "Сұлтанов",
    "Қуанышев",
    "Фёдоров",
)
FIRST_NAMES = {
    Sex.MALE: (
        "Нұрлан",
        "Ерлан",
        "Асқар",
        "Дәурен",
        "Болат",
        "Арман",
        "Ержан",
        "Марат",
        "Серік",
        "Данияр",
        "Қайрат",
        "Тимур",
        "Алексей",
        "Дмитрий",
        "Бауыржан",
        "Ерболат",
        "Жандос",
        "Мирас",
    ),
    Sex.FEMALE: (
        "Әйгерім",
        "Айгүл",
        "Гүлнар",
        "Динара",
        "Жанар",
        "Сәуле",
        "Ақмарал",
        "Мәдина",
        "Аружан",
        "Салтанат",
        "Гүлмира",
        "Анна",
        "Елена",
        "Назерке",
        "Айжан",
        "Дана",
        "Жібек",
        "Ләззат",
        "Алёна",
    ),
}
FATHERS = ("Серікұлы", "Маратұлы", "Ерланұлы", "Болатұлы", "Қайратұлы", "Асқарұлы", "Ивановұлы", "")
MANAGER_NAME = "Сапаров Ерлан Маратович"


@dataclass(frozen=True)
class Template:
    """One stored intake as accept/refuse wrote it, the applicant's IIN and name left open (``%(...)s``)."""

    service_code: str
    version_from: dt.date
    payload: str
    checklist: str
    missing: str
    documents: str  # the package's (accepted only)
    provider_id: int | None
    refusal_items: tuple[tuple[int, str, str], ...] = ()  # (item number, document key, reason) of a refusal


@dataclass
class FillReport:
    applications: int = 0
    packages: int = 0
    rows: Counter = field(default_factory=Counter)  # per table
    statuses: Counter = field(default_factory=Counter)
    probe_iin: str = ""  # a citizen who applied several times
    probe_iin_count: int = 0
    probe_receipt: str = ""
    seconds: float = 0.0


def _as_template(text_: str, iin: str, last: str, first: str) -> str:
    """The stored draft with the applicant's IIN and name made placeholders (the children's left alone)."""
    out = text_.replace("%", "%%").replace(f'"{iin}"', '"%(iin)s"', 1)
    out = out.replace(f'"last_name":"{last}"', '"last_name":"%(last)s"', 1)
    out = out.replace(f'"first_name":"{first}"', '"first_name":"%(first)s"', 1)
    return out.replace('"patronymic":""', '"patronymic":"%(father)s"', 1)


def make_templates(catalog: Catalog) -> dict[tuple[str, str, bool], Template]:
    """(service, district, accepted) -> the rows the real intake wrote for such an application."""

    from argon2 import PasswordHasher, profiles

    from counter_app.core.domain import passwords
    from counter_app.core.usecases.accounts import Accounts
    from counter_app.core.usecases.demo import seed_demo
    from counter_app.core.usecases.intake import accept, refuse
    from counter_app.storage.db import open_database
    from tests.support.intake_helpers import APPLICANT_IIN, complete_draft

    passwords.set_hasher(PasswordHasher.from_parameters(profiles.CHEAPEST))  # seeding the demo users
    templates = {}
    with tempfile.TemporaryDirectory(prefix="counter-templates-") as directory:
        db = open_database(f"sqlite:///{Path(directory) / 'templates.sqlite3'}")
        try:
            seed_demo(db)
            operator = Accounts(db).find("operator")
            for code in SERVICE_SHARE:
                for district in DISTRICTS:
                    draft = complete_draft(catalog, code)
                    draft.applicant.district = district
                    for child in draft.children:
                        child.district = district
                    refused = draft.model_copy(deep=True)
                    refused.marks.pop(next(iter(refused.marks)))
                    numbers = {
                        True: accept(db, operator, draft, TODAY, catalog=catalog),
                        False: refuse(db, operator, refused, TODAY, catalog=catalog),
                    }
                    for accepted, number in numbers.items():
                        with db.read() as session:
                            row = session.scalar(
                                select(ApplicationRow).where(ApplicationRow.receipt_number == number)
                            )
                            package = session.scalar(
                                select(PackageRow).where(PackageRow.application_id == row.id)
                            )
                        applicant = draft.applicant
                        templates[(code, district, accepted)] = Template(
                            service_code=code,
                            version_from=row.version_from,
                            payload=_as_template(
                                row.payload, APPLICANT_IIN, applicant.last_name, applicant.first_name
                            ),
                            checklist=row.checklist,
                            missing=row.missing,
                            documents=package.documents if package else "[]",
                            provider_id=package.provider_id if package else None,
                            refusal_items=tuple(
                                (int(m["number"]), m["key"].split("#")[0], m["reason"])
                                for m in json.loads(row.missing)
                                if m["reason"] in ("missing", "expired")
                            ),
                        )
        finally:
            db.dispose()
    return templates


def _person(index: int) -> tuple[str, str, str, str, Sex]:
    """Citizen number ``index``: IIN, last name, first name, patronymic (the same for the same index)."""
    mixed = (index * 2654435761) % 2**32
    sex = Sex.FEMALE if mixed % 3 else Sex.MALE  # mothers apply more often
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=mixed % 16_000)
    serial = (mixed >> 14) % 9000 + 1000
    iin = make_iin(birth, sex, serial) or make_iin(birth, sex, serial + 1) or make_iin(birth, sex, serial + 2)
    last = LAST_NAMES[(mixed >> 7) % len(LAST_NAMES)]
    if sex is Sex.FEMALE and last.endswith(("ов", "ев", "ин")):
        last += "а"
    first_names = FIRST_NAMES[sex]
    first = first_names[(mixed >> 3) % len(first_names)]
    father = FATHERS[(mixed >> 11) % len(FATHERS)]
    if sex is Sex.FEMALE and father:
        father = father.replace("ұлы", "қызы")
    return iin, last, first, father, sex


class Writer:
    """Chunks of rows into tables: SQLite executemany through the columns' bind processors, or PostgreSQL COPY."""

    def __init__(self, db: Database) -> None:
        self.db = db
        db.engine.dispose()  # SQLite leaves WAL mode only when this is the one connection
        self.raw = db.engine.raw_connection()
        self.dialect = db.engine.dialect
        self.is_sqlite = db.is_sqlite
        cursor = self.raw.cursor()
        if self.is_sqlite:
            for pragma in (
                "foreign_keys = OFF",
                "journal_mode = OFF",
                "synchronous = OFF",
                "cache_size = -400000",
            ):
                cursor.execute(f"PRAGMA {pragma}")
            cursor.execute("BEGIN")
        else:
            cursor.execute("SET synchronous_commit = off")
        cursor.close()

    def write(self, table: Table, columns: tuple[str, ...], rows: list[tuple]) -> None:
        if not rows:
            return
        names = ", ".join(self.dialect.identifier_preparer.quote(c) for c in columns)  # "window" is reserved
        if self.is_sqlite:
            processors = [
                (i, p)
                for i, c in enumerate(columns)
                if (p := table.c[c].type.dialect_impl(self.dialect).bind_processor(self.dialect))
            ]
            if processors:
                converted = []
                for row in rows:
                    values = list(row)
                    for i, process in processors:
                        values[i] = process(values[i])
                    converted.append(values)
                rows = converted
            marks = ", ".join("?" * len(columns))
            self.raw.cursor().executemany(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", rows)
        else:
            with (
                self.raw.driver_connection.cursor() as cursor,
                cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)

    def commit(self) -> None:
        if self.is_sqlite:
            cursor = self.raw.cursor()
            cursor.execute("COMMIT")
            cursor.execute("BEGIN")
        else:
            self.raw.driver_connection.commit()

    def close(self) -> None:
        cursor = self.raw.cursor()
        if self.is_sqlite:
            cursor.execute("COMMIT")
            cursor.execute("PRAGMA journal_mode = WAL")
        else:
            self.raw.driver_connection.commit()
            for table in (
                ApplicationRow,
                PackageRow,
                ManifestRow,
                ManifestPackageRow,
                PackageEventRow,
                AuditEntryRow,
                RefusalItemRow,
            ):
                name = table.__tablename__
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))"
                )
            self.raw.driver_connection.commit()
        cursor.close()
        self.raw.close()


APPLICATION_COLUMNS = (
    "id",
    "receipt_number",
    "decision",
    "status",
    "service_code",
    "version_from",
    "department",
    "day",
    "created_at",
    "user_id",
    "username",
    "window",
    "applicant_iin",
    "applicant_name",
    "applicant_name_folded",
    "payload",
    "checklist",
    "missing",
    "phone",
    "wait_seconds",
    "service_seconds",
)
REFUSAL_ITEM_COLUMNS = (
    "id",
    "application_id",
    "day",
    "service_code",
    "version_from",
    "username",
    "item_number",
    "document_key",
    "reason",
)
PACKAGE_COLUMNS = (
    "id",
    "application_id",
    "provider_id",
    "documents",
    "handoff_due",
    "result_due",
    "status",
    "status_changed_at",
    "delivered_on",
    "result_kind",
    "result_reference",
    "result_received_on",
    "issued_on",
    "return_reason",
)
MANIFEST_COLUMNS = (
    "id",
    "number",
    "kind",
    "provider_id",
    "day",
    "status",
    "created_at",
    "created_by",
    "created_by_name",
    "courier_name",
    "picked_up_at",
    "clerk_name",
    "delivered_on",
)
MANIFEST_PACKAGE_COLUMNS = ("id", "manifest_id", "package_id", "kind", "position")
EVENT_COLUMNS = ("id", "package_id", "at", "status_from", "status_to", "user_id", "username", "detail")
AUDIT_COLUMNS = ("id", "at", "user_id", "username", "action", "subject", "detail")
COUNTER_COLUMNS = ("department", "day", "last_number")
TABLES = {  # in the order a chunk is written (foreign keys point backwards)
    "applications": (ApplicationRow.__table__, APPLICATION_COLUMNS),
    "packages": (PackageRow.__table__, PACKAGE_COLUMNS),
    "refusal_items": (RefusalItemRow.__table__, REFUSAL_ITEM_COLUMNS),
    "manifests": (ManifestRow.__table__, MANIFEST_COLUMNS),
    "manifest_packages": (ManifestPackageRow.__table__, MANIFEST_PACKAGE_COLUMNS),
    "package_events": (PackageEventRow.__table__, EVENT_COLUMNS),
    "audit_entries": (AuditEntryRow.__table__, AUDIT_COLUMNS),
    "receipt_counters": (ReceiptCounterRow.__table__, COUNTER_COLUMNS),
}


def _at(day: dt.date, hour: float) -> dt.datetime:
    """A moment of ``day`` (Astana working hours given in local time), in UTC."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) + dt.timedelta(hours=hour - 5)


def fill(db: Database, catalog: Catalog, applications: int, seed: int = SEED) -> FillReport:
    """Add ``applications`` intakes with everything that followed them to an upgraded, demo-seeded database."""
    import time

    started = time.perf_counter()
    rng = random.Random(seed)
    templates = make_templates(catalog)
    calendar = state_corporation_calendar()
    days = [d for d in (TODAY - dt.timedelta(days=730 - i) for i in range(731)) if calendar.is_working_day(d)]
    per_day = Counter(rng.choices(range(len(days)), k=applications))
    citizens = max(1, int(applications * 0.7))  # some citizens come more than once
    services, service_weights = list(SERVICE_SHARE), list(SERVICE_SHARE.values())
    districts, district_weights = list(DISTRICTS), list(DISTRICTS.values())
    with db.read() as session:
        users = {row.username: row.id for row in session.scalars(select(UserRow))}
        audit_id = session.scalar(select(func.max(AuditEntryRow.id))) or 0
    operator_id, manager_id = users["operator"], users["manager"]

    providers_calendar = provider_calendar()  # one calendar: building one (the holidays) is slow

    @cache
    def dues(code: str, day: dt.date) -> tuple[dt.date, dt.date]:
        """core.calendar.handoff_due_date and core.domain.intake_rules.result_due, on the one calendar."""
        term = service_version(catalog, code, TODAY)[1].term
        if term.unit is TermUnit.WORKING_DAYS:
            result_on = providers_calendar.add_working_days(day, term.amount)
        else:
            result_on = day + dt.timedelta(days=term.amount if term.unit is TermUnit.CALENDAR_DAYS else 0)
        return providers_calendar.add_working_days(day, 1), result_on

    report = FillReport()
    buffers: dict[str, list[tuple]] = defaultdict(list)
    manifests: dict[tuple, list[int]] = {}  # (kind, provider, day, status) -> [id, positions used]
    manifest_serials: Counter = Counter()
    ids = Counter({"audit_entries": audit_id})

    def next_id(table: str) -> int:
        ids[table] += 1
        return ids[table]

    def put_on_manifest(package_id: int, kind: str, provider_id: int, day: dt.date, status: str) -> None:
        key = (kind, provider_id, day, status)
        if key not in manifests:
            prefix = "M" if kind == "handoff" else "R"
            manifest_serials[(prefix, day)] += 1
            number = f"{DEPARTMENT}-{day:%Y%m%d}-{prefix}{manifest_serials[(prefix, day)]:02d}"
            picked = _at(day, 15) if status != "open" else None
            buffers["manifests"].append(
                (
                    manifest_id := next_id("manifests"),
                    number,
                    kind,
                    provider_id,
                    day,
                    status,
                    _at(day, 9),
                    "manager",
                    MANAGER_NAME,
                    "Курьер Жанибеков Д." if picked else "",
                    picked,
                    "Исполнитель Ахметова Г." if status == "delivered" else "",
                    day if status == "delivered" else None,
                )
            )
            manifests[key] = [manifest_id, 0]
        entry = manifests[key]
        entry[1] += 1
        buffers["manifest_packages"].append(
            (next_id("manifest_packages"), entry[0], package_id, kind, entry[1])
        )

    writer = Writer(db)
    try:
        for day_index, day in enumerate(days):
            count = per_day.get(day_index, 0)
            age = (TODAY - day).days
            for serial in range(1, count + 1):
                citizen = rng.randrange(citizens) if rng.random() < 0.6 else rng.randrange(citizens // 20 + 1)
                iin, last, first, father, _sex = _person(citizen)
                code = rng.choices(services, service_weights)[0]
                district = rng.choices(districts, district_weights)[0]
                accepted = rng.random() < ACCEPTED_SHARE
                template = templates[(code, district, accepted)]
                number = f"{DEPARTMENT}-{day:%Y%m%d}-{serial:04d}"
                created = _at(day, 9 + 9 * (serial - 0.5) / count)
                name = " ".join(p for p in (last, first, father) if p)
                application_id = next_id("applications")
                buffers["applications"].append(
                    (
                        application_id,
                        number,
                        "accepted" if accepted else "refused",
                        "accepted_awaiting_handoff" if accepted else "refused",
                        code,
                        template.version_from,
                        DEPARTMENT,
                        day,
                        created,
                        operator_id,
                        "operator",
                        str(rng.randint(1, 4)),
                        iin,
                        name,
                        fold(name),
                        template.payload % {"iin": iin, "last": last, "first": first, "father": father},
                        template.checklist,
                        template.missing,
                        f"+7701{citizen % 10_000_000:07d}",
                        int(rng.expovariate(1 / 420)),
                        240 + int(rng.expovariate(1 / 360)),
                    )
                )
                if not accepted:
                    for item in template.refusal_items:
                        buffers["refusal_items"].append(
                            (
                                next_id("refusal_items"),
                                application_id,
                                day,
                                code,
                                template.version_from,
                                "operator",
                                *item,
                            )
                        )
                buffers["audit_entries"].append(
                    (
                        next_id("audit_entries"),
                        created,
                        operator_id,
                        "operator",
                        "intake_accepted" if accepted else "intake_refused",
                        number,
                        code,
                    )
                )
                if citizen == 0:
                    report.probe_iin, report.probe_iin_count = iin, report.probe_iin_count + 1
                if day_index == len(days) // 2 and serial == 1:
                    report.probe_receipt = number
                if not accepted:
                    continue
                handoff_due, result_on = dues(code, day)
                if age <= 1 or rng.random() < STUCK_SHARE:
                    status = rng.choices(*QUEUE)[0]
                elif age <= 25:
                    status = rng.choices(*RECENT)[0]
                elif age <= 60:
                    status = rng.choices(*MONTHS)[0]
                else:
                    status = rng.choices(*OLD)[0]
                report.statuses[status.value] += 1
                path = PATHS[status]
                package_id = next_id("packages")
                received = min(result_on, TODAY) if S.RESULT_RECEIVED in path else None
                issued = (
                    min(received + dt.timedelta(days=rng.randint(0, 20)), TODAY)
                    if status is S.ISSUED
                    else None
                )
                buffers["packages"].append(
                    (
                        package_id,
                        application_id,
                        template.provider_id,
                        template.documents,
                        handoff_due,
                        result_on,
                        status.value,
                        min(created + dt.timedelta(days=len(path) - 1), _at(TODAY, 9)),
                        handoff_due if S.DELIVERED in path else None,
                        "decision" if received else None,
                        f"№ {application_id} от {received:%d.%m.%Y}" if received else None,
                        received,
                        issued,
                        "Неполный пакет документов" if S.RETURNED_BY_PROVIDER in path else None,
                    )
                )
                for step, (before, after) in enumerate(zip([None, *path], path, strict=False)):
                    moment = min(
                        created + dt.timedelta(days=step), _at(TODAY, 9) + dt.timedelta(minutes=step)
                    )
                    by = (
                        (operator_id, "operator")
                        if step == 0 or after in (S.ISSUED, S.RESULT_RECEIVED)
                        else (manager_id, "manager")
                    )
                    buffers["package_events"].append(
                        (
                            next_id("package_events"),
                            package_id,
                            moment,
                            before.value if before else None,
                            after.value,
                            by[0],
                            by[1],
                            "{}",
                        )
                    )
                if S.ON_MANIFEST in path:
                    handoff_status = {S.ON_MANIFEST: "open", S.WITH_COURIER: "with_courier"}.get(
                        status, "delivered"
                    )
                    put_on_manifest(
                        package_id,
                        "handoff",
                        template.provider_id,
                        TODAY if handoff_status != "delivered" else handoff_due,
                        handoff_status,
                    )
                if S.ON_RETURN_MANIFEST in path:
                    return_status = {
                        S.ON_RETURN_MANIFEST: "open",
                        S.RETURNING_WITH_COURIER: "with_courier",
                    }.get(status, "delivered")
                    back_on = (
                        min(received + dt.timedelta(days=32), TODAY)
                        if return_status == "delivered"
                        else TODAY
                    )
                    put_on_manifest(package_id, "return", template.provider_id, back_on, return_status)
            buffers["receipt_counters"].extend([(DEPARTMENT, day, count)] if count else [])
            if len(buffers["applications"]) >= CHUNK or day_index == len(days) - 1:
                for name, (table, columns) in TABLES.items():
                    writer.write(table, columns, buffers[name])
                    report.rows[name] += len(buffers[name])
                    buffers[name].clear()
                writer.commit()
        serial_rows = [
            (f"{DEPARTMENT}/{prefix}", day, n) for (prefix, day), n in sorted(manifest_serials.items())
        ]
        writer.write(*TABLES["receipt_counters"], serial_rows)
        report.rows["receipt_counters"] += len(serial_rows)
    finally:
        writer.close()
    if not db.is_sqlite:  # what autovacuum would have done by the time anyone searches
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    report.applications = report.rows["applications"]
    report.packages = report.rows["packages"]
    report.seconds = time.perf_counter() - started
    return report


def describe(report: FillReport) -> str:
    queue = sum(report.statuses[s.value] for s in QUEUE[0])
    return (
        f"{report.applications} applications, {report.packages} packages ({queue / max(report.packages, 1):.1%} "
        f"in the handoff queue), "
        + ", ".join(f"{n} {t}" for t, n in report.rows.items() if t not in ("applications", "packages"))
    )
