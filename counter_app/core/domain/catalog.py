"""The service catalog: what each state service requires, in the law's own words, as versioned data.

One YAML file per service lives in ``forms/services/``; the questions that drive conditional documents are in
``forms/questions.yaml``. Every file is validated against the models below by the one loader of ``forms/``
(:mod:`core.law`); a broken file is reported with the file, the field and the problem. Nothing here hard-codes
a document list: it all comes from ``forms/``.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import field
from pathlib import Path
from typing import Annotated, Literal

from counter_app.core.domain import word_stems
from counter_app.core.domain.law_text import (
    Check,
    LawError,
    LawProblem,
    LocalizedText,
    Rule,
    Strict,
    record,
)

Key = Annotated[str, Rule(pattern=r"^[a-z][a-z0-9_]*$")]


class Channel(str, enum.Enum):
    STATE_CORPORATION = "state_corporation"
    PORTAL = "portal"
    PROVIDER_OFFICE = "provider_office"
    SCHOOL = "school"


class ProviderKind(str, enum.Enum):
    LOCAL_EXECUTIVE_BODY = "local_executive_body"
    EDUCATION_DEPARTMENT = "education_department"
    OTHER = "other"


class DocumentKind(str, enum.Enum):
    APPLICATION = "application"  # application form filled and signed at the counter
    ORIGINAL = "original"  # original shown for verification and returned
    COPY = "copy"  # copy kept in the package, original shown and returned
    NOTARISED = "notarised"  # notarised document kept in the package
    INFORMATION_SYSTEM = "information_system"  # data the operator obtains from a state information system


class GroundKind(str, enum.Enum):
    """What a ground to refuse acceptance at the counter covers (the law's words are in the ground's text)."""

    INCOMPLETE_PACKAGE = "incomplete_package"
    EXPIRED_DOCUMENTS = "expired_documents"


@record
class IntakeRefusalGround(LocalizedText):
    """A ground to refuse acceptance, in the law's words, and what it covers: the wizard applies, and the
    refusal receipt prints, only the grounds of the service's own rules."""

    covers: Annotated[tuple[GroundKind, ...], Rule(min_length=1)]


class TermUnit(str, enum.Enum):
    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    MINUTES = "minutes"
    HOURS = "hours"


class QuestionScope(str, enum.Enum):
    APPLICANT = "applicant"
    CHILD = "child"


@record
class Question(Strict):
    """A yes/no question the operator answers; conditions of documents refer to it by key."""

    key: Key
    scope: QuestionScope
    text: LocalizedText
    help: LocalizedText | None = None


@record
class Condition(Strict):
    """When a document is required: all of ``all_of`` are yes, at least one of ``any_of`` (if given) is yes,
    and none of ``none_of`` is yes. Keys are question keys (applicant or child scope)."""

    all_of: tuple[str, ...] = ()
    any_of: tuple[str, ...] = ()
    none_of: tuple[str, ...] = ()
    text: LocalizedText  # the condition written out, for the operator and the citizen

    def check(self) -> None:
        if not (self.all_of or self.any_of or self.none_of):
            raise ValueError("a condition needs at least one of all_of, any_of, none_of")

    def keys(self) -> set[str]:
        return set(self.all_of) | set(self.any_of) | set(self.none_of)

    def holds(self, answers: dict[str, bool]) -> bool:
        if not all(answers.get(k, False) for k in self.all_of):
            return False
        if self.any_of and not any(answers.get(k, False) for k in self.any_of):
            return False
        return not any(answers.get(k, False) for k in self.none_of)


@record
class Validity(Strict):
    """How long a document stays valid after its issue date; ``source`` says where the figure comes from."""

    days: Annotated[int, Rule(gt=0)]
    source: LocalizedText


@record
class DocumentPart(Strict):
    """A second document within one item of the law (the spouse's certificate in "the applicant's and, if
    married, the spouse's"): checked and recorded on its own line when its condition holds."""

    key: Key
    label: LocalizedText  # for the operator's checklist (needs en)
    suffix: LocalizedText  # printed after the law's wording on the receipts, e.g. "(spouse)"
    condition: Condition


@record
class Deferral(Strict):
    """When the document is not brought at intake but later (e.g. within one calendar year, guardianship
    p. 15-1): shown on the checklist and the acceptance receipt with ``text``, never a reason to refuse."""

    condition: Condition
    text: LocalizedText


