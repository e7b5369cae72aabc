"""Print layout of the receipts of real intakes (issue #13, item 6): the longest guardianship package (a married
relative with three children: the spouse's parts, a document brought later, one line per child) accepted and
refused through the core, printed from the stored application in Kazakh and Russian."""

from __future__ import annotations

import pytest

from counter_app.core.domain.checklist import required_items
from counter_app.core.domain.intake_draft import ItemMark, Mark
from counter_app.core.domain.intake_rules import service_version
from counter_app.core.usecases.applications import load_application
from counter_app.core.usecases.intake import accept, refuse
from counter_app.core.usecases.office_settings import OfficeSettings
from counter_app.printing.model import refusal_variant_for
from counter_app.printing.receipts import receipt_pdf
from counter_app.printing.texts import load_texts
from tests.printing.layout_forms import filled, fixed, page_texts, tail, words
from tests.support.databases import desk_account
from tests.support.intake_helpers import TODAY, complete_draft, good_mark

ANSWERS = {"married": True, "marriage_record_missing": True, "relative_or_step_parent": True}


def longest_guardianship(catalog):
    draft = complete_draft(catalog, "guardianship", children=3)
    draft.answers.update(ANSWERS)
    for child in draft.children:
        child.answers["child_birth_record_missing"] = True
    version = service_version(catalog, "guardianship", TODAY)[1]
    draft.marks = {
        item.key: ItemMark(mark=good_mark(item))
        for item in required_items(version, draft.checklist_answers())
    }
    return draft


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_longest_acceptance_receipt_keeps_its_signatures_with_its_notes(db, operator, catalog, lang):
    number = accept(db, operator, longest_guardianship(catalog), TODAY, catalog=catalog)
    stored = load_application(db, number, desk_account(db))
    assert len(stored.checklist) >= 11
    pdf = receipt_pdf(catalog, OfficeSettings(db).load(), stored, lang, employee="Оператор")
    text = load_texts().acceptance.text(lang)
    pages, shares = page_texts(pdf), filled(pdf)
    assert len(pages) >= 2
    signed = [index for index, page in enumerate(pages) if fixed(text.applicant_signature) in page]
    assert signed == [len(pages) - 1] and tail(text.issue_rules) in pages[-1]
    assert all(share >= 0.8 for share in shares[:-2]) and shares[-2] >= 2 / 3


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_longest_refusal_receipt_keeps_its_closing_with_the_last_missing_document(
    db, operator, catalog, lang
):
    draft = longest_guardianship(catalog)
    for key in list(draft.marks)[1:]:  # only the application is there
        draft.marks[key] = ItemMark(mark=Mark.MISSING)
    number = refuse(db, operator, draft, TODAY, catalog=catalog)
    stored = load_application(db, number, desk_account(db))
    assert len(stored.missing) >= 10
    pdf = receipt_pdf(catalog, OfficeSettings(db).load(), stored, lang, employee="Оператор")
    variant = load_texts().refusal.get(stored_variant(catalog, stored))
    closing = [line.text for line in variant.text(lang).closing if "{signature}" in line.text]
    last = words((stored.missing[-1].get("wording") or stored.missing[-1]["label"])[lang])
    pages = page_texts(pdf)
    signed = [index for index, page in enumerate(pages) if fixed(closing[-1]) in page]
    assert len(signed) == 2  # one in each copy
    for index in signed:
        assert tail(last) in pages[index]


def stored_variant(catalog, stored) -> str:
    return refusal_variant_for(catalog.service(stored.service_code).version_on(stored.day))
