"""The archive of issued documents: each printed receipt is kept with its application, audited in the same
transaction; the wizard archives what it prints (the original, then copies)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from counter_app.core.domain.intake_draft import IssuedKind
from counter_app.core.usecases.applications import load_application
from counter_app.core.usecases.audit import AuditLog
from counter_app.core.usecases.intake import accept
from counter_app.core.usecases.receipts import archive_receipt, issued_documents
from counter_app.printing import document_sha256
from counter_app.printing.receipts import issue_receipt
from tests.support.databases import desk_account
from tests.support.intake_helpers import TODAY, complete_draft


def pdf_text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def accepted(db, operator, catalog):
    return accept(db, operator, complete_draft(catalog, "guardian-benefit"), TODAY, catalog=catalog)


def test_archive_keeps_the_pdf_with_its_hash_and_audits_print_and_reprint(db, operator, accepted):
    first = archive_receipt(db, operator, accepted, "acceptance", "kk", b"%PDF first", is_copy=False)
    second = archive_receipt(db, operator, accepted, IssuedKind.ACCEPTANCE, "ru", b"%PDF again", is_copy=True)
    stored = issued_documents(db, accepted)
    assert [d.id for d in stored] == [first.id, second.id]
    assert [(d.language, d.is_copy, d.pdf) for d in stored] == [
        ("kk", False, b"%PDF first"),
        ("ru", True, b"%PDF again"),
    ]
    assert stored[0].sha256 == document_sha256(b"%PDF first") and stored[0].username == "operator"
    actions = [(e.action, e.subject) for e in AuditLog(db).recent(3)]
    assert actions[:2] == [("reprint", accepted), ("print", accepted)]
    assert issued_documents(db, "1-20261123-9999") == []


def test_nothing_is_archived_for_an_unknown_number_or_language(db, operator, accepted):
    with pytest.raises(LookupError):
        archive_receipt(db, operator, "1-20261123-9999", "acceptance", "kk", b"%PDF", is_copy=False)
    with pytest.raises(ValueError):
        archive_receipt(db, operator, accepted, "acceptance", "en", b"%PDF", is_copy=False)
    assert issued_documents(db, accepted) == []
    assert [e.action for e in AuditLog(db).recent(1)] == ["intake_accepted"]


def test_issue_receipt_renders_the_stored_application_and_a_copy_carries_the_mark(
    db, operator, catalog, accepted
):
    pdf, original = issue_receipt(db, catalog, operator, accepted, "ru", copy=False)
    text = pdf_text(pdf)
    assert accepted in text and "Сәрсенбаева" in text and "КОПИЯ" not in text
    assert original.sha256 == document_sha256(pdf) and not original.is_copy
    copy_pdf, copy = issue_receipt(db, catalog, operator, accepted, "kk", copy=True)
    assert "КӨШІРМЕ" in pdf_text(copy_pdf) and accepted in pdf_text(copy_pdf)
    assert copy.is_copy and copy.language == "kk"
    assert load_application(db, accepted, desk_account(db)).created_at.tzinfo is not None
