"""Accept and refuse an intake (or cancel it without consent).

``accept`` and ``refuse`` store everything of one intake in one write transaction: the receipt number (see
``core.usecases.numbering``), the application, its package (accepted only) and the audit entry; the operator's
draft is discarded in the same transaction. If anything fails, nothing is kept and the number is not used up.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Table, bindparam, insert, select

from counter_app.core.domain.application_form import form_problems
from counter_app.core.domain.calendar import (
    provider_calendar,
)
from counter_app.core.domain.catalog import (
    Catalog,
    ServiceVersion,
)
from counter_app.core.domain.clock import Clock, system_clock, utc_now
from counter_app.core.domain.intake_draft import ApplicationStatus, Decision, IntakeAction, IntakeDraft
from counter_app.core.domain.intake_errors import (
    ConsentMissing,
    IntakeRefused,
    InvalidDraft,
    NotAllChecked,
    Problem,
    ProblemReason,
    check_centre_open,
)
from counter_app.core.domain.intake_rules import (
    ItemState,
    assess,
    check_applicant,
    checklist_json,
    choose_provider,
    counter_times,
    default_catalog,
    kept_documents,
    missing_json,
    problems_of,
    result_due,
    service_version,
    stored_phone,
)
from counter_app.core.domain.office_time import office_time
from counter_app.core.domain.packages import PackageStatus
from counter_app.core.domain.permissions import Capability
from counter_app.core.usecases import audit
from counter_app.core.usecases.accounts import acting
from counter_app.core.usecases.drafts import discard_draft, window_of
from counter_app.core.usecases.integrity import application_digest
from counter_app.core.usecases.numbering import next_receipt_number
from counter_app.core.usecases.office_settings import read_office_and_overrides
from counter_app.storage.db import Database, InTransaction
from counter_app.storage.handoff_tables import PackageEventRow
from counter_app.storage.intake_tables import (
    ApplicationRow,
    CancelledIntakeRow,
    PackageRow,
    RefusalItemRow,
)
from counter_app.storage.search import fold

if TYPE_CHECKING:
    from counter_app.core.domain.permissions import Account

# Every statement of a commit is built once, on the tables (plain Core: no ORM context at run time).
_APPLICATIONS = cast(Table, ApplicationRow.__table__)


_STORED_NUMBER = select(_APPLICATIONS.c.receipt_number).where(_APPLICATIONS.c.intake_key == bindparam("key"))


def already_stored(session: InTransaction, draft: IntakeDraft) -> str | None:
    """The receipt number stored for this draft's intake key (its commit answer was lost), or None."""
    if not draft.intake_key:
        return None
    stored: str | None = session.scalar(_STORED_NUMBER, {"key": draft.intake_key})
    return stored


def _application_values(
    actor: Account,
    window: str,
    draft: IntakeDraft,
    version: ServiceVersion,
    department: str,
    today: dt.date,
    now: dt.datetime,
    decision: Decision,
    states: list[ItemState],
    problems: list[Problem],
) -> dict[str, object]:
    """The application's columns but its receipt number, computed before the transaction."""
    name = draft.applicant.full_name()
    wait, service = counter_times(draft, now)
    return {
        "decision": decision.value,
        "status": (
            ApplicationStatus.ACCEPTED_AWAITING_HANDOFF
            if decision is Decision.ACCEPTED
            else ApplicationStatus.REFUSED
        ).value,
        "service_code": draft.service_code,
        "version_from": version.effective_from,
        "department": department,
        "day": today,
        "created_at": now,
        "user_id": actor.id or None,
        "username": actor.username,
        "window": window,
        "applicant_iin": draft.applicant.iin.strip(),
        "applicant_name": name,
        "applicant_name_folded": fold(name),
        "payload": draft.to_json(),
        "checklist": checklist_json(states, draft, version),
        "missing": missing_json(problems, draft),
        "phone": stored_phone(draft),
        "wait_seconds": wait,
        "service_seconds": service,
        "intake_key": draft.intake_key or None,
    }


