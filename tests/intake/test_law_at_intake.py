"""The law where it meets the flow (issue #13): receipts from the stored checklist, counts that agree with the
manifest, refusal grounds per service, consent, the centre's working days. Real SQLite files, real PDFs."""

from __future__ import annotations

import io
import re
import shutil

import pytest
from pypdf import PdfReader

from counter_app.core.domain.catalog import load_catalog
from counter_app.core.domain.intake_draft import ItemMark, Mark
from counter_app.core.usecases.accounts import Accounts
from counter_app.core.usecases.applications import load_application
from counter_app.core.usecases.intake import accept, refuse
from counter_app.core.usecases.manifests import build_manifest
from counter_app.core.usecases.office_settings import OfficeSettings
from counter_app.paths import forms_dir
from counter_app.printing.manifests import manifest_pdf
from counter_app.printing.receipts import receipt_pdf
from tests.support.databases import desk_account
from tests.support.intake_helpers import TODAY, complete_draft


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
    text = text.replace(
        "ru: 'копия документов, подтверждающие факт", "ru: 'ИЗМЕНЕНО копия документов, подтверждающие факт", 1
    )
    path.write_text(text, encoding="utf-8")
    return load_catalog(root)


def test_a_receipt_printed_later_uses_the_checklist_stored_with_the_application(
    db, operator, catalog, changed_catalog
):
    draft = complete_draft(catalog, "guardian-benefit")
    number = accept(db, operator, draft, TODAY, catalog=catalog)
    stored = load_application(db, number, desk_account(db))
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
    stored = load_application(db, number, desk_account(db))
    office = OfficeSettings(db).load()
    text = pdf_text(receipt_pdf(changed_catalog, office, stored, "ru", employee="Оператор"))
    assert "ИЗМЕНЕНО" not in text and "копия документов, подтверждающие факт отсутствия попечения" in text


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_acceptance_receipt_and_the_manifest_count_the_same_documents(db, operator, catalog, lang):
    draft = complete_draft(catalog, "guardian-benefit")
    number = accept(db, operator, draft, TODAY, catalog=catalog)
    stored = load_application(db, number, desk_account(db))
    kept = len(stored.package.documents)
    assert 0 < kept < len(stored.checklist)  # the ID is returned: not every document goes to the provider
    office = OfficeSettings(db).load()
    receipt = pdf_text(receipt_pdf(catalog, office, stored, lang, employee="Оператор"))
    heading = {
        "kk": r"барлығы (\d+), оның ішінде .*? топтамада (\d+)\)",
        "ru": r"всего (\d+), из них в пакете для услугодателя (\d+)\)",
    }
    total, in_package = map(int, re.search(heading[lang], receipt).groups())
    assert (total, in_package) == (len(stored.checklist), kept)

    manager = Accounts(db).find("manager")
    manifest = build_manifest(db, manager, stored.package.provider_id, stored.package.handoff_due)
    sheet = pdf_text(manifest_pdf(db, manifest, lang, catalog))
    totals = {"kk": r"Барлығы: 1 топтама, (\d+) құжат", "ru": r"Итого: пакетов 1, документов (\d+)"}
    assert int(re.search(totals[lang], sheet).group(1)) == in_package


# --- refusal grounds per service ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "cites_expiry"),
    [
        ("guardian-benefit", True),
        ("guardianship", False),
        ("parent-meeting-permission", False),
        ("school-transport", False),
        ("camp-vouchers", False),
    ],
)
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_an_expired_document_is_cited_as_expired_only_where_the_law_has_that_ground(
    db, operator, catalog, code, cites_expiry, lang
):
    import datetime as dt

    from counter_app.core.domain.checklist import required_items
    from counter_app.printing.texts import load_texts

    draft = complete_draft(catalog, code)
    version = catalog.service(code).version_on(TODAY)
    assert version.refuses_expired is cites_expiry
    item = next(i for i in required_items(version, draft.checklist_answers()) if i.key == "identity_document")
    # The identity document is dated by its issue date (forms/README.md): issued over ten years ago, it expired.
    validity = item.document.validity.days
    draft.marks[item.key] = ItemMark(mark=Mark.ORIGINAL, issued_on=TODAY - dt.timedelta(days=validity + 3))
    number = refuse(db, operator, draft, TODAY, catalog=catalog)
    stored = load_application(db, number, desk_account(db))
    assert [(m["key"], m["reason"]) for m in stored.missing] == [
        ("identity_document", "expired" if cites_expiry else "missing")
    ]
    office = OfficeSettings(db).load()
    text = pdf_text(receipt_pdf(catalog, office, stored, lang, employee="Оператор"))
    mark = words(load_texts().common.text(lang).expired_mark)
    assert (mark in text) is cites_expiry
    wording = words(version.documents[1].wording.text(lang))
    assert wording[:60] in text  # the expired document is listed (as missing where expiry is no ground)


