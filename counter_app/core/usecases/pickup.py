"""Ready for pickup: the citizens whose results are at the centre, with the phone given at intake, for the
calls and messages the centre sends; each line carries the "citizen informed" mark (who, when), journaled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from counter_app.core.domain.handoff_errors import UnknownPackage
from counter_app.core.domain.packages import PackageStatus, keep_until
from counter_app.core.domain.permissions import Capability, require
from counter_app.core.domain.phone import display
from counter_app.core.usecases import audit
from counter_app.core.usecases.accounts import acting
from counter_app.storage.db import Database, as_utc
from counter_app.storage.intake_tables import ApplicationRow, PackageRow
from counter_app.storage.retry import retrying

if TYPE_CHECKING:
    from counter_app.core.domain.permissions import Account

READY_STATUSES = (
    PackageStatus.RESULT_RECEIVED,
    PackageStatus.ON_RETURN_MANIFEST,
)  # the citizen can still come
INFORMED = "pickup_informed"  # audit actions
NOT_INFORMED = "pickup_not_informed"


@dataclass(frozen=True)
class PickupLine:
    receipt_number: str
    applicant_name: str
    phone: str  # spaced for people, "" when none was given
    service_code: str
    received_on: dt.date
    keep_until: dt.date
    informed_at: dt.datetime | None  # aware, UTC
    informed_by: str


def ready_for_pickup(db: Database) -> list[PickupLine]:
    """Results waiting for their citizen, the oldest first (the storage of those ends first)."""
    query = (
        select(
            ApplicationRow.receipt_number,
            ApplicationRow.applicant_name,
            ApplicationRow.phone,
            ApplicationRow.service_code,
            PackageRow.result_received_on,
            PackageRow.ready_informed_at,
            PackageRow.ready_informed_by,
        )
        .join(ApplicationRow, ApplicationRow.id == PackageRow.application_id)
        .where(PackageRow.status.in_([s.value for s in READY_STATUSES]))
        .order_by(PackageRow.result_received_on, ApplicationRow.receipt_number)
    )
    with db.read() as session:
        return [
            PickupLine(
                number,
                name,
                display(phone or ""),
                code,
                received,
                keep_until(received),
                as_utc(informed_at),
                informed_by or "",
            )
            for number, name, phone, code, received, informed_at, informed_by in session.execute(query)
        ]


@retrying
def mark_informed(
    db: Database,
    actor: Account,
    receipt_number: str,
    informed: bool,
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> None:
    """Set (or take back) the "citizen informed" mark of a ready result."""
    require(actor, Capability.DEAL_WITH_RESULTS)
    with db.write() as session:
        acting(session, actor, Capability.DEAL_WITH_RESULTS)  # still active, with this role, as stored now
        package = session.scalar(
            select(PackageRow)
            .join(ApplicationRow, ApplicationRow.id == PackageRow.application_id)
            .where(ApplicationRow.receipt_number == receipt_number.strip())
            .with_for_update(of=PackageRow)
        )
        if package is None or PackageStatus(package.status) not in READY_STATUSES:
            raise UnknownPackage(receipt_number)
        package.ready_informed_at = clock() if informed else None
        package.ready_informed_by = actor.username if informed else None
        audit.record(session, actor, INFORMED if informed else NOT_INFORMED, subject=receipt_number)
