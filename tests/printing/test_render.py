"""The rendered PDFs: the law's wording, the title block and the filled data are in the text pypdf extracts."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from counter_app.core.domain.catalog import DocumentKind
from counter_app.core.domain.iin import parse_iin
from counter_app.core.domain.office import Bilingual
from counter_app.printing import (
    ReceiptLine,
    application_variant_for,
    document_sha256,
    refusal_variant_for,
    render_acceptance_receipt,
    render_application,
    render_refusal_receipt,
)
from counter_app.printing.specimen import acceptance_specimen, application_specimen, refusal_specimen
from counter_app.printing.texts import load_texts

from .conftest import DAY, normalise, pdf_pages, pdf_text

LANGS = ("kk", "ru")


def _numbered(pages_text: str, lines, lang: str) -> None:
    """Each missing document under its number in the law's list (as on the screen), else in order."""
    for index, line in enumerate(lines, start=1):
        assert normalise(f"{line.number or index}) {line.name.get(lang)}") in pages_text


@pytest.mark.parametrize("lang", LANGS)
def test_benefit_refusal_receipt_is_the_seed_001_form_filled_in(benefit, lang):
    service, version = benefit
    data = refusal_specimen(service, version, DAY)
    assert data.text_variant == "order_158_2020_benefit"
    pdf = render_refusal_receipt(data, lang)
    pages = pdf_pages(pdf)
    assert len(pages) == 2  # one page per copy
    office = data.issuer.office
    for page in pages:  # each copy is the whole form
        if lang == "kk":
            assert "Құжаттарды қабылдаудан бас тарту туралы қолхат" in page
            assert 'Мемлекеттік көрсетілетін қызметтер туралы" 2013 жылғы 15 сәуірдегі' in page
            assert "Осы қолхат әр тарапқа біреуден 2 данада жасалды." in page
            assert "Жоқ құжаттардың атауы:" in page
            assert (
                normalise(f"«{service.names.kk}» мемлекеттік қызметті көрсету қағидаларына 3-қосымша") in page
            )
            assert (
                f"филиалының № {office.department_number} бөлімі {office.address.kk} (мекенжайды көрсету)"
                in page
            )
        else:
            assert "Расписка об отказе в приеме документов" in page
            assert (
                "Руководствуясь пунктом 2 статьи 20 Закона Республики Казахстан от 15 апреля 2013 года"
                in page
            )
            assert "Настоящая расписка составлена в 2 экземплярах, по одному для каждой стороны." in page
            assert (
                normalise(f"Приложение 3 к Правилам оказания государственной услуги «{service.names.ru}»")
                in page
            )
            assert f"отдел № {office.department_number} филиала" in page
            assert f"Телефон {data.issuer.phone}" in page
            assert "«23» ноября 2026 года" in page
        assert normalise(service.name(lang)) in page
        assert office.branch_name.get(lang) in page
        assert data.applicant.full_name in page
        assert data.issuer.employee in page
        assert data.number in page
        _numbered(page, data.missing, lang)
    copy_labels = load_texts().common.text(lang).copy_labels
    assert copy_labels[0] in pages[0] and copy_labels[1] in pages[1]
    expired = load_texts().common.text(lang).expired_mark
    assert data.missing[0].expired and normalise(f"{data.missing[0].name.get(lang)} {expired}") in pages[0]
    assert pages[0].count(expired) == sum(line.expired for line in data.missing) == 1


@pytest.mark.parametrize("lang", LANGS)
def test_order_414_refusal_receipt_uses_the_order_text(order_414_service, lang):
    service, version = order_414_service
    data = refusal_specimen(service, version, DAY)
    assert data.text_variant.startswith("order_414_2022")
    text = pdf_text(render_refusal_receipt(data, lang))
    if lang == "kk":
        assert (
            'Заңының 20-бабының 2-тармағын басшылыққа алып, "Азаматтарға арналған үкімет" Мемлекеттік корпорацияның'
            in text
        )
        assert "мемлекеттік қызмет көрсетуге қойылатын талаптарында көзделген тізбеге сәйкес" in text
    else:
        assert "предусмотренному требованиями к оказанию государственной услуги" in text
        assert "Телефон" not in text  # the phone line is only in the benefit's Russian text
    _numbered(text, data.missing, lang)


