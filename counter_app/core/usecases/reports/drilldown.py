"""Drill-down: the applications behind a figure, read from the rows with the figure's own conditions.

The conditions are those of ``measures`` applied to the package and application rows (``measures.ROWS``), the
period's index narrowing them first; a page of at most ``limit`` applications, the oldest first.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from counter_app.core.domain.catalog import Catalog
from counter_app.core.domain.intake_draft import ApplicationStatus, Decision
from counter_app.core.domain.intake_rules import default_catalog
from counter_app.core.domain.packages import PackageStatus
from counter_app.core.usecases.applications import ApplicationSummary, mask_iin
from counter_app.core.usecases.reports.build import require
from counter_app.core.usecases.reports.figures import (
    HANDOFF,
    RESULT_DEADLINES,
    RESULTS,
    Figure,
    Report,
    ReportFilter,
)
from counter_app.core.usecases.reports.measures import (
    PACKAGE_SECTIONS,
    ROWS,
    application_conditions,
    cohort,
    norm_minutes,
    overdue_in_queue,
    package_period,
)
from counter_app.core.usecases.reports.periods import local_hour, stored_utc_hour
from counter_app.storage.db import Database
from counter_app.storage.intake_tables import ApplicationRow, PackageRow, RefusalItemRow

if TYPE_CHECKING:
    from counter_app.core.domain.permissions import Account

A, P, F = ApplicationRow, PackageRow, RefusalItemRow


def _refused_items(f: ReportFilter, figure: Figure) -> Any:
    items = select(F.application_id).where(F.day.between(f.date_from, f.date_to))
    if f.service_code:
        items = items.where(F.service_code == f.service_code)
    if f.operator:
        items = items.where(F.username == f.operator)
    if f.department:
        items = items.where(F.application_id.in_(select(A.id).where(A.department == f.department)))
    for column, value in (
        (F.item_number, figure.item_number),
        (F.document_key, figure.document_key),
        (F.service_code, figure.service_code),
        (F.reason, figure.reason),
    ):
        if value is not None:
            items = items.where(column == value)
    return items


def _conditions(
    session: Session, f: ReportFilter, figure: Figure, today: dt.date, catalog: Catalog
) -> list[Any]:
    section = figure.section
    conditions: list[Any] = []
    if figure.service_code is not None:
        conditions.append(A.service_code == figure.service_code)
    if figure.operator is not None:
        conditions.append(A.username == figure.operator)
    if section == "intakes":
        conditions += cohort(A, f)
        if figure.day is not None:
            conditions.append(A.day == figure.day)
        if figure.measure:
            conditions.append(A.decision == figure.measure)
    elif section == "refusals":
        conditions.append(A.id.in_(_refused_items(f, figure)))
    elif section in PACKAGE_SECTIONS:
        conditions += package_period(ROWS, section, f)
        measures = PACKAGE_SECTIONS[section](ROWS, today, f)
        if figure.measure == "due":
            conditions.append(or_(measures["on_time"], measures["late"], measures["overdue"]))
        elif figure.measure:
            conditions.append(measures[figure.measure])
        if figure.day is not None and section == HANDOFF:
            conditions.append(P.handoff_due == figure.day)
    elif section == "oldest_overdue":
        conditions += [overdue_in_queue(ROWS, today), *application_conditions(A, f)]
        if figure.provider_id is not None:
            conditions.append(P.provider_id == figure.provider_id)
    elif section == "norms":
        conditions += cohort(A, f)
        wait_norm, service_norm = norm_minutes(catalog, today, A.service_code)
        if figure.measure == "wait_over":
            conditions.append(A.wait_seconds > wait_norm * 60)
        elif figure.measure == "service_over":
            conditions.append(A.service_seconds > service_norm * 60)
    elif section == "hours":
        conditions += cohort(A, f)
        if figure.day is None and figure.measure.isdigit():
            hour = local_hour(stored_utc_hour(session, "applications.created_at"), A.day, f)
            conditions.append(hour == int(figure.measure))
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
    offset: int = 0,
) -> list[ApplicationSummary]:
    """The applications counted in ``figure``: a page of at most ``limit`` from ``offset``, the oldest first."""
    require(actor)
    catalog = catalog or default_catalog()
    with db.read() as session:
        query = (
            select(
                A.receipt_number,
                A.decision,
                A.status,
                A.service_code,
                A.day,
                A.applicant_name,
                A.applicant_iin,
                P.status,
                P.handoff_due,
            )
            .select_from(A)
            .outerjoin(P, P.application_id == A.id)
            .where(*_conditions(session, f, figure, today, catalog))
            .order_by(A.day, A.receipt_number)
            .limit(limit)
            .offset(offset)
        )
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
        counts = {HANDOFF: report.handoff, RESULT_DEADLINES: report.result_deadlines, RESULTS: report.results}
        return counts[figure.section][figure.measure]
    raise ValueError(figure.section)
