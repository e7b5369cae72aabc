"""A reprint is the archived original with the copy mark (the same text, byte-identical content streams
underneath); an archive that no longer matches its hash gives a clear message and a journal entry, no copy."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import text

from counter_app.core.domain.office import Bilingual
from counter_app.core.usecases.audit import AuditLog
from counter_app.core.usecases.office_settings import OfficeSettings
from counter_app.core.usecases.receipts import ArchiveDamaged, issued_documents
from counter_app.printing.receipts import issue_receipt


def words(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_reprint_is_the_archived_original_with_the_copy_mark(db, catalog, operator, admin, accepted):
    (original,) = issued_documents(db, accepted)
    # Settings changed since the first print: a copy must still say what the original said.
    settings = OfficeSettings(db)
    office = settings.load()
    import dataclasses

    settings.save(admin, dataclasses.replace(office, address=Bilingual("Жаңа мекенжай 1", "Новый адрес 1")))
    pdf, issued = issue_receipt(db, catalog, operator, accepted, "kk", copy=True)
    assert issued.is_copy
    copy_text, original_text = words(pdf), words(original.pdf)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert copy_text.count("КӨШІРМЕ") == original_text.count("КӨШІРМЕ") + 2 * pages  # the mark, twice a page
    assert "Жаңа мекенжай" not in copy_text
    for line in original_text.splitlines():
        assert line in copy_text


def test_a_damaged_archive_gives_a_message_and_a_journal_entry(db, catalog, operator, accepted):
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE issued_documents SET pdf = :pdf"), {"pdf": b"%PDF-1.4 forged"})
    count = len(issued_documents(db, accepted))
    with pytest.raises(ArchiveDamaged, match=accepted):
        issue_receipt(db, catalog, operator, accepted, "kk", copy=True)
    assert len(issued_documents(db, accepted)) == count  # no copy archived
    entries = [(e.action, e.subject) for e in AuditLog(db).recent(5)]
    assert ("archive_damaged", accepted) in entries
