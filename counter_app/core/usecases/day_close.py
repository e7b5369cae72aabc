"""The day's close: what a manager checks and signs at the end of a department's day, journaled and kept.

Found by SQL over the day's rows:

- the receipt series: every number from 1 to the day's counter is an application (gaps and strays listed);
- the packages accepted that day, how many went on a handoff manifest, and every package due to a provider
  by that day that the courier has not taken (left behind), with why (no manifest yet / manifest not picked up);
- the manifests not yet signed for by the provider;
- the results whose month of storage has ended and that are not yet going back to the provider;
- the intakes cancelled that day.

``close_day`` stores the findings as they were (JSON) with who closed and when, and journals it; a closed day is
shown (and printed) again from what was stored, so its sheet is the same however the data changed after.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Integer, case, cast, func, select

from counter_app.core.domain.i18n import _
from counter_app.core.domain.intake_draft import Decision
from counter_app.core.domain.packages import RESULT_KEEPING, ManifestKind, ManifestStatus, PackageStatus
from counter_app.core.domain.permissions import AccessDenied, Capability, can
from counter_app.core.usecases import audit
from counter_app.core.usecases.accounts import acting
from counter_app.core.usecases.office_settings import OfficeSettings
from counter_app.storage.db import Database, as_utc
from counter_app.storage.handoff_tables import ManifestPackageRow, ManifestRow
from counter_app.storage.intake_tables import (
    ApplicationRow,
    CancelledIntakeRow,
    PackageRow,
    ReceiptCounterRow,
)
from counter_app.storage.report_tables import DayCloseRow

if TYPE_CHECKING:
    from counter_app.core.domain.permissions import Account

DAY_CLOSED = "day_closed"  # audit action
S = PackageStatus


class DayAlreadyClosed(ValueError):
    def __init__(self, day: dt.date) -> None:
        super().__init__(_("The day {day} is already closed.").format(day=f"{day:%d.%m.%Y}"))


class DayNotOver(ValueError):
    def __init__(self, day: dt.date) -> None:
        super().__init__(
            _("The day {day} has not come yet: it cannot be closed.").format(day=f"{day:%d.%m.%Y}")
        )


@dataclass(frozen=True)
class LeftBehind:
    receipt_number: str
    applicant: str
    provider_id: int
    handoff_due: str  # ISO date
    status: str  # PackageStatus value: awaiting_handoff (no manifest) or on_manifest (not picked up)
    manifest: str  # the open manifest it is on, or ""


@dataclass(frozen=True)
class OpenManifest:
    number: str
    kind: str
    provider_id: int
    day: str
    status: str
    courier: str
    packages: int


@dataclass(frozen=True)
class StorageEnded:
    receipt_number: str
    applicant: str
    received_on: str
    kept_until: str


@dataclass(frozen=True)
class Cancelled:
    at: str  # ISO, UTC
    username: str
    window: str
    service_code: str
    applicant: str


@dataclass(frozen=True)
class DayClose:
    """What the close found (and, once closed, who closed it and when)."""

    department: str
    day: str  # ISO
    accepted: int
    refused: int
    counter: int  # the day's last receipt serial
    receipts: int  # applications with a number of the day
    gaps: list[int]  # serials of the day with no application
    strays: list[int]  # serials above the counter
    on_manifest: int  # of the day's accepted packages
    left_behind: list[LeftBehind] = field(default_factory=list)
    open_manifests: list[OpenManifest] = field(default_factory=list)
    storage_ended: list[StorageEnded] = field(default_factory=list)
    cancelled: list[Cancelled] = field(default_factory=list)
    providers: dict[str, dict[str, str]] = field(default_factory=dict)  # id -> kk/ru names, as they were
    closed_at: str = ""  # ISO, UTC
    closed_by: str = ""  # username
    closed_by_name: str = ""

    @property
    def series_complete(self) -> bool:
        return not self.gaps and not self.strays and self.receipts == self.counter

    @property
    def closed(self) -> bool:
        return bool(self.closed_at)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> DayClose:
        data = json.loads(text)
        data["left_behind"] = [LeftBehind(**x) for x in data["left_behind"]]
        data["open_manifests"] = [OpenManifest(**x) for x in data["open_manifests"]]
        data["storage_ended"] = [StorageEnded(**x) for x in data["storage_ended"]]
        data["cancelled"] = [Cancelled(**x) for x in data["cancelled"]]
        return cls(**data)


def _require(actor: Account) -> None:
    if not can(actor, Capability.HAND_OVER):
        raise AccessDenied(_("Only a manager closes the day."))


def _series(session: Any, department: str, day: dt.date) -> tuple[int, int, list[int], list[int]]:
    """(counter, applications, gaps, strays) of the day's receipt series, found with window functions."""
    counter = (
        session.scalar(
            select(ReceiptCounterRow.last_number).where(
                ReceiptCounterRow.department == department, ReceiptCounterRow.day == day
            )
        )
        or 0
    )
    prefix = f"{department}-{day:%Y%m%d}-"
    serial = cast(func.substr(ApplicationRow.receipt_number, len(prefix) + 1), Integer)
    numbered = (
        select(serial.label("n"))
        .where(ApplicationRow.receipt_number.startswith(prefix, autoescape=True), ApplicationRow.day == day)
        .subquery()
    )
    steps = select(
        numbered.c.n, func.lag(numbered.c.n, 1, 0).over(order_by=numbered.c.n).label("before")
    ).subquery()
    jumps = session.execute(select(steps.c.before, steps.c.n).where(steps.c.n - steps.c.before > 1)).all()
    count, highest = session.execute(select(func.count(), func.max(numbered.c.n))).one()
    gaps = [
        n for before, after in jumps for n in range(before + 1, min(after, counter + 1))
    ]  # the holes' numbers
    gaps += list(range((highest or 0) + 1, counter + 1))  # numbers issued at the end with nothing behind them
    strays = [n for (n,) in session.execute(select(numbered.c.n).where(numbered.c.n > counter))]
    return int(counter), int(count), gaps, strays


