"""Intake at the counter: the draft the operator fills in, the checklist assessment, accept and refuse.

``accept`` and ``refuse`` store everything of one intake in one write transaction: the receipt number (see
``core.numbering``), the application, its package (accepted only) and the audit entry; the operator's draft is
discarded in the same transaction. If anything fails, nothing is kept and the number is not used up.

What is required comes only from ``core.checklist.required_items``; nothing here knows a document list.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json
import re
import uuid
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field
from sqlalchemy import delete, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from counter_app.core.domain import text as texts
from counter_app.core.domain.application_form import ApplicationDetails, form_problems
from counter_app.core.domain.calendar import (
    CalendarOverride,
    ClosedDay,
    WorkingCalendar,
    centre_closed,
    provider_calendar,
)
from counter_app.core.domain.catalog import (
    Catalog,
    DocumentDate,
    DocumentKind,
    Service,
    ServiceVersion,
    TermUnit,
    load_catalog,
)
from counter_app.core.domain.checklist import Answers, ChecklistItem, deferred_items, required_items
from counter_app.core.domain.clock import Clock, system_clock, utc_now
from counter_app.core.domain.i18n import _
from counter_app.core.domain.iin import IIN, InvalidIIN, parse_iin
from counter_app.core.domain.office import Office, ServiceProvider
from counter_app.core.domain.packages import PackageStatus
from counter_app.core.domain.particulars import check_draft
from counter_app.core.domain.phone import InvalidPhone, parse_mobile
from counter_app.core.usecases import audit
from counter_app.core.usecases.accounts import Screen, acting
from counter_app.core.usecases.integrity import application_digest
from counter_app.core.usecases.numbering import RECEIPT_NUMBER, next_receipt_number
from counter_app.core.usecases.office_settings import read_calendar_overrides, read_office
from counter_app.storage.db import Database, as_utc
from counter_app.storage.handoff_tables import PackageEventRow
from counter_app.storage.intake_tables import (
    ApplicationRow,
    CancelledIntakeRow,
    IntakeDraftRow,
    IssuedDocumentRow,
    PackageRow,
    RefusalItemRow,
)
from counter_app.storage.models import AuditEntryRow
from counter_app.storage.search import MIN_CHARACTERS, fold, matching_ids

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from counter_app.core.usecases.accounts import Account


class IntakeAction:
    """Audit actions written by the intake desk."""

    ACCEPTED = "intake_accepted"
    REFUSED = "intake_refused"
    CANCELLED = "intake_cancelled"  # the operator threw an unfinished intake away
    CANCELLED_NO_CONSENT = "intake_cancelled_no_consent"  # the applicant gave no consent: no receipt, a note
    PRINTED = "print"  # a receipt printed for the first time (the original)
    REPRINTED = "reprint"  # a copy printed again, with the copy mark


class Decision(str, enum.Enum):
    ACCEPTED = "accepted"
    REFUSED = "refused"


class ApplicationStatus(str, enum.Enum):
    ACCEPTED_AWAITING_HANDOFF = "accepted_awaiting_handoff"
    REFUSED = "refused"


class IssuedKind(str, enum.Enum):
    """Which receipt an issued document is."""

    ACCEPTANCE = "acceptance"
    REFUSAL = "refusal"


PRINT_LANGUAGES = ("kk", "ru")


# ----------------------------------------------------------------------------------------------------------
# The draft: everything typed so far (saved as JSON after every page of the wizard)


class Mark(str, enum.Enum):
    """What the operator recorded for one checklist item."""

    ORIGINAL = "original"  # original presented and checked
    COPY = "copy"  # copy received (original shown and returned)
    INFORMATION_SYSTEM = "information_system"  # obtained from a state information system
    MISSING = "missing"  # the operator checked: the citizen does not have it
    UNCHECKED = (
        "unchecked"  # not yet checked (every row starts so; neither accept nor refuse until it is marked)
    )


class ItemMark(BaseModel):
    mark: Mark = Mark.UNCHECKED
    issued_on: dt.date | None = None  # for items with a validity period
    expires_on: dt.date | None = None  # stated on the document itself (wins over issued_on + validity)


class IdDocument(BaseModel):
    kind: str = "id_card"  # id_card | passport | e_document | birth_certificate | other
    series: str = ""  # asked by the benefit's application (App. 1); most documents have none
    number: str = ""
    issued_on: dt.date | None = None
    issued_by: str = ""


class Person(BaseModel):
    iin: str = ""
    last_name: str = ""
    first_name: str = ""
    patronymic: str = ""  # optional

    def full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.patronymic) if part.strip())


class Applicant(Person):
    id_document: IdDocument = Field(default_factory=IdDocument)
    phone: str = ""
    address: str = ""
    district: str = ""  # a district of the office's providers (its Russian or Kazakh name)


class Representative(Person):
    id_document: IdDocument = Field(default_factory=IdDocument)
    power_of_attorney_number: str = ""
    power_of_attorney_date: dt.date | None = None
    notary: str = ""


class Child(Person):
    birth_date: dt.date | None = None
    district: str = ""
    answers: dict[str, bool] = Field(default_factory=dict)  # child-scope questions


class IntakeDraft(BaseModel):
    service_code: str = ""
    applicant: Applicant = Field(default_factory=Applicant)
    registration_confirmed: bool = False
    representative: Representative | None = None
    children: list[Child] = Field(default_factory=list)
    answers: dict[str, bool] = Field(default_factory=dict)  # applicant-scope questions
    marks: dict[str, ItemMark] = Field(default_factory=dict)  # by ChecklistItem.key
    consent: bool = False
    application: ApplicationDetails = Field(default_factory=ApplicationDetails)  # what the form asks beyond
    queue_ticket: str = ""
    queue_time: dt.time | None = None  # when the ticket was taken
    started_at: dt.datetime | None = None  # when the operator started serving
    page: int = 0  # the wizard page to resume on
    intake_key: str = ""  # set when the intake starts: accept/refuse store a draft with this key once only

    def to_json(self) -> str:
        return self.model_dump_json()

    @classmethod
    def from_json(cls, text: str) -> IntakeDraft:
        return cls.model_validate_json(text)

    def checklist_answers(self) -> Answers:
        return Answers(
            applicant=dict(self.answers), children=[dict(c.answers) for c in self.children] or [{}]
        )


# ----------------------------------------------------------------------------------------------------------
# Errors


class ClockBehind(ValueError):
    """This computer's date is before the department's last receipt: the receipt would be dated back."""

    def __init__(self, today: dt.date, last: dt.date) -> None:
        super().__init__(
            _(
                "This computer's date ({today}) is before the department's last receipt ({last}). Set the date and "
                "time right before accepting: receipts must not be dated back."
            ).format(today=today.strftime("%d.%m.%Y"), last=last.strftime("%d.%m.%Y"))
        )


def new_intake_key() -> str:
    return str(uuid.uuid4())


def _already_stored(session, draft: IntakeDraft) -> str | None:
    """The receipt number stored for this draft's intake key (its commit answer was lost), or None."""
    if not draft.intake_key:
        return None
    return session.scalar(
        select(ApplicationRow.receipt_number).where(ApplicationRow.intake_key == draft.intake_key)
    )


