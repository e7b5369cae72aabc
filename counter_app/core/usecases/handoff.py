"""What happens to a package after the citizen leaves: the courier handoff to the provider and the result back.

The law (seed 001 p. 6 and p. 11, the 2013 standard): the State Corporation delivers the package by courier to
the provider within one working day, the day of acceptance not counted (``PackageRow.handoff_due``, set at
intake); the result comes back and is issued on presentation of an ID, or to a representative with a notarised
power of attorney; a result unclaimed for one month is handed back to the provider; the provider may return a
package with a written reason, and the centre tells the citizen.

The manager puts the packages due for one provider on a **manifest** (``<department>-<YYYYMMDD>-M<NN>``, gap-free
like receipt numbers); the courier's pickup is recorded after every package was scanned against it, the
delivery with the provider's clerk's name from the signed copy. Unclaimed results go back on a **return
manifest** (``…-R<NN>``) through the same steps. Every change of a package's status is checked against
``TRANSITIONS`` and written to its history (``package_events``) in the same transaction, with an audit entry.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta
from sqlalchemy import Select, case, delete, func, select
from sqlalchemy.orm import Session

from counter_app.core.domain import dates
from counter_app.core.domain import text as texts
from counter_app.core.domain.i18n import N_, _
from counter_app.core.domain.office import ServiceProvider
from counter_app.core.usecases import audit
from counter_app.core.usecases.accounts import AccessDenied, Screen, acting, can_open
from counter_app.core.usecases.intake import PackageStatus
from counter_app.core.usecases.numbering import next_serial
from counter_app.core.usecases.office_settings import OfficeSettings
from counter_app.storage.db import Database, as_utc
from counter_app.storage.handoff_tables import ManifestPackageRow, ManifestRow, PackageEventRow
from counter_app.storage.intake_tables import ApplicationRow, PackageRow
from counter_app.storage.models import AuditEntryRow

if TYPE_CHECKING:
    from counter_app.core.usecases.accounts import Account

S = PackageStatus

TRANSITIONS: dict[PackageStatus, frozenset[PackageStatus]] = {
    S.AWAITING_HANDOFF: frozenset({S.ON_MANIFEST}),
    S.ON_MANIFEST: frozenset({S.AWAITING_HANDOFF, S.WITH_COURIER}),
    S.WITH_COURIER: frozenset({S.DELIVERED, S.ON_MANIFEST}),  # back: a pickup recorded by mistake, undone
    S.DELIVERED: frozenset({S.RESULT_RECEIVED, S.RETURNED_BY_PROVIDER}),
    S.RESULT_RECEIVED: frozenset({S.ISSUED, S.ON_RETURN_MANIFEST}),
    S.ON_RETURN_MANIFEST: frozenset({S.RESULT_RECEIVED, S.RETURNING_WITH_COURIER, S.ISSUED}),
    S.RETURNING_WITH_COURIER: frozenset({S.RESULT_RETURNED, S.ON_RETURN_MANIFEST}),
    S.RETURNED_BY_PROVIDER: frozenset({S.CITIZEN_INFORMED}),
    S.ISSUED: frozenset(),
    S.CITIZEN_INFORMED: frozenset(),
    S.RESULT_RETURNED: frozenset(),
}

STATUS_NAMES: dict[PackageStatus, str] = {
    S.AWAITING_HANDOFF: N_("awaiting handoff"),
    S.ON_MANIFEST: N_("on a manifest"),
    S.WITH_COURIER: N_("with the courier"),
    S.DELIVERED: N_("delivered to the provider"),
    S.RESULT_RECEIVED: N_("result received"),
    S.ISSUED: N_("result issued"),
    S.RETURNED_BY_PROVIDER: N_("returned by the provider: inform the citizen"),
    S.CITIZEN_INFORMED: N_("returned by the provider, citizen informed"),
    S.ON_RETURN_MANIFEST: N_("unclaimed, on a return manifest"),
    S.RETURNING_WITH_COURIER: N_("unclaimed, with the courier to the provider"),
    S.RESULT_RETURNED: N_("unclaimed result returned to the provider"),
}

# Not yet at the provider: these are what the handoff screen shows, and what can be overdue.
QUEUE_STATUSES = (S.AWAITING_HANDOFF, S.ON_MANIFEST, S.WITH_COURIER)
RESULT_KEEPING = relativedelta(months=1)  # unclaimed results are kept one month (seed 001 p. 11)


def status_text(status: PackageStatus) -> str:
    """The status in the UI language."""
    return _(STATUS_NAMES[status])


def is_overdue(status: PackageStatus, handoff_due: dt.date, today: dt.date) -> bool:
    """Not delivered to the provider by its due date."""
    return status in QUEUE_STATUSES and today > handoff_due


def keep_until(result_received_on: dt.date) -> dt.date:
    """The last day an unclaimed result is kept at the centre."""
    return result_received_on + RESULT_KEEPING


class HandoffAction:
    """Audit actions written here."""

    MANIFEST_BUILT = "manifest_built"
    MANIFEST_CHANGED = "manifest_changed"
    MANIFEST_CANCELLED = "manifest_cancelled"
    PICKED_UP = "manifest_picked_up"
    PICKUP_CORRECTED = "manifest_pickup_corrected"  # the courier's name or time was recorded wrongly
    PICKUP_UNDONE = "manifest_pickup_undone"  # the pickup was recorded by mistake: the manifest is open again
    DELIVERED = "manifest_delivered"
    RESULT_RECEIVED = "result_received"
    RESULT_ISSUED = "result_issued"
    RETURNED_BY_PROVIDER = "returned_by_provider"
    CITIZEN_INFORMED = "citizen_informed"


class ManifestKind(str, enum.Enum):
    HANDOFF = "handoff"  # packages to the provider
    RETURN = "return"  # unclaimed results back to the provider


class ManifestStatus(str, enum.Enum):
    OPEN = "open"  # being put together; packages can be added and removed
    WITH_COURIER = "with_courier"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


MANIFEST_PREFIX = {ManifestKind.HANDOFF: "M", ManifestKind.RETURN: "R"}
# Per kind: the package status a package must have to go on the manifest, and the steps it takes with it.
_ELIGIBLE = {ManifestKind.HANDOFF: S.AWAITING_HANDOFF, ManifestKind.RETURN: S.RESULT_RECEIVED}
_ON = {ManifestKind.HANDOFF: S.ON_MANIFEST, ManifestKind.RETURN: S.ON_RETURN_MANIFEST}
_PICKED_UP = {ManifestKind.HANDOFF: S.WITH_COURIER, ManifestKind.RETURN: S.RETURNING_WITH_COURIER}
_DELIVERED = {ManifestKind.HANDOFF: S.DELIVERED, ManifestKind.RETURN: S.RESULT_RETURNED}


class ResultKind(str, enum.Enum):
    """What the provider sends back (seed 001: decision; guardianship: order or certificate; or a refusal)."""

    DECISION = "decision"
    ORDER = "order"
    CERTIFICATE = "certificate"
    REASONED_REFUSAL = "reasoned_refusal"
    OTHER = "other"


RESULT_KIND_NAMES = {
    ResultKind.DECISION: N_("decision"),
    ResultKind.ORDER: N_("order"),
    ResultKind.CERTIFICATE: N_("certificate"),
    ResultKind.REASONED_REFUSAL: N_("reasoned refusal"),
    ResultKind.OTHER: N_("other document"),
}


class RecipientKind(str, enum.Enum):
    APPLICANT = "applicant"
    REPRESENTATIVE = "representative"  # on a notarised power of attorney


# ----------------------------------------------------------------------------------------------------------
# Errors (their messages are in the UI language of the moment they are raised)


class HandoffError(ValueError):
    """A handoff step that cannot be done; the message says why, for the manager."""


class IllegalTransition(HandoffError):
    def __init__(self, receipt_number: str, current: PackageStatus, wanted: PackageStatus) -> None:
        self.receipt_number, self.current, self.wanted = receipt_number, current, wanted
        super().__init__(
            _("Package {number} is “{current}”: it cannot become “{wanted}”.").format(
                number=receipt_number, current=status_text(current), wanted=status_text(wanted)
            )
        )


class NothingToHandOff(HandoffError):
    def __init__(self) -> None:
        super().__init__(_("There are no packages to put on a manifest for this provider and day."))


class NothingDueYet(NothingToHandOff):
    """Nothing is due by the manifest's day, but packages wait: ``next_due`` is when the next ones are due and
    ``receipt_numbers`` are those packages (a manifest can still be built from them as a selection)."""

    def __init__(self, day: dt.date, next_due: dt.date, receipt_numbers: Sequence[str]) -> None:
        HandoffError.__init__(
            self,
            _(
                "No package of this provider is due by {day}. The next {count} are due on {date}; to send them now, "
                "build the manifest from a selection."
            ).format(
                day=day.strftime("%d.%m.%Y"), count=len(receipt_numbers), date=next_due.strftime("%d.%m.%Y")
            ),
        )
        self.day, self.next_due, self.receipt_numbers = day, next_due, list(receipt_numbers)


class PackageUnavailable(HandoffError):
    """Packages that cannot go on the manifest: unknown, another provider's, or already on a manifest."""

    def __init__(self, receipt_numbers: Sequence[str]) -> None:
        self.receipt_numbers = list(receipt_numbers)
        super().__init__(
            _(
                "These packages cannot go on this manifest (unknown, another provider's, or already on a "
                "manifest): {numbers}"
            ).format(numbers=", ".join(self.receipt_numbers))
        )