# Built once: an intake runs the same three inserts with new values (SQLAlchemy Core, no ORM flush).
_PACKAGES = cast(Table, PackageRow.__table__)
_INSERT_APPLICATION = insert(_APPLICATIONS).returning(_APPLICATIONS.c.id)
_INSERT_PACKAGE = insert(_PACKAGES).returning(_PACKAGES.c.id)
_INSERT_PACKAGE_EVENT = insert(cast(Table, PackageEventRow.__table__))


def _insert_application(session: InTransaction, number: str, values: dict[str, object]) -> int:
    return int(session.execute(_INSERT_APPLICATION, {"receipt_number": number, **values}).scalar_one())


def _journal_detail(number: str, values: dict[str, Any]) -> str:
    """The service and a digest of what was stored (``audit verify`` finds an application changed later)."""
    digest = application_digest(
        number,
        values["applicant_iin"],
        values["applicant_name"],
        values["payload"],
        values["checklist"],
        values["missing"],
    )
    return f"{values['service_code']} sha256={digest}"


def accept(
    db: Database,
    actor: Account,
    draft: IntakeDraft,
    today: dt.date | None = None,
    *,
    window: str | None = None,
    catalog: Catalog | None = None,
    clock: Clock = system_clock,
) -> str:
    """Accept a complete package and return its receipt number; raise IntakeRefused listing what is missing.

    The application is dated ``today`` (by default the clock's day) and stamped with the clock's time.

    One write transaction: the office and the calendar overrides are read in it, the draft removed, and only
    then is the day's receipt counter bumped (checking the clock against the department's last receipt in the
    same statement: ``ClockBehind``), so that the counter row (which every window of the department queues on)
    is held just for the rows that carry the number and the commit. Every statement is SQLAlchemy Core, run on
    the transaction's connection (``Database.write_core``): no ORM session is made or flushed.
    """
    now = clock()
    today = office_time(now).date() if today is None else today
    _service, version = service_version(catalog or default_catalog(), draft.service_code, today)
    check_applicant(draft, today)
    form = form_problems(draft, version.legal_source.seed, today)
    if form:  # the application the applicant signs cannot be filled in: nothing is accepted
        raise InvalidDraft(sorted(form))
    states = assess(draft, version, today)
    problems = problems_of(draft, version, today, states)
    if problems:
        raise IntakeRefused(problems)
    window_label = window_of(actor, window)
    now = now.astimezone(dt.UTC)  # stored in UTC
    documents = json.dumps(kept_documents(states), ensure_ascii=False)
    with db.write_core() as session:
        actor = acting(session, actor, Capability.TAKE_APPLICATIONS)
        stored = already_stored(session, draft)
        if stored is not None:
            return stored
        office, overrides = read_office_and_overrides(session)
        check_centre_open(today, overrides)
        calendar = provider_calendar(overrides)
        provider = choose_provider(office, version, draft)
        values = _application_values(
            actor,
            window_label,
            draft,
            version,
            office.department_number,
            today,
            now,
            Decision.ACCEPTED,
            states,
            [],
        )
        discard_draft(session, actor, window_label)
        number = next_receipt_number(session, office.department_number, today)
        application_id = _insert_application(session, number, values)
        package_id = session.execute(
            _INSERT_PACKAGE,
            {
                "application_id": application_id,
                "provider_id": provider.id,
                "documents": documents,
                "handoff_due": calendar.add_working_days(today, 1),
                "result_due": result_due(version, today, calendar=calendar),
                "status": PackageStatus.AWAITING_HANDOFF.value,
                "status_changed_at": now,
            },
        ).scalar_one()
        session.execute(
            _INSERT_PACKAGE_EVENT,
            {
                "package_id": package_id,
                "at": now,
                "status_from": None,
                "status_to": PackageStatus.AWAITING_HANDOFF.value,
                "user_id": actor.id or None,
                "username": actor.username,
                "detail": "{}",
            },
        )
        audit.record(
            session, actor, IntakeAction.ACCEPTED, subject=number, detail=_journal_detail(number, values)
        )
    return number


