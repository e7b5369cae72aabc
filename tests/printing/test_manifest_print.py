"""The printed manifest of a real stored manifest: applications accepted through intake into a SQLite file,
put on a handoff (and a return) manifest by the core, printed from the database."""

from __future__ import annotations

import datetime as dt

import pytest

from counter_app.core.domain.packages import ResultKind
from counter_app.core.usecases import custody, manifests, results
from counter_app.core.usecases.accounts import Accounts
from counter_app.core.usecases.applications import load_application
from counter_app.core.usecases.demo import DEMO_OFFICE, seed_demo
from counter_app.core.usecases.intake import accept
from counter_app.printing.layout import datetime_text
from counter_app.printing.manifest import manifest_texts
from counter_app.printing.manifests import manifest_pdf
from counter_app.printing.texts import load_texts
from tests.support.databases import desk_account, scratch_database
from tests.support.intake_helpers import complete_draft

from .conftest import normalise, pdf_pages, pdf_text

MONDAY = dt.date(2026, 11, 23)
TUESDAY = dt.date(2026, 11, 24)
PICKED_UP = dt.datetime(2026, 11, 24, 6, 30, tzinfo=dt.UTC)
APPLICANTS = (
    ("guardianship", "Құрманғалиева"),
    ("parent-meeting-permission", "Өтемісов"),
    ("camp-vouchers", "Иванова"),
)


@pytest.fixture
def db(tmp_path):
    with scratch_database("sqlite", tmp_path) as database:
        seed_demo(database)
        yield database


@pytest.fixture
def manager(db):
    return Accounts(db).find("manager")


@pytest.fixture
def accepted(db, catalog):
    """Three applications accepted on Monday (due to the provider on Tuesday); their receipt numbers."""
    operator = Accounts(db).find("operator")
    numbers = []
    for code, last_name in APPLICANTS:
        draft = complete_draft(catalog, code)
        draft.applicant.last_name = last_name
        numbers.append(accept(db, operator, draft, MONDAY, catalog=catalog))
    return numbers


def _one_provider(db, numbers):
    providers = {load_application(db, n, desk_account(db)).package.provider_id for n in numbers}
    assert len(providers) == 1, "the demo office sends these services to one education department"
    return providers.pop()


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_stored_handoff_manifest_prints_its_packages_and_totals(db, manager, accepted, catalog, lang):
    number = manifests.build_manifest(db, manager, _one_provider(db, accepted), TUESDAY)
    manifest = manifests.load_manifest(db, number)
    assert [line.receipt_number for line in manifest.lines] == accepted
    documents = sum(line.documents_count for line in manifest.lines)
    assert documents > 0

    pdf = manifest_pdf(db, number, lang, catalog)
    pages = pdf_pages(pdf)
    assert len(pages) == 2  # one page per copy
    text = manifest_texts().text(lang)
    for page in pages:
        assert normalise(text.handoff_title) in page
        assert number in page
        assert normalise(manifest.provider.name.get(lang)) in page
        assert DEMO_OFFICE.branch_name.get(lang) in page
        for receipt_number, (code, last_name) in zip(accepted, APPLICANTS, strict=True):
            assert receipt_number in page
            assert last_name in page
            assert normalise(getattr(catalog.service(code).short_names, lang)) in page
        totals = (
            f"Барлығы: 3 топтама, {documents} құжат"
            if lang == "kk"
            else f"Итого: пакетов 3, документов {documents}"
        )
        assert totals in page
        assert "Сапаров Ерлан Маратович" in page  # the manager who built the manifest hands it over
    assert manifest_pdf(db, number, lang, catalog) == pdf  # a manifest reprints identically


def test_the_courier_and_the_clerk_appear_once_recorded(db, manager, accepted, catalog):
    number = manifests.build_manifest(db, manager, _one_provider(db, accepted), TUESDAY)
    custody.record_pickup(db, manager, number, "Жанұзақов Дәурен", PICKED_UP, accepted)
    custody.record_delivery(db, manager, number, TUESDAY, "Тоқтарова Әсел", today=TUESDAY)
    text = pdf_text(manifest_pdf(db, number, "ru", catalog))
    picked_up = datetime_text(PICKED_UP.astimezone(), load_texts().common.ru.date_time, "ru")
    assert text.count("Жанұзақов Дәурен") == 2 and text.count("Тоқтарова Әсел") == 2
    assert text.count(picked_up) == 4  # the employee handed over, the courier took: in each copy


def test_a_return_manifest_prints_the_unclaimed_results(db, manager, accepted, catalog):
    provider = _one_provider(db, accepted)
    delivered = manifests.build_manifest(db, manager, provider, TUESDAY)
    custody.record_pickup(db, manager, delivered, "Курьер", PICKED_UP, accepted)
    custody.record_delivery(db, manager, delivered, TUESDAY, "Иванова А.", today=TUESDAY)
    operator = Accounts(db).find("operator")
    received = dt.date(2026, 12, 1)
    kinds = (ResultKind.DECISION, ResultKind.ORDER, ResultKind.REASONED_REFUSAL)
    for receipt_number, kind in zip(accepted, kinds, strict=True):
        results.register_result(
            db, operator, receipt_number, kind, "№ 412 от 01.12.2026", received, today=received
        )
    day = dt.date(2027, 1, 4)
    number = manifests.build_return_manifest(db, manager, provider, day)
    assert number.endswith("-R01")

    for lang in ("kk", "ru"):
        text = manifest_texts().text(lang)
        pages = pdf_pages(manifest_pdf(db, number, lang, catalog))
        assert len(pages) == 2
        for page in pages:
            assert normalise(text.return_title) in page and number in page
            for receipt_number, kind in zip(accepted, kinds, strict=True):
                assert receipt_number in page
                assert normalise(f"{text.result_kinds[kind.value]}, № 412 от 01.12.2026") in page
            assert page.count("01.12.2026") >= 6  # the reference and the day the result came, per line
            assert ("Барлығы: 3 нәтиже" if lang == "kk" else "Итого результатов: 3") in page


def test_every_result_kind_has_its_printed_name():
    for lang in ("kk", "ru"):
        assert set(manifest_texts().text(lang).result_kinds) == {kind.value for kind in ResultKind}


def test_an_unknown_manifest_is_a_lookup_error(db, catalog):
    with pytest.raises(LookupError):
        manifest_pdf(db, "1-20261124-M99", "kk", catalog)
