"""What the handoff and results screens read about packages: the queue per provider, package lines and
history."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from counter_app.core.domain.office import ServiceProvider
from counter_app.core.domain.packages import (
    QUEUE_STATUSES,
    RESULT_KEEPING,
    PackageStatus,
    ResultKind,
    S,
    is_overdue,
    keep_until,
)
from counter_app.core.usecases.office_settings import OfficeSettings
from counter_app.storage.db import Database, as_utc
from counter_app.storage.handoff_tables import ManifestPackageRow, ManifestRow, PackageEventRow
from counter_app.storage.intake_tables import ApplicationRow, PackageRow


@dataclass(frozen=True)
class PackageLine:
    receipt_number: str
    applicant_name: str
    service_code: str
    documents_count: int
    accepted_on: dt.date
    handoff_due: dt.date
    result_due: dt.date
    status: PackageStatus
    overdue: bool
    provider_id: int
    manifest_number: str | None = None  # the handoff (or, for results, return) manifest it is on
    delivered_on: dt.date | None = None
    result_kind: ResultKind | None = None
    result_reference: str = ""
    result_received_on: dt.date | None = None
    return_reason: str = ""

    @property
    def keep_until(self) -> dt.date | None:
        return keep_until(self.result_received_on) if self.result_received_on else None


@dataclass(frozen=True)
class ProviderQueue:
    provider: ServiceProvider
    awaiting: int  # not yet on a manifest
    on_open_manifest: int
    with_courier: int
    due_today: int
    overdue: int
    earliest_due: dt.date | None

    @property
    def total(self) -> int:
        return self.awaiting + self.on_open_manifest + self.with_courier


@dataclass(frozen=True)
class PackageEvent:
    at: dt.datetime  # aware, UTC
    status_from: PackageStatus | None
    status_to: PackageStatus
    username: str
    detail: dict[str, Any]


def providers_by_id(db: Database) -> dict[int, ServiceProvider]:
    return {provider.id: provider for provider in OfficeSettings(db).load().providers}


_LINE_COLUMNS = (
    PackageRow.id,
    PackageRow.status,
    PackageRow.documents,
    PackageRow.handoff_due,
    PackageRow.result_due,
    PackageRow.provider_id,
    PackageRow.delivered_on,
    PackageRow.result_kind,
    PackageRow.result_reference,
    PackageRow.result_received_on,
    PackageRow.return_reason,
    ApplicationRow.receipt_number,
    ApplicationRow.applicant_name,
    ApplicationRow.service_code,
    ApplicationRow.day,
)


def lines_query() -> Select[*tuple[Any, ...]]:
    """The columns a PackageLine needs (plain columns, not ORM objects: the queue can hold many thousands)."""
    return select(*_LINE_COLUMNS).join(ApplicationRow, ApplicationRow.id == PackageRow.application_id)


def package_line_of(row: Any, today: dt.date, manifest_number: str | None) -> PackageLine:
    status = PackageStatus(row.status)
    return PackageLine(
        receipt_number=row.receipt_number,
        applicant_name=row.applicant_name,
        service_code=row.service_code,
        documents_count=len(json.loads(row.documents)),
        accepted_on=row.day,
        handoff_due=row.handoff_due,
        result_due=row.result_due,
        status=status,
        overdue=is_overdue(status, row.handoff_due, today),
        provider_id=row.provider_id,
        manifest_number=manifest_number,
        delivered_on=row.delivered_on,
        result_kind=ResultKind(row.result_kind) if row.result_kind else None,
        result_reference=row.result_reference or "",
        result_received_on=row.result_received_on,
        return_reason=row.return_reason or "",
    )


def current_manifests(session: Session, package_ids: Iterable[int]) -> dict[int, str]:
    """The number of the newest manifest each package is on."""
    ids = list(package_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(ManifestPackageRow.package_id, ManifestRow.number)
        .join(ManifestRow, ManifestRow.id == ManifestPackageRow.manifest_id)
        .where(ManifestPackageRow.package_id.in_(ids))
        .order_by(ManifestRow.id)
    )
    return dict(rows.all())


def handoff_queue(db: Database, today: dt.date) -> list[ProviderQueue]:
    """Per provider: the packages not yet delivered, how many are due today and overdue (active providers and
    any inactive one that still has packages), the providers with overdue packages first."""
    providers = providers_by_id(db)
    on_manifest = PackageRow.status == S.ON_MANIFEST.value
    courier = PackageRow.status == S.WITH_COURIER.value
    query = (
        select(
            PackageRow.provider_id,
            func.sum(case((PackageRow.status == S.AWAITING_HANDOFF.value, 1), else_=0)),
            func.sum(case((on_manifest, 1), else_=0)),
            func.sum(case((courier, 1), else_=0)),
            func.sum(case((PackageRow.handoff_due == today, 1), else_=0)),
            func.sum(case((PackageRow.handoff_due < today, 1), else_=0)),
            func.min(PackageRow.handoff_due),
        )
        .where(PackageRow.status.in_([s.value for s in QUEUE_STATUSES]))
        .group_by(PackageRow.provider_id)
    )
    with db.read() as session:
        counts = {row[0]: row[1:] for row in session.execute(query)}
    queues = []
    for provider_id, provider in providers.items():
        if provider_id not in counts and not provider.active:
            continue
        awaiting, listed, carried, due_today, overdue, earliest = counts.get(
            provider_id, (0, 0, 0, 0, 0, None)
        )
        queues.append(
            ProviderQueue(
                provider, int(awaiting), int(listed), int(carried), int(due_today), int(overdue), earliest
            )
        )
    return sorted(
        queues, key=lambda q: (-q.overdue, -q.due_today, q.earliest_due or dt.date.max, q.provider.id)
    )


def queued_packages(
    db: Database,
    provider_id: int,
    today: dt.date,
    statuses: Sequence[PackageStatus] = QUEUE_STATUSES,
    limit: int | None = None,
) -> list[PackageLine]:
    """A provider's packages in ``statuses``, the earliest due first."""
    query = (
        lines_query()
        .where(PackageRow.provider_id == provider_id, PackageRow.status.in_([s.value for s in statuses]))
        .order_by(PackageRow.handoff_due, ApplicationRow.receipt_number)
        .limit(limit)
    )
    with db.read() as session:
        rows = session.execute(query).all()
        manifests = current_manifests(session, (row.id for row in rows if row.status != S.AWAITING_HANDOFF))
        return [package_line_of(row, today, manifests.get(row.id)) for row in rows]


