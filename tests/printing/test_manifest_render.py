"""The courier manifests on paper (handoff and return): two copies, the table, totals, signatures, reprints."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from counter_app.core.domain.office import Bilingual
from counter_app.printing import document_sha256
from counter_app.printing.manifest import (
    ManifestPrintLine,
    manifest_specimen,
    manifest_texts,
    render_manifest,
)

from .conftest import DAY, normalise, pdf_pages, pdf_text

LANGS = ("kk", "ru")
RESULT_KINDS = ("decision", "order", "certificate", "reasoned_refusal", "other")


@pytest.fixture(scope="module")
def services(catalog):
    """The short names of the services taken at the counter (kk and ru)."""
    return tuple(
        Bilingual(kk=service.short_names.kk, ru=service.short_names.ru)
        for service, version in catalog.in_force(DAY)
        if version.accepted_at_counter
    )


def _copies(pages: list[str], lang: str) -> tuple[list[str], list[str]]:
    """The pages of copy 1 and of copy 2; the footer of every page names its copy."""
    first, second = manifest_texts().text(lang).copy_labels
    one = [page for page in pages if first in page]
    two = [page for page in pages if second in page]
    assert len(one) + len(two) == len(pages)
    assert pages == one + two  # copy 2 starts on a new page after the whole of copy 1
    return one, two


@pytest.mark.parametrize("lang", LANGS)
def test_handoff_manifest_lists_each_package_in_both_copies(services, lang):
    data = manifest_specimen(services, 3, "handoff", DAY)
    text = manifest_texts().text(lang)
    pages = pdf_pages(render_manifest(data, lang))
    one, two = _copies(pages, lang)
    assert len(one) == len(two) == 1
    columns = text.columns
    for page in pages:
        assert normalise(text.handoff_title) in page
        assert data.number in page
        assert "23.11.2026" in page
        assert data.office.branch_name.get(lang) in page
        assert normalise(data.provider.name.get(lang)) in page
        for header in (
            columns.receipt,
            columns.applicant,
            columns.service,
            columns.accepted_on,
            columns.result_due,
        ):
            assert normalise(header) in page
        for line in data.lines:
            assert line.receipt_number in page
            assert line.applicant in page
            assert normalise(line.service.get(lang)) in page
            assert line.accepted_on.strftime("%d.%m.%Y") in page
            assert line.result_due.strftime("%d.%m.%Y") in page
        documents = sum(line.documents for line in data.lines)
        totals = "Барлығы: 3 топтама, " if lang == "kk" else "Итого: пакетов 3, документов "
        assert f"{totals}{documents}" in page
        for signer in (text.signers.handed_over, text.signers.courier, text.signers.clerk):
            assert normalise(signer) in page
        assert "Байжанова Гүлнар Асқарқызы" in page  # the employee who built the manifest
        assert ("1 беттің 1-беті" if lang == "kk" else "Стр. 1 из 1") in page
    assert (
        "1-дана: Мемлекеттік корпорация үшін"
        if lang == "kk"
        else "Экземпляр 1: для Государственной корпорации"
    ) in one[0]
    assert (
        "2-дана: көрсетілетін қызметті беруші үшін" if lang == "kk" else "Экземпляр 2: для услугодателя"
    ) in two[0]


@pytest.mark.parametrize("lang", LANGS)
def test_a_long_manifest_repeats_the_header_and_numbers_the_pages_of_each_copy(services, lang):
    data = manifest_specimen(services, 80, "handoff", DAY)
    text = manifest_texts().text(lang)
    pages = pdf_pages(render_manifest(data, lang))
    one, two = _copies(pages, lang)
    assert len(one) == len(two) >= 3
    count = len(one)
    for copy in (one, two):
        for number, page in enumerate(copy, start=1):
            if any(line.receipt_number in page for line in data.lines):  # the header repeats over the rows
                assert normalise(text.columns.receipt) in page
            assert text.page.format(page=number, pages=count) in page
            assert data.number in page  # the footer names the manifest
        whole = " ".join(copy)
        for line in data.lines:  # every package exactly once per copy
            assert whole.count(line.receipt_number) == 1
        assert normalise(text.signers.clerk) in copy[-1]
        totals = "Барлығы: 80 топтама" if lang == "kk" else "Итого: пакетов 80"
        assert totals in copy[-1] and totals not in " ".join(copy[:-1])  # the totals close the table


@pytest.mark.parametrize("lang", LANGS)
def test_return_manifest_lists_the_results(services, lang):
    data = manifest_specimen(services, 5, "return", DAY)
    text = manifest_texts().text(lang)
    pages = pdf_pages(render_manifest(data, lang))
    one, two = _copies(pages, lang)
    assert len(one) == len(two) == 1
    for page in pages:
        assert normalise(text.return_title) in page
        assert normalise(text.handoff_title) not in page
        assert normalise(text.columns.result) in page and normalise(text.columns.documents) not in page
        for line in data.lines:
            assert line.receipt_number in page
            assert normalise(f"{text.result_kinds[line.result_kind]}, {line.result_reference}") in page
            assert line.result_received_on.strftime("%d.%m.%Y") in page
        assert ("Барлығы: 5 нәтиже" if lang == "kk" else "Итого результатов: 5") in page
        assert normalise(text.signers.courier) in page


def test_a_manifest_reprints_identically(services):
    data = manifest_specimen(services, 40, "handoff", DAY)
    first = render_manifest(data, "kk")
    assert render_manifest(manifest_specimen(services, 40, "handoff", DAY), "kk") == first
    assert document_sha256(render_manifest(data, "kk")) == document_sha256(first)
    changed = dataclasses.replace(data, lines=data.lines[:-1])
    assert render_manifest(changed, "kk") != first
    assert render_manifest(data, "ru") != first


def test_names_of_the_courier_and_the_clerk_fill_the_signature_lines(services):
    data = dataclasses.replace(
        manifest_specimen(services, 2, "handoff", DAY),
        courier="Оспанов Ерлан",
        picked_up_at=dt.datetime(2026, 11, 23, 16, 5, tzinfo=dt.timezone(dt.timedelta(hours=5))),
        clerk="Тоқтарова Әсел",
        delivered_on=dt.date(2026, 11, 24),
    )
    text = pdf_text(render_manifest(data, "ru"))
    assert text.count("Оспанов Ерлан") == 2 and text.count("Тоқтарова Әсел") == 2
    assert text.count("23.11.2026 16:05") == 4  # handed over and taken by the courier, in each copy
    assert text.count("24.11.2026") == 2


def test_long_names_wrap_inside_their_cells(services):
    long_service = Bilingual(
        kk="Жетім балаға (жетім балаларға) және ата-анасының қамқорлығынсыз қалған балаға (балаларға) "
        "қорғаншылық немесе қамқоршылық белгілеу",
        ru="Установление опеки или попечительства над ребенком-сиротой (детьми-сиротами) и ребенком (детьми), "
        "оставшимся без попечения родителей",
    )
    data = manifest_specimen(services, 1, "handoff", DAY)
    line = ManifestPrintLine(
        receipt_number="4-20261120-0099",
        applicant="Сәрсенбаева-Құрманғалиева Әйгерім-Гүлнұр Серікқызы",
        service=long_service,
        documents=12,
        accepted_on=dt.date(2026, 11, 20),
        result_due=dt.date(2026, 12, 17),
    )
    data = dataclasses.replace(data, lines=(line,))
    for lang in LANGS:
        page = pdf_pages(render_manifest(data, lang))[0]
        assert normalise(long_service.get(lang)) in page  # every word is there, over several lines
        assert "Серікқызы" in page and "4-20261120-0099" in page


def test_a_text_too_long_for_a_cell_is_cut_whether_or_not_it_has_spaces(services):
    """A name of 1,500 letters (stored before the limits, or by another program) is cut with "…" in its cell
    when its words are short too: before, such a row was taller than a page and stopped the manifest."""
    data = manifest_specimen(services, 3, "handoff", DAY)
    for name in ("Ж" * 1500, "Жанна " * 250):
        line = dataclasses.replace(data.lines[1], applicant=name)
        long = dataclasses.replace(data, lines=(data.lines[0], line, data.lines[2]))
        for lang in LANGS:
            pages = pdf_pages(render_manifest(long, lang))
            assert len(pages) == 2  # one page per copy, as with a short name
            for page in pages:
                assert all(other.receipt_number in page for other in data.lines)
                assert "…" in page and page.count("Жанна") <= 40


def test_texts_name_every_result_kind_in_both_languages():
    texts = manifest_texts()
    for lang in LANGS:
        text = texts.text(lang)
        assert set(text.result_kinds) == set(RESULT_KINDS)
        assert "{page}" in text.page and "{pages}" in text.page
        assert len(set(text.copy_labels)) == 2
    assert texts.project_wording is True


def test_print_language_must_be_kazakh_or_russian(services):
    with pytest.raises(ValueError, match="print language"):
        render_manifest(manifest_specimen(services, 1), "en")
