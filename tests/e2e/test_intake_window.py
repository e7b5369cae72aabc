"""A complete intake at the real window, keyboard only: the focus is where the operator types, from sign-in to
the printed receipt; what was typed is stored (read back through the core)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from counter_app.core.domain.intake_draft import Decision, IssuedKind
from counter_app.core.usecases.applications import load_application, search_applications
from counter_app.core.usecases.receipts import issued_documents
from tests.support.databases import desk_account
from tests.support.desk import APPLICANT_IIN, CHILD_IIN, FIRST_NAME, NEW_PASSWORD, SURNAME, Intake, log_in
from tests.support.xsession import DESK_DAY, wait_for

# Key presses of a complete benefit intake (queue ticket, one child, App. 1 filled in and printed for signature,
# six documents, print), beyond the characters typed into fields. Lower is better: lower it when the wizard needs
# fewer keys. 35 before App. 1 was filled in at the counter; its page adds 7 (4 Tab, F8, Enter to print, Enter).
BENEFIT_KEY_BUDGET = 42


def only_application(db, iin: str = APPLICANT_IIN):
    (summary,) = search_applications(db, iin)
    return load_application(db, summary.receipt_number, desk_account(db))


def test_a_benefit_intake_from_sign_in_to_the_printed_receipt_and_a_reprint_by_keyboard(
    start_counter, stored, catalog
):
    counter = start_counter("ru")
    log_in(counter, "operator")
    intake = Intake(counter, catalog, "guardian-benefit", DESK_DAY, ticket=("A017", "09:40"))
    intake.dates = {"bank_account_contract": "31.12.2030"}  # typed into the checklist's Date cell
    counter.presses = counter.characters = 0
    intake.run()
    intake.print_receipt()
    intake.next_citizen()
    assert intake.pages == [
        "ApplicantPage",
        "RegistrationPage",
        "RepresentativePage",
        "ChildrenPage",
        "QuestionsPage",
        "ApplicationFormPage",
        "ChecklistPage",
        "ConsentPage",
        intake.pages[8],
        "DonePage",
    ]
    print(
        f"\nbenefit intake at the real window: {counter.presses} key presses beyond "
        f"{counter.characters} characters typed"
    )
    assert counter.presses <= BENEFIT_KEY_BUDGET + 2 * len(intake.dates)  # D and Enter for each date typed

    stored_application = only_application(stored())
    assert stored_application.decision is Decision.ACCEPTED
    draft = stored_application.draft
    assert (draft.applicant.last_name, draft.applicant.first_name) == (SURNAME, FIRST_NAME)
    assert draft.applicant.id_document.issued_by == "ҚР ІІМ"
    assert draft.children[0].iin == CHILD_IIN and draft.children[0].first_name == "Нұрлан"
    assert (draft.queue_ticket, draft.queue_time) == ("A017", dt.time(9, 40))
    assert stored_application.missing == []
    assert draft.marks["bank_account_contract"].expires_on == dt.date(2030, 12, 31)
    (receipt,) = issued_documents(stored(), stored_application.receipt_number)
    assert (receipt.kind, receipt.is_copy, receipt.language) == (IssuedKind.ACCEPTANCE, False, "ru")
    # The citizen comes back for another copy: Ctrl+F, the receipt number's department and month (the newest of
    # the month first), Enter, F9 on the row found.
    counter.key("ctrl+f")
    counter.wait_focus(r"ApplicationsTab\.search$")
    counter.type(stored_application.receipt_number.rsplit("-", 1)[0][:-2])
    counter.key("Return")
    counter.wait_focus(r"ApplicationsTab\.table$")
    counter.key("F9")
    counter.wait_focus(r"PrintLanguageDialog\.language$")
    counter.key("Return")
    counter.wait_focus(r"PdfPreviewDialog")
    counter.key("Return")
    counter.wait_focus(r"ApplicationsTab\.")

    def both_archived():
        documents = issued_documents(stored(), stored_application.receipt_number)
        return documents if len(documents) == 2 else None

    original, copy = wait_for(both_archived, "the copy to be archived")
    assert original.pdf == receipt.pdf and copy.is_copy and copy.kind is IssuedKind.ACCEPTANCE
    assert "КОПИЯ" in PdfReader(io.BytesIO(copy.pdf)).pages[0].extract_text()
    wait_for(lambda: len(list(counter.print_dir.glob("*.pdf"))) == 3, "the copy to be printed")
    # What went to the "printer": the application for signature (F8), the archived receipt's pages, the copy.
    application, printed, _copy = sorted(
        counter.print_dir.glob("*.pdf"), key=lambda path: path.stat().st_mtime
    )
    assert len(PdfReader(printed).pages) == len(PdfReader(io.BytesIO(receipt.pdf)).pages) >= 1
    assert stored_application.receipt_number in PdfReader(io.BytesIO(receipt.pdf)).pages[0].extract_text()
    assert (draft.application.account, draft.application.bank) == ("KZ86125KZT5004100100", "kaspi")
    assert (draft.application.decision.number, draft.application.decision.date) == (
        "12-345",
        dt.date(2025, 3, 5),
    )
    assert draft.application.printed_language == "ru"
    assert len(PdfReader(application).pages) == 1
    form_row = next(row for row in stored_application.checklist if row["key"] == "application")
    assert form_row["form_printed"] == "ru"  # the receipt says the application was filled in here and signed


COUNTER_SERVICES = (
    "guardian-benefit",
    "guardianship",
    "parent-meeting-permission",
    "school-transport",
    "camp-vouchers",
)


@pytest.mark.parametrize("xserver", [False], ids=["no-wm"], indirect=True)
def test_every_counter_service_is_accepted_and_refused_by_keyboard(start_counter, stored, catalog):
    """One operator, ten citizens: each service with every document (accepted), then without its last one
    (refused); each receipt printed, then F10 to the next citizen."""
    counter = start_counter("kk")
    log_in(counter, "operator")
    expected = []
    for code in COUNTER_SERVICES:
        for missing in (False, True):
            intake = Intake(counter, catalog, code, DESK_DAY)
            if missing:
                intake.missing = "last"
            intake.run()
            expected.append((code, intake.missing_key, [item.key for item in intake.items()]))
            intake.print_receipt()
            intake.next_citizen()

    db = stored()
    summaries = sorted(search_applications(db, APPLICANT_IIN), key=lambda s: s.receipt_number)
    assert [s.receipt_number[-4:] for s in summaries] == [f"{n:04d}" for n in range(1, 11)]
    for summary, (code, missing_key, keys) in zip(summaries, expected, strict=True):
        application = load_application(db, summary.receipt_number, desk_account(db))
        assert application.service_code == code
        assert [row["key"] for row in application.checklist] == keys
        if missing_key is None:
            assert application.decision is Decision.ACCEPTED and application.missing == []
        else:
            assert application.decision is Decision.REFUSED
            assert [m["key"] for m in application.missing] == [missing_key]
        (receipt,) = issued_documents(db, summary.receipt_number)
        assert receipt.kind is (IssuedKind.ACCEPTANCE if missing_key is None else IssuedKind.REFUSAL)
        assert receipt.language == "kk"  # the Kazakh UI proposes Kazakh
    assert len(list(counter.print_dir.glob("*.pdf"))) == 20  # each citizen's application (F8) and receipt


@pytest.mark.parametrize("xserver", [True], ids=["openbox"], indirect=True)
def test_the_focus_stays_in_the_page_through_a_refused_field_another_screen_and_the_lock(start_counter):
    counter = start_counter("ru")
    log_in(counter, "operator")
    counter.wait_focus(r"ServicePage\.filter$")
    counter.type("пособие опек")
    counter.key("Return")
    counter.wait_focus(r"ApplicantPage\.person\.iin$")
    counter.type("123456789012")  # a wrong check digit
    counter.key("Return")
    counter.key("Tab")  # had the focus left the field at fault, this would not bring it back
    counter.wait_focus(r"ApplicantPage\.person\.last_name$")
    counter.key("shift+Tab")
    counter.wait_focus(r"ApplicantPage\.person\.iin$")
    counter.key("ctrl+3")  # the Results screen, then back to the intake
    counter.wait_focus(r"ResultsScreen")
    counter.key("ctrl+1")
    counter.wait_focus(r"ApplicantPage\.person\.iin$")
    counter.key("ctrl+l")  # lock, unlock with the password: the keyboard is back where it was
    counter.wait_focus(r"LockScreen\.password$")
    counter.type(NEW_PASSWORD)  # the demo password was changed at the first sign-in
    counter.key("Return")
    counter.wait_focus(r"ApplicantPage\.person\.iin$")
    counter.type("x")  # still typing into the IIN field: the wizard is still on the applicant page
    counter.wait_focus(r"ApplicantPage\.person\.iin$")
    assert "MainWindow.navigation" not in counter.lines("focus")