class DocumentDate(str, enum.Enum):
    """Which date of a document the operator types on the checklist (the date column says so on each row)."""

    ISSUE_DATE = "issue_date"  # the validity runs from it (``validity.days``)
    VALID_UNTIL = "valid_until"  # the last day of validity, as stated on the document
    NONE = "none"  # no date is asked (a form filled at the counter)


def _has_english(label: LocalizedText) -> LocalizedText:
    if not label.en:
        raise ValueError("a checklist label needs an English text (en)")
    return label


@record
class Document(Strict):
    number: Annotated[int, Rule(ge=1)]
    key: Key
    wording: LocalizedText  # verbatim from the seed
    label: Annotated[LocalizedText, Check(_has_english)]  # for the operator's checklist (needs en)
    kind: DocumentKind
    information_system: bool = False  # the operator may obtain it from a state information system
    e_document_allowed: bool = False  # an e-document from the digital documents service is accepted
    per_child: bool = False
    condition: Condition | None = None
    alternatives: tuple[LocalizedText, ...] = ()  # any one of these satisfies the item
    validity: Validity | None = None
    # Which date the checklist asks for; unset: the issue date where a validity is set, none for the application
    # form, else the valid-until date (optional: typed when the document states one).
    date: DocumentDate | None = None
    # The applicant's own identity document: the issue date typed on the Applicant page is its date.
    applicant_id_document: bool = False
    parts: tuple[DocumentPart, ...] = ()  # further documents of the same item, each on its own line
    deferred: Deferral | None = None  # brought later instead, when the item's own condition does not hold
    note: str | None = None

    def check(self) -> None:
        if self.date is DocumentDate.ISSUE_DATE and self.validity is None:
            raise ValueError("date: issue_date needs the validity (days after the issue date)")
        if self.validity is not None and self.date not in (None, DocumentDate.ISSUE_DATE):
            raise ValueError(
                "a document with a validity period is checked by its issue date (date: issue_date)"
            )

    @property
    def date_asked(self) -> DocumentDate:
        """The date the checklist asks for this document."""
        if self.date is not None:
            return self.date
        if self.validity is not None:
            return DocumentDate.ISSUE_DATE
        return DocumentDate.NONE if self.kind is DocumentKind.APPLICATION else DocumentDate.VALID_UNTIL


@record
class Term(Strict):
    amount: Annotated[int, Rule(gt=0)]
    unit: TermUnit
    acceptance_day_counted: bool = False
    text: LocalizedText  # verbatim from the seed


@record
class LegalSource(Strict):
    act: LocalizedText
    number: str
    date: dt.date
    appendix: str | None = None  # appendix number(s) of the act, e.g. "6, 7"
    appendix_note: str | None = None  # what those appendices are within the amended rules (English, ours)
    seed: str  # seed file name in shared/seeds
    lines: str  # line range in the seed file, e.g. "327-394"


@record
class Provider(Strict):
    kind: ProviderKind
    name: LocalizedText


@record
class Jurisdiction(Strict):
    """Where the counter takes the application: the applicant's or the child's place of registration."""

    rule: Literal["applicant", "child", "applicant_or_child", "none"]
    mismatch: Literal["block", "warn"] = "warn"
    text: LocalizedText | None = None