CLOCK_SLACK = dt.timedelta(days=1)  # windows of one department whose dates differ by a day around midnight


def _check_clock(session, department: str, today: dt.date) -> None:
    """A receipt is never dated before the department's last one (a computer's clock set back)."""
    last = session.scalar(select(func.max(ApplicationRow.day)).where(ApplicationRow.department == department))
    if last is not None and today < last - CLOCK_SLACK:
        raise ClockBehind(today, last)


class InvalidPrintLanguage(ValueError):
    def __init__(self, lang: str) -> None:
        super().__init__(_("Receipts are printed in Kazakh or Russian only."))
        self.lang = lang


class NotTakenAtCounter(ValueError):
    """The service has no version in force or the counter does not take it (its redirect says where to go)."""

    def __init__(self, code: str) -> None:
        super().__init__(_("The counter does not take the service “{code}” on this date.").format(code=code))
        self.code = code


class InvalidDraft(ValueError):
    """The draft's particulars are incomplete or invalid; ``fields`` names them (e.g. "applicant.iin") and
    ``problems`` says what is wrong with each, in the user's language (the message joins them)."""

    def __init__(self, fields: list[str], problems: dict[str, str] | None = None):
        self.fields = fields
        self.problems = problems or {}
        super().__init__(
            " ".join(dict.fromkeys(self.problems.values())) if self.problems else ", ".join(fields)
        )


class NotAllChecked(ValueError):
    """A refusal lists exactly what is missing: every document must be marked first (``keys`` are not yet)."""

    def __init__(self, keys: list[str]):
        self.keys = keys
        super().__init__(_("Mark every document first: {count} not yet checked.").format(count=len(keys)))


class NoProvider(ValueError):
    """None of the office's active providers serves this service in this district."""


class CentreClosed(ValueError):
    """The centre does not work today (a Sunday, a public holiday or a day off): no receipt is issued."""

    def __init__(self, closed: ClosedDay) -> None:
        self.closed = closed
        reason = closed.holiday or _("Sunday")
        super().__init__(
            _(
                "The centre does not work on {date} ({reason}): no application is taken and no receipt is issued. "
                "An administrator can declare the day a working day in Settings → Calendar, with its legal "
                "reference."
            ).format(date=closed.day.strftime("%d.%m.%Y"), reason=reason)
        )


