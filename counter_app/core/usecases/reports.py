"""The manager's reports: intakes, refusals by the law's items, deadlines, results and the counter's norms.

Every figure is one SQL aggregate (``SUM(CASE …)``, ``COUNT``, window functions for percentiles) over the period's
rows; nothing here loops over applications in Python. Each figure is defined once as a condition (the
``*_MEASURES`` tables below) that the aggregate counts and the drill-down (:func:`applications_of`) lists, so a
figure and its list of applications cannot disagree.

Periods: intakes, refusals, results and norms count the applications **accepted (or refused) in the period**;
the handoff deadlines count the packages **due to the provider in the period**, the result deadlines the
packages whose **result is due in the period**. ``today`` decides what is overdue and what storage ends soon.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    and_,
    case,
    cast,
    extract,
    func,
    literal,
    literal_column,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from counter_app.core.domain.catalog import Catalog
from counter_app.core.domain.i18n import _
from counter_app.core.domain.intake_draft import Decision
from counter_app.core.domain.intake_rules import default_catalog
from counter_app.core.domain.packages import RESULT_KEEPING, PackageStatus
from counter_app.core.domain.permissions import AccessDenied, Screen, can_open
from counter_app.core.usecases.applications import ApplicationSummary, mask_iin
from counter_app.core.usecases.office_settings import OfficeSettings
from counter_app.storage.db import Database
from counter_app.storage.intake_tables import ApplicationRow, CancelledIntakeRow, PackageRow, RefusalItemRow
from counter_app.storage.models import UserRow

if TYPE_CHECKING:
    from counter_app.core.domain.permissions import Account

FORMAT = 1  # of the JSON (``to_json``); documented in the README
DEFAULT_NORM_MINUTES = 15  # the standards' maximum waiting and service time at the counter
DEFAULT_STORAGE_DAYS = 7  # "storage ends within N days"
S = PackageStatus


class ReportError(ValueError):
    """The report's parameters make no sense (message in the UI language)."""


@dataclass(frozen=True)
class ReportFilter:
    date_from: dt.date
    date_to: dt.date
    service_code: str | None = None
    operator: str | None = None  # username
    department: str | None = None
    storage_days: int = DEFAULT_STORAGE_DAYS

    def check(self) -> None:
        from counter_app.core.domain.i18n import _

        if self.date_to < self.date_from:
            raise ReportError(_("The end of the period is before its start."))
        if not 0 <= self.storage_days <= 31:
            raise ReportError(_("The number of days before storage ends must be between 0 and 31."))


# ----------------------------------------------------------------------------------------------------------
# The figures, each one condition