@record
class ServiceVersion(Strict):
    effective_from: dt.date
    legal_source: LegalSource
    provider: Provider
    channels: tuple[Channel, ...]
    accepted_at_counter: bool
    redirect: LocalizedText | None = (
        None  # where the citizen must go and why, when the counter does not take it
    )
    term: Term
    max_waiting_minutes: int | None = None
    max_service_minutes: int | None = None
    fee: LocalizedText
    result: LocalizedText
    jurisdiction: Jurisdiction = field(default_factory=lambda: Jurisdiction(rule="none"))
    documents: tuple[Document, ...] = ()
    intake_refusal_grounds: tuple[IntakeRefusalGround, ...] = ()
    service_refusal_grounds: tuple[LocalizedText, ...] = ()
    notes: tuple[str, ...] = ()  # where a seed is jumbled or silent, and the decision taken
    # Key of the refusal receipt text in forms/printed/refusal_receipt.yaml; None: chosen by the legal source.
    refusal_receipt_form: str | None = None

    def check(self) -> None:
        counter = Channel.STATE_CORPORATION in self.channels
        if counter != self.accepted_at_counter:
            raise ValueError("accepted_at_counter must match whether channels include state_corporation")
        if not self.accepted_at_counter and self.redirect is None:
            raise ValueError("a service the counter does not take needs a redirect (where to go and why)")
        if self.accepted_at_counter and not self.documents:
            raise ValueError("a service taken at the counter needs its document list")
        numbers = [d.number for d in self.documents]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"documents must be numbered 1..n in order, got {numbers}")
        keys = [d.key for d in self.documents]
        if len(set(keys)) != len(keys):
            raise ValueError("document keys must be unique within a version")
        if self.accepted_at_counter and not self.refuses_for(GroundKind.INCOMPLETE_PACKAGE):
            raise ValueError(
                "a service taken at the counter needs an intake refusal ground for an incomplete package"
            )

    def refuses_for(self, kind: GroundKind) -> bool:
        """Whether the service's rules let the counter refuse acceptance on this ground."""
        return any(kind in ground.covers for ground in self.intake_refusal_grounds)

    @property
    def refuses_expired(self) -> bool:
        """Expired documents are a ground of their own (seed 001 p. 5); elsewhere an expired document is
        simply missing."""
        return self.refuses_for(GroundKind.EXPIRED_DOCUMENTS)

    def condition_keys(self) -> set[str]:
        keys: set[str] = set()
        for document in self.documents:
            conditions = [document.condition, *(p.condition for p in document.parts)]
            if document.deferred:
                conditions.append(document.deferred.condition)
            for condition in conditions:
                if condition:
                    keys |= condition.keys()
        return keys


def _versions_ordered(versions: tuple[ServiceVersion, ...]) -> tuple[ServiceVersion, ...]:
    if not versions:
        raise ValueError("a service needs at least one version")
    dates = [v.effective_from for v in versions]
    if dates != sorted(dates) or len(set(dates)) != len(dates):
        raise ValueError("versions must be listed in increasing order of effective_from, one per date")
    return versions


@record
class Service(Strict):
    code: Annotated[str, Rule(pattern=r"^[a-z][a-z0-9-]*$")]
    names: LocalizedText
    short_names: LocalizedText
    keywords: tuple[str, ...] = ()
    versions: Annotated[tuple[ServiceVersion, ...], Check(_versions_ordered)]
    repealed_on: dt.date | None = None  # no version is in force from this date on
    repeal_source: str | None = None  # the act that repealed it (when repealed_on is set)

    def version_on(self, day: dt.date) -> ServiceVersion | None:
        """The version in force on ``day`` (the latest one that took effect on or before it)."""
        if self.repealed_on is not None and day >= self.repealed_on:
            return None
        in_force = [v for v in self.versions if v.effective_from <= day]
        return in_force[-1] if in_force else None

    def name(self, lang: str) -> str:
        return self.names.get(lang)

    def matches(self, words: str) -> bool:
        """True when every word of ``words`` is found in a name or keyword (any language, any case), as it
        stands or by its stem (``core.word_stems``: "опека" finds "опекунам")."""
        haystack = " ".join(
            [*(t for n in (self.names, self.short_names) for t in (n.kk, n.ru, n.en or "")), *self.keywords]
        )
        return word_stems.matches(words, haystack)


@record
class _QuestionsFile(Strict):
    questions: tuple[Question, ...]


# The catalog is read with the rest of forms/ by core.law; its problems are the law's problems.
CatalogProblem = LawProblem
CatalogError = LawError


@record
class Catalog(Strict):
    services: tuple[Service, ...]
    questions: dict[str, Question]

    def service(self, code: str) -> Service:
        for service in self.services:
            if service.code == code:
                return service
        raise KeyError(code)

    def search(self, words: str) -> list[Service]:
        return [s for s in self.services if s.matches(words)]

    def in_force(self, day: dt.date) -> list[tuple[Service, ServiceVersion]]:
        """Every service with a version in force on ``day``."""
        result = []
        for service in self.services:
            version = service.version_on(day)
            if version is not None:
                result.append((service, version))
        return result


def load_catalog(root: Path | None = None) -> Catalog:
    """Load and validate everything under ``root`` (default: the shipped ``forms/``) and return its catalog.

    The whole folder is checked (services, questions, printed texts, banks: :func:`core.law.load_law`), so
    whoever loads the catalog has a valid law; the shipped folder is read once per process."""
    from counter_app.core.domain.law import default_law, load_law

    return (load_law(root) if root is not None else default_law()).catalog