class ConsentMissing(ValueError):
    """The applicant gave no consent to the use of restricted data: the intake is cancelled, never refused."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Without the applicant's consent the application cannot be taken, and the law gives no ground to "
                "refuse it: cancel the intake (a note is printed for the citizen)."
            )
        )


def check_centre_open(today: dt.date, overrides: list[CalendarOverride]) -> None:
    """Raise CentreClosed when the State Corporation's centre does not work ``today`` (Mon-Sat, except public
    holidays and days off, unless an administrator declared the day a working day)."""
    closed = centre_closed(today, overrides)
    if closed is not None:
        raise CentreClosed(closed)


class ProblemReason(str, enum.Enum):
    MISSING = "missing"
    EXPIRED = "expired"
    UNDATED = "undated"  # the item has a validity period but no issue or expiry date was entered
    UNCHECKED = "unchecked"  # the operator has not marked the item yet
    NO_CONSENT = "no_consent"


@dataclass(frozen=True)
class Problem:
    reason: ProblemReason
    item: ChecklistItem | None = None  # None for NO_CONSENT


class IntakeRefused(Exception):
    """``accept`` found the package incomplete; ``problems`` lists every missing/expired item and the consent."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(", ".join(p.item.key if p.item else p.reason.value for p in problems))


# ----------------------------------------------------------------------------------------------------------
# The checklist


@cache
def default_catalog() -> Catalog:
    return load_catalog()


def service_version(catalog: Catalog, code: str, today: dt.date) -> tuple[Service, ServiceVersion]:
    """The service and its version in force ``today``; raises NotTakenAtCounter if the counter cannot take it."""
    try:
        service = catalog.service(code)
    except KeyError:
        raise NotTakenAtCounter(code) from None
    version = service.version_on(today)
    if version is None or not version.accepted_at_counter:
        raise NotTakenAtCounter(code)
    return service, version


def mark_allowed(item: ChecklistItem, mark: Mark) -> bool:
    """Whether ``mark`` can satisfy ``item`` (a system record only where the law lets the operator fetch it)."""
    if mark is Mark.INFORMATION_SYSTEM:
        return item.document.information_system or item.document.kind is DocumentKind.INFORMATION_SYSTEM
    return True


def issue_date(item: ChecklistItem, mark: ItemMark, draft: IntakeDraft | None = None) -> dt.date | None:
    """The issue date of the item: typed on its row, or, for the applicant's identity document, on the Applicant
    page."""
    if mark.issued_on is not None:
        return mark.issued_on
    if draft is not None and item.document.applicant_id_document:
        return draft.applicant.id_document.issued_on
    return None


def expiry_date(item: ChecklistItem, mark: ItemMark, draft: IntakeDraft | None = None) -> dt.date | None:
    """The last day the document is valid (None when it has no validity period or no date was entered).

    What the operator typed is read as the catalog says the row asks (``Document.date_asked``): an issue date
    (the validity runs from it) or a valid-until date; an ID card's issue date never reads as its expiry.
    """
    asked = item.document.date_asked
    if asked is DocumentDate.VALID_UNTIL:
        return mark.expires_on
    validity = item.document.validity
    issued = issue_date(item, mark, draft)
    if asked is DocumentDate.ISSUE_DATE and validity is not None and issued is not None:
        return issued + dt.timedelta(days=validity.days)
    return None


@dataclass(frozen=True)
class ItemState:
    item: ChecklistItem
    mark: ItemMark
    expires_on: dt.date | None
    problem: ProblemReason | None


def assess(draft: IntakeDraft, version: ServiceVersion, today: dt.date) -> list[ItemState]:
    """Every required item with its mark and its problem (None when the item is in order).

    A row not yet marked is UNCHECKED (not missing: the operator has not looked yet); a document that must be
    dated by its issue date and has none is UNDATED; a valid-until date is optional (checked when typed).
    """
    states = []
    for item in required_items(version, draft.checklist_answers()):
        mark = draft.marks.get(item.key, ItemMark())
        expires = expiry_date(item, mark, draft)
        asked = item.document.date_asked
        problem: ProblemReason | None = None
        if mark.mark is Mark.UNCHECKED:
            problem = ProblemReason.UNCHECKED
        elif mark.mark is Mark.MISSING or not mark_allowed(item, mark.mark):
            problem = ProblemReason.MISSING
        elif mark.mark is not Mark.INFORMATION_SYSTEM and asked is not DocumentDate.NONE:
            if expires is None and asked is DocumentDate.ISSUE_DATE:
                problem = ProblemReason.UNDATED
            elif expires is not None and expires < today:
                # Expired documents are a ground of refusal only where the service's rules say so (seed 001
                # p. 5); elsewhere an expired document is not a valid document: it is missing.
                problem = ProblemReason.EXPIRED if version.refuses_expired else ProblemReason.MISSING
        states.append(ItemState(item, mark, expires, problem))
    return states