class UnknownManifest(HandoffError):
    def __init__(self, number: str) -> None:
        super().__init__(_("There is no manifest {number}.").format(number=number))


class UnknownPackage(HandoffError):
    def __init__(self, receipt_number: str) -> None:
        super().__init__(
            _("There is no accepted package with receipt number {number}.").format(number=receipt_number)
        )


class ManifestNotInStep(HandoffError):
    def __init__(self, number: str, status: ManifestStatus) -> None:
        names = {
            ManifestStatus.OPEN: _("open"),
            ManifestStatus.WITH_COURIER: _("with the courier"),
            ManifestStatus.DELIVERED: _("delivered"),
            ManifestStatus.CANCELLED: _("cancelled"),
        }
        super().__init__(
            _("Manifest {number} is {status}: this step cannot be done now.").format(
                number=number, status=names[status]
            )
        )


class MissingParticulars(HandoffError):
    """A name, reason or document the law or the signed copy requires was left empty."""


@dataclass(frozen=True)
class Discrepancies:
    missing: list[str]  # on the manifest, not scanned
    extra: list[str]  # scanned, not on the manifest

    def __bool__(self) -> bool:
        return bool(self.missing or self.extra)


class DiscrepancyFound(HandoffError):
    def __init__(self, discrepancies: Discrepancies) -> None:
        self.discrepancies = discrepancies
        parts = []
        if discrepancies.missing:
            parts.append(_("not scanned: {numbers}").format(numbers=", ".join(discrepancies.missing)))
        if discrepancies.extra:
            parts.append(_("not on the manifest: {numbers}").format(numbers=", ".join(discrepancies.extra)))
        super().__init__(
            _("The packages do not match the manifest ({details}).").format(details="; ".join(parts))
        )


