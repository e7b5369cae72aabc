"""The one way a package changes status (checked against TRANSITIONS, written to its history) and the checks
shared by the manifests, custody and results use-cases."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any, TypeVarTuple

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from counter_app.core.domain import dates
from counter_app.core.domain import text as texts
from counter_app.core.domain.handoff_errors import (
    DateInFuture,
    HandoffError,
    IllegalTransition,
    MissingParticulars,
    TimeInFuture,
    UnknownManifest,
    UnknownPackage,
)
from counter_app.core.domain.i18n import _
from counter_app.core.domain.packages import TRANSITIONS, PackageStatus
from counter_app.storage.db import as_utc
from counter_app.storage.handoff_tables import ManifestPackageRow, ManifestRow, PackageEventRow
from counter_app.storage.intake_tables import ApplicationRow, PackageRow

if TYPE_CHECKING:
    from counter_app.core.domain.permissions import Account


def current_time() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def required_text(
    value: str, message: str, label: str = "", limit: int = texts.PERSON_NAME, multiline: bool = False
) -> str:
    """The text without control characters; ``MissingParticulars`` when empty, too long, or with a NUL."""
    try:
        value = texts.limited("text", label or _("This text"), value, limit, multiline)
    except texts.InvalidText as error:
        raise MissingParticulars(error.message) from None
    if not value:
        raise MissingParticulars(message)
    return value


def not_in_future(day: dt.date, today: dt.date, earliest: dt.date = dates.EARLIEST) -> None:
    if day > today:
        raise DateInFuture(day)
    try:
        dates.in_range("date", day, earliest, today)
    except dates.InvalidDate as error:
        raise HandoffError(error.message) from None


# A time typed to the minute is not "in the future" during the minute it names.
TIME_TOLERANCE = dt.timedelta(minutes=1)


def pickup_time(at: dt.datetime | None, now: dt.datetime) -> dt.datetime:
    """The courier's pickup time, which may not be in the future."""
    picked_up = as_utc(at) or now
    if picked_up > now + TIME_TOLERANCE:
        raise TimeInFuture(picked_up)
    return picked_up


def move_package(
    session: Session,
    actor: Account,
    package: PackageRow,
    receipt_number: str,
    to: PackageStatus,
    at: dt.datetime,
    **detail: Any,
) -> None:
    current = PackageStatus(package.status)
    if to not in TRANSITIONS[current]:
        raise IllegalTransition(receipt_number, current, to)
    package.status = to.value
    package.status_changed_at = at
    session.add(
        PackageEventRow(
            package_id=package.id,
            at=at,
            status_from=current.value,
            status_to=to.value,
            user_id=actor.id or None,
            username=actor.username,
            detail=json.dumps(
                {k: v for k, v in detail.items() if v not in (None, "")}, ensure_ascii=False, default=str
            ),
        )
    )


Columns = TypeVarTuple("Columns")


def locking_packages(query: Select[*Columns]) -> Select[*Columns]:
    """``query`` (over packages) locking its package rows in the one order of every use-case: by id, the order
    their updates are written in. Two managers moving packages of several days then never each hold a package
    the other waits for (a deadlock on PostgreSQL; ``storage.retry`` runs a transaction given up again). The
    caller sorts the rows for showing."""
    return query.order_by(PackageRow.id).with_for_update(of=PackageRow)


def package_for_update(session: Session, receipt_number: str) -> PackageRow:
    package = session.scalar(
        select(PackageRow)
        .join(ApplicationRow, ApplicationRow.id == PackageRow.application_id)
        .where(ApplicationRow.receipt_number == receipt_number.strip())
        .with_for_update(of=PackageRow)
    )
    if package is None:
        raise UnknownPackage(receipt_number)
    return package


def manifest_for_update(session: Session, number: str) -> ManifestRow:
    manifest = session.scalar(
        select(ManifestRow).where(ManifestRow.number == number.strip()).with_for_update()
    )
    if manifest is None:
        raise UnknownManifest(number)
    return manifest


def manifest_packages(session: Session, manifest: ManifestRow) -> list[tuple[PackageRow, str]]:
    """The manifest's packages (locked) with their receipt numbers, in the manifest's order."""
    rows = session.execute(
        locking_packages(
            select(PackageRow, ApplicationRow.receipt_number, ManifestPackageRow.position)
            .join(ManifestPackageRow, ManifestPackageRow.package_id == PackageRow.id)
            .join(ApplicationRow, ApplicationRow.id == PackageRow.application_id)
            .where(ManifestPackageRow.manifest_id == manifest.id)
        )
    ).all()
    return [(package, number) for package, number, _position in sorted(rows, key=lambda row: row[2])]
