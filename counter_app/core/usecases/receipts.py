"""The archive of issued documents: every receipt PDF printed, exactly as printed, and its reprints."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from counter_app.core.domain.clock import Clock, system_clock, utc_now
from counter_app.core.domain.i18n import _
from counter_app.core.domain.intake_draft import PRINT_LANGUAGES, IntakeAction, IssuedKind
from counter_app.core.domain.intake_errors import InvalidPrintLanguage
from counter_app.core.domain.permissions import Capability
from counter_app.core.usecases import audit
from counter_app.core.usecases.accounts import acting
from counter_app.storage.db import Database, as_utc
from counter_app.storage.intake_tables import (
    ApplicationRow,
    IssuedDocumentRow,
)
from counter_app.storage.models import AuditEntryRow

if TYPE_CHECKING:
    from counter_app.core.domain.permissions import Account


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


def issued_document(row: IssuedDocumentRow, receipt_number: str) -> IssuedDocument:
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
        actor = acting(session, actor, Capability.TAKE_APPLICATIONS, Capability.DEAL_WITH_RESULTS)
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
        return issued_document(row, receipt_number)


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
        acting(session, actor, Capability.TAKE_APPLICATIONS, Capability.DEAL_WITH_RESULTS)
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
            actor = acting(session, actor, Capability.TAKE_APPLICATIONS, Capability.DEAL_WITH_RESULTS)
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
        return [issued_document(row, receipt_number) for row in rows]
