"""The receipt of a stored application (acceptance or refusal), for its first print and for every reprint.

:func:`receipt_pdf` builds the receipt data from what was stored at intake and renders it; :func:`issue_receipt`
renders and archives it (``core.usecases.receipts.archive_receipt``) in one step, for the wizard and for the reprint from the
Applications tab. No Qt here: the UI runs these off its thread.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from counter_app.core.domain.catalog import Catalog, DocumentKind
from counter_app.core.domain.clock import Clock, system_clock
from counter_app.core.domain.intake_draft import Decision, IntakeDraft, Mark
from counter_app.core.domain.intake_errors import ProblemReason
from counter_app.core.domain.office import Bilingual, Office
from counter_app.core.domain.office_time import office_time
from counter_app.core.usecases.accounts import Accounts
from counter_app.core.usecases.applications import StoredApplication, load_application
from counter_app.core.usecases.office_settings import OfficeSettings
from counter_app.core.usecases.receipts import IssuedDocument, archive_receipt, archived_original
from counter_app.printing import model
from counter_app.printing.render import render_acceptance_receipt, render_consent_note, render_refusal_receipt
from counter_app.storage.db import Database

if TYPE_CHECKING:
    from counter_app.core.domain.permissions import Account


_TAKEN_AS = {
    Mark.COPY.value: DocumentKind.COPY,
    Mark.INFORMATION_SYSTEM.value: DocumentKind.INFORMATION_SYSTEM,
}


def _stored_line(entry: dict, *, expired: bool = False) -> model.ReceiptLine:
    """A receipt line from the checklist stored with the application (never today's catalog). Rows stored
    before the wording was kept print the checklist label they stored."""
    text = entry.get("wording") or entry["label"]
    kind = (
        _TAKEN_AS.get(str(entry.get("mark")), DocumentKind(entry["kind"]))
        if "kind" in entry
        else DocumentKind.COPY
    )
    later = entry.get("deferred")
    return model.ReceiptLine(
        Bilingual(kk=text["kk"], ru=text["ru"]),
        kind,
        expired=expired,
        e_document=bool(entry.get("e_document")),
        form_printed=bool(entry.get("form_printed")),
        later=Bilingual(kk=later["kk"], ru=later["ru"]) if later else None,
        number=int(entry["number"]) if entry.get("number") is not None else None,  # the law's number
    )


def receipt_pdf(
    catalog: Catalog,
    office: Office,
    stored: StoredApplication,
    lang: str,
    copy_mark: bool = False,
    *,
    employee: str,
) -> bytes:
    """The receipt of ``stored`` in the print language ``lang`` (kk/ru); ``employee`` is who took the documents.

    The service version is the one in force on the day of intake, so a reprint says what the original said.
    """
    draft = stored.draft
    service = catalog.service(stored.service_code)
    version = service.version_on(stored.day)
    if version is None:
        raise LookupError(f"{stored.service_code} has no version in force on {stored.day}")
    applicant = model.Applicant(
        surname=draft.applicant.last_name,
        first_name=draft.applicant.first_name,
        iin=draft.applicant.iin,
        patronymic=draft.applicant.patronymic or None,
        address=draft.applicant.address,
        phone=draft.applicant.phone,
    )
    issuer = model.Issuer(office=office, employee=employee)
    if stored.decision is Decision.ACCEPTED:
        if stored.package is None:
            raise ValueError(f"accepted application {stored.receipt_number} has no package")
        lines = tuple(_stored_line(entry) for entry in stored.checklist)
        package = stored.package
        accepted_at = stored.created_at or dt.datetime.now(dt.UTC)
        acceptance = model.AcceptanceReceipt(
            number=stored.receipt_number,
            accepted_at=office_time(accepted_at),
            issuer=issuer,
            service_name=model.service_name(service),
            applicant=applicant,
            documents=lines,
            provider_name=office.provider(package.provider_id).name,
            handoff_due=package.handoff_due,
            result_date=package.result_due,
            result_place=office.address,
            kept=len(package.documents),
        )
        return render_acceptance_receipt(acceptance, lang, copy_mark=copy_mark)
    grounds = (ProblemReason.MISSING.value, ProblemReason.EXPIRED.value)
    missing = tuple(
        _stored_line(entry, expired=entry["reason"] == ProblemReason.EXPIRED.value)
        for entry in stored.missing
        if entry["reason"] in grounds
    )
    refusal = model.RefusalReceipt(
        number=stored.receipt_number,
        issued_on=stored.day,
        issuer=issuer,
        service_name=model.service_name(service),
        applicant=applicant,
        missing=missing,
        text_variant=model.refusal_variant_for(version),
    )
    return render_refusal_receipt(refusal, lang, copy_mark=copy_mark)


def consent_note_pdf(
    catalog: Catalog, office: Office, draft: IntakeDraft, day: dt.date, lang: str, *, employee: str
) -> bytes:
    """The note for a citizen who gave no consent (the intake was cancelled: nothing stored but the journal)."""
    service = catalog.service(draft.service_code)
    applicant = model.Applicant(
        surname=draft.applicant.last_name,
        first_name=draft.applicant.first_name,
        iin=draft.applicant.iin,
        patronymic=draft.applicant.patronymic or None,
    )
    note = model.ConsentNote(
        day=day,
        issuer=model.Issuer(office=office, employee=employee),
        service_name=model.service_name(service),
        applicant=applicant,
    )
    return render_consent_note(note, lang)


def employee_name(db: Database, username: str) -> str:
    """The full name printed for the employee who took the documents (the username if the account is gone)."""
    account = Accounts(db).find(username)
    return account.full_name if account is not None else username


def issue_receipt(
    db: Database,
    catalog: Catalog,
    actor: Account,
    receipt_number: str,
    lang: str,
    *,
    copy: bool,
    office: Office | None = None,
    clock: Clock = system_clock,
) -> tuple[bytes, IssuedDocument]:
    """The receipt of ``receipt_number`` and its archive entry.

    The original is rendered and archived. A copy is the archived original in that language with the copy mark
    stamped on it, after checking it against its SHA-256 and the journal (``ArchiveDamaged``, journaled, when
    it no longer matches); only a receipt never printed in that language is composed again from the stored
    application (with the catalog version of the day of intake). The employee on it is the one who took the
    documents, whoever prints it."""
    stored = load_application(db, receipt_number, actor)
    if stored is None:
        raise LookupError(receipt_number)
    original = archived_original(db, actor, receipt_number, lang) if copy else None
    if original is not None:
        from counter_app.printing.copies import stamp_copy

        pdf = stamp_copy(original.pdf, lang)
        issued = archive_receipt(db, actor, receipt_number, stored.receipt_kind, lang, pdf, is_copy=True)
        return pdf, issued
    office = office if office is not None else OfficeSettings(db).load()
    pdf = receipt_pdf(catalog, office, stored, lang, copy, employee=employee_name(db, stored.username))
    issued = archive_receipt(
        db, actor, receipt_number, stored.receipt_kind, lang, pdf, is_copy=copy, clock=clock
    )
    return pdf, issued
