"""The manager's report built from the daily roll-up: intakes, refusals, deadlines, results and norms.

Every figure is one SQL aggregate over the roll-up's counts (``storage.rollup``, kept in step with the rows by
triggers) with the conditions of ``measures``; nothing here loops over applications in Python, and no statement
reads the application or package rows except one indexed lookup per provider (the oldest overdue receipt).
The roll-up holds tens of thousands of keys for a million applications, so a report over two years costs about
what one over a month does.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from counter_app.core.domain import permissions
from counter_app.core.domain.catalog import Catalog
from counter_app.core.domain.intake_draft import Decision
from counter_app.core.domain.intake_rules import default_catalog
from counter_app.core.domain.permissions import Capability
from counter_app.core.usecases.office_settings import OfficeSettings
from counter_app.core.usecases.reports.figures import (
    HANDOFF,
    RESULT_DEADLINES,
    RESULTS,
    DayShare,
    IntakeCount,
    OldestOverdue,
    RefusalCount,
    Report,
    ReportFilter,
)
from counter_app.core.usecases.reports.measures import (
    PACKAGE_SECTIONS,
    QUEUE,
    ROLLUP,
    application_conditions,
    cohort,
    handoff_measures,
    overdue_in_queue,
    package_period,
)
from counter_app.core.usecases.reports.norms import norms_of
from counter_app.core.usecases.reports.periods import local_hour
from counter_app.storage.db import Database
from counter_app.storage.intake_tables import ApplicationRow, PackageRow
from counter_app.storage.models import UserRow
from counter_app.storage.rollup_tables import (
    DAY,
    RollupCancelledRow,
    RollupHandoffRow,
    RollupHourRow,
    RollupIntakeRow,
    RollupRefusalRow,
)

if TYPE_CHECKING:
    from counter_app.core.domain.permissions import Account

N, C, F, H, K = RollupIntakeRow, RollupCancelledRow, RollupRefusalRow, RollupHourRow, RollupHandoffRow


def require(actor: Account) -> None:
    permissions.require(actor, Capability.READ_REPORTS)


def _sums(table: Any, measures: dict[str, ColumnElement[bool]]) -> list[Any]:
    """Per measure, the packages counted: the roll-up's ``n`` where the measure's condition holds."""
    return [
        func.coalesce(func.sum(case((c, table.n), else_=0)), 0).label(name) for name, c in measures.items()
    ]


def _intakes(session: Session, f: ReportFilter) -> list[IntakeCount]:
    def decided(decision: Decision) -> Any:
        return func.sum(case((N.decision == decision.value, N.n), else_=0))

    rows = session.execute(  # by day: the daily counts only
        select(N.day, N.service_code, decided(Decision.ACCEPTED), decided(Decision.REFUSED))
        .where(N.span == DAY, N.day.between(f.date_from, f.date_to), *application_conditions(N, f))
        .group_by(N.day, N.service_code)
    ).all()
    counts = {(day, code): [int(a), int(r), 0] for day, code, a, r in rows if a or r}
    cancelled = select(C.day, C.service_code, func.sum(C.n)).where(C.day.between(f.date_from, f.date_to))
    if f.service_code:
        cancelled = cancelled.where(C.service_code == f.service_code)
    if f.operator:
        cancelled = cancelled.where(C.username == f.operator)
    for day, code, n in session.execute(cancelled.group_by(C.day, C.service_code)):
        if n:
            counts.setdefault((day, code), [0, 0, 0])[2] = int(n)
    return [IntakeCount(day, code, *values) for (day, code), values in sorted(counts.items())]


def _by_hour(session: Session, f: ReportFilter) -> dict[int, int]:
    hour = local_hour(H.utc_hour, H.day, f)
    rows = session.execute(select(hour, func.sum(H.n)).where(*cohort(H, f)).group_by(hour)).all()
    return {int(h): int(n) for h, n in sorted(rows) if n}


def _refusals(session: Session, f: ReportFilter, catalog: Catalog) -> list[RefusalCount]:
    keys = (F.service_code, F.version_from, F.item_number, F.document_key, F.reason)
    rows = session.execute(select(*keys, func.sum(F.n)).where(*cohort(F, f)).group_by(*keys)).all()
    merged: dict[tuple[str, int, str, str], list[Any]] = {}
    for code, version_from, number, key, reason, count in rows:
        if not count:
            continue
        wording: dict[str, str] = {"kk": "", "ru": ""}
        label: dict[str, str] = {"kk": key, "ru": key, "en": key}
        try:
            service = catalog.service(code)
            version = next(
                (v for v in service.versions if v.effective_from == version_from), service.versions[-1]
            )
            document = next(d for d in version.documents if d.key == key)
            wording = {"kk": document.wording.kk, "ru": document.wording.ru}
            label = {
                "kk": document.label.kk,
                "ru": document.label.ru,
                "en": document.label.en or document.label.ru,
            }
        except (KeyError, StopIteration):
            pass
        entry = merged.setdefault((code, int(number), key, reason), [0, wording, label])
        entry[0] += int(count)
    out = [
        RefusalCount(code, number, key, reason, n, wording, label)
        for (code, number, key, reason), (n, wording, label) in merged.items()
    ]
    return sorted(out, key=lambda r: (r.service_code, -r.count, r.item_number, r.reason))


def _package_counts(session: Session, section: str, f: ReportFilter, today: dt.date) -> dict[str, int]:
    table = ROLLUP[section]
    measures = PACKAGE_SECTIONS[section](table, today, f)
    row = session.execute(select(*_sums(table, measures)).where(*package_period(table, section, f))).one()
    counts = {name: int(value) for name, value in zip(measures, row, strict=True)}
    if section in (HANDOFF, RESULT_DEADLINES):
        counts["due"] = counts["on_time"] + counts["late"] + counts["overdue"]
    return counts


def _handoff(session: Session, f: ReportFilter, today: dt.date) -> tuple[dict[str, int], list[DayShare]]:
    """The handoff figures per due day, in one statement; the period's totals are the sums of its days."""
    measures = handoff_measures(K, today, f)
    rows = session.execute(
        select(K.handoff_due, *_sums(K, measures))
        .where(*package_period(K, HANDOFF, f))
        .group_by(K.handoff_due)
        .having(func.sum(K.n) != 0)
        .order_by(K.handoff_due)
    ).all()
    names = list(measures)
    totals = {name: sum(int(row[i + 1]) for row in rows) for i, name in enumerate(names)}
    totals["due"] = totals["on_time"] + totals["late"] + totals["overdue"]

    def value(row: Any, name: str) -> int:
        return int(row[1 + names.index(name)])

    days = [
        DayShare(
            row[0], value(row, "on_time") + value(row, "late") + value(row, "overdue"), value(row, "on_time")
        )
        for row in rows
    ]
    return totals, days