def problems_of(
    draft: IntakeDraft, version: ServiceVersion, today: dt.date, states: list[ItemState] | None = None
) -> list[Problem]:
    """What stops acceptance: missing, expired or undated items (in the law's order), then missing consent.

    ``states``: ``assess(draft, version, today)`` when the caller has it already.
    """
    if states is None:
        states = assess(draft, version, today)
    problems = [Problem(s.problem, s.item) for s in states if s.problem is not None]
    if not draft.consent:
        problems.append(Problem(ProblemReason.NO_CONSENT))
    return problems


def check_applicant(draft: IntakeDraft, today: dt.date) -> IIN:
    """The applicant's parsed IIN; raises InvalidDraft naming every missing or invalid field of the draft
    (``core.particulars.check_draft``: the applicant, the representative, the children, lengths and dates)."""
    problems = check_draft(draft, today)
    if problems:
        raise InvalidDraft(list(problems), problems)
    return parse_iin(draft.applicant.iin, today)


def jurisdiction_district(draft: IntakeDraft, version: ServiceVersion) -> str:
    """The district whose provider gets the package: the child's where the law looks at the child."""
    child_district = next((c.district for c in draft.children if c.district.strip()), "")
    if version.jurisdiction.rule in ("child", "applicant_or_child") and child_district:
        return child_district
    return draft.applicant.district or child_district


def choose_provider(office: Office, version: ServiceVersion, draft: IntakeDraft) -> ServiceProvider:
    district = jurisdiction_district(draft, version).strip().casefold()
    for provider in office.providers:
        if (
            provider.active
            and provider.kind == version.provider.kind
            and district in (provider.district.kk.casefold(), provider.district.ru.casefold())
        ):
            return provider
    raise NoProvider(_("No active provider of this service is set up for the district."))


def _label(item: ChecklistItem) -> dict[str, str]:
    suffix = "" if item.child_index is None else f" ({item.child_index + 1})"
    label = item.part.label if item.part else item.document.label
    return {"kk": label.kk + suffix, "ru": label.ru + suffix, "en": (label.en or label.ru) + suffix}


def _wording(item: ChecklistItem, draft: IntakeDraft) -> dict[str, str]:
    """The law's wording of the item as the receipts print it; a per-child item names the child (or its number)."""
    wording = item.document.wording
    text = {"kk": wording.kk, "ru": wording.ru}
    if item.part is not None:  # the spouse's document of the same item: the law's wording, then whose it is
        text = {lang: f"{text[lang]} {item.part.suffix.text(lang)}" for lang in ("kk", "ru")}
    if item.child_index is None:
        return text
    children = draft.children
    name = children[item.child_index].full_name() if item.child_index < len(children) else ""
    who = name or str(item.child_index + 1)
    return {lang: f"{text[lang]} ({who})" for lang in ("kk", "ru")}


def is_e_document(item: ChecklistItem, draft: IntakeDraft) -> bool:
    """The applicant showed the identity document as an e-document of the digital documents service."""
    return item.document.e_document_allowed and draft.applicant.id_document.kind == "e_document"


def _checklist_json(states: list[ItemState], draft: IntakeDraft, version: ServiceVersion) -> str:
    """The checklist as it stood at intake, with the law's wording: receipts (first print and reprints) are
    printed from it, never from the catalog of the day of printing. Documents the law lets the applicant bring
    later (``deferred``) follow, with the law's text of when."""
    later = [
        {
            "key": item.key,
            "number": item.document.number,
            "document": item.document.key,
            "child": None,
            "label": _label(item),
            "wording": _wording(item, draft),
            "kind": item.document.kind.value,
            "e_document": False,
            "mark": "deferred",
            "issued_on": None,
            "expires_on": None,
            "problem": None,
            "deferred": {"kk": item.document.deferred.text.kk, "ru": item.document.deferred.text.ru},
        }
        for item in deferred_items(version, draft.checklist_answers())
        if item.document.deferred is not None
    ]
    return json.dumps(
        [
            {
                "key": s.item.key,
                "number": s.item.document.number,
                "document": s.item.document.key,
                "child": s.item.child_index,
                "label": _label(s.item),
                "wording": _wording(s.item, draft),
                "kind": s.item.document.kind.value,
                "e_document": is_e_document(s.item, draft),
                # the application printed by the wizard for signature (its language), "" otherwise
                "form_printed": (
                    draft.application.printed_language
                    if s.item.document.kind is DocumentKind.APPLICATION
                    else ""
                ),
                "mark": s.mark.mark.value,
                "issued_on": s.mark.issued_on.isoformat() if s.mark.issued_on else None,
                "expires_on": s.expires_on.isoformat() if s.expires_on else None,
                "problem": s.problem.value if s.problem else None,
            }
            for s in states
        ]
        + later,
        ensure_ascii=False,
    )