# --- consent ----------------------------------------------------------------------------------------------------


def test_without_consent_the_intake_is_cancelled_journaled_and_a_note_printed(db, operator, catalog):
    from sqlalchemy import func, select

    from counter_app.core.domain.intake_draft import IntakeAction
    from counter_app.core.domain.intake_errors import ConsentMissing, IntakeRefused
    from counter_app.core.usecases.audit import AuditLog
    from counter_app.core.usecases.drafts import Drafts
    from counter_app.core.usecases.intake import cancel_without_consent
    from counter_app.printing.receipts import consent_note_pdf
    from counter_app.storage.intake_tables import ApplicationRow, ReceiptCounterRow

    draft = complete_draft(catalog, "guardianship")
    draft.consent = False
    Drafts(db).save(operator, draft)
    with pytest.raises(IntakeRefused):
        accept(db, operator, draft, TODAY, catalog=catalog)
    with pytest.raises(ConsentMissing):
        refuse(db, operator, draft, TODAY, catalog=catalog)
    cancel_without_consent(db, operator, draft, TODAY, catalog=catalog)
    with db.read() as session:  # no receipt, no number used up
        assert session.scalar(select(func.count()).select_from(ApplicationRow)) == 0
        assert session.scalar(select(func.count()).select_from(ReceiptCounterRow)) == 0
    assert Drafts(db).load(operator) is None
    entry = next(e for e in AuditLog(db).recent() if e.action == IntakeAction.CANCELLED_NO_CONSENT)
    assert entry.username == "operator" and draft.applicant.full_name() in entry.detail

    office = OfficeSettings(db).load()
    for lang, expected in (("ru", "Вы такого согласия не дали"), ("kk", "Сіз мұндай келісім бермедіңіз")):
        text = pdf_text(consent_note_pdf(catalog, office, draft, TODAY, lang, employee="Оператор"))
        assert expected in text and draft.applicant.iin in text
        assert words(catalog.service("guardianship").names.text(lang))[:40] in text
        from counter_app.printing.texts import load_texts

        assert words(load_texts().common.text(lang).project_mark) in text  # not a form of the law

    draft.consent = True
    with pytest.raises(ValueError, match="nothing to cancel"):
        cancel_without_consent(db, operator, draft, TODAY, catalog=catalog)


# --- the centre's working days -------------------------------------------------------------------------------


SUNDAY = TODAY.replace(day=22)  # 2026-11-22


@pytest.mark.parametrize("day", [SUNDAY, TODAY.replace(month=3, day=23)], ids=["sunday", "nauryz"])
def test_no_receipt_on_a_day_the_centre_does_not_work(db, operator, catalog, day):
    from sqlalchemy import func, select

    from counter_app.core.domain.clock import system_clock
    from counter_app.core.domain.intake_errors import CentreClosed
    from counter_app.core.usecases.intake_commit import CommitProgress, commit_intake
    from counter_app.storage.intake_tables import ApplicationRow, ReceiptCounterRow

    draft = complete_draft(catalog, "guardian-benefit")
    with pytest.raises(CentreClosed) as closed:
        accept(db, operator, draft, day, catalog=catalog)
    assert day.strftime("%d.%m.%Y") in str(closed.value) and "Settings" in str(closed.value)
    assert (closed.value.closed.holiday is None) is (day == SUNDAY)
    key = next(iter(draft.marks))
    draft.marks[key] = ItemMark(mark=Mark.MISSING)
    with pytest.raises(CentreClosed):
        refuse(db, operator, draft, day, catalog=catalog)
    # the wizard's commit: told by the use-case's own transaction, before the day's counter is touched
    for committed in (complete_draft(catalog, "guardian-benefit"), draft):
        with pytest.raises(CentreClosed):
            commit_intake(db, operator, None, catalog, None, committed, day, system_clock, CommitProgress())
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(ApplicationRow)) == 0
        assert session.scalar(select(func.count()).select_from(ReceiptCounterRow)) == 0