def _oldest_overdue(
    session: Session, f: ReportFilter, today: dt.date, providers: dict[int, Any]
) -> list[OldestOverdue]:
    """Per provider, the packages still in the handoff queue past their due date now (whenever accepted) and the
    oldest: counted on the roll-up, the oldest's receipt looked up through the packages' queue index."""
    late = overdue_in_queue(K, today)
    counts = session.execute(
        select(K.provider_id, func.sum(K.n), func.min(K.handoff_due))
        .where(late, K.n != 0, *application_conditions(K, f))
        .group_by(K.provider_id)
    ).all()
    out = []
    for provider_id, n, oldest in counts:  # one row per provider
        if not n:
            continue
        # The oldest day's queued packages of the provider first (the queue index), then their applications by
        # id: a filter by service or operator must not lead the planner to scan that service's applications.
        candidates = session.scalars(
            select(PackageRow.application_id).where(
                PackageRow.status.in_(QUEUE),
                PackageRow.provider_id == provider_id,
                PackageRow.handoff_due == oldest,
            )
        ).all()
        receipt = session.scalar(
            select(ApplicationRow.receipt_number)
            .where(ApplicationRow.id.in_(candidates), *application_conditions(ApplicationRow, f))
            .order_by(ApplicationRow.receipt_number)
            .limit(1)
        )
        provider = providers.get(provider_id)
        names = {"kk": provider.name.kk, "ru": provider.name.ru} if provider else {"kk": "", "ru": ""}
        out.append(OldestOverdue(int(provider_id), names, int(n), oldest, receipt or ""))
    return sorted(out, key=lambda o: (o.oldest_due, o.provider_id))


def _service_names(catalog: Catalog, codes: set[str]) -> dict[str, dict[str, str]]:
    names = {}
    for code in sorted(c for c in codes if c):
        try:
            service = catalog.service(code)
            names[code] = {
                "kk": service.short_names.kk,
                "ru": service.short_names.ru,
                "en": service.short_names.en or service.short_names.ru,
            }
        except KeyError:
            names[code] = {"kk": code, "ru": code, "en": code}
    return names


def build_report(
    db: Database,
    actor: Account,
    f: ReportFilter,
    today: dt.date,
    catalog: Catalog | None = None,
) -> Report:
    """All the figures of the report for ``f`` as they stand ``today``."""
    require(actor)
    f.check()
    catalog = catalog or default_catalog()
    providers = {p.id: p for p in OfficeSettings(db).load().providers}
    with db.read() as session:
        users = {u: name for u, name in session.execute(select(UserRow.username, UserRow.full_name))}  # noqa: C416
        handoff_totals, handoff_days = _handoff(session, f, today)
        norms_total, norms_by_operator, norms_by_service = norms_of(session, f, catalog, today, users)
        intakes = _intakes(session, f)
        refusals = _refusals(session, f, catalog)
        return Report(
            filter=f,
            today=today,
            intakes=intakes,
            intakes_by_hour=_by_hour(session, f),
            refusals=refusals,
            handoff=handoff_totals,
            handoff_by_day=handoff_days,
            oldest_overdue=_oldest_overdue(session, f, today, providers),
            result_deadlines=_package_counts(session, RESULT_DEADLINES, f, today),
            results=_package_counts(session, RESULTS, f, today),
            norms_total=norms_total,
            norms_by_operator=norms_by_operator,
            norms_by_service=norms_by_service,
            service_names=_service_names(
                catalog, {r.service_code for r in intakes} | {r.service_code for r in refusals}
            ),
        )


def operators(db: Database) -> list[tuple[str, str]]:
    """(username, full name) of the operators, for the screen's choice (the report filters by username)."""
    from counter_app.core.domain.permissions import Role

    with db.read() as session:
        rows = session.execute(
            select(UserRow.username, UserRow.full_name)
            .where(UserRow.role == Role.OPERATOR.value)
            .order_by(UserRow.full_name)
        ).all()
    return [(username, full_name) for username, full_name in rows]
