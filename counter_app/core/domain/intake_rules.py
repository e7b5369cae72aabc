"""The checklist assessment of a draft against the law in force: what is required, allowed, missing or expired,
the provider and the due dates, and what is stored of it. What is required comes only from
``core.domain.checklist.required_items``; nothing here knows a document list."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from counter_app.core.domain.calendar import (
    CalendarOverride,
    WorkingCalendar,
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
from counter_app.core.domain.checklist import ChecklistItem, deferred_items, required_items
from counter_app.core.domain.i18n import _
from counter_app.core.domain.iin import IIN, parse_iin
from counter_app.core.domain.intake_draft import IntakeDraft, ItemMark, Mark
from counter_app.core.domain.intake_errors import (
    InvalidDraft,
    NoProvider,
    NotTakenAtCounter,
    Problem,
    ProblemReason,
)
from counter_app.core.domain.office import Office, ServiceProvider
from counter_app.core.domain.office_time import office_time
from counter_app.core.domain.particulars import check_draft
from counter_app.core.domain.phone import InvalidPhone, parse_mobile

if TYPE_CHECKING:
    pass


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


def item_label(item: ChecklistItem) -> dict[str, str]:
    suffix = "" if item.child_index is None else f" ({item.child_index + 1})"
    label = item.part.label if item.part else item.document.label
    return {"kk": label.kk + suffix, "ru": label.ru + suffix, "en": (label.en or label.ru) + suffix}


def item_wording(item: ChecklistItem, draft: IntakeDraft) -> dict[str, str]:
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


def checklist_json(states: list[ItemState], draft: IntakeDraft, version: ServiceVersion) -> str:
    """The checklist as it stood at intake, with the law's wording: receipts (first print and reprints) are
    printed from it, never from the catalog of the day of printing. Documents the law lets the applicant bring
    later (``deferred``) follow, with the law's text of when."""
    later = [
        {
            "key": item.key,
            "number": item.document.number,
            "document": item.document.key,
            "child": None,
            "label": item_label(item),
            "wording": item_wording(item, draft),
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
                "label": item_label(s.item),
                "wording": item_wording(s.item, draft),
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


def missing_json(problems: list[Problem], draft: IntakeDraft) -> str:
    return json.dumps(
        [
            {
                "key": p.item.key,
                "number": p.item.document.number,
                "label": item_label(p.item),
                "wording": item_wording(p.item, draft),
                "reason": p.reason.value,
            }
            for p in problems
            if p.item is not None
        ],
        ensure_ascii=False,
    )


def kept_documents(states: list[ItemState]) -> list[dict[str, object]]:
    """What goes into the package: the application, copies and notarised documents (originals are returned)."""
    return [
        {
            "key": s.item.key,
            "number": s.item.document.number,
            "label": item_label(s.item),
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
        local = office_time(started)
        taken = dt.datetime.combine(local.date(), draft.queue_time, tzinfo=local.tzinfo)
        wait = max(int((local - taken).total_seconds()), 0)
    return wait, service


def stored_phone(draft: IntakeDraft) -> str | None:
    try:
        return parse_mobile(draft.applicant.phone)
    except InvalidPhone:
        return None