def test_a_declared_working_day_of_the_centre_takes_intakes_and_dues_follow_the_providers(
    db, operator, catalog
):
    import datetime as dt

    from counter_app.core.domain.calendar import CalendarOverride, OverrideKind

    admin = Accounts(db).find("admin")
    OfficeSettings(db).add_calendar_override(
        admin, CalendarOverride(SUNDAY, OverrideKind.CENTRE_WORKING_DAY, "Приказ филиала № 12 от 10.11.2026")
    )
    number = accept(db, operator, complete_draft(catalog, "guardian-benefit"), SUNDAY, catalog=catalog)
    stored = load_application(db, number, desk_account(db))
    assert number.startswith("1-20261122-")
    # The provider does not work that Sunday: the courier's day and the term count from the providers' calendar.
    assert stored.package.handoff_due == dt.date(2026, 11, 23)
    assert stored.package.result_due == dt.date(2026, 11, 23)


# --- the application form (App. 1 of the benefit) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("account", "KZ87125KZT5004100100", "application.account"),  # a check digit off by one
        ("account", "KZ86125KZT500410010", "application.account"),  # 19 characters
        ("account", "DE89370400440532013000", "application.account"),  # not a Kazakhstan account
        ("bank", "no_such_bank", "application.bank"),
    ],
)
def test_the_benefit_is_not_accepted_without_a_fillable_application(
    db, operator, catalog, field, value, problem
):
    from counter_app.core.domain.intake_errors import InvalidDraft

    draft = complete_draft(catalog, "guardian-benefit")
    setattr(draft.application, field, value)
    with pytest.raises(InvalidDraft) as invalid:
        accept(db, operator, draft, TODAY, catalog=catalog)
    assert invalid.value.fields == [problem]


def test_the_guardian_decision_and_the_identity_document_are_required_by_app_1(db, operator, catalog):
    import datetime as dt

    from counter_app.core.domain.application_form import form_problems

    draft = complete_draft(catalog, "guardian-benefit")
    draft.application.decision.number = ""
    draft.application.decision.date = TODAY + dt.timedelta(days=1)
    draft.applicant.id_document.issued_by = ""
    seed = catalog.service("guardian-benefit").version_on(TODAY).legal_source.seed
    assert set(form_problems(draft, seed, TODAY)) == {
        "application.decision.number",
        "application.decision.date",
        "applicant.id_document.issued_by",
    }
    # The general application asks for none of it: the other services are not held up.
    school = complete_draft(catalog, "school-transport")
    school.application = type(school.application)()
    seed = catalog.service("school-transport").version_on(TODAY).legal_source.seed
    assert form_problems(school, seed, TODAY) == {}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_pre_filled_app_1_and_the_receipt_that_lists_it(db, operator, catalog, lang):
    from counter_app.printing.applications import application_pdf
    from counter_app.printing.model import service_name
    from counter_app.printing.texts import load_texts

    service = catalog.service("guardian-benefit")
    version = service.version_on(TODAY)
    draft = complete_draft(catalog, "guardian-benefit")
    draft.applicant.id_document.series = "N"
    office = OfficeSettings(db).load()
    text = pdf_text(application_pdf(office, service_name(service), version, draft, TODAY, lang))
    assert "KZ86 125K ZT50 0410 0100" in text
    bank = {"kk": "«Қазақстан Халық Банкі» АҚ", "ru": "АО «Народный Банк Казахстана»"}[lang]
    assert bank in text
    assert "Алматы ауданы әкімдігі № 12-345" in text and "045678912" in text and "МВД РК" in text
    assert draft.applicant.iin in text and "Сәрсенбаев Нұрлан, 02.06.2015" in text
    title = {"kk": "қорғаншының немесе қамқоршының өтініші", "ru": "Заявление опекуна или попечителя"}[lang]
    assert title in text
    assert words(load_texts().common.text(lang).project_mark) not in text  # the law's own form

    draft.application.printed_language = lang  # printed at the counter (F8) and signed
    number = accept(db, operator, draft, TODAY, catalog=catalog)
    stored = load_application(db, number, desk_account(db))
    assert (
        stored.draft.application.account == "KZ86125KZT5004100100"
        and stored.draft.application.bank == "halyk"
    )
    application = next(row for row in stored.checklist if row["key"] == "application")
    assert application["form_printed"] == lang
    receipt = pdf_text(receipt_pdf(catalog, office, stored, lang, employee="Оператор"))
    assert words(load_texts().acceptance.text(lang).kinds["application_printed"]) in receipt
