"""Manifests: a provider's packages put on a handoff (or return) manifest, changed, cancelled and read back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from counter_app.core.domain import dates
from counter_app.core.domain.handoff_errors import (
    HandoffError,
    ManifestNotInStep,
    NothingDueYet,
    NothingToHandOff,
    PackageUnavailable,
)
from counter_app.core.domain.i18n import _
from counter_app.core.domain.office import ServiceProvider
from counter_app.core.domain.office_time import office_today
from counter_app.core.domain.packages import (
    MANIFEST_PREFIX,
    RESULT_KEEPING,
    STATUS_ELIGIBLE,
    STATUS_LISTED,
    HandoffAction,
    ManifestKind,
    ManifestStatus,
    S,
)
from counter_app.core.domain.permissions import Capability, require
from counter_app.core.usecases import audit
from counter_app.core.usecases.accounts import acting
from counter_app.core.usecases.numbering import next_serial
from counter_app.core.usecases.office_settings import OfficeSettings
from counter_app.core.usecases.package_moves import (
    current_time,
    locking_packages,
    manifest_for_update,
    manifest_packages,
    move_package,
)
from counter_app.core.usecases.package_reads import PackageLine, lines_query, package_line_of, providers_by_id
from counter_app.storage.db import Database, as_utc
from counter_app.storage.handoff_tables import ManifestPackageRow, ManifestRow
from counter_app.storage.intake_tables import ApplicationRow, PackageRow
from counter_app.storage.retry import retrying

if TYPE_CHECKING:
    from counter_app.core.domain.permissions import Account


@dataclass(frozen=True)
class Manifest:
    number: str
    kind: ManifestKind
    provider: ServiceProvider
    day: dt.date
    status: ManifestStatus
    created_at: dt.datetime
    created_by: str
    created_by_name: str
    courier_name: str
    picked_up_at: dt.datetime | None
    clerk_name: str
    delivered_on: dt.date | None
    lines: list[PackageLine] = field(default_factory=list)

    @property
    def documents_count(self) -> int:
        return sum(line.documents_count for line in self.lines)


@dataclass(frozen=True)
class ManifestSummary:
    number: str
    kind: ManifestKind
    provider_id: int
    day: dt.date
    status: ManifestStatus
    packages: int


@retrying
def _build(
    db: Database,
    actor: Account,
    kind: ManifestKind,
    provider_id: int,
    day: dt.date,
    receipt_numbers: Sequence[str] | None,
) -> str:
    require(actor, Capability.HAND_OVER)
    try:
        dates.in_range("day", day)
    except dates.InvalidDate as error:
        raise HandoffError(error.message) from None
    office = OfficeSettings(db).load()
    if provider_id not in {p.id for p in office.providers}:
        raise HandoffError(_("There is no provider {id}.").format(id=provider_id))
    eligible = STATUS_ELIGIBLE[kind]
    query = (
        select(PackageRow, ApplicationRow.receipt_number)
        .join(ApplicationRow, ApplicationRow.id == PackageRow.application_id)
        .where(PackageRow.provider_id == provider_id, PackageRow.status == eligible.value)
    )
    if receipt_numbers is not None:
        wanted = list(dict.fromkeys(n.strip() for n in receipt_numbers if n.strip()))
        query = query.where(ApplicationRow.receipt_number.in_(wanted))
    elif kind is ManifestKind.HANDOFF:
        query = query.where(PackageRow.handoff_due <= day)
    if kind is ManifestKind.RETURN:
        query = query.where(PackageRow.result_received_on < day - RESULT_KEEPING)
    query = locking_packages(query)
    now = current_time()
    with db.write() as session:
        actor = acting(session, actor, Capability.HAND_OVER)
        rows = sorted(session.execute(query).all(), key=lambda row: (row[0].handoff_due, row[1]))
        if receipt_numbers is not None:
            found = {number for _package, number in rows}
            unavailable = [n for n in wanted if n not in found]
            if unavailable:
                raise PackageUnavailable(unavailable)
        if not rows:
            if kind is ManifestKind.HANDOFF and receipt_numbers is None:
                _raise_next_due(session, provider_id, day)
            raise NothingToHandOff()
        prefix = MANIFEST_PREFIX[kind]
        serial = next_serial(session, f"{office.department_number}/{prefix}", day)
        number = f"{office.department_number}-{day:%Y%m%d}-{prefix}{serial:02d}"
        manifest = ManifestRow(
            number=number,
            kind=kind.value,
            provider_id=provider_id,
            day=day,
            status=ManifestStatus.OPEN.value,
            created_at=now,
            created_by=actor.username,
            created_by_name=actor.full_name,
            courier_name="",
            picked_up_at=None,
            clerk_name="",
            delivered_on=None,
        )
        session.add(manifest)
        session.flush()
        for position, (package, receipt_number) in enumerate(rows, start=1):
            session.add(
                ManifestPackageRow(
                    manifest_id=manifest.id, package_id=package.id, kind=kind.value, position=position
                )
            )
            move_package(session, actor, package, receipt_number, STATUS_LISTED[kind], now, manifest=number)
        audit.record(
            session,
            actor,
            HandoffAction.MANIFEST_BUILT,
            subject=number,
            detail=f"{kind.value} provider={provider_id} packages={len(rows)}",
        )
    return number


def _raise_next_due(session: Session, provider_id: int, day: dt.date) -> None:
    """Raise NothingDueYet naming the provider's next due packages, if any wait for a later day."""
    waiting = PackageRow.provider_id == provider_id, PackageRow.status == S.AWAITING_HANDOFF.value
    next_due = session.scalar(select(func.min(PackageRow.handoff_due)).where(*waiting))
    if next_due is None:
        return
    numbers = session.scalars(
        select(ApplicationRow.receipt_number)
        .join(PackageRow, PackageRow.application_id == ApplicationRow.id)
        .where(*waiting, PackageRow.handoff_due == next_due)
        .order_by(ApplicationRow.receipt_number)
    ).all()
    raise NothingDueYet(day, next_due, numbers)


