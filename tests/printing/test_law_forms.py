"""Faithful to the last word (issue #13): each Order 414 appendix prints its own receipt text, the Russian
translations say so, the project's own texts say so. Read back from the rendered PDFs."""

from __future__ import annotations

import pytest

from counter_app.printing import render_application, render_refusal_receipt
from counter_app.printing.model import refusal_variant_for
from counter_app.printing.specimen import application_specimen, refusal_specimen
from counter_app.printing.texts import load_texts

from .conftest import DAY, normalise, pdf_pages, pdf_text

ORDER_414 = {  # service -> (refusal text, prints «Нысан»)
    "guardianship": ("order_414_2022_app7", False),
    "parent-meeting-permission": ("order_414_2022", True),
    "school-transport": ("order_414_2022", True),
    "camp-vouchers": ("order_414_2022_app19", True),
}


@pytest.mark.parametrize("code", ORDER_414)
def test_each_order_414_service_prints_its_own_appendix(catalog, code):
    service = catalog.service(code)
    version = service.version_on(DAY)
    variant, form_label = ORDER_414[code]
    assert refusal_variant_for(version) == variant
    kk = pdf_pages(render_refusal_receipt(refusal_specimen(service, version, DAY), "kk"))
    first_copy = kk[0]
    title = "Құжаттарды қабылдаудан бас тарту туралы қолхат"
    head = first_copy[: first_copy.index(title)]
    assert ("Нысан" in head) is form_label  # App. 7 (guardianship) has no «Нысан» in the law
    ru = pdf_pages(render_refusal_receipt(refusal_specimen(service, version, DAY), "ru"))[0]
    assert ("Форма" in ru[: ru.index("Расписка об отказе")]) is form_label
    text = normalise(" ".join(kk))
    own = "(мекенжайды көрсету) мемлекеттік көрсетілетін қызмет мемлекеттік қызмет көрсетуге қойылатын"
    assert (own in text) is (code == "camp-vouchers")  # App. 19 keeps its own wording


@pytest.mark.parametrize("code", ORDER_414)
def test_the_russian_order_414_receipt_is_marked_as_a_translation_and_the_kazakh_prevails(catalog, code):
    service = catalog.service(code)
    version = service.version_on(DAY)
    data = refusal_specimen(service, version, DAY)
    mark = normalise(load_texts().common.ru.translation_mark)
    assert "преимущество имеет текст на казахском языке" in mark
    pages = pdf_pages(render_refusal_receipt(data, "ru"))
    copies = [p for p in pages if "Расписка об отказе" in p]
    assert len(copies) == 2 and all(mark in page for page in copies)  # on both copies, under the title
    kk = pdf_text(render_refusal_receipt(data, "kk"))
    assert "казахском" not in kk


def test_the_benefit_receipt_is_the_law_in_both_languages_and_carries_no_mark(benefit):
    service, version = benefit
    data = refusal_specimen(service, version, DAY)
    common = load_texts().common
    assert normalise(common.ru.translation_mark) not in pdf_text(render_refusal_receipt(data, "ru"))
    assert normalise(common.ru.project_mark) not in pdf_text(
        render_application(application_specimen(service, version, DAY), "ru")
    )


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_general_application_is_marked_as_the_projects_text(catalog, lang):
    service = catalog.service("school-transport")
    version = service.version_on(DAY)
    data = application_specimen(service, version, DAY)
    text = pdf_text(render_application(data, lang))
    assert normalise(load_texts().common.text(lang).project_mark) in text
