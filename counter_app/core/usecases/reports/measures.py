"""Each figure of the report defined once, as a condition over a package and its application.

The same conditions are read two ways: summed over the roll-up (``storage.rollup``: a count ``n`` per key) for
the figures, and applied to the rows themselves for the drill-downs (``ROWS``), so a figure and its list of
applications cannot disagree. A package is seen through the columns the roll-up keeps: its status, whether it
was delivered and its result received on time, late or not yet, still queued or returned, and the day a result
waiting at the centre came.

Periods: intakes, refusals, results and norms count the applications **accepted (or refused) in the period**;
the handoff deadlines count the packages **due to the provider in the period**, the result deadlines the
packages whose **result is due in the period**. ``today`` decides what is overdue and what storage ends soon.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_

from counter_app.core.domain.catalog import Catalog
from counter_app.core.domain.packages import QUEUE_STATUSES, RESULT_KEEPING, PackageStatus
from counter_app.core.usecases.reports.figures import (
    DEFAULT_NORM_MINUTES,
    HANDOFF,
    RESULT_DEADLINES,
    RESULTS,
    ReportFilter,
)
from counter_app.core.usecases.reports.periods import in_period
from counter_app.storage.intake_tables import ApplicationRow, PackageRow
from counter_app.storage.rollup_tables import (
    LATE,
    NOT_YET,
    ON_TIME,
    RollupHandoffRow,
    RollupResultDueRow,
    RollupResultRow,
)

S = PackageStatus
RETURNED = (S.RETURNED_BY_PROVIDER.value, S.CITIZEN_INFORMED.value)
RETURN_PATH = (S.ON_RETURN_MANIFEST.value, S.RETURNING_WITH_COURIER.value, S.RESULT_RETURNED.value)
QUEUE = tuple(s.value for s in QUEUE_STATUSES)


def _state(on: Any, due: Any) -> ColumnElement[int]:
    return case((on.is_(None), NOT_YET), (on <= due, ON_TIME), else_=LATE)


def _flag(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return case((condition, 1), else_=0)


P, A = PackageRow, ApplicationRow
ROWS = SimpleNamespace(  # a package and its application as the roll-up keys them, over the rows themselves
    day=A.day,
    department=A.department,
    service_code=A.service_code,
    username=A.username,
    provider_id=P.provider_id,
    handoff_due=P.handoff_due,
    result_due=P.result_due,
    status=P.status,
    delivered=_state(P.delivered_on, P.handoff_due),
    received=_state(P.result_received_on, P.result_due),
    queued=_flag(P.status.in_(QUEUE)),
    returned=_flag(P.status.in_(RETURNED)),
    waiting_since=func.coalesce(case((P.status == S.RESULT_RECEIVED.value, P.result_received_on)), A.day),
)
# The roll-up table each package section sums.
ROLLUP: dict[str, Any] = {
    HANDOFF: RollupHandoffRow,
    RESULT_DEADLINES: RollupResultDueRow,
    RESULTS: RollupResultRow,
}


def application_conditions(v: Any, f: ReportFilter) -> list[ColumnElement[bool]]:
    """The filter's service, operator and department, over anything with those columns."""
    conditions: list[ColumnElement[bool]] = []
    if f.service_code:
        conditions.append(v.service_code == f.service_code)
    if f.operator:
        conditions.append(v.username == f.operator)
    if f.department:
        conditions.append(v.department == f.department)
    return conditions


def cohort(v: Any, f: ReportFilter) -> list[ColumnElement[bool]]:
    """The applications of the period (accepted or refused in it)."""
    return [in_period(v, f), *application_conditions(v, f)]


def handoff_measures(v: Any, today: dt.date, f: ReportFilter) -> dict[str, ColumnElement[bool]]:
    """Packages due to the provider in the period: delivered on time, late, overdue, not yet due."""
    return {
        "on_time": v.delivered == ON_TIME,
        "late": v.delivered == LATE,
        "overdue": and_(v.delivered == NOT_YET, v.handoff_due < today),
        "not_yet": and_(v.delivered == NOT_YET, v.handoff_due >= today),
    }


def result_deadline_measures(v: Any, today: dt.date, f: ReportFilter) -> dict[str, ColumnElement[bool]]:
    """Packages whose result is due in the period: received on time, late, overdue, returned, not yet due."""
    not_received = and_(v.received == NOT_YET, v.returned == 0)
    return {
        "on_time": v.received == ON_TIME,
        "late": v.received == LATE,
        "overdue": and_(not_received, v.result_due < today),
        "returned_by_provider": v.returned == 1,
        "not_yet": and_(not_received, v.result_due >= today),
    }


def results_measures(v: Any, today: dt.date, f: ReportFilter) -> dict[str, ColumnElement[bool]]:
    """The period's accepted applications: results received, issued, returned, waiting, unclaimed, storage ending."""
    kept_from = today - RESULT_KEEPING  # received on or after this day: still within its month
    ending_by = today + dt.timedelta(days=f.storage_days) - RESULT_KEEPING
    waiting = and_(v.status == S.RESULT_RECEIVED.value, v.received != NOT_YET)
    return {
        "received": v.received != NOT_YET,
        "issued": v.status == S.ISSUED.value,
        "returned_by_provider": v.status.in_(RETURNED),
        "waiting": and_(waiting, v.waiting_since >= kept_from),
        "unclaimed": or_(and_(waiting, v.waiting_since < kept_from), v.status.in_(RETURN_PATH)),
        "storage_ending": and_(waiting, v.waiting_since >= kept_from, v.waiting_since <= ending_by),
    }


Measures = Callable[[Any, dt.date, ReportFilter], dict[str, ColumnElement[bool]]]
PACKAGE_SECTIONS: dict[str, Measures] = {
    HANDOFF: handoff_measures,
    RESULT_DEADLINES: result_deadline_measures,
    RESULTS: results_measures,
}


def package_period(v: Any, section: str, f: ReportFilter) -> list[ColumnElement[bool]]:
    if section == HANDOFF:
        return [v.handoff_due.between(f.date_from, f.date_to), *application_conditions(v, f)]
    if section == RESULT_DEADLINES:
        return [v.result_due.between(f.date_from, f.date_to), *application_conditions(v, f)]
    return cohort(v, f)


def overdue_in_queue(v: Any, today: dt.date) -> ColumnElement[bool]:
    """Still in the handoff queue past its due date (whenever accepted)."""
    return and_(v.queued == 1, v.handoff_due < today)


def norm_minutes_of(catalog: Catalog, today: dt.date) -> tuple[dict[str, int], dict[str, int]]:
    """The waiting and the service norm in whole minutes per service code (15 where none is set)."""
    waits, services = {}, {}
    for service in catalog.services:
        version = service.version_on(today) or service.versions[-1]
        waits[service.code] = version.max_waiting_minutes or DEFAULT_NORM_MINUTES
        services[service.code] = version.max_service_minutes or DEFAULT_NORM_MINUTES
    return waits, services


def norm_minutes(catalog: Catalog, today: dt.date, service_code: Any) -> tuple[Any, Any]:
    """:func:`norm_minutes_of` as SQL over ``service_code``."""
    return tuple(  # type: ignore[return-value]
        case(*((service_code == code, m) for code, m in norms.items()), else_=DEFAULT_NORM_MINUTES)
        for norms in norm_minutes_of(catalog, today)
    )