class DateInFuture(HandoffError):
    def __init__(self, day: dt.date) -> None:
        super().__init__(_("The date {date} is in the future.").format(date=day.strftime("%d.%m.%Y")))


class TimeInFuture(HandoffError):
    def __init__(self, at: dt.datetime) -> None:
        local = at.astimezone()
        super().__init__(_("The time {time} is in the future.").format(time=local.strftime("%d.%m.%Y %H:%M")))


# ----------------------------------------------------------------------------------------------------------
# What the screens read


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


@dataclass(frozen=True)
class PackageEvent:
    at: dt.datetime  # aware, UTC
    status_from: PackageStatus | None
    status_to: PackageStatus
    username: str
    detail: dict[str, Any]


@dataclass(frozen=True)
class Recipient:
    """Who the result was issued to, as entered from the ID (and the power of attorney) presented."""

    kind: RecipientKind
    full_name: str
    id_document: str  # kind and number of the ID presented
    power_of_attorney_number: str = ""
    power_of_attorney_date: dt.date | None = None
    notary: str = ""


# ----------------------------------------------------------------------------------------------------------
# Helpers


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _require(actor: Account, screen: Screen) -> None:
    """Managers hand over; operators and managers deal with results (checked again, as stored, in the write
    transaction by ``acting``)."""
    if not can_open(actor, screen):
        raise AccessDenied(_("Your role does not give access to this screen."))