def _missing_json(problems: list[Problem], draft: IntakeDraft) -> str:
    return json.dumps(
        [
            {
                "key": p.item.key,
                "number": p.item.document.number,
                "label": _label(p.item),
                "wording": _wording(p.item, draft),
                "reason": p.reason.value,
            }
            for p in problems
            if p.item is not None
        ],
        ensure_ascii=False,
    )


def _kept_documents(states: list[ItemState]) -> list[dict[str, object]]:
    """What goes into the package: the application, copies and notarised documents (originals are returned)."""
    return [
        {
            "key": s.item.key,
            "number": s.item.document.number,
            "label": _label(s.item),
            "mark": s.mark.mark.value,
        }
        for s in states
        if s.problem is None
        and s.mark.mark in (Mark.ORIGINAL, Mark.COPY)
        and s.item.document.kind is not DocumentKind.ORIGINAL
    ]


def result_due(
    version: ServiceVersion,
    accepted_on: dt.date,
    overrides: list[CalendarOverride] | None = None,
    *,
    calendar: WorkingCalendar | None = None,
) -> dt.date:
    term = version.term
    if term.unit is TermUnit.WORKING_DAYS:
        return (calendar or provider_calendar(overrides or ())).add_working_days(accepted_on, term.amount)
    if term.unit is TermUnit.CALENDAR_DAYS:
        return accepted_on + dt.timedelta(days=term.amount)
    return accepted_on  # minutes or hours: the same day


# ----------------------------------------------------------------------------------------------------------
# Accept and refuse


def counter_times(draft: IntakeDraft, finished_at: dt.datetime) -> tuple[int | None, int | None]:
    """The citizen's waiting time (queue ticket taken -> service started) and the service time (service started
    -> ``finished_at``, the receipt number issued), in seconds; None where the draft has no time to count from.

    The ticket's time is the centre's local time of the day the service started (as the wizard's timer reads it).
    """
    started = draft.started_at
    if started is None:
        return None, None
    started = started if started.tzinfo else started.replace(tzinfo=dt.UTC)
    finished = finished_at if finished_at.tzinfo else finished_at.replace(tzinfo=dt.UTC)
    service = max(int((finished - started).total_seconds()), 0)
    wait = None
    if draft.queue_time is not None:
        local = started.astimezone()
        taken = dt.datetime.combine(local.date(), draft.queue_time, tzinfo=local.tzinfo)
        wait = max(int((local - taken).total_seconds()), 0)
    return wait, service


def _stored_phone(draft: IntakeDraft) -> str | None:
    try:
        return parse_mobile(draft.applicant.phone)
    except InvalidPhone:
        return None


def _window(actor: Account, window: str | None) -> str:
    return (window if window is not None else actor.window) or ""


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
        "checklist": _checklist_json(states, draft, version),
        "missing": _missing_json(problems, draft),
        "phone": _stored_phone(draft),
        "wait_seconds": wait,
        "service_seconds": service,
        "intake_key": draft.intake_key or None,
    }


# Built once: an intake runs the same three inserts with new values (SQLAlchemy Core, no ORM flush).
_INSERT_APPLICATION = insert(ApplicationRow.__table__).returning(ApplicationRow.__table__.c.id)
_INSERT_PACKAGE = insert(PackageRow.__table__).returning(PackageRow.__table__.c.id)
_INSERT_PACKAGE_EVENT = insert(PackageEventRow.__table__)


def _insert_application(session: Session, number: str, values: dict[str, object]) -> int:
    return int(session.execute(_INSERT_APPLICATION, {"receipt_number": number, **values}).scalar_one())


