"""Results back from the provider: registered, issued to the citizen or a representative, a package returned by
the provider and the citizen informed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, select

from counter_app.core.domain import text as texts
from counter_app.core.domain.handoff_errors import HandoffError, IllegalTransition, MissingParticulars
from counter_app.core.domain.i18n import _
from counter_app.core.domain.office_time import office_today
from counter_app.core.domain.packages import (
    HandoffAction,
    ManifestKind,
    ManifestStatus,
    PackageStatus,
    RecipientKind,
    ResultKind,
    S,
)
from counter_app.core.domain.permissions import Capability, require
from counter_app.core.domain.results_desk import DeskStep
from counter_app.core.usecases import audit
from counter_app.core.usecases.accounts import acting
from counter_app.core.usecases.package_moves import (
    current_time,
    move_package,
    not_in_future,
    package_for_update,
    required_text,
)
from counter_app.storage.db import Database
from counter_app.storage.handoff_tables import ManifestPackageRow, ManifestRow
from counter_app.storage.retry import retrying

if TYPE_CHECKING:
    from counter_app.core.domain.permissions import Account


@dataclass(frozen=True)
class Recipient:
    """Who the result was issued to, as entered from the ID (and the power of attorney) presented."""

    kind: RecipientKind
    full_name: str
    id_document: str  # kind and number of the ID presented
    power_of_attorney_number: str = ""
    power_of_attorney_date: dt.date | None = None
    notary: str = ""


@retrying
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
    require(actor, Capability.DEAL_WITH_RESULTS)
    reference = required_text(
        reference,
        _("Enter the number and date of the result."),
        _("The result's number and date"),
        texts.REFERENCE,
    )
    not_in_future(received_on, today or office_today())
    kind = ResultKind(kind)
    with db.write() as session:
        actor = acting(session, actor, Capability.DEAL_WITH_RESULTS)
        package = package_for_update(session, receipt_number)
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
        move_package(
            session,
            actor,
            package,
            receipt_number,
            S.RESULT_RECEIVED,
            current_time(),
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


@retrying
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
    require(actor, Capability.DEAL_WITH_RESULTS)
    name = required_text(
        recipient.full_name, _("Enter the recipient's full name."), _("The recipient's name")
    )
    id_document = required_text(
        recipient.id_document,
        _("Enter the identity document presented."),
        _("The identity document"),
        texts.REFERENCE,
    )
    detail: dict[str, Any] = {"recipient": recipient.kind.value, "name": name, "id_document": id_document}
    if recipient.kind is RecipientKind.REPRESENTATIVE:
        detail["power_of_attorney"] = required_text(
            recipient.power_of_attorney_number,
            _("A representative needs a notarised power of attorney: enter its number."),
            _("The power of attorney"),
            texts.REFERENCE,
        )
        if recipient.power_of_attorney_date is None:
            raise MissingParticulars(_("Enter the date of the notarised power of attorney."))
        not_in_future(recipient.power_of_attorney_date, today or office_today())
        detail["power_of_attorney_date"] = recipient.power_of_attorney_date.isoformat()
        detail["notary"] = required_text(
            recipient.notary, _("Enter the notary who certified the power of attorney."), _("The notary")
        )
    not_in_future(issued_on, today or office_today())
    now = current_time()
    with db.write() as session:
        actor = acting(session, actor, Capability.DEAL_WITH_RESULTS)
        package = package_for_update(session, receipt_number)
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
        move_package(
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


@retrying
def record_return_by_provider(
    db: Database,
    actor: Account,
    receipt_number: str,
    reason: str,
    returned_on: dt.date,
    today: dt.date | None = None,
) -> None:
    """The provider sent the package back with a written reason: the citizen must be informed."""
    require(actor, Capability.DEAL_WITH_RESULTS)
    reason = required_text(
        reason,
        _("Enter the provider's written reason for the return."),
        _("The reason"),
        texts.REASON,
        multiline=True,
    )
    not_in_future(returned_on, today or office_today())
    with db.write() as session:
        actor = acting(session, actor, Capability.DEAL_WITH_RESULTS)
        package = package_for_update(session, receipt_number)
        move_package(
            session,
            actor,
            package,
            receipt_number,
            S.RETURNED_BY_PROVIDER,
            current_time(),
            reason=reason,
            returned_on=returned_on.isoformat(),
        )
        package.return_reason = reason
        audit.record(
            session, actor, HandoffAction.RETURNED_BY_PROVIDER, subject=receipt_number, detail=reason
        )


@retrying
def record_citizen_informed(
    db: Database,
    actor: Account,
    receipt_number: str,
    how: str,
    informed_on: dt.date,
    today: dt.date | None = None,
) -> None:
    """The citizen was told that the provider returned the package (by phone, SMS, in person…)."""
    require(actor, Capability.DEAL_WITH_RESULTS)
    how = required_text(
        how,
        _("Enter how the citizen was informed."),
        _("How the citizen was informed"),
        texts.REASON,
        multiline=True,
    )
    not_in_future(informed_on, today or office_today())
    with db.write() as session:
        actor = acting(session, actor, Capability.DEAL_WITH_RESULTS)
        package = package_for_update(session, receipt_number)
        move_package(
            session,
            actor,
            package,
            receipt_number,
            S.CITIZEN_INFORMED,
            current_time(),
            how=how,
            informed_on=informed_on.isoformat(),
        )
        audit.record(session, actor, HandoffAction.CITIZEN_INFORMED, subject=receipt_number, detail=how)


def take_step(db: Database, actor: Account, step: DeskStep, number: str, values: Any, today: dt.date) -> None:
    """A results-desk step (``domain.results_desk.DeskStep``) with what its form gave; the step refuses what the
    package's status or the dates do not allow."""
    if step is DeskStep.REGISTER:
        kind, reference, received_on = values
        register_result(db, actor, number, kind, reference, received_on, today=today)
    elif step is DeskStep.ISSUE:
        recipient, issued_on = values
        issue_result(db, actor, number, recipient, issued_on, today=today)
    elif step is DeskStep.RETURNED:
        reason, returned_on = values
        record_return_by_provider(db, actor, number, reason, returned_on, today=today)
    else:
        how, informed_on = values
        record_citizen_informed(db, actor, number, how, informed_on, today=today)