def _required(
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


def _not_future(day: dt.date, today: dt.date, earliest: dt.date = dates.EARLIEST) -> None:
    if day > today:
        raise DateInFuture(day)
    try:
        dates.in_range("date", day, earliest, today)
    except dates.InvalidDate as error:
        raise HandoffError(error.message) from None


# A time typed to the minute is not "in the future" during the minute it names.
TIME_TOLERANCE = dt.timedelta(minutes=1)


def _pickup_time(at: dt.datetime | None, now: dt.datetime) -> dt.datetime:
    """The courier's pickup time, which may not be in the future."""
    picked_up = as_utc(at) or now
    if picked_up > now + TIME_TOLERANCE:
        raise TimeInFuture(picked_up)
    return picked_up


def _move(
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


def _providers(db: Database) -> dict[int, ServiceProvider]:
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


def _lines_query() -> Select:
    """The columns a PackageLine needs (plain columns, not ORM objects: the queue can hold many thousands)."""
    return select(*_LINE_COLUMNS).join(ApplicationRow, ApplicationRow.id == PackageRow.application_id)


def _line(row: Any, today: dt.date, manifest_number: str | None) -> PackageLine:
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


def _current_manifests(session: Session, package_ids: Iterable[int]) -> dict[int, str]:
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


def _package_for_update(session: Session, receipt_number: str) -> PackageRow:
    package = session.scalar(
        select(PackageRow)
        .join(ApplicationRow, ApplicationRow.id == PackageRow.application_id)
        .where(ApplicationRow.receipt_number == receipt_number.strip())
        .with_for_update(of=PackageRow)
    )
    if package is None:
        raise UnknownPackage(receipt_number)
    return package


def _manifest_for_update(session: Session, number: str) -> ManifestRow:
    manifest = session.scalar(
        select(ManifestRow).where(ManifestRow.number == number.strip()).with_for_update()
    )
    if manifest is None:
        raise UnknownManifest(number)
    return manifest


def _manifest_packages(session: Session, manifest: ManifestRow) -> list[tuple[PackageRow, str]]:
    rows = session.execute(
        select(PackageRow, ApplicationRow.receipt_number)
        .join(ManifestPackageRow, ManifestPackageRow.package_id == PackageRow.id)
        .join(ApplicationRow, ApplicationRow.id == PackageRow.application_id)
        .where(ManifestPackageRow.manifest_id == manifest.id)
        .order_by(ManifestPackageRow.position)
        .with_for_update(of=PackageRow)
    )
    return [(package, number) for package, number in rows]


# ----------------------------------------------------------------------------------------------------------
# The handoff queue


def handoff_queue(db: Database, today: dt.date) -> list[ProviderQueue]:
    """Per provider: the packages not yet delivered, how many are due today and overdue (active providers and
    any inactive one that still has packages), the providers with overdue packages first."""
    providers = _providers(db)
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
        _lines_query()
        .where(PackageRow.provider_id == provider_id, PackageRow.status.in_([s.value for s in statuses]))
        .order_by(PackageRow.handoff_due, ApplicationRow.receipt_number)
        .limit(limit)
    )
    with db.read() as session:
        rows = session.execute(query).all()
        manifests = _current_manifests(session, (row.id for row in rows if row.status != S.AWAITING_HANDOFF))
        return [_line(row, today, manifests.get(row.id)) for row in rows]


def unclaimed_results(db: Database, today: dt.date, provider_id: int | None = None) -> list[PackageLine]:
    """Results kept one month and not claimed: to be handed back to the provider on a return manifest."""
    query = _lines_query().where(
        PackageRow.status == S.RESULT_RECEIVED.value,
        PackageRow.result_received_on < today - RESULT_KEEPING,
    )
    if provider_id is not None:
        query = query.where(PackageRow.provider_id == provider_id)
    query = query.order_by(PackageRow.result_received_on, ApplicationRow.receipt_number)
    with db.read() as session:
        return [_line(row, today, None) for row in session.execute(query)]


def results_waiting(db: Database, today: dt.date, limit: int | None = None) -> list[PackageLine]:
    """What the results desk works on: delivered packages (result awaited), results to issue, returned
    packages whose citizen must be told; the oldest first."""
    statuses = (S.DELIVERED, S.RESULT_RECEIVED, S.ON_RETURN_MANIFEST, S.RETURNED_BY_PROVIDER)
    query = (
        _lines_query()
        .where(PackageRow.status.in_([s.value for s in statuses]))
        .order_by(PackageRow.result_due, ApplicationRow.receipt_number)
        .limit(limit)
    )
    with db.read() as session:
        rows = session.execute(query).all()
        manifests = _current_manifests(
            session, (row.id for row in rows if row.status == S.ON_RETURN_MANIFEST)
        )
        return [_line(row, today, manifests.get(row.id)) for row in rows]


def package_line(db: Database, receipt_number: str, today: dt.date) -> PackageLine | None:
    query = _lines_query().where(ApplicationRow.receipt_number == receipt_number.strip())
    with db.read() as session:
        row = session.execute(query).first()
        if row is None:
            return None
        manifests = _current_manifests(session, [row.id])
        return _line(row, today, manifests.get(row.id))


# ----------------------------------------------------------------------------------------------------------
# Manifests


def _build(
    db: Database,
    actor: Account,
    kind: ManifestKind,
    provider_id: int,
    day: dt.date,
    receipt_numbers: Sequence[str] | None,
) -> str:
    _require(actor, Screen.HANDOFF)
    try:
        dates.in_range("day", day)
    except dates.InvalidDate as error:
        raise HandoffError(error.message) from None
    office = OfficeSettings(db).load()
    if provider_id not in {p.id for p in office.providers}:
        raise HandoffError(_("There is no provider {id}.").format(id=provider_id))
    eligible = _ELIGIBLE[kind]
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
    query = query.order_by(PackageRow.handoff_due, ApplicationRow.receipt_number).with_for_update(
        of=PackageRow
    )
    now = _now()
    with db.write() as session:
        actor = acting(session, actor, Screen.HANDOFF)
        rows = session.execute(query).all()
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
            _move(session, actor, package, receipt_number, _ON[kind], now, manifest=number)
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
    _move(session, actor, package, receipt_number, _ELIGIBLE[kind], now, removed_from=manifest.number)


def remove_from_manifest(db: Database, actor: Account, number: str, receipt_numbers: Sequence[str]) -> None:
    """Take packages off an open manifest (they wait for the next one)."""
    _require(actor, Screen.HANDOFF)
    wanted = {n.strip() for n in receipt_numbers}
    now = _now()
    with db.write() as session:
        actor = acting(session, actor, Screen.HANDOFF)
        manifest = _manifest_for_update(session, number)
        if manifest.status != ManifestStatus.OPEN.value:
            raise ManifestNotInStep(manifest.number, ManifestStatus(manifest.status))
        on_it = {n: p for p, n in _manifest_packages(session, manifest)}
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


def cancel_manifest(db: Database, actor: Account, number: str) -> None:
    """Give up an open manifest: every package on it waits for the next one."""
    _require(actor, Screen.HANDOFF)
    now = _now()
    with db.write() as session:
        actor = acting(session, actor, Screen.HANDOFF)
        manifest = _manifest_for_update(session, number)
        if manifest.status != ManifestStatus.OPEN.value:
            raise ManifestNotInStep(manifest.number, ManifestStatus(manifest.status))
        for package, receipt_number in _manifest_packages(session, manifest):
            _back_from_manifest(session, actor, manifest, package, receipt_number, now)
        manifest.status = ManifestStatus.CANCELLED.value
        audit.record(session, actor, HandoffAction.MANIFEST_CANCELLED, subject=manifest.number)


def _scanned(scanned: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(n.strip() for n in scanned if n.strip()))


def check_pickup(db: Database, number: str, scanned: Iterable[str]) -> Discrepancies:
    """Compare the receipt numbers scanned (or typed) from the packages with the manifest."""
    manifest = load_manifest(db, number)
    if manifest is None:
        raise UnknownManifest(number)
    listed = [line.receipt_number for line in manifest.lines]
    seen = _scanned(scanned)
    return Discrepancies(
        missing=[n for n in listed if n not in set(seen)], extra=[n for n in seen if n not in set(listed)]
    )


def record_pickup(
    db: Database,
    actor: Account,
    number: str,
    courier_name: str,
    picked_up_at: dt.datetime,
    scanned: Iterable[str],
    now: dt.datetime | None = None,
) -> None:
    """The courier takes the packages: only when every package was scanned and nothing else was.

    ``picked_up_at`` may not be in the future (``now``, default the computer's clock) nor before the manifest.
    """
    _require(actor, Screen.HANDOFF)
    courier = _required(courier_name, _("Enter the courier's name."), _("The courier's name"))
    seen = _scanned(scanned)
    now = as_utc(now) or _now()
    with db.write() as session:
        actor = acting(session, actor, Screen.HANDOFF)
        manifest = _manifest_for_update(session, number)
        if manifest.status != ManifestStatus.OPEN.value:
            raise ManifestNotInStep(manifest.number, ManifestStatus(manifest.status))
        at = _pickup_time(picked_up_at, now)
        packages = _manifest_packages(session, manifest)
        if not packages:
            raise NothingToHandOff()
        listed = [n for _p, n in packages]
        found = Discrepancies(
            missing=[n for n in listed if n not in set(seen)], extra=[n for n in seen if n not in set(listed)]
        )
        if found:
            raise DiscrepancyFound(found)
        kind = ManifestKind(manifest.kind)
        if at.date() < manifest.day - dt.timedelta(days=1):
            raise HandoffError(
                _("The pickup cannot be before the manifest's day ({date}).").format(
                    date=manifest.day.strftime("%d.%m.%Y")
                )
            )
        for package, receipt_number in packages:
            _move(
                session,
                actor,
                package,
                receipt_number,
                _PICKED_UP[kind],
                at,
                manifest=manifest.number,
                courier=courier,
            )
        manifest.status = ManifestStatus.WITH_COURIER.value
        manifest.courier_name = courier
        manifest.picked_up_at = at
        audit.record(session, actor, HandoffAction.PICKED_UP, subject=manifest.number, detail=courier)


def _picked_up_manifest(session: Session, number: str) -> ManifestRow:
    manifest = _manifest_for_update(session, number)
    if manifest.status != ManifestStatus.WITH_COURIER.value:
        raise ManifestNotInStep(manifest.number, ManifestStatus(manifest.status))
    return manifest


def correct_pickup(
    db: Database,
    actor: Account,
    number: str,
    courier_name: str,
    picked_up_at: dt.datetime,
    reason: str,
    now: dt.datetime | None = None,
) -> None:
    """Put right the courier's name or the pickup time recorded wrongly (the packages stay with the courier).

    The reason is required; the journal keeps the old and the new particulars, and every package's history
    gets the correction.
    """
    _require(actor, Screen.HANDOFF)
    courier = _required(courier_name, _("Enter the courier's name."), _("The courier's name"))
    reason = _required(
        reason, _("Enter the reason for the correction."), _("The reason"), texts.REASON, multiline=True
    )
    now = as_utc(now) or _now()
    with db.write() as session:
        actor = acting(session, actor, Screen.HANDOFF)
        manifest = _picked_up_manifest(session, number)
        at = _pickup_time(picked_up_at, now)
        before = {"courier": manifest.courier_name, "picked_up_at": as_utc(manifest.picked_up_at)}
        for package, _receipt_number in _manifest_packages(session, manifest):
            session.add(
                PackageEventRow(
                    package_id=package.id,
                    at=now,
                    status_from=package.status,
                    status_to=package.status,
                    user_id=actor.id or None,
                    username=actor.username,
                    detail=json.dumps(
                        {
                            "manifest": manifest.number,
                            "courier": courier,
                            "picked_up_at": at.isoformat(),
                            "was_courier": before["courier"],
                            "was_picked_up_at": before["picked_up_at"].isoformat(),
                            "correction": reason,
                        },
                        ensure_ascii=False,
                        default=str,
                    ),
                )
            )
            package.status_changed_at = at
        manifest.courier_name = courier
        manifest.picked_up_at = at
        audit.record(
            session,
            actor,
            HandoffAction.PICKUP_CORRECTED,
            subject=manifest.number,
            detail=f"{before['courier']} {before['picked_up_at']:%Y-%m-%d %H:%M %Z} -> {courier} "
            f"{at:%Y-%m-%d %H:%M %Z}; {reason}",
        )


def undo_pickup(
    db: Database, actor: Account, number: str, reason: str, now: dt.datetime | None = None
) -> None:
    """A pickup recorded by mistake (the courier did not take the packages): the manifest is open again.

    Every package goes back on the manifest (its history says why), the courier's name and time are cleared,
    and the journal keeps what was undone; the pickup can then be recorded again.
    """
    _require(actor, Screen.HANDOFF)
    reason = _required(
        reason, _("Enter the reason for the correction."), _("The reason"), texts.REASON, multiline=True
    )
    now = as_utc(now) or _now()
    with db.write() as session:
        actor = acting(session, actor, Screen.HANDOFF)
        manifest = _picked_up_manifest(session, number)
        kind = ManifestKind(manifest.kind)
        for package, receipt_number in _manifest_packages(session, manifest):
            _move(
                session,
                actor,
                package,
                receipt_number,
                _ON[kind],
                now,
                manifest=manifest.number,
                pickup_undone=manifest.courier_name,
                correction=reason,
            )
        audit.record(
            session,
            actor,
            HandoffAction.PICKUP_UNDONE,
            subject=manifest.number,
            detail=f"{manifest.courier_name} {as_utc(manifest.picked_up_at):%Y-%m-%d %H:%M %Z}; {reason}",
        )
        manifest.status = ManifestStatus.OPEN.value
        manifest.courier_name = ""
        manifest.picked_up_at = None


def record_delivery(
    db: Database,
    actor: Account,
    number: str,
    delivered_on: dt.date,
    clerk_name: str,
    today: dt.date | None = None,
) -> None:
    """The provider's clerk signed the manifest: every package on it is delivered (or returned)."""
    _require(actor, Screen.HANDOFF)
    clerk = _required(
        clerk_name,
        _("Enter the name of the provider's clerk who signed for the packages."),
        _("The clerk's name"),
    )
    _not_future(delivered_on, today or dt.date.today())
    now = _now()
    with db.write() as session:
        actor = acting(session, actor, Screen.HANDOFF)
        manifest = _manifest_for_update(session, number)
        if manifest.status != ManifestStatus.WITH_COURIER.value:
            raise ManifestNotInStep(manifest.number, ManifestStatus(manifest.status))
        picked_up = as_utc(manifest.picked_up_at)
        if picked_up is not None and delivered_on < picked_up.date():
            raise HandoffError(_("The delivery date cannot be before the pickup."))
        kind = ManifestKind(manifest.kind)
        for package, receipt_number in _manifest_packages(session, manifest):
            _move(
                session,
                actor,
                package,
                receipt_number,
                _DELIVERED[kind],
                now,
                manifest=manifest.number,
                clerk=clerk,
                delivered_on=delivered_on.isoformat(),
            )
            if kind is ManifestKind.HANDOFF:
                package.delivered_on = delivered_on
        manifest.status = ManifestStatus.DELIVERED.value
        manifest.clerk_name = clerk
        manifest.delivered_on = delivered_on
        audit.record(
            session,
            actor,
            HandoffAction.DELIVERED,
            subject=manifest.number,
            detail=f"{clerk} {delivered_on.isoformat()}",
        )


def load_manifest(db: Database, number: str, today: dt.date | None = None) -> Manifest | None:
    providers = _providers(db)
    today = today or dt.date.today()
    with db.read() as session:
        row = session.scalar(select(ManifestRow).where(ManifestRow.number == number.strip()))
        if row is None:
            return None
        lines = session.execute(
            _lines_query()
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
            lines=[_line(line, today, row.number) for line in lines],
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


# ----------------------------------------------------------------------------------------------------------
# Results


def register_result(
    db: Database,
    actor: Account,
    receipt_number: str,
    kind: ResultKind,
    reference: str,
    received_on: dt.date,
    today: dt.date | None = None,
) -> None:
    """The provider's result arrived at the centre (its number and date in ``reference``)."""
    _require(actor, Screen.RESULTS)
    reference = _required(
        reference,
        _("Enter the number and date of the result."),
        _("The result's number and date"),
        texts.REFERENCE,
    )
    _not_future(received_on, today or dt.date.today())
    kind = ResultKind(kind)
    with db.write() as session:
        actor = acting(session, actor, Screen.RESULTS)
        package = _package_for_update(session, receipt_number)
        if (
            package.status != S.DELIVERED.value
        ):  # (result_received is also where a return manifest gives back)
            raise IllegalTransition(receipt_number, PackageStatus(package.status), S.RESULT_RECEIVED)
        if package.delivered_on is not None and received_on < package.delivered_on:
            raise HandoffError(
                _("The result cannot have been received before the package was delivered ({date}).").format(
                    date=package.delivered_on.strftime("%d.%m.%Y")
                )
            )
        _move(
            session,
            actor,
            package,
            receipt_number,
            S.RESULT_RECEIVED,
            _now(),
            result=kind.value,
            reference=reference,
            received_on=received_on.isoformat(),
        )
        package.result_kind = kind.value
        package.result_reference = reference
        package.result_received_on = received_on
        audit.record(
            session,
            actor,
            HandoffAction.RESULT_RECEIVED,
            subject=receipt_number,
            detail=f"{kind.value} {reference}",
        )


def issue_result(
    db: Database,
    actor: Account,
    receipt_number: str,
    recipient: Recipient,
    issued_on: dt.date,
    today: dt.date | None = None,
) -> None:
    """Issue the result on presentation of an ID; to a representative only on a notarised power of attorney.

    A result already listed on an open return manifest is taken off it (the citizen came in time after all).
    """
    _require(actor, Screen.RESULTS)
    name = _required(recipient.full_name, _("Enter the recipient's full name."), _("The recipient's name"))
    id_document = _required(
        recipient.id_document,
        _("Enter the identity document presented."),
        _("The identity document"),
        texts.REFERENCE,
    )
    detail: dict[str, Any] = {"recipient": recipient.kind.value, "name": name, "id_document": id_document}
    if recipient.kind is RecipientKind.REPRESENTATIVE:
        detail["power_of_attorney"] = _required(
            recipient.power_of_attorney_number,
            _("A representative needs a notarised power of attorney: enter its number."),
            _("The power of attorney"),
            texts.REFERENCE,
        )
        if recipient.power_of_attorney_date is None:
            raise MissingParticulars(_("Enter the date of the notarised power of attorney."))
        _not_future(recipient.power_of_attorney_date, today or dt.date.today())
        detail["power_of_attorney_date"] = recipient.power_of_attorney_date.isoformat()
        detail["notary"] = _required(
            recipient.notary, _("Enter the notary who certified the power of attorney."), _("The notary")
        )
    _not_future(issued_on, today or dt.date.today())
    now = _now()
    with db.write() as session:
        actor = acting(session, actor, Screen.RESULTS)
        package = _package_for_update(session, receipt_number)
        if package.status == S.ON_RETURN_MANIFEST.value:
            listed = session.scalar(
                select(ManifestRow)
                .join(ManifestPackageRow, ManifestPackageRow.manifest_id == ManifestRow.id)
                .where(
                    ManifestPackageRow.package_id == package.id,
                    ManifestPackageRow.kind == ManifestKind.RETURN.value,
                )
            )
            if listed is None or listed.status != ManifestStatus.OPEN.value:
                raise IllegalTransition(receipt_number, PackageStatus(package.status), S.ISSUED)
            session.execute(
                delete(ManifestPackageRow).where(
                    ManifestPackageRow.id.in_(
                        select(ManifestPackageRow.id).where(
                            ManifestPackageRow.package_id == package.id,
                            ManifestPackageRow.kind == ManifestKind.RETURN.value,
                        )
                    )
                )
            )
            detail["removed_from"] = listed.number
        _move(
            session, actor, package, receipt_number, S.ISSUED, now, issued_on=issued_on.isoformat(), **detail
        )
        package.issued_on = issued_on
        audit.record(
            session,
            actor,
            HandoffAction.RESULT_ISSUED,
            subject=receipt_number,
            detail=f"{recipient.kind.value} {name}",
        )


def record_return_by_provider(
    db: Database,
    actor: Account,
    receipt_number: str,
    reason: str,
    returned_on: dt.date,
    today: dt.date | None = None,
) -> None:
    """The provider sent the package back with a written reason: the citizen must be informed."""
    _require(actor, Screen.RESULTS)
    reason = _required(
        reason,
        _("Enter the provider's written reason for the return."),
        _("The reason"),
        texts.REASON,
        multiline=True,
    )
    _not_future(returned_on, today or dt.date.today())
    with db.write() as session:
        actor = acting(session, actor, Screen.RESULTS)
        package = _package_for_update(session, receipt_number)
        _move(
            session,
            actor,
            package,
            receipt_number,
            S.RETURNED_BY_PROVIDER,
            _now(),
            reason=reason,
            returned_on=returned_on.isoformat(),
        )
        package.return_reason = reason
        audit.record(
            session, actor, HandoffAction.RETURNED_BY_PROVIDER, subject=receipt_number, detail=reason
        )


def record_citizen_informed(
    db: Database,
    actor: Account,
    receipt_number: str,
    how: str,
    informed_on: dt.date,
    today: dt.date | None = None,
) -> None:
    """The citizen was told that the provider returned the package (by phone, SMS, in person…)."""
    _require(actor, Screen.RESULTS)
    how = _required(
        how,
        _("Enter how the citizen was informed."),
        _("How the citizen was informed"),
        texts.REASON,
        multiline=True,
    )
    _not_future(informed_on, today or dt.date.today())
    with db.write() as session:
        actor = acting(session, actor, Screen.RESULTS)
        package = _package_for_update(session, receipt_number)
        _move(
            session,
            actor,
            package,
            receipt_number,
            S.CITIZEN_INFORMED,
            _now(),
            how=how,
            informed_on=informed_on.isoformat(),
        )
        audit.record(session, actor, HandoffAction.CITIZEN_INFORMED, subject=receipt_number, detail=how)


# ----------------------------------------------------------------------------------------------------------
# History and change detection


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


def change_stamp(db: Database) -> tuple[int, int]:
    """Changes whenever any window accepts, refuses, or moves a package (cheap: two primary-key maxima).

    Every change of the shared data writes an audit entry and every package move a history entry, so a screen
    that polls this knows when to reload.
    """
    with db.read() as session:
        audit_id = session.scalar(select(func.max(AuditEntryRow.id))) or 0
        event_id = session.scalar(select(func.max(PackageEventRow.id))) or 0
    return int(audit_id), int(event_id)