def build_manifest(
    db: Database, actor: Account, provider_id: int, day: dt.date, receipt_numbers: Sequence[str] | None = None
) -> str:
    """Put a provider's packages on a new handoff manifest for ``day`` and return its number.

    By default every package awaiting handoff whose due date is ``day`` or earlier (overdue ones included);
    or exactly ``receipt_numbers``, each of which must be this provider's and awaiting handoff.
    """
    return _build(db, actor, ManifestKind.HANDOFF, provider_id, day, receipt_numbers)


def build_return_manifest(
    db: Database, actor: Account, provider_id: int, day: dt.date, receipt_numbers: Sequence[str] | None = None
) -> str:
    """Put a provider's unclaimed results (kept one month) on a new return manifest and return its number."""
    return _build(db, actor, ManifestKind.RETURN, provider_id, day, receipt_numbers)


def _back_from_manifest(
    session: Session,
    actor: Account,
    manifest: ManifestRow,
    package: PackageRow,
    receipt_number: str,
    now: dt.datetime,
) -> None:
    kind = ManifestKind(manifest.kind)
    session.execute(
        delete(ManifestPackageRow).where(
            ManifestPackageRow.manifest_id == manifest.id, ManifestPackageRow.package_id == package.id
        )
    )
    move_package(
        session, actor, package, receipt_number, STATUS_ELIGIBLE[kind], now, removed_from=manifest.number
    )


@retrying
def remove_from_manifest(db: Database, actor: Account, number: str, receipt_numbers: Sequence[str]) -> None:
    """Take packages off an open manifest (they wait for the next one)."""
    require(actor, Capability.HAND_OVER)
    wanted = {n.strip() for n in receipt_numbers}
    now = current_time()
    with db.write() as session:
        actor = acting(session, actor, Capability.HAND_OVER)
        manifest = manifest_for_update(session, number)
        if manifest.status != ManifestStatus.OPEN.value:
            raise ManifestNotInStep(manifest.number, ManifestStatus(manifest.status))
        on_it = {n: p for p, n in manifest_packages(session, manifest)}
        unknown = sorted(wanted - on_it.keys())
        if unknown:
            raise PackageUnavailable(unknown)
        for receipt_number in sorted(wanted):
            _back_from_manifest(session, actor, manifest, on_it[receipt_number], receipt_number, now)
        audit.record(
            session,
            actor,
            HandoffAction.MANIFEST_CHANGED,
            subject=manifest.number,
            detail="removed " + " ".join(sorted(wanted)),
        )


@retrying
def cancel_manifest(db: Database, actor: Account, number: str) -> None:
    """Give up an open manifest: every package on it waits for the next one."""
    require(actor, Capability.HAND_OVER)
    now = current_time()
    with db.write() as session:
        actor = acting(session, actor, Capability.HAND_OVER)
        manifest = manifest_for_update(session, number)
        if manifest.status != ManifestStatus.OPEN.value:
            raise ManifestNotInStep(manifest.number, ManifestStatus(manifest.status))
        for package, receipt_number in manifest_packages(session, manifest):
            _back_from_manifest(session, actor, manifest, package, receipt_number, now)
        manifest.status = ManifestStatus.CANCELLED.value
        audit.record(session, actor, HandoffAction.MANIFEST_CANCELLED, subject=manifest.number)


def load_manifest(db: Database, number: str, today: dt.date | None = None) -> Manifest | None:
    providers = providers_by_id(db)
    today = today or office_today()
    with db.read() as session:
        row = session.scalar(select(ManifestRow).where(ManifestRow.number == number.strip()))
        if row is None:
            return None
        lines = session.execute(
            lines_query()
            .join(ManifestPackageRow, ManifestPackageRow.package_id == PackageRow.id)
            .where(ManifestPackageRow.manifest_id == row.id)
            .order_by(ManifestPackageRow.position)
        ).all()
        return Manifest(
            number=row.number,
            kind=ManifestKind(row.kind),
            provider=providers[row.provider_id],
            day=row.day,
            status=ManifestStatus(row.status),
            created_at=as_utc(row.created_at),
            created_by=row.created_by,
            created_by_name=row.created_by_name,
            courier_name=row.courier_name,
            picked_up_at=as_utc(row.picked_up_at),
            clerk_name=row.clerk_name,
            delivered_on=row.delivered_on,
            lines=[package_line_of(line, today, row.number) for line in lines],
        )


def _summaries(db: Database, condition: Any) -> list[ManifestSummary]:
    count = (
        select(func.count(ManifestPackageRow.id))
        .where(ManifestPackageRow.manifest_id == ManifestRow.id)
        .scalar_subquery()
    )
    query = select(ManifestRow, count).where(condition).order_by(ManifestRow.day, ManifestRow.number)
    with db.read() as session:
        return [
            ManifestSummary(
                row.number,
                ManifestKind(row.kind),
                row.provider_id,
                row.day,
                ManifestStatus(row.status),
                int(n),
            )
            for row, n in session.execute(query)
        ]


def open_manifests(db: Database) -> list[ManifestSummary]:
    """Manifests not yet signed for by the provider (open or with the courier)."""
    return _summaries(
        db, ManifestRow.status.in_([ManifestStatus.OPEN.value, ManifestStatus.WITH_COURIER.value])
    )


def manifests_on(db: Database, day: dt.date) -> list[ManifestSummary]:
    return _summaries(db, ManifestRow.day == day)