def unclaimed_results(db: Database, today: dt.date, provider_id: int | None = None) -> list[PackageLine]:
    """Results kept one month and not claimed: to be handed back to the provider on a return manifest."""
    query = lines_query().where(
        PackageRow.status == S.RESULT_RECEIVED.value,
        PackageRow.result_received_on < today - RESULT_KEEPING,
    )
    if provider_id is not None:
        query = query.where(PackageRow.provider_id == provider_id)
    query = query.order_by(PackageRow.result_received_on, ApplicationRow.receipt_number)
    with db.read() as session:
        return [package_line_of(row, today, None) for row in session.execute(query)]


def results_waiting(db: Database, today: dt.date, limit: int | None = None) -> list[PackageLine]:
    """What the results desk works on: delivered packages (result awaited), results to issue, returned
    packages whose citizen must be told; the oldest first."""
    statuses = (S.DELIVERED, S.RESULT_RECEIVED, S.ON_RETURN_MANIFEST, S.RETURNED_BY_PROVIDER)
    query = (
        lines_query()
        .where(PackageRow.status.in_([s.value for s in statuses]))
        .order_by(PackageRow.result_due, ApplicationRow.receipt_number)
        .limit(limit)
    )
    with db.read() as session:
        rows = session.execute(query).all()
        manifests = current_manifests(session, (row.id for row in rows if row.status == S.ON_RETURN_MANIFEST))
        return [package_line_of(row, today, manifests.get(row.id)) for row in rows]


def package_line(db: Database, receipt_number: str, today: dt.date) -> PackageLine | None:
    query = lines_query().where(ApplicationRow.receipt_number == receipt_number.strip())
    with db.read() as session:
        row = session.execute(query).first()
        if row is None:
            return None
        manifests = current_manifests(session, [row.id])
        return package_line_of(row, today, manifests.get(row.id))


def package_history(db: Database, receipt_number: str) -> list[PackageEvent]:
    """Every status a package has had, the acceptance first."""
    query = (
        select(PackageEventRow)
        .join(PackageRow, PackageRow.id == PackageEventRow.package_id)
        .join(ApplicationRow, ApplicationRow.id == PackageRow.application_id)
        .where(ApplicationRow.receipt_number == receipt_number.strip())
        .order_by(PackageEventRow.id)
    )
    with db.read() as session:
        return [
            PackageEvent(
                at=as_utc(row.at),
                status_from=PackageStatus(row.status_from) if row.status_from else None,
                status_to=PackageStatus(row.status_to),
                username=row.username,
                detail=json.loads(row.detail or "{}"),
            )
            for row in session.scalars(query)
        ]