def refuse(
    db: Database,
    actor: Account,
    draft: IntakeDraft,
    today: dt.date | None = None,
    *,
    window: str | None = None,
    catalog: Catalog | None = None,
    clock: Clock = system_clock,
) -> str:
    """Record a refusal to accept, listing exactly the missing and expired items; return its receipt number.

    The grounds are the service's own (``intake_refusal_grounds``): an expired document is cited as expired only
    where the rules make expiry a ground, elsewhere it is missing (see ``assess``). Raises ConsentMissing without
    the consent (the intake is cancelled instead, see ``cancel_without_consent``), CentreClosed on a day the
    centre does not work, ValueError when nothing is missing or expired (the law allows no refusal then).
    """
    now = clock()
    today = office_time(now).date() if today is None else today
    _service, version = service_version(catalog or default_catalog(), draft.service_code, today)
    check_applicant(draft, today)
    if not draft.consent:
        raise ConsentMissing()
    states = assess(draft, version, today)
    unchecked = [s.item.key for s in states if s.problem is ProblemReason.UNCHECKED]
    if unchecked:
        raise NotAllChecked(unchecked)
    grounds = [
        Problem(s.problem, s.item)
        for s in states
        if s.problem in (ProblemReason.MISSING, ProblemReason.EXPIRED)
    ]
    if not grounds:
        raise ValueError("nothing is missing or expired: there is no ground to refuse")
    window_label = window_of(actor, window)
    now = now.astimezone(dt.UTC)  # stored in UTC
    with db.write() as session:
        actor = acting(session, actor, Capability.TAKE_APPLICATIONS)
        stored = already_stored(session, draft)
        if stored is not None:
            return stored
        office, overrides = read_office_and_overrides(session)
        check_centre_open(today, overrides)
        values = _application_values(
            actor,
            window_label,
            draft,
            version,
            office.department_number,
            today,
            now,
            Decision.REFUSED,
            states,
            grounds,
        )
        discard_draft(session, actor, window_label)
        number = next_receipt_number(session, office.department_number, today)
        application_id = _insert_application(session, number, values)
        session.add_all(
            RefusalItemRow(
                application_id=application_id,
                day=today,
                service_code=draft.service_code,
                version_from=version.effective_from,
                username=actor.username,
                item_number=ground.item.document.number,
                document_key=ground.item.document.key,
                reason=ground.reason.value,
            )
            for ground in grounds
            if ground.item is not None
        )
        audit.record(
            session, actor, IntakeAction.REFUSED, subject=number, detail=_journal_detail(number, values)
        )
    return number


def cancel_without_consent(
    db: Database,
    actor: Account,
    draft: IntakeDraft,
    today: dt.date,
    *,
    window: str | None = None,
    catalog: Catalog | None = None,
    clock: Clock = system_clock,
) -> None:
    """The applicant gave no consent to the use of restricted data: the intake is cancelled (decision of #13).

    Seed 001 p. 9: the State Corporation's employee obtains the applicant's consent to use the data of the
    information systems; the application form carries it (App. 1). Seed 001 p. 5 and the Order 414 receipts let
    the counter refuse acceptance only for an incomplete package (and, for the benefit, expired documents); the
    missing consent is a ground for the *provider* to refuse the service (Order 414, seed-002b C5). So the counter
    neither accepts nor refuses: no receipt number is used, the draft goes, the journal keeps the cancellation,
    and the citizen gets a printed note (``forms/printed/consent_note.yaml``, the project's wording).
    """
    if draft.consent:
        raise ValueError("the applicant has given consent: there is nothing to cancel for")
    service_version(catalog or default_catalog(), draft.service_code, today)
    window_label = window_of(actor, window)
    detail = f"{draft.service_code}; {draft.applicant.full_name() or '-'}; {today.isoformat()}"
    with db.write() as session:
        actor = acting(session, actor, Capability.TAKE_APPLICATIONS)
        discard_draft(session, actor, window_label)
        audit.record(
            session, actor, IntakeAction.CANCELLED_NO_CONSENT, subject=f"window {window_label}", detail=detail
        )
        session.add(
            CancelledIntakeRow(  # counted by the reports with the other cancelled intakes
                at=utc_now(clock),
                day=today,
                service_code=draft.service_code,
                username=actor.username,
                window=window_label,
                applicant_name=draft.applicant.full_name(),
            )
        )