def test_the_version_can_name_its_refusal_text(benefit):
    _service, version = benefit
    assert refusal_variant_for(version) == "order_158_2020_benefit"
    assert refusal_variant_for(dataclasses.replace(version, refusal_receipt_form="order_414_2022")) == (
        "order_414_2022"
    )
    with pytest.raises(KeyError):
        refusal_variant_for(dataclasses.replace(version, refusal_receipt_form="no_such_text"))


@pytest.mark.parametrize("lang", LANGS)
def test_a_long_list_of_missing_documents_flows_without_loss(benefit, lang):
    service, version = benefit
    data = refusal_specimen(service, version, DAY)
    many = tuple(
        ReceiptLine(
            Bilingual(
                kk=f"Құжат нөмірі {n} (тексеру үшін ұзын атау)", ru=f"Документ номер {n} (длинное название)"
            ),
            expired=n % 7 == 0,
        )
        for n in range(1, 81)
    )
    pdf = render_refusal_receipt(dataclasses.replace(data, missing=many), lang)
    pages = pdf_pages(pdf)
    assert len(pages) >= 4  # each copy takes more than one page
    text = " ".join(pages)
    for line in many:
        assert text.count(line.name.get(lang)) == 2  # once in each copy
    closing = (
        "Осы қолхат әр тарапқа біреуден 2 данада жасалды."
        if lang == "kk"
        else "Настоящая расписка составлена"
    )
    assert text.count(closing) == 2
    copy_labels = load_texts().common.text(lang).copy_labels
    assert all(
        copy_labels[0] in page for page in pages[: len(pages) // 2]
    )  # continuation pages name the copy
    assert all(copy_labels[1] in page for page in pages[len(pages) // 2 :])


@pytest.mark.parametrize("lang", LANGS)
def test_acceptance_receipt_lists_each_document_with_its_kind(benefit, lang):
    service, version = benefit
    data = acceptance_specimen(service, version, DAY)
    data = dataclasses.replace(
        data,
        documents=(
            *data.documents,
            ReceiptLine(
                Bilingual(kk="Нотариалды келісім", ru="Нотариальное согласие"), DocumentKind.NOTARISED
            ),
            ReceiptLine(
                Bilingual(kk="АХАЖ мәліметтері", ru="Сведения ЗАГС"), DocumentKind.INFORMATION_SYSTEM
            ),
        ),
    )
    pdf = render_acceptance_receipt(data, lang)
    text = pdf_text(pdf)
    words = load_texts().acceptance.text(lang)
    assert words.title in text
    assert data.number in text
    assert "23.11.2026 10:42" in text
    assert normalise(service.name(lang)) in text
    assert f"{data.handoff_due:%d.%m.%Y}" in text and f"{data.result_date:%d.%m.%Y}" in text
    assert data.applicant.full_name in text and data.applicant.iin in text and data.applicant.phone in text
    assert data.issuer.employee in text
    heading = words.documents_heading.format(count=len(data.documents), kept=data.kept_documents)
    assert normalise(heading) in text
    kinds_seen = set()
    for line in data.documents:
        assert normalise(line.name.get(lang)) in text
        if not line.e_document:
            kinds_seen.add(line.kind)
    assert [line for line in data.documents if line.e_document]
    assert normalise(words.e_document) in text  # not "checked and returned": no paper was shown
    for kind in kinds_seen:
        assert normalise(words.kinds[kind.value]) in text
    assert {DocumentKind.APPLICATION, DocumentKind.COPY, DocumentKind.NOTARISED} <= kinds_seen
    parse_iin(data.applicant.iin, today=DAY)  # the sample applicant's IIN is valid


@pytest.mark.parametrize("lang", LANGS)
def test_benefit_application_is_app_1_with_the_consent(benefit, lang):
    service, version = benefit
    data = application_specimen(service, version, DAY)
    assert application_variant_for(version) == "order_158_2020_benefit_app1"
    text = pdf_text(render_application(data, lang))
    if lang == "kk":
        assert "қорғаншының немесе қамқоршының өтініші" in text
        assert "Заңымен құпия қорғалатын мәліметтерді қолдануға келісемін." in text
        assert "1-қосымша" in text and "2026 жылғы «23» қараша" in text
    else:
        assert "Заявление опекуна или попечителя для назначения пособия" in text
        assert '"О персональных данных и их защите" тайну, содержащихся в информационных системах.' in text
        assert "Приложение 1" in text and "«23» ноября 2026 года" in text
    child = data.children[0]
    for value in (
        data.applicant.surname,
        data.applicant.first_name,
        data.applicant.iin,
        child.full_name,
        "03.09.2016",
        data.account_number,
        data.authority.get(lang),
    ):
        assert normalise(value) in text


@pytest.mark.parametrize("lang", LANGS)
def test_other_services_get_the_general_application(order_414_service, lang):
    service, version = order_414_service
    data = application_specimen(service, version, DAY)
    assert data.text_variant == "general"
    text = pdf_text(render_application(data, lang))
    consent = (
        "қолжетімділігі шектеулі дербес деректерді"
        if lang == "kk"
        else "персональных данных ограниченного доступа"
    )
    assert consent in text
    assert normalise(service.name(lang)) in text and data.applicant.iin in text


@pytest.mark.parametrize("lang", LANGS)
def test_reprint_carries_the_copy_mark_and_hashes_differ(benefit, lang):
    service, version = benefit
    data = acceptance_specimen(service, version, DAY)
    original = render_acceptance_receipt(data, lang)
    reprint = render_acceptance_receipt(data, lang, copy_mark=True)
    mark = "КӨШІРМЕ" if lang == "kk" else "КОПИЯ"
    assert mark not in pdf_text(original) and mark in pdf_text(reprint)
    assert document_sha256(original) == document_sha256(render_acceptance_receipt(data, lang))  # reproducible
    assert document_sha256(original) != document_sha256(reprint)
    assert len(document_sha256(original)) == 64


def test_print_language_is_checked(benefit):
    service, version = benefit
    with pytest.raises(ValueError):
        render_refusal_receipt(refusal_specimen(service, version, DAY), "en")


def test_from_item_names_the_child_on_per_child_documents(benefit):
    from counter_app.core.domain.checklist import Answers, required_items
    from counter_app.printing.specimen import sample_child

    _service, version = benefit
    items = required_items(version, Answers(children=[{}, {}]))
    per_child = [i for i in items if i.child_index is not None]
    if not per_child:
        pytest.skip("no per-child document in this version")
    line = ReceiptLine.from_item(per_child[0], child=sample_child())
    assert line.name.kk.endswith(f"({sample_child().full_name})")
    assert ReceiptLine.from_item(per_child[1]).name.ru.endswith("(2)")


def test_dates_use_explicit_patterns():
    from counter_app.printing.layout import date_text, numeric_date

    assert numeric_date(dt.date(2026, 1, 5), "kk") == "05.01.2026"
    assert date_text(dt.date(2026, 1, 5), "«dd» MMMM yyyy 'года'", "ru") == "«05» января 2026 года"


def test_receipts_number_documents_as_the_law_does(benefit):
    """An item keeps its number in the law's list on the receipts, as on the checklist and the details pane."""
    service, version = benefit
    data = acceptance_specimen(service, version, DAY)
    numbers = [line.number for line in data.documents]
    assert numbers != list(range(1, len(numbers) + 1))  # items whose condition does not hold leave gaps
    text = pdf_text(render_acceptance_receipt(data, "ru"))
    for line in data.documents:
        assert normalise(f"{line.number} {line.name.get('ru')}")[:60] in text
