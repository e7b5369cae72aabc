"""The law where it meets the flow (issue #13): receipts from the stored checklist, counts that agree with the
manifest, refusal grounds per service, consent, the centre's working days. Real SQLite files, real PDFs."""

from __future__ import annotations

import io
import re
import shutil

import pytest
from intake_helpers import TODAY, complete_draft
from pypdf import PdfReader

from counter_app.core.accounts import Accounts
from counter_app.core.catalog import load_catalog
from counter_app.core.handoff import build_manifest
from counter_app.core.intake import ItemMark, Mark, accept, load_application, refuse
from counter_app.core.office_settings import OfficeSettings
from counter_app.paths import forms_dir
from counter_app.printing.manifests import manifest_pdf
from counter_app.printing.receipts import receipt_pdf


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages).split())


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def changed_catalog(tmp_path):
    """Today's forms/ with the benefit's document 4 worded differently (as if the law changed after intake)."""
    root = tmp_path / "forms"
    shutil.copytree(forms_dir(), root)
    path = root / "services" / "guardian-benefit.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("ru: 'копия документов, подтверждающие факт", "ru: 'ИЗМЕНЕНО копия документов, подтверждающие факт", 1)
    path.write_text(text, encoding="utf-8")
    return load_catalog(root)


def test_a_receipt_printed_later_uses_the_checklist_stored_with_the_application(
    db, operator, catalog, changed_catalog
):
    draft = complete_draft(catalog, "guardian-benefit")
    number = accept(db, operator, draft, TODAY, catalog=catalog)
    stored = load_application(db, number)
    assert all("wording" in row for row in stored.checklist)
    office = OfficeSettings(db).load()
    text = pdf_text(receipt_pdf(changed_catalog, office, stored, "ru", employee="Оператор"))
    assert "ИЗМЕНЕНО" not in text
    assert "копия документов, подтверждающие факт отсутствия попечения" in text


def test_a_refusal_printed_later_lists_what_was_missing_at_intake(db, operator, catalog, changed_catalog):
    draft = complete_draft(catalog, "guardian-benefit")
    key = next(k for k in draft.marks if k.startswith("lack_of_parental_care"))
    draft.marks[key] = ItemMark(mark=Mark.MISSING)
    number = refuse(db, operator, draft, TODAY, catalog=catalog)
    stored = load_application(db, number)
    office = OfficeSettings(db).load()
    text = pdf_text(receipt_pdf(changed_catalog, office, stored, "ru", employee="Оператор"))
    assert "ИЗМЕНЕНО" not in text and "копия документов, подтверждающие факт отсутствия попечения" in text


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_acceptance_receipt_and_the_manifest_count_the_same_documents(db, operator, catalog, lang):
    draft = complete_draft(catalog, "guardian-benefit")
    number = accept(db, operator, draft, TODAY, catalog=catalog)
    stored = load_application(db, number)
    kept = len(stored.package.documents)
    assert 0 < kept < len(stored.checklist)  # the ID is returned: not every document goes to the provider
    office = OfficeSettings(db).load()
    receipt = pdf_text(receipt_pdf(catalog, office, stored, lang, employee="Оператор"))
    heading = {"kk": r"барлығы (\d+), оның ішінде .*? топтамада (\d+)\)", "ru": r"всего (\d+), из них в пакете для услугодателя (\d+)\)"}
    total, in_package = map(int, re.search(heading[lang], receipt).groups())
    assert (total, in_package) == (len(stored.checklist), kept)

    manager = Accounts(db).find("manager")
    manifest = build_manifest(db, manager, stored.package.provider_id, stored.package.handoff_due)
    sheet = pdf_text(manifest_pdf(db, manifest, lang, catalog))
    totals = {"kk": r"Барлығы: 1 топтама, (\d+) құжат", "ru": r"Итого: пакетов 1, документов (\d+)"}
    assert int(re.search(totals[lang], sheet).group(1)) == in_package
