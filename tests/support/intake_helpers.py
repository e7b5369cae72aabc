"""Shared builders for the intake tests: a seeded SQLite file, the demo operator, complete drafts."""

from __future__ import annotations

import datetime as dt

import pytest

from counter_app.core.domain.application_form import ApplicationDetails, GuardianDecision
from counter_app.core.domain.catalog import Catalog, DocumentKind, ServiceVersion
from counter_app.core.domain.checklist import required_items
from counter_app.core.domain.iin import Sex, make_iin
from counter_app.core.domain.intake_draft import Applicant, Child, IdDocument, IntakeDraft, ItemMark, Mark
from counter_app.core.domain.intake_rules import mark_allowed, service_version

TODAY = dt.date(2026, 11, 23)  # a Monday
ALMATY_DISTRICT = "район «Алматы»"
COUNTER_SERVICES = (
    "guardian-benefit",
    "guardianship",
    "parent-meeting-permission",
    "school-transport",
    "camp-vouchers",
)
APPLICANT_IIN = make_iin(dt.date(1985, 3, 14), Sex.FEMALE, 1234)
CHILD_IIN = make_iin(dt.date(2015, 6, 2), Sex.MALE, 4321)


def version_or_skip(catalog: Catalog, code: str) -> ServiceVersion:
    try:
        catalog.service(code)
    except KeyError:
        pytest.skip(f"forms/services/{code}.yaml is not there yet")
    return service_version(catalog, code, TODAY)[1]


def needs_child(version: ServiceVersion) -> bool:
    return version.jurisdiction.rule in ("child", "applicant_or_child") or any(
        d.per_child for d in version.documents
    )


def good_mark(item) -> Mark:
    if item.document.kind is DocumentKind.INFORMATION_SYSTEM and mark_allowed(item, Mark.INFORMATION_SYSTEM):
        return Mark.INFORMATION_SYSTEM
    return Mark.COPY if item.document.kind in (DocumentKind.COPY, DocumentKind.NOTARISED) else Mark.ORIGINAL


def complete_draft(catalog: Catalog, code: str, children: int = 1) -> IntakeDraft:
    """A draft for ``code`` with every required item presented and the consent given."""
    version = version_or_skip(catalog, code)
    draft = IntakeDraft(
        service_code=code,
        applicant=Applicant(
            iin=APPLICANT_IIN,
            last_name="Сәрсенбаева",
            first_name="Әйгерім",
            patronymic="",
            id_document=IdDocument(number="045678912", issued_on=dt.date(2020, 1, 15), issued_by="МВД РК"),
            phone="+7 701 123 45 67",
            address="г. Астана, ул. Кенесары, 12, кв. 5",
            district=ALMATY_DISTRICT,
        ),
        registration_confirmed=True,
        children=[
            Child(
                iin=CHILD_IIN,
                last_name="Сәрсенбаев",
                first_name="Нұрлан",
                birth_date=dt.date(2015, 6, 2),
                district=ALMATY_DISTRICT,
            )
            for _ in range(children if needs_child(version) else 0)
        ],
        consent=True,
        application=ApplicationDetails(  # what the benefit's App. 1 asks for (other forms ignore it)
            account="KZ86125KZT5004100100",
            bank="halyk",
            decision=GuardianDecision(
                body="Алматы ауданы әкімдігі", number="12-345", date=dt.date(2025, 3, 5)
            ),
        ),
        queue_ticket="A017",
        queue_time=dt.time(9, 40),
    )
    for item in required_items(version, draft.checklist_answers()):
        draft.marks[item.key] = ItemMark(mark=good_mark(item))
    return draft


def language_dialog_open(qtbot, tab) -> None:
    """Wait until the Applications tab's reprint language dialog is open and the keys go to it (under load the
    focus comes a moment after the dialog shows: Down and Return went to the table)."""
    from PySide6.QtWidgets import QApplication

    def ready() -> bool:
        focused = QApplication.focusWidget()
        return (
            tab.language_dialog is not None
            and focused is not None
            and tab.language_dialog.isAncestorOf(focused)
        )

    qtbot.waitUntil(ready, timeout=10_000)


def settle(qtbot, timeout: int = 10_000) -> None:
    """Let the Qt loop run until the background work the last key started (saves, commits, prints) is done."""
    from counter_app.ui.kit import operations

    try:
        qtbot.waitUntil(lambda: not operations.pending(), timeout=timeout)
    except Exception:
        print("PENDING", operations.pending())
        raise