def _journal_detail(number: str, values: dict) -> str:
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
    then is the day's receipt counter bumped, so that the counter row (which every window of the department
    queues on) is held just for the rows that carry the number and the commit.
    """
    now = clock()
    today = now.astimezone().date() if today is None else today
    _service, version = service_version(catalog or default_catalog(), draft.service_code, today)
    check_applicant(draft, today)
    form = form_problems(draft, version.legal_source.seed, today)
    if form:  # the application the applicant signs cannot be filled in: nothing is accepted
        raise InvalidDraft(sorted(form))
    states = assess(draft, version, today)
    problems = problems_of(draft, version, today, states)
    if problems:
        raise IntakeRefused(problems)
    window_label = _window(actor, window)
    now = now.astimezone(dt.UTC)  # stored in UTC
    documents = json.dumps(_kept_documents(states), ensure_ascii=False)
    with db.write() as session:
        actor = acting(session, actor, Screen.INTAKE)
        stored = _already_stored(session, draft)
        if stored is not None:
            return stored
        overrides = read_calendar_overrides(session)
        check_centre_open(today, overrides)
        office = read_office(session, windows=False)
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
        _check_clock(session, office.department_number, today)
        _discard_draft(session, actor, window_label)
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
    today = now.astimezone().date() if today is None else today
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
    window_label = _window(actor, window)
    now = now.astimezone(dt.UTC)  # stored in UTC
    with db.write() as session:
        actor = acting(session, actor, Screen.INTAKE)
        stored = _already_stored(session, draft)
        if stored is not None:
            return stored
        check_centre_open(today, read_calendar_overrides(session))
        office = read_office(session, windows=False)
        _check_clock(session, office.department_number, today)
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
        _discard_draft(session, actor, window_label)
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
    window_label = _window(actor, window)
    detail = f"{draft.service_code}; {draft.applicant.full_name() or '-'}; {today.isoformat()}"
    with db.write() as session:
        actor = acting(session, actor, Screen.INTAKE)
        _discard_draft(session, actor, window_label)
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


# ----------------------------------------------------------------------------------------------------------
# Reading back and searching


@dataclass(frozen=True)
class StoredPackage:
    provider_id: int
    documents: list[dict[str, object]]
    handoff_due: dt.date
    result_due: dt.date
    status: PackageStatus


@dataclass(frozen=True)
class StoredApplication:
    receipt_number: str
    decision: Decision
    status: ApplicationStatus
    service_code: str
    day: dt.date
    username: str
    window: str
    applicant_iin: str
    applicant_name: str
    draft: IntakeDraft
    checklist: list[dict[str, object]]
    missing: list[dict[str, object]]
    package: StoredPackage | None
    created_at: dt.datetime | None = None  # aware, UTC: when the receipt number was issued

    @property
    def receipt_kind(self) -> IssuedKind:
        return IssuedKind.ACCEPTANCE if self.decision is Decision.ACCEPTED else IssuedKind.REFUSAL


@dataclass(frozen=True)
class ApplicationSummary:
    receipt_number: str
    decision: Decision
    status: ApplicationStatus
    service_code: str
    day: dt.date
    applicant_name: str
    iin_masked: str
    package_status: PackageStatus | None = None  # accepted applications: where the package stands
    handoff_due: dt.date | None = None


def load_application(db: Database, receipt_number: str, actor: Account) -> StoredApplication | None:
    """The whole application (the full IIN included): for the intake and results desks and reports only."""
    with db.read() as session:
        acting(session, actor, Screen.INTAKE, Screen.RESULTS, Screen.REPORTS)
        row = session.scalar(select(ApplicationRow).where(ApplicationRow.receipt_number == receipt_number))
        if row is None:
            return None
        package_row = session.scalar(select(PackageRow).where(PackageRow.application_id == row.id))
        package = None
        if package_row is not None:
            package = StoredPackage(
                provider_id=package_row.provider_id,
                documents=json.loads(package_row.documents),
                handoff_due=package_row.handoff_due,
                result_due=package_row.result_due,
                status=PackageStatus(package_row.status),
            )
        return StoredApplication(
            receipt_number=row.receipt_number,
            decision=Decision(row.decision),
            status=ApplicationStatus(row.status),
            service_code=row.service_code,
            day=row.day,
            username=row.username,
            window=row.window,
            applicant_iin=row.applicant_iin,
            applicant_name=row.applicant_name,
            draft=IntakeDraft.from_json(row.payload),
            checklist=json.loads(row.checklist),
            missing=json.loads(row.missing),
            package=package,
            created_at=as_utc(row.created_at),
        )


def mask_iin(value: str) -> str:
    try:
        return parse_iin(value, dt.date.max).masked
    except InvalidIIN:
        return "•" * max(len(value) - 4, 0) + value[-4:]


class SearchTooShort(ValueError):
    """A search with no word of three characters: a trigram index cannot answer it, and a scan is not made."""


def search_words(text: str) -> list[str]:
    """The folded words of a search (case and ё/е folded, as names are stored)."""
    return [word for word in re.split(r"\s+", fold(text)) if word]


def search_too_short(text: str) -> bool:
    """True when ``text`` has something but no word of at least three characters (say so, do not search)."""
    words = search_words(text)
    return bool(words) and all(len(word) < MIN_CHARACTERS for word in words)


def search_applications(db: Database, text: str, limit: int = 50) -> list[ApplicationSummary]:
    """Applications by IIN (whole or its last digits), receipt number, or words of the applicant's name
    (Kazakh or Russian, case and ё/е folded), the newest first.

    Whole IINs and receipt numbers use their unique/plain indexes; IIN digits the reversed-IIN index, the start
    of a receipt number its b-tree, name words the trigram index (SQLite FTS5, PostgreSQL pg_trgm), each giving
    the newest page without sorting every match (``storage.search.matching_ids``), so a word needs three
    characters: ``SearchTooShort`` otherwise.
    ``InvalidText`` for a search with a control character (NUL …) or longer than ``text.SEARCH``.
    """
    text = texts.limited("search", _("The search text"), text, texts.SEARCH)
    if not text:
        return []
    words = search_words(text)
    if search_too_short(text):
        raise SearchTooShort(text)
    a = ApplicationRow
    query = select(  # the columns shown, not whole rows (their JSON is large)
        a.receipt_number,
        a.decision,
        a.status,
        a.service_code,
        a.day,
        a.applicant_name,
        a.applicant_iin,
        PackageRow.status.label("package_status"),
        PackageRow.handoff_due,
    ).outerjoin(PackageRow, PackageRow.application_id == ApplicationRow.id)
    with db.read() as session:
        if RECEIPT_NUMBER.match(text):
            query = query.where(ApplicationRow.receipt_number == text)
        elif text.isdigit() and len(text) == 12:
            query = query.where(ApplicationRow.applicant_iin == text)
        else:  # IIN digits, the start of a receipt number, name words: the ids by the indexes, newest first
            ids = matching_ids(session.connection(), words, text, limit)
            query = query.where(ApplicationRow.id.in_(ids))
        query = query.order_by(ApplicationRow.id.desc())
        return [
            ApplicationSummary(
                receipt_number=row.receipt_number,
                decision=Decision(row.decision),
                status=ApplicationStatus(row.status),
                service_code=row.service_code,
                day=row.day,
                applicant_name=row.applicant_name,
                iin_masked=mask_iin(row.applicant_iin),
                package_status=PackageStatus(row.package_status) if row.package_status else None,
                handoff_due=row.handoff_due,
            )
            for row in session.execute(query.limit(limit))
        ]


# ----------------------------------------------------------------------------------------------------------
# The archive of issued documents: every receipt PDF printed, exactly as printed


@dataclass(frozen=True)
class IssuedDocument:
    id: int
    receipt_number: str
    kind: IssuedKind
    language: str
    sha256: str
    pdf: bytes
    issued_at: dt.datetime  # aware, UTC
    username: str
    is_copy: bool


def _issued(row: IssuedDocumentRow, receipt_number: str) -> IssuedDocument:
    return IssuedDocument(
        id=row.id,
        receipt_number=receipt_number,
        kind=IssuedKind(row.kind),
        language=row.language,
        sha256=row.sha256,
        pdf=row.pdf,
        issued_at=as_utc(row.issued_at),
        username=row.username,
        is_copy=row.is_copy,
    )


def archive_receipt(
    db: Database,
    actor: Account,
    receipt_number: str,
    kind: IssuedKind | str,
    lang: str,
    pdf: bytes,
    is_copy: bool,
    *,
    clock: Clock = system_clock,
) -> IssuedDocument:
    """Keep a printed receipt with its application and audit it ("print", or "reprint" for a copy), together.

    Raises LookupError for an unknown receipt number, ValueError for a language other than kk/ru.
    """
    kind = IssuedKind(kind)
    if lang not in PRINT_LANGUAGES:
        raise InvalidPrintLanguage(lang)
    digest = hashlib.sha256(pdf).hexdigest()
    with db.write() as session:
        actor = acting(session, actor, Screen.INTAKE, Screen.RESULTS)
        application_id = session.scalar(
            select(ApplicationRow.id).where(ApplicationRow.receipt_number == receipt_number)
        )
        if application_id is None:
            raise LookupError(receipt_number)
        row = IssuedDocumentRow(
            application_id=application_id,
            kind=kind.value,
            language=lang,
            sha256=digest,
            pdf=pdf,
            issued_at=utc_now(clock),
            user_id=actor.id or None,
            username=actor.username,
            is_copy=is_copy,
        )
        session.add(row)
        session.flush()
        action = IntakeAction.REPRINTED if is_copy else IntakeAction.PRINTED
        audit.record(session, actor, action, subject=receipt_number, detail=f"{kind.value} {lang} {digest}")
        return _issued(row, receipt_number)


class ArchiveDamaged(Exception):
    """The archived original no longer matches its SHA-256 or its journal entry: no copy can be made from it."""

    def __init__(self, receipt_number: str) -> None:
        super().__init__(
            _(
                "The archived receipt {number} no longer matches the original that was printed: no copy is made. "
                "This was written to the journal; tell the administrator."
            ).format(number=receipt_number)
        )
        self.receipt_number = receipt_number


def archived_original(db: Database, actor: Account, receipt_number: str, lang: str) -> IssuedDocument | None:
    """The first print (not a copy) of the receipt in ``lang``, checked against its SHA-256 and the journal
    entry of its print; None when it was never printed in that language. ``ArchiveDamaged`` (journaled) when the
    archive no longer matches."""
    with db.read() as session:
        acting(session, actor, Screen.INTAKE, Screen.RESULTS)
    originals = [d for d in issued_documents(db, receipt_number) if not d.is_copy and d.language == lang]
    if not originals:
        return None
    original = originals[0]
    with db.read() as session:
        details = session.scalars(
            select(AuditEntryRow.detail).where(
                AuditEntryRow.action == IntakeAction.PRINTED, AuditEntryRow.subject == receipt_number
            )
        ).all()
    journaled = {detail.split()[-1] for detail in details if detail}
    if hashlib.sha256(original.pdf).hexdigest() != original.sha256 or original.sha256 not in journaled:
        with db.write() as session:
            actor = acting(session, actor, Screen.INTAKE, Screen.RESULTS)
            audit.record(
                session,
                actor,
                audit.Action.ARCHIVE_DAMAGED,
                subject=receipt_number,
                detail=f"document={original.id}",
            )
        raise ArchiveDamaged(receipt_number)
    return original


def issued_documents(db: Database, receipt_number: str) -> list[IssuedDocument]:
    """The receipts printed for an application, the first print first."""
    with db.read() as session:
        rows = session.scalars(
            select(IssuedDocumentRow)
            .join(ApplicationRow, IssuedDocumentRow.application_id == ApplicationRow.id)
            .where(ApplicationRow.receipt_number == receipt_number)
            .order_by(IssuedDocumentRow.issued_at, IssuedDocumentRow.id)
        )
        return [_issued(row, receipt_number) for row in rows]


# ----------------------------------------------------------------------------------------------------------
# Drafts


def _discard_draft(session, actor: Account, window: str) -> None:
    session.execute(
        delete(IntakeDraftRow).where(IntakeDraftRow.user_id == actor.id, IntakeDraftRow.window == window)
    )


class Drafts:
    """The one unfinished intake of each user at each window, so that a restart can resume it."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def save(
        self, actor: Account, draft: IntakeDraft, window: str | None = None, *, clock: Clock = system_clock
    ) -> None:
        window_label = _window(actor, window)
        with self._db.write() as session:
            acting(session, actor, Screen.INTAKE)
            dialect = session.get_bind().dialect.name
            insert = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}[dialect]
            table = IntakeDraftRow.__table__
            values = {
                "user_id": actor.id,
                "window": window_label,
                "saved_at": utc_now(clock),
                "payload": draft.to_json(),
            }
            session.execute(
                insert(table)
                .values(**values)
                .on_conflict_do_update(
                    index_elements=[table.c.user_id, table.c.window],
                    set_={"saved_at": values["saved_at"], "payload": values["payload"]},
                )
            )

    def load(self, actor: Account, window: str | None = None) -> IntakeDraft | None:
        with self._db.read() as session:
            payload = session.scalar(
                select(IntakeDraftRow.payload).where(
                    IntakeDraftRow.user_id == actor.id, IntakeDraftRow.window == _window(actor, window)
                )
            )
        return None if payload is None else IntakeDraft.from_json(payload)

    def discard(self, actor: Account, window: str | None = None, clock: Clock = system_clock) -> None:
        """The operator cancels the unfinished intake: the draft goes, the cancellation is journaled (and kept
        in ``cancelled_intakes`` for the reports, on the centre's local day)."""
        window_label = _window(actor, window)
        with self._db.write() as session:
            payload = session.scalar(
                select(IntakeDraftRow.payload).where(
                    IntakeDraftRow.user_id == actor.id, IntakeDraftRow.window == window_label
                )
            )
            if payload is None:
                return
            _discard_draft(session, actor, window_label)
            draft = IntakeDraft.from_json(payload)
            detail = f"{draft.service_code or '-'}; {draft.applicant.full_name() or '-'}"
            audit.record(
                session, actor, IntakeAction.CANCELLED, subject=f"window {window_label}", detail=detail
            )
            now = clock()
            session.add(
                CancelledIntakeRow(
                    at=now,
                    day=now.astimezone().date(),
                    service_code=draft.service_code,
                    username=actor.username,
                    window=window_label,
                    applicant_name=draft.applicant.full_name(),
                )
            )
