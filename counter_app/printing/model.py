"""What the printed forms say about one intake: plain data the intake wizard fills, in both print languages.

Texts that come from the catalog (service name, document wording) are carried in Kazakh and Russian, so the
citizen can choose the print language whatever the UI language is; the form texts themselves are in
``forms/printed/`` (see :mod:`counter_app.printing.texts`).
"""

from __future__ import annotations

import datetime as dt

from counter_app.core.domain.catalog import DocumentKind, LocalizedText, Service, ServiceVersion
from counter_app.core.domain.checklist import ChecklistItem
from counter_app.core.domain.law_text import Record, value_record
from counter_app.core.domain.office import Bilingual, Office


def bilingual(text: LocalizedText) -> Bilingual:
    return Bilingual(kk=text.kk, ru=text.ru)


@value_record
class Applicant(Record):
    surname: str
    first_name: str
    iin: str
    patronymic: str | None = None
    address: str = ""
    phone: str = ""
    email: str = ""

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.surname, self.first_name, self.patronymic) if p)

    @property
    def contacts(self) -> str:
        return ", ".join(p for p in (self.phone, self.email) if p)


@value_record
class ChildRecord(Record):
    surname: str
    first_name: str
    birth_date: dt.date
    patronymic: str | None = None
    iin: str | None = None

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.surname, self.first_name, self.patronymic) if p)


@value_record
class ReceiptLine(Record):
    """One document on a receipt: the law's wording (kk and ru), how it was taken, whether it has expired."""

    name: Bilingual
    kind: DocumentKind = DocumentKind.COPY
    expired: bool = False
    e_document: bool = False  # taken from the "digital documents" service instead of paper
    later: Bilingual | None = None  # not brought now: the law's text of when (e.g. within one calendar year)
    number: int | None = None  # the item's number in the law's list (None: numbered in order on the form)
    form_printed: bool = False  # the application was filled in and printed at the counter, then signed

    @classmethod
    def from_item(
        cls,
        item: ChecklistItem,
        *,
        kind: DocumentKind | None = None,
        expired: bool = False,
        e_document: bool = False,
        child: ChildRecord | None = None,
    ) -> ReceiptLine:
        """A line for a checklist item; a per-child item names the child (or its number) after the wording."""
        wording = item.document.wording
        kk, ru = wording.kk, wording.ru
        if item.child_index is not None:
            who = child.full_name if child else str(item.child_index + 1)
            kk, ru = f"{kk} ({who})", f"{ru} ({who})"
        return cls(
            Bilingual(kk=kk, ru=ru),
            kind or item.document.kind,
            expired,
            e_document,
            number=item.document.number,
        )


@value_record
class Issuer(Record):
    """Who prints the form: the office and the counter employee."""

    office: Office
    employee: str  # the State Corporation employee who takes (or refuses) the documents
    executor: str = ""  # "исполнитель" / "орындаушы" on the refusal receipt; the employee when empty
    phone: str = ""  # the executor's telephone (Russian text of the benefit refusal receipt)


@value_record
class RefusalReceipt(Record):
    """App. 3: refusal to accept documents because the package is incomplete (or documents have expired)."""

    number: str
    issued_on: dt.date
    issuer: Issuer
    service_name: Bilingual
    applicant: Applicant
    missing: tuple[ReceiptLine, ...]
    text_variant: str | None = None  # key in forms/printed/refusal_receipt.yaml; None: the default text


@value_record
class AcceptanceReceipt(Record):
    number: str
    accepted_at: dt.datetime
    issuer: Issuer
    service_name: Bilingual
    applicant: Applicant
    documents: tuple[ReceiptLine, ...]
    provider_name: Bilingual
    handoff_due: dt.date  # the courier hands the package to the provider by this day
    result_date: dt.date
    result_place: Bilingual
    kept: int | None = None  # documents in the package for the provider (the manifest's count); None: counted

    @property
    def kept_documents(self) -> int:
        """The documents that go to the provider: the application, copies and notarised documents."""
        if self.kept is not None:
            return self.kept
        return sum(
            1
            for line in self.documents
            if line.later is None
            and line.kind in (DocumentKind.APPLICATION, DocumentKind.COPY, DocumentKind.NOTARISED)
        )


@value_record
class GuardianDecision(Record):
    """The body's decision appointing the applicant guardian or trustee (benefit application, App. 1)."""

    authority_and_number: str
    date: dt.date


@value_record
class IdentityDocument(Record):
    kind: Bilingual
    number: str
    issued_by: str
    series: str = ""


@value_record
class ApplicationForm(Record):
    """The application the applicant signs; ``text_variant`` picks App. 1 of the benefit or the general one."""

    service_name: Bilingual
    authority: Bilingual  # the provider the application is addressed to
    applicant: Applicant
    signed_on: dt.date
    children: tuple[ChildRecord, ...] = ()
    decision: GuardianDecision | None = None
    identity_document: IdentityDocument | None = None
    account_number: str = ""
    bank_name: str = ""
    text_variant: str | None = None  # key in forms/printed/application.yaml; None: the default (general) one


@value_record
class ConsentNote(Record):
    """The note for a citizen who gave no consent: the intake was cancelled, no receipt was issued."""

    day: dt.date
    issuer: Issuer
    service_name: Bilingual
    applicant: Applicant


def service_name(service: Service) -> Bilingual:
    return bilingual(service.names)


def refusal_variant_for(version: ServiceVersion) -> str:
    """The refusal receipt text for this version: its own choice, else the text of its legal source."""
    from counter_app.printing.texts import load_texts

    texts = load_texts()
    if version.refusal_receipt_form:
        if version.refusal_receipt_form not in texts.refusal.variants:
            raise KeyError(f"unknown refusal receipt form {version.refusal_receipt_form!r}")
        return version.refusal_receipt_form
    return texts.refusal.variant_for_seed(version.legal_source.seed)


def application_variant_for(version: ServiceVersion) -> str:
    from counter_app.printing.texts import load_texts

    return load_texts().application.variant_for_seed(version.legal_source.seed)
