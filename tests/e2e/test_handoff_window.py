"""The manager's desk at the real window, keyboard only: the day after two intakes, a manifest is built
(Ctrl+B), printed (Ctrl+P, into a PDF file), picked up by the courier with both packages scanned (F6) and
delivered (F7); the result is read back through the core."""

from __future__ import annotations

import datetime as dt

import pytest

from counter_app.core.domain.application_form import ApplicationDetails, GuardianDecision
from counter_app.core.domain.checklist import required_items
from counter_app.core.domain.intake_draft import Applicant, Child, IdDocument, IntakeDraft, ItemMark
from counter_app.core.domain.packages import ManifestStatus, PackageStatus
from counter_app.core.usecases.accounts import Accounts
from counter_app.core.usecases.applications import load_application
from counter_app.core.usecases.demo import seed_demo
from counter_app.core.usecases.intake import accept
from counter_app.core.usecases.manifests import load_manifest, manifests_on
from tests.support.desk import APPLICANT_IIN, CHILD_IIN, log_in
from tests.support.xsession import DESK_DAY, wait_for

COURIER = "Нұрлан Жақсылықов"
CLERK = "Әсел Қайратқызы"


def benefit_draft(catalog) -> IntakeDraft:
    version = catalog.service("guardian-benefit").version_on(DESK_DAY)
    draft = IntakeDraft(
        service_code="guardian-benefit",
        applicant=Applicant(
            iin=APPLICANT_IIN,
            last_name="Сәрсенбаева",
            first_name="Әйгерім",
            id_document=IdDocument(number="045678912", issued_on=dt.date(2020, 1, 15), issued_by="ҚР ІІМ"),
            phone="+7 701 123 45 67",
            address="Астана, Кенесары 12-5",
            district="район «Алматы»",
        ),
        registration_confirmed=True,
        children=[
            Child(
                iin=CHILD_IIN,
                last_name="Сәрсенбаев",
                first_name="Нұрлан",
                birth_date=dt.date(2015, 6, 2),
                district="район «Алматы»",
            )
        ],
        consent=True,
        application=ApplicationDetails(  # App. 1 of the benefit: the account, the bank, the appointment decision
            account="KZ86125KZT5004100100",
            bank="kaspi",
            decision=GuardianDecision(
                body="Алматы ауданы әкімдігі", number="12-345", date=dt.date(2025, 3, 5)
            ),
        ),
    )
    for item in required_items(version, draft.checklist_answers()):
        draft.marks[item.key] = ItemMark(
            mark="copy"
            if item.document.kind.value in ("copy", "notarised")
            else "information_system"
            if item.document.kind.value == "information_system"
            else "original"
        )
    return draft


@pytest.mark.parametrize("xserver", [True], ids=["openbox"], indirect=True)
def test_a_manager_builds_prints_and_hands_over_a_manifest_by_keyboard(start_counter, stored, catalog):
    db = stored()
    seed_demo(db)
    operator = Accounts(db).find("operator")
    numbers = [
        accept(db, operator, benefit_draft(catalog), DESK_DAY, window="1", catalog=catalog) for _ in range(2)
    ]
    tuesday = DESK_DAY + dt.timedelta(days=1)

    counter = start_counter("en", day=tuesday)  # this manager works in English (Latin mnemonics)
    log_in(counter, "manager")
    counter.wait_focus(r"^MainWindow/CatalogScreen")
    loads = counter.busy_count()
    counter.key("ctrl+2")
    counter.wait_focus(r"QueueTab\.providers_view$")
    counter.wait_idle(loads)
    counter.press_until("ctrl+b", r"ManifestsTab\.manifests_view$")
    counter.press_until("ctrl+p", r"PrintLanguageDialog\.language$")
    counter.key("Return")  # the language proposed
    counter.wait_focus(r"PdfPreviewDialog")
    counter.key("Return")  # print (into a PDF file) and close
    counter.wait_focus(r"ManifestsTab\.manifests_view$")
    assert len(list(counter.print_dir.glob("*.pdf"))) == 1

    counter.press_until("F6", r"PickupDialog\.courier$")
    counter.type(COURIER)
    counter.key("alt+s")  # "&Scan or type…": Tab would stay in the time field's sections
    counter.wait_focus(r"PickupDialog\.scan$")
    for number in numbers:  # a scanner types the receipt number and Enter
        counter.type(number)
        counter.key("Return")
    counter.key("alt+c")  # "&Courier:", where Enter records the pickup
    counter.wait_focus(r"PickupDialog\.courier$")
    counter.press_until("Return", r"ManifestsTab\.manifests_view$")

    counter.press_until("F7", r"DeliveryDialog\.clerk$")
    counter.type(CLERK)
    counter.key("Return")
    counter.wait_focus(r"ManifestsTab\.manifests_view$")

    def delivered():
        (summary,) = manifests_on(stored(), tuesday)
        manifest = load_manifest(stored(), summary.number)
        return manifest if manifest.status is ManifestStatus.DELIVERED else None

    manifest = wait_for(delivered, "the manifest to be recorded as delivered")
    assert manifest.courier_name == COURIER and manifest.clerk_name == CLERK
    assert manifest.delivered_on == tuesday
    assert sorted(line.receipt_number for line in manifest.lines) == sorted(numbers)
    for number in numbers:
        assert load_application(db, number, operator).package.status is PackageStatus.DELIVERED
