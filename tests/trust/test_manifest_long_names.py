"""No row can stop a manifest: a 1,500-letter name (stored before the limits, or by another program) is cut
with "…" in its cell, and the manifest renders."""

from __future__ import annotations

from pypdf import PdfReader
from sqlalchemy import text

from counter_app.core.usecases import manifests
from counter_app.core.usecases.applications import load_application
from counter_app.printing.manifests import manifest_pdf


def test_a_1500_letter_name_does_not_stop_the_manifest(db, backend, accepted, operator, manager, tmp_path):
    length = 1500 if backend == "sqlite" else 400  # PostgreSQL's column holds 400 at most
    with db.engine.begin() as connection:
        connection.execute(
            text("UPDATE applications SET applicant_name = :name WHERE receipt_number = :n"),
            {"name": "Ж" * length, "n": accepted},
        )
    provider = load_application(db, accepted, operator).package.provider_id
    stored = load_application(db, accepted, operator)
    number = manifests.build_manifest(db, manager, provider, stored.package.handoff_due, [accepted])
    for lang in ("kk", "ru"):
        pdf = manifest_pdf(db, number, lang)
        path = tmp_path / f"m-{lang}.pdf"
        path.write_bytes(pdf)
        pages = PdfReader(path).pages
        assert len(pages) <= 4
        assert accepted in "".join(page.extract_text() for page in pages)