def _application_conditions(f: ReportFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if f.service_code:
        conditions.append(ApplicationRow.service_code == f.service_code)
    if f.operator:
        conditions.append(ApplicationRow.username == f.operator)
    if f.department:
        conditions.append(ApplicationRow.department == f.department)
    return conditions


def _cohort(f: ReportFilter) -> list[ColumnElement[bool]]:
    return [ApplicationRow.day.between(f.date_from, f.date_to), *_application_conditions(f)]


_RETURNED = (S.RETURNED_BY_PROVIDER.value, S.CITIZEN_INFORMED.value)
_RETURN_PATH = (S.ON_RETURN_MANIFEST.value, S.RETURNING_WITH_COURIER.value, S.RESULT_RETURNED.value)
P = PackageRow


def _handoff_measures(today: dt.date, f: ReportFilter) -> dict[str, ColumnElement[bool]]:
    """Packages due to the provider in the period: delivered on time, late, overdue, not yet due."""
    return {
        "on_time": and_(P.delivered_on.is_not(None), P.delivered_on <= P.handoff_due),
        "late": P.delivered_on > P.handoff_due,
        "overdue": and_(P.delivered_on.is_(None), P.handoff_due < today),
        "not_yet": and_(P.delivered_on.is_(None), P.handoff_due >= today),
    }


def _result_deadline_measures(today: dt.date, f: ReportFilter) -> dict[str, ColumnElement[bool]]:
    """Packages whose result is due in the period: received on time, late, overdue, returned, not yet due."""
    not_received = and_(P.result_received_on.is_(None), P.status.not_in(_RETURNED))
    return {
        "on_time": P.result_received_on <= P.result_due,
        "late": P.result_received_on > P.result_due,
        "overdue": and_(not_received, P.result_due < today),
        "returned_by_provider": P.status.in_(_RETURNED),
        "not_yet": and_(not_received, P.result_due >= today),
    }


def _results_measures(today: dt.date, f: ReportFilter) -> dict[str, ColumnElement[bool]]:
    """The period's accepted applications: results received, issued, returned, waiting, unclaimed, storage ending."""
    kept_from = today - RESULT_KEEPING  # received on or after this day: still within its month
    ending_by = today + dt.timedelta(days=f.storage_days) - RESULT_KEEPING
    waiting = P.status == S.RESULT_RECEIVED.value
    return {
        "received": P.result_received_on.is_not(None),
        "issued": P.status == S.ISSUED.value,
        "returned_by_provider": P.status.in_(_RETURNED),
        "waiting": and_(waiting, P.result_received_on >= kept_from),
        "unclaimed": or_(and_(waiting, P.result_received_on < kept_from), P.status.in_(_RETURN_PATH)),
        "storage_ending": and_(waiting, P.result_received_on >= kept_from, P.result_received_on <= ending_by),
    }


HANDOFF = "handoff"
RESULT_DEADLINES = "result_deadlines"
RESULTS = "results"
_PACKAGE_SECTIONS: dict[str, Callable[[dt.date, ReportFilter], dict[str, ColumnElement[bool]]]] = {
    HANDOFF: _handoff_measures,
    RESULT_DEADLINES: _result_deadline_measures,
    RESULTS: _results_measures,
}


def _package_period(section: str, f: ReportFilter) -> list[ColumnElement[bool]]:
    if section == HANDOFF:
        return [P.handoff_due.between(f.date_from, f.date_to), *_application_conditions(f)]
    if section == RESULT_DEADLINES:
        return [P.result_due.between(f.date_from, f.date_to), *_application_conditions(f)]
    return _cohort(f)


def _norms(catalog: Catalog, today: dt.date) -> tuple[ColumnElement[int], ColumnElement[int]]:
    """The waiting and service norm in seconds of each application's service (15 minutes where none is set)."""
    waits, services = [], []
    for service in catalog.services:
        version = service.version_on(today) or service.versions[-1]
        waits.append((service.code, (version.max_waiting_minutes or DEFAULT_NORM_MINUTES) * 60))
        services.append((service.code, (version.max_service_minutes or DEFAULT_NORM_MINUTES) * 60))
    default = DEFAULT_NORM_MINUTES * 60
    return (
        case(*((ApplicationRow.service_code == code, seconds) for code, seconds in waits), else_=default),
        case(*((ApplicationRow.service_code == code, seconds) for code, seconds in services), else_=default),
    )


# ----------------------------------------------------------------------------------------------------------
# What a report holds


@dataclass(frozen=True)
class IntakeCount:
    day: dt.date
    service_code: str
    accepted: int
    refused: int
    cancelled: int


@dataclass(frozen=True)
class RefusalCount:
    service_code: str
    item_number: int
    document_key: str
    reason: str  # missing | expired
    count: int
    wording: dict[str, str]  # the law's wording of the item, kk and ru
    label: dict[str, str]  # the short label, kk/ru/en


@dataclass(frozen=True)
class DayShare:
    day: dt.date
    due: int
    on_time: int


@dataclass(frozen=True)
class OldestOverdue:
    provider_id: int
    provider: dict[str, str]  # kk, ru
    overdue: int
    oldest_due: dt.date
    receipt_number: str


@dataclass(frozen=True)
class TimeFigures:
    measured: int  # applications with a recorded time
    median: int | None  # seconds
    p90: int | None
    over_norm: int


@dataclass(frozen=True)
class NormRow:
    key: str  # username or service code; "" for all
    name: str  # the operator's full name or the service's code
    intakes: int
    wait: TimeFigures
    service: TimeFigures


def share(on_time: int, due: int) -> float | None:
    return None if due == 0 else on_time / due


@dataclass(frozen=True)
class Report:
    filter: ReportFilter
    today: dt.date
    intakes: list[IntakeCount]
    intakes_by_hour: dict[int, int]  # local hour -> applications (accepted and refused)
    refusals: list[RefusalCount]
    handoff: dict[str, int]  # on_time, late, overdue, not_yet, due
    handoff_by_day: list[DayShare]
    oldest_overdue: list[OldestOverdue]
    result_deadlines: dict[str, int]  # on_time, late, overdue, returned_by_provider, not_yet, due
    results: dict[str, int]
    norms_total: NormRow
    norms_by_operator: list[NormRow]
    norms_by_service: list[NormRow]
    service_names: dict[str, dict[str, str]] = field(default_factory=dict)  # code -> kk/ru/en short names

    def totals(self) -> dict[str, int]:
        return {
            "accepted": sum(r.accepted for r in self.intakes),
            "refused": sum(r.refused for r in self.intakes),
            "cancelled": sum(r.cancelled for r in self.intakes),
        }

    @property
    def handoff_share(self) -> float | None:
        return share(self.handoff["on_time"], self.handoff["due"])

    @property
    def result_share(self) -> float | None:
        return share(self.result_deadlines["on_time"], self.result_deadlines["due"])


# ----------------------------------------------------------------------------------------------------------
# Building it


def _require(actor: Account) -> None:
    if not can_open(actor, Screen.REPORTS):
        raise AccessDenied(_("Your role does not give access to this screen."))


def _local_hour(session: Session, column: Any) -> ColumnElement[int]:
    """The hour of a stored UTC time in this computer's time zone (the centre's)."""
    offset = dt.datetime.now().astimezone().utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    if session.get_bind().dialect.name == "sqlite":
        return cast(func.strftime("%H", column, f"{minutes:+d} minutes"), Integer)
    return cast(
        extract("hour", func.timezone("UTC", column) + literal_column(f"interval '{minutes} minutes'")),
        Integer,
    )


def _sums(measures: dict[str, ColumnElement[bool]]) -> list[Any]:
    return [
        func.coalesce(func.sum(case((condition, 1), else_=0)), 0).label(name)
        for name, condition in measures.items()
    ]


def _intakes(session: Session, f: ReportFilter) -> list[IntakeCount]:
    accepted = ApplicationRow.decision == Decision.ACCEPTED.value
    refused = ApplicationRow.decision == Decision.REFUSED.value
    rows = session.execute(
        select(
            ApplicationRow.day,
            ApplicationRow.service_code,
            func.sum(case((accepted, 1), else_=0)),
            func.sum(case((refused, 1), else_=0)),
        )
        .where(*_cohort(f))
        .group_by(ApplicationRow.day, ApplicationRow.service_code)
    ).all()
    counts = {(day, code): [int(a), int(r), 0] for day, code, a, r in rows}
    cancelled = select(CancelledIntakeRow.day, CancelledIntakeRow.service_code, func.count()).where(
        CancelledIntakeRow.day.between(f.date_from, f.date_to)
    )
    if f.service_code:
        cancelled = cancelled.where(CancelledIntakeRow.service_code == f.service_code)
    if f.operator:
        cancelled = cancelled.where(CancelledIntakeRow.username == f.operator)
    for day, code, n in session.execute(
        cancelled.group_by(CancelledIntakeRow.day, CancelledIntakeRow.service_code)
    ):
        counts.setdefault((day, code), [0, 0, 0])[2] = int(n)
    return [IntakeCount(day, code, *values) for (day, code), values in sorted(counts.items())]


def _refusal_conditions(f: ReportFilter) -> list[ColumnElement[bool]]:
    conditions = [RefusalItemRow.day.between(f.date_from, f.date_to)]
    if f.service_code:
        conditions.append(RefusalItemRow.service_code == f.service_code)
    if f.operator:
        conditions.append(RefusalItemRow.username == f.operator)
    if f.department:
        conditions.append(
            RefusalItemRow.application_id.in_(
                select(ApplicationRow.id).where(ApplicationRow.department == f.department)
            )
        )
    return conditions


def _refusals(session: Session, f: ReportFilter, catalog: Catalog) -> list[RefusalCount]:
    rows = session.execute(
        select(
            RefusalItemRow.service_code,
            RefusalItemRow.version_from,
            RefusalItemRow.item_number,
            RefusalItemRow.document_key,
            RefusalItemRow.reason,
            func.count(),
        )
        .where(*_refusal_conditions(f))
        .group_by(
            RefusalItemRow.service_code,
            RefusalItemRow.version_from,
            RefusalItemRow.item_number,
            RefusalItemRow.document_key,
            RefusalItemRow.reason,
        )
    ).all()
    merged: dict[tuple[str, int, str, str], list[Any]] = {}
    for code, version_from, number, key, reason, count in rows:
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


def _packages(section: str, f: ReportFilter) -> Select[Any]:
    """The period's packages of a section; joined to their applications only where a filter or the period
    needs them (the application rows are wide: their drafts and checklists)."""
    query = select().select_from(P)
    if section == RESULTS or _application_conditions(f):
        query = query.join(ApplicationRow, ApplicationRow.id == P.application_id)
    return query.where(*_package_period(section, f))


def _package_counts(session: Session, section: str, f: ReportFilter, today: dt.date) -> dict[str, int]:
    measures = _PACKAGE_SECTIONS[section](today, f)
    row = session.execute(_packages(section, f).add_columns(*_sums(measures))).one()
    counts = {name: int(value) for name, value in zip(measures, row, strict=True)}
    if section in (HANDOFF, RESULT_DEADLINES):
        counts["due"] = counts["on_time"] + counts["late"] + counts["overdue"]
    return counts


def _handoff(session: Session, f: ReportFilter, today: dt.date) -> tuple[dict[str, int], list[DayShare]]:
    """The handoff figures per due day, in one statement; the period's totals are the sums of its days."""
    measures = _handoff_measures(today, f)
    rows = session.execute(
        _packages(HANDOFF, f)
        .add_columns(P.handoff_due, *_sums(measures))
        .group_by(P.handoff_due)
        .order_by(P.handoff_due)
    ).all()
    totals = {name: sum(int(row[i + 1]) for row in rows) for i, name in enumerate(measures)}  # days, not rows
    totals["due"] = totals["on_time"] + totals["late"] + totals["overdue"]
    names = list(measures)
    days = [
        DayShare(
            row[0],
            int(row[1 + names.index("on_time")])
            + int(row[1 + names.index("late")])
            + int(row[1 + names.index("overdue")]),
            int(row[1 + names.index("on_time")]),
        )
        for row in rows
    ]
    return totals, days


_QUEUE = [s.value for s in (S.AWAITING_HANDOFF, S.ON_MANIFEST, S.WITH_COURIER)]


def _overdue_now(f: ReportFilter, today: dt.date) -> Select[Any]:
    query = select().select_from(P)
    if _application_conditions(f):
        query = query.join(ApplicationRow, ApplicationRow.id == P.application_id)
    return query.where(P.status.in_(_QUEUE), P.handoff_due < today, *_application_conditions(f))


def _oldest_overdue(
    session: Session, f: ReportFilter, today: dt.date, providers: dict[int, Any]
) -> list[OldestOverdue]:
    """Per provider, the packages still in the handoff queue past their due date now (whenever accepted) and the
    oldest (the queue's statuses are those not yet delivered)."""
    late = (
        P.handoff_due < today
    )  # in the sums, not the WHERE: the queue's index (status first) answers it all
    queue = select().select_from(P)
    if _application_conditions(f):
        queue = queue.join(ApplicationRow, ApplicationRow.id == P.application_id)
    counts = session.execute(
        queue.add_columns(
            P.provider_id, func.sum(case((late, 1), else_=0)), func.min(case((late, P.handoff_due)))
        )
        .where(P.status.in_(_QUEUE), *_application_conditions(f))
        .group_by(P.provider_id)
    ).all()
    out = []
    for provider_id, n, oldest in counts:  # one row per provider
        if not n:
            continue
        receipt = session.scalar(
            select(ApplicationRow.receipt_number)
            .select_from(P)
            .join(ApplicationRow, ApplicationRow.id == P.application_id)
            .where(
                P.provider_id == provider_id,
                P.handoff_due == oldest,
                P.status.in_(_QUEUE),
                *_application_conditions(f),
            )
            .order_by(ApplicationRow.receipt_number)
            .limit(1)
        )
        provider = providers.get(provider_id)
        names = {"kk": provider.name.kk, "ru": provider.name.ru} if provider else {"kk": "", "ru": ""}
        out.append(OldestOverdue(int(provider_id), names, int(n), oldest, receipt or ""))
    return sorted(out, key=lambda o: (o.oldest_due, o.provider_id))


def _percentiles(
    session: Session, f: ReportFilter, value: Any
) -> dict[tuple[str, str], tuple[int, int, int]]:
    """(measured, median, 90th percentile) of ``value`` per operator ("o", username), per service ("s", code) and
    for all ("t", ""), nearest rank, in one statement: the values are counted per (operator, service, value) once
    (a histogram), then summed up per grouping, and a running sum over each finds the ranks."""
    histogram = (
        select(
            ApplicationRow.username.label("u"),
            ApplicationRow.service_code.label("s"),
            value.label("v"),
            func.count().label("c"),
        )
        .where(*_cohort(f), value.is_not(None))
        .group_by(ApplicationRow.username, ApplicationRow.service_code, value)
        .cte("histogram")
    )
    groupings = union_all(
        select(
            literal("o").label("kind"),
            histogram.c.u.label("k"),
            histogram.c.v,
            func.sum(histogram.c.c).label("c"),
        ).group_by(histogram.c.u, histogram.c.v),
        select(literal("s"), histogram.c.s, histogram.c.v, func.sum(histogram.c.c)).group_by(
            histogram.c.s, histogram.c.v
        ),
        select(literal("t"), literal(""), histogram.c.v, func.sum(histogram.c.c)).group_by(histogram.c.v),
    ).subquery()
    partition = (groupings.c.kind, groupings.c.k)
    running = select(
        groupings.c.kind,
        groupings.c.k,
        groupings.c.v,
        func.sum(groupings.c.c).over(partition_by=partition, order_by=groupings.c.v).label("cum"),
        func.sum(groupings.c.c).over(partition_by=partition).label("n"),
    ).subquery()
    rows = session.execute(
        select(
            running.c.kind,
            running.c.k,
            running.c.n,
            func.min(case((running.c.cum * 2 >= running.c.n, running.c.v))),
            func.min(case((running.c.cum * 10 >= running.c.n * 9, running.c.v))),
        ).group_by(running.c.kind, running.c.k, running.c.n)
    ).all()
    return {(kind, k): (int(n), int(p50), int(p90)) for kind, k, n, p50, p90 in rows}


_NO_TIMES = TimeFigures(0, None, None, 0)


def _norms_of(
    session: Session, f: ReportFilter, wait_norm: Any, service_norm: Any, users: dict[str, str]
) -> tuple[NormRow, list[NormRow], list[NormRow]]:
    """The norms for all, per operator and per service: intakes and over-norm counts per (operator, service) in
    one scan, the percentiles in one statement per measure."""
    cells = session.execute(
        select(
            ApplicationRow.username,
            ApplicationRow.service_code,
            func.count(),
            func.sum(case((ApplicationRow.wait_seconds > wait_norm, 1), else_=0)),
            func.sum(case((ApplicationRow.service_seconds > service_norm, 1), else_=0)),
        )
        .where(*_cohort(f))
        .group_by(ApplicationRow.username, ApplicationRow.service_code)
    ).all()
    waits = _percentiles(session, f, ApplicationRow.wait_seconds)
    services = _percentiles(session, f, ApplicationRow.service_seconds)

    def row(kind: str, key: str, name: str, chosen: list[Any]) -> NormRow:  # chosen: operator x service cells
        def figures(found: tuple[int, int, int] | None, over: int) -> TimeFigures:
            return _NO_TIMES if found is None else TimeFigures(found[0], found[1], found[2], over)

        return NormRow(
            key,
            name,
            sum(int(c[2]) for c in chosen),
            figures(waits.get((kind, key)), sum(int(c[3]) for c in chosen)),
            figures(services.get((kind, key)), sum(int(c[4]) for c in chosen)),
        )

    operators = sorted({c[0] for c in cells})
    codes = sorted({c[1] for c in cells})
    total = row("t", "", "", list(cells)) if cells else NormRow("", "", 0, _NO_TIMES, _NO_TIMES)
    return (
        total,
        [row("o", u, users.get(u, u), [c for c in cells if c[0] == u]) for u in operators],
        [row("s", code, code, [c for c in cells if c[1] == code]) for code in codes],
    )


def build_report(
    db: Database,
    actor: Account,
    f: ReportFilter,
    today: dt.date,
    catalog: Catalog | None = None,
) -> Report:
    """All the figures of the report for ``f`` as they stand ``today``."""
    _require(actor)
    f.check()
    catalog = catalog or default_catalog()
    providers = {p.id: p for p in OfficeSettings(db).load().providers}
    wait_norm, service_norm = _norms(catalog, today)
    with db.read() as session:
        users = dict(session.execute(select(UserRow.username, UserRow.full_name)).all())
        hour = _local_hour(session, ApplicationRow.created_at)
        by_hour = {
            int(h): int(n)
            for h, n in session.execute(select(hour, func.count()).where(*_cohort(f)).group_by(hour))
        }
        handoff_totals, handoff_days = _handoff(session, f, today)
        norms_total, norms_by_operator, norms_by_service = _norms_of(
            session, f, wait_norm, service_norm, users
        )
        report = Report(
            filter=f,
            today=today,
            intakes=_intakes(session, f),
            intakes_by_hour=dict(sorted(by_hour.items())),
            refusals=_refusals(session, f, catalog),
            handoff=handoff_totals,
            handoff_by_day=handoff_days,
            oldest_overdue=_oldest_overdue(session, f, today, providers),
            result_deadlines=_package_counts(session, RESULT_DEADLINES, f, today),
            results=_package_counts(session, RESULTS, f, today),
            norms_total=norms_total,
            norms_by_operator=norms_by_operator,
            norms_by_service=norms_by_service,
        )
    codes = {r.service_code for r in report.intakes} | {r.service_code for r in report.refusals}
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
    return Report(**{**report.__dict__, "service_names": names})


# ----------------------------------------------------------------------------------------------------------
# Drill-down: the applications behind a figure


@dataclass(frozen=True)
class Figure:
    """One figure of a report: its section, its measure and the row it is on (the keys that apply)."""

    section: str  # intakes | refusals | handoff | result_deadlines | results | oldest_overdue | norms
    measure: str = ""  # accepted/refused; on_time/late/…; wait_over/service_over/measured; "" for all
    day: dt.date | None = None
    service_code: str | None = None
    operator: str | None = None
    provider_id: int | None = None
    item_number: int | None = None
    document_key: str | None = None
    reason: str | None = None


def _figure_conditions(f: ReportFilter, figure: Figure, today: dt.date, catalog: Catalog) -> list[Any]:
    section = figure.section
    conditions: list[Any] = []
    if figure.service_code is not None:
        conditions.append(ApplicationRow.service_code == figure.service_code)
    if figure.operator is not None:
        conditions.append(ApplicationRow.username == figure.operator)
    if section == "intakes":
        conditions += _cohort(f)
        if figure.day is not None:
            conditions.append(ApplicationRow.day == figure.day)
        if figure.measure:
            conditions.append(ApplicationRow.decision == figure.measure)
    elif section == "refusals":
        items = select(RefusalItemRow.application_id).where(*_refusal_conditions(f))
        for column, value in (
            (RefusalItemRow.item_number, figure.item_number),
            (RefusalItemRow.document_key, figure.document_key),
            (RefusalItemRow.service_code, figure.service_code),
            (RefusalItemRow.reason, figure.reason),
        ):
            if value is not None:
                items = items.where(column == value)
        conditions.append(ApplicationRow.id.in_(items))
    elif section in _PACKAGE_SECTIONS:
        conditions += _package_period(section, f)
        measures = _PACKAGE_SECTIONS[section](today, f)
        if figure.measure == "due":
            conditions.append(or_(measures["on_time"], measures["late"], measures["overdue"]))
        elif figure.measure:
            conditions.append(measures[figure.measure])
        if figure.day is not None and section == HANDOFF:
            conditions.append(P.handoff_due == figure.day)
    elif section == "oldest_overdue":
        conditions += [P.handoff_due < today, *_application_conditions(f), P.status.in_(_QUEUE)]
        if figure.provider_id is not None:
            conditions.append(P.provider_id == figure.provider_id)
    elif section == "norms":
        conditions += _cohort(f)
        wait_norm, service_norm = _norms(catalog, today)
        if figure.measure == "wait_over":
            conditions.append(ApplicationRow.wait_seconds > wait_norm)
        elif figure.measure == "service_over":
            conditions.append(ApplicationRow.service_seconds > service_norm)
    elif section == "hours":
        conditions += _cohort(f)
    else:
        raise ValueError(f"unknown report section {section!r}")
    return conditions


def applications_of(
    db: Database,
    actor: Account,
    f: ReportFilter,
    figure: Figure,
    today: dt.date,
    limit: int | None = 2000,
    catalog: Catalog | None = None,
) -> list[ApplicationSummary]:
    """The applications counted in ``figure`` (at most ``limit``, the oldest first)."""
    _require(actor)
    catalog = catalog or default_catalog()
    conditions = _figure_conditions(f, figure, today, catalog)
    query = (
        select(
            ApplicationRow.receipt_number,
            ApplicationRow.decision,
            ApplicationRow.status,
            ApplicationRow.service_code,
            ApplicationRow.day,
            ApplicationRow.applicant_name,
            ApplicationRow.applicant_iin,
            P.status,
            P.handoff_due,
        )
        .select_from(ApplicationRow)
        .outerjoin(P, P.application_id == ApplicationRow.id)
        .where(*conditions)
    )
    if figure.section == "hours" and figure.day is None and figure.measure.isdigit():
        with db.read() as session:
            query = query.where(_local_hour(session, ApplicationRow.created_at) == int(figure.measure))
    query = query.order_by(ApplicationRow.day, ApplicationRow.receipt_number).limit(limit)
    from counter_app.core.domain.intake_draft import ApplicationStatus

    with db.read() as session:
        return [
            ApplicationSummary(
                receipt_number=row[0],
                decision=Decision(row[1]),
                status=ApplicationStatus(row[2]),
                service_code=row[3],
                day=row[4],
                applicant_name=row[5],
                iin_masked=mask_iin(row[6]),
                package_status=PackageStatus(row[7]) if row[7] else None,
                handoff_due=row[8],
            )
            for row in session.execute(query)
        ]


def count_of(report: Report, figure: Figure) -> int:
    """The number the report shows for ``figure`` (what its drill-down must list)."""
    if figure.section == "intakes":
        rows = [
            r
            for r in report.intakes
            if (figure.day is None or r.day == figure.day)
            and (figure.service_code is None or r.service_code == figure.service_code)
        ]
        return sum(getattr(r, figure.measure) if figure.measure else r.accepted + r.refused for r in rows)
    if figure.section in (HANDOFF, RESULT_DEADLINES, RESULTS):
        counts = {
            HANDOFF: report.handoff,
            RESULT_DEADLINES: report.result_deadlines,
            RESULTS: report.results,
        }[figure.section]
        return counts[figure.measure]
    raise ValueError(figure.section)


# ----------------------------------------------------------------------------------------------------------
# The JSON (format 1, stable; documented in the README)


def _times(t: TimeFigures) -> dict[str, Any]:
    return asdict(t)


def _norm_json(row: NormRow, key_name: str) -> dict[str, Any]:
    out: dict[str, Any] = {key_name: row.key} if key_name else {}
    if key_name == "operator":
        out["full_name"] = row.name
    out.update(
        {"intakes": row.intakes, "wait_seconds": _times(row.wait), "service_seconds": _times(row.service)}
    )
    return out


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def to_json(report: Report) -> dict[str, Any]:
    f = report.filter
    return {
        "format": FORMAT,
        "period": {"from": f.date_from.isoformat(), "to": f.date_to.isoformat()},
        "filter": {
            "service": f.service_code,
            "operator": f.operator,
            "department": f.department,
            "storage_days": f.storage_days,
        },
        "today": report.today.isoformat(),
        "services": report.service_names,
        "intakes": {
            "totals": report.totals(),
            "by_day_and_service": [
                {
                    "day": r.day.isoformat(),
                    "service": r.service_code,
                    "accepted": r.accepted,
                    "refused": r.refused,
                    "cancelled": r.cancelled,
                }
                for r in report.intakes
            ],
            "by_hour": [{"hour": h, "applications": n} for h, n in report.intakes_by_hour.items()],
        },
        "refusals": [
            {
                "service": r.service_code,
                "item": r.item_number,
                "document": r.document_key,
                "reason": r.reason,
                "count": r.count,
                "wording": r.wording,
                "label": r.label,
            }
            for r in report.refusals
        ],
        "handoff": {
            **report.handoff,
            "on_time_share": _rounded(report.handoff_share),
            "by_day": [
                {"day": d.day.isoformat(), "due": d.due, "on_time": d.on_time} for d in report.handoff_by_day
            ],
            "oldest_overdue": [
                {
                    "provider_id": o.provider_id,
                    "provider": o.provider,
                    "overdue": o.overdue,
                    "oldest_due": o.oldest_due.isoformat(),
                    "receipt_number": o.receipt_number,
                }
                for o in report.oldest_overdue
            ],
        },
        "result_deadlines": {**report.result_deadlines, "on_time_share": _rounded(report.result_share)},
        "results": report.results,
        "norms": {
            "wait_norm_minutes": DEFAULT_NORM_MINUTES,
            "service_norm_minutes": DEFAULT_NORM_MINUTES,
            "total": _norm_json(report.norms_total, ""),
            "by_operator": [_norm_json(r, "operator") for r in report.norms_by_operator],
            "by_service": [_norm_json(r, "service") for r in report.norms_by_service],
        },
    }


def figure_keys() -> Sequence[str]:
    """The measure names of each package section (for the README and the screen)."""
    today = dt.date.today()
    f = ReportFilter(today, today)
    return [
        f"{section}.{name}" for section, measures in _PACKAGE_SECTIONS.items() for name in measures(today, f)
    ]


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
