"""Custody: the courier's pickup (checked against the scanned packages, corrected or undone) and the delivery
to the provider."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from counter_app.core.domain import text as texts
from counter_app.core.domain.handoff_errors import (
    Discrepancies,
    DiscrepancyFound,
    HandoffError,
    ManifestNotInStep,
    NothingToHandOff,
    UnknownManifest,
)
from counter_app.core.domain.i18n import _
from counter_app.core.domain.office_time import office_today
from counter_app.core.domain.packages import (
    STATUS_DELIVERED,
    STATUS_LISTED,
    STATUS_PICKED_UP,
    HandoffAction,
    ManifestKind,
    ManifestStatus,
)
from counter_app.core.domain.permissions import Capability, require
from counter_app.core.usecases import audit
from counter_app.core.usecases.accounts import acting
from counter_app.core.usecases.manifests import load_manifest
from counter_app.core.usecases.package_moves import (
    current_time,
    manifest_for_update,
    manifest_packages,
    move_package,
    not_in_future,
    pickup_time,
    required_text,
)
from counter_app.storage.db import Database, as_utc
from counter_app.storage.handoff_tables import ManifestRow, PackageEventRow
from counter_app.storage.retry import retrying

if TYPE_CHECKING:
    from counter_app.core.domain.permissions import Account


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


@retrying
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
    require(actor, Capability.HAND_OVER)
    courier = required_text(courier_name, _("Enter the courier's name."), _("The courier's name"))
    seen = _scanned(scanned)
    now = as_utc(now) or current_time()
    with db.write() as session:
        actor = acting(session, actor, Capability.HAND_OVER)
        manifest = manifest_for_update(session, number)
        if manifest.status != ManifestStatus.OPEN.value:
            raise ManifestNotInStep(manifest.number, ManifestStatus(manifest.status))
        at = pickup_time(picked_up_at, now)
        packages = manifest_packages(session, manifest)
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
            move_package(
                session,
                actor,
                package,
                receipt_number,
                STATUS_PICKED_UP[kind],
                at,
                manifest=manifest.number,
                courier=courier,
            )
        manifest.status = ManifestStatus.WITH_COURIER.value
        manifest.courier_name = courier
        manifest.picked_up_at = at
        audit.record(session, actor, HandoffAction.PICKED_UP, subject=manifest.number, detail=courier)


def _picked_up_manifest(session: Session, number: str) -> ManifestRow:
    manifest = manifest_for_update(session, number)
    if manifest.status != ManifestStatus.WITH_COURIER.value:
        raise ManifestNotInStep(manifest.number, ManifestStatus(manifest.status))
    return manifest


@retrying
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
    require(actor, Capability.HAND_OVER)
    courier = required_text(courier_name, _("Enter the courier's name."), _("The courier's name"))
    reason = required_text(
        reason, _("Enter the reason for the correction."), _("The reason"), texts.REASON, multiline=True
    )
    now = as_utc(now) or current_time()
    with db.write() as session:
        actor = acting(session, actor, Capability.HAND_OVER)
        manifest = _picked_up_manifest(session, number)
        at = pickup_time(picked_up_at, now)
        before: dict[str, Any] = {
            "courier": manifest.courier_name,
            "picked_up_at": as_utc(manifest.picked_up_at),
        }
        for package, _receipt_number in manifest_packages(session, manifest):
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


@retrying
def undo_pickup(
    db: Database, actor: Account, number: str, reason: str, now: dt.datetime | None = None
) -> None:
    """A pickup recorded by mistake (the courier did not take the packages): the manifest is open again.

    Every package goes back on the manifest (its history says why), the courier's name and time are cleared,
    and the journal keeps what was undone; the pickup can then be recorded again.
    """
    require(actor, Capability.HAND_OVER)
    reason = required_text(
        reason, _("Enter the reason for the correction."), _("The reason"), texts.REASON, multiline=True
    )
    now = as_utc(now) or current_time()
    with db.write() as session:
        actor = acting(session, actor, Capability.HAND_OVER)
        manifest = _picked_up_manifest(session, number)
        kind = ManifestKind(manifest.kind)
        for package, receipt_number in manifest_packages(session, manifest):
            move_package(
                session,
                actor,
                package,
                receipt_number,
                STATUS_LISTED[kind],
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


@retrying
def record_delivery(
    db: Database,
    actor: Account,
    number: str,
    delivered_on: dt.date,
    clerk_name: str,
    today: dt.date | None = None,
) -> None:
    """The provider's clerk signed the manifest: every package on it is delivered (or returned)."""
    require(actor, Capability.HAND_OVER)
    clerk = required_text(
        clerk_name,
        _("Enter the name of the provider's clerk who signed for the packages."),
        _("The clerk's name"),
    )
    not_in_future(delivered_on, today or office_today())
    now = current_time()
    with db.write() as session:
        actor = acting(session, actor, Capability.HAND_OVER)
        manifest = manifest_for_update(session, number)
        if manifest.status != ManifestStatus.WITH_COURIER.value:
            raise ManifestNotInStep(manifest.number, ManifestStatus(manifest.status))
        picked_up = as_utc(manifest.picked_up_at)
        if picked_up is not None and delivered_on < picked_up.date():
            raise HandoffError(_("The delivery date cannot be before the pickup."))
        kind = ManifestKind(manifest.kind)
        for package, receipt_number in manifest_packages(session, manifest):
            move_package(
                session,
                actor,
                package,
                receipt_number,
                STATUS_DELIVERED[kind],
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