def findings(db: Database, day: dt.date) -> DayClose:
    """What the close of ``day`` finds now (not stored)."""
    office = OfficeSettings(db).load()
    department = office.department_number
    kept_from = day - RESULT_KEEPING
    with db.read() as session:
        counter, receipts, gaps, strays = _series(session, department, day)
        accepted, refused = session.execute(
            select(
                func.sum(case((ApplicationRow.decision == Decision.ACCEPTED.value, 1), else_=0)),
                func.sum(case((ApplicationRow.decision == Decision.REFUSED.value, 1), else_=0)),
            ).where(ApplicationRow.day == day, ApplicationRow.department == department)
        ).one()
        on_manifest = session.scalar(
            select(func.count())
            .select_from(PackageRow)
            .join(ApplicationRow, ApplicationRow.id == PackageRow.application_id)
            .where(
                ApplicationRow.day == day,
                ApplicationRow.department == department,
                PackageRow.id.in_(
                    select(ManifestPackageRow.package_id).where(
                        ManifestPackageRow.kind == ManifestKind.HANDOFF.value
                    )
                ),
            )
        )
        manifest_of = (
            select(ManifestRow.number)
            .join(ManifestPackageRow, ManifestPackageRow.manifest_id == ManifestRow.id)
            .where(
                ManifestPackageRow.package_id == PackageRow.id,
                ManifestPackageRow.kind == ManifestKind.HANDOFF.value,
            )
            .scalar_subquery()
        )
        left = session.execute(
            select(
                ApplicationRow.receipt_number,
                ApplicationRow.applicant_name,
                PackageRow.provider_id,
                PackageRow.handoff_due,
                PackageRow.status,
                manifest_of,
            )
            .join(ApplicationRow, ApplicationRow.id == PackageRow.application_id)
            .where(
                PackageRow.status.in_([S.AWAITING_HANDOFF.value, S.ON_MANIFEST.value]),
                PackageRow.handoff_due <= day,
            )
            .order_by(PackageRow.handoff_due, ApplicationRow.receipt_number)
        ).all()
        manifests = session.execute(
            select(
                ManifestRow.number,
                ManifestRow.kind,
                ManifestRow.provider_id,
                ManifestRow.day,
                ManifestRow.status,
                ManifestRow.courier_name,
                func.count(ManifestPackageRow.id),
            )
            .outerjoin(ManifestPackageRow, ManifestPackageRow.manifest_id == ManifestRow.id)
            .where(
                ManifestRow.status.in_([ManifestStatus.OPEN.value, ManifestStatus.WITH_COURIER.value]),
                ManifestRow.day <= day,
            )
            .group_by(
                ManifestRow.id,
                ManifestRow.number,
                ManifestRow.kind,
                ManifestRow.provider_id,
                ManifestRow.day,
                ManifestRow.status,
                ManifestRow.courier_name,
            )
            .order_by(ManifestRow.day, ManifestRow.number)
        ).all()
        ended = session.execute(
            select(
                ApplicationRow.receipt_number, ApplicationRow.applicant_name, PackageRow.result_received_on
            )
            .join(ApplicationRow, ApplicationRow.id == PackageRow.application_id)
            .where(PackageRow.status == S.RESULT_RECEIVED.value, PackageRow.result_received_on < kept_from)
            .order_by(PackageRow.result_received_on, ApplicationRow.receipt_number)
        ).all()
        cancelled = session.execute(
            select(
                CancelledIntakeRow.at,
                CancelledIntakeRow.username,
                CancelledIntakeRow.window,
                CancelledIntakeRow.service_code,
                CancelledIntakeRow.applicant_name,
            )
            .where(CancelledIntakeRow.day == day)
            .order_by(CancelledIntakeRow.at, CancelledIntakeRow.id)
        ).all()
    from counter_app.core.domain.packages import keep_until

    return DayClose(
        department=department,
        day=day.isoformat(),
        accepted=int(accepted or 0),
        refused=int(refused or 0),
        counter=counter,
        receipts=receipts,
        gaps=gaps,
        strays=strays,
        on_manifest=int(on_manifest or 0),
        left_behind=[LeftBehind(r, a, int(p), d.isoformat(), s, m or "") for r, a, p, d, s, m in left],
        open_manifests=[
            OpenManifest(n, k, int(p), d.isoformat(), s, c, int(count))
            for n, k, p, d, s, c, count in manifests
        ],
        storage_ended=[StorageEnded(r, a, d.isoformat(), keep_until(d).isoformat()) for r, a, d in ended],
        cancelled=[Cancelled(as_utc(at).isoformat(), u, w, c, a) for at, u, w, c, a in cancelled],
        providers={str(p.id): {"kk": p.name.kk, "ru": p.name.ru} for p in office.providers},
    )


