"""A complete intake at the real window, keyboard only: the focus is where the operator types, from sign-in to
the printed receipt; what was typed is stored (read back through the core)."""

from __future__ import annotations

import datetime as dt
import io

from desk import APPLICANT_IIN, CHILD_IIN, FIRST_NAME, SURNAME, Intake, log_in
from pypdf import PdfReader
from xsession import DESK_DAY

from counter_app.core.intake import (
    Decision,
    IssuedKind,
    issued_documents,
    load_application,
    search_applications,
)

# Key presses of a complete benefit intake (queue ticket, one child, six documents, print), beyond the
# characters typed into fields. Lower is better: lower it when the wizard needs fewer keys.
BENEFIT_KEY_BUDGET = 35


def only_application(db, iin: str = APPLICANT_IIN):
    (summary,) = search_applications(db, iin)
    return load_application(db, summary.receipt_number)


def test_a_benefit_intake_from_sign_in_to_the_printed_receipt_by_keyboard(start_counter, stored, catalog):
    counter = start_counter("ru")
    log_in(counter, "operator")
    intake = Intake(counter, catalog, "guardian-benefit", DESK_DAY, ticket=("A017", "09:40"))
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
        "ChecklistPage",
        "ConsentPage",
        intake.pages[7],
        "DonePage",
    ]
    print(
        f"\nbenefit intake at the real window: {counter.presses} key presses beyond "
        f"{counter.characters} characters typed"
    )
    assert counter.presses <= BENEFIT_KEY_BUDGET

    stored_application = only_application(stored())
    assert stored_application.decision is Decision.ACCEPTED
    draft = stored_application.draft
    assert (draft.applicant.last_name, draft.applicant.first_name) == (SURNAME, FIRST_NAME)
    assert draft.applicant.id_document.issued_by == "ҚР ІІМ"
    assert draft.children[0].iin == CHILD_IIN and draft.children[0].first_name == "Нұрлан"
    assert (draft.queue_ticket, draft.queue_time) == ("A017", dt.time(9, 40))
    assert stored_application.missing == []
    (receipt,) = issued_documents(stored(), stored_application.receipt_number)
    assert (receipt.kind, receipt.is_copy, receipt.language) == (IssuedKind.ACCEPTANCE, False, "ru")
    (printed,) = counter.print_dir.glob("*.pdf")  # what went to the "printer": the archived receipt's pages
    assert len(PdfReader(printed).pages) == len(PdfReader(io.BytesIO(receipt.pdf)).pages) >= 1
    assert stored_application.receipt_number in PdfReader(io.BytesIO(receipt.pdf)).pages[0].extract_text()