def closed_day(db: Database, day: dt.date) -> DayClose | None:
    """The close of ``day`` as it was stored, or None when the day is not closed."""
    department = OfficeSettings(db).load().department_number
    with db.read() as session:
        text = session.scalar(
            select(DayCloseRow.findings).where(DayCloseRow.department == department, DayCloseRow.day == day)
        )
    return None if text is None else DayClose.from_json(text)


def close_day(
    db: Database,
    actor: Account,
    day: dt.date,
    today: dt.date,
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> DayClose:
    """Close ``day``: store what was found with who and when, and journal it. A day is closed once."""
    _require(actor)
    if day > today:
        raise DayNotOver(day)
    found = findings(db, day)
    now = clock()
    closed = DayClose(
        **{
            **found.__dict__,
            "closed_at": now.astimezone(dt.UTC).isoformat(),
            "closed_by": actor.username,
            "closed_by_name": actor.full_name,
        }
    )
    with db.write() as session:
        acting(session, actor, Capability.HAND_OVER)  # still an active manager, as stored now
        exists = session.scalar(
            select(DayCloseRow.id).where(DayCloseRow.department == closed.department, DayCloseRow.day == day)
        )
        if exists is not None:
            raise DayAlreadyClosed(day)
        session.add(
            DayCloseRow(
                department=closed.department,
                day=day,
                closed_at=now,
                username=actor.username,
                full_name=actor.full_name,
                findings=closed.to_json(),
            )
        )
        summary = (
            f"receipts {closed.receipts}/{closed.counter}, gaps {closed.gaps}, left behind "
            f"{len(closed.left_behind)}, manifests open {len(closed.open_manifests)}, storage ended "
            f"{len(closed.storage_ended)}, cancelled {len(closed.cancelled)}"
        )
        audit.record(
            session, actor, DAY_CLOSED, subject=f"{closed.department} {day.isoformat()}", detail=summary
        )
    return closed
