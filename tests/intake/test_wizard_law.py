"""The wizard where the law stops the intake (issue #13): no consent, a day the centre does not work."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from counter_app.core.domain import i18n
from counter_app.core.domain.checklist import required_items
from counter_app.core.domain.clock import SettableClock
from counter_app.core.domain.intake_draft import IntakeAction, IntakeDraft, ItemMark
from counter_app.core.usecases.audit import AuditLog
from counter_app.core.usecases.drafts import Drafts
from counter_app.storage.intake_tables import ApplicationRow, ReceiptCounterRow
from counter_app.ui.intake.pages import PageId
from counter_app.ui.intake.wizard import IntakeWizard
from tests.intake.test_wizard import (  # noqa: F401 - fixtures shared with the wizard's own tests
    BENEFIT_MARKS,
    Keyboard,
    _qasync_loop,
    benefit_until_checklist,
    ctx,
    english_ui,
    pdf_text,
)
from tests.support.intake_helpers import complete_draft, good_mark, version_or_skip

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")

SUNDAY = dt.date(2026, 11, 22)


@pytest.fixture
def open_wizard(qtbot, ctx, operator):  # noqa: F811
    def open_(today: dt.date) -> IntakeWizard:
        w = IntakeWizard(
            ctx.db, ctx.catalog, operator, ctx.office_settings.load(), clock=SettableClock.on(today)
        )
        qtbot.addWidget(w)
        w.resize(1100, 720)
        w.show()
        w.activateWindow()
        qtbot.waitExposed(w)
        qtbot.waitUntil(w.isActiveWindow)
        w.page(PageId.SERVICE).filter.setFocus()
        return w

    return open_


def stored_rows(db) -> tuple[int, int]:
    with db.read() as session:
        return (
            session.scalar(select(func.count()).select_from(ApplicationRow)),
            session.scalar(select(func.count()).select_from(ReceiptCounterRow)),
        )


def checklist_then_consent(keys: Keyboard, wizard: IntakeWizard, consent: bool) -> None:
    for key, _mark in BENEFIT_MARKS.values():
        keys.press(key)
    keys.press(Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.CONSENT
    if consent:
        keys.press(Qt.Key.Key_Space)
    keys.press(Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.DECISION


def test_without_consent_enter_cancels_the_intake_and_f9_prints_the_note(qtbot, open_wizard, db, operator):
    wizard = open_wizard(dt.date(2026, 11, 23))
    keys = Keyboard(qtbot)
    benefit_until_checklist(keys, wizard)
    checklist_then_consent(keys, wizard, consent=False)
    decision = wizard.page(PageId.DECISION)
    assert "no ground to refuse" in decision.decision.text()
    assert "receipt number" in decision.subTitle() and "Enter issues" not in decision.subTitle()
    assert "Enter cancels the intake" in decision.subTitle() and "F9" in decision.subTitle()
    assert wizard.button(wizard.WizardButton.CommitButton).text().replace("&", "") == "Cancel the intake"
    keys.press(Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.DONE and wizard.outcome.cancelled
    assert wizard.page(PageId.DONE).title() == "Cancelled: no consent"
    assert "F9: print the note" in wizard.page(PageId.DONE).keys.text()
    assert stored_rows(db) == (0, 0) and Drafts(db).load(operator) is None
    assert any(e.action == IntakeAction.CANCELLED_NO_CONSENT for e in AuditLog(db).recent())
    keys.press(Qt.Key.Key_F9)
    assert wizard.preview is not None
    assert "Вы такого согласия не дали" in " ".join(pdf_text(wizard.last_pdf).split())
    keys.press(Qt.Key.Key_Escape)
    keys.press(Qt.Key.Key_F10)
    assert wizard.currentId() == PageId.SERVICE and wizard.outcome is None


def test_on_a_sunday_the_wizard_says_so_and_issues_no_receipt(qtbot, open_wizard, db):
    wizard = open_wizard(SUNDAY)
    assert "22.11.2026" in wizard.page(PageId.SERVICE).error.text()  # said at once
    keys = Keyboard(qtbot)
    benefit_until_checklist(keys, wizard)
    checklist_then_consent(keys, wizard, consent=True)
    decision = wizard.page(PageId.DECISION)
    assert "does not work on 22.11.2026" in decision.decision.text()
    assert not wizard.button(wizard.WizardButton.CommitButton).isEnabled()
    keys.press(Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.DECISION and stored_rows(db) == (0, 0)


def test_with_consent_the_decision_page_says_enter_issues_the_receipt(qtbot, open_wizard):
    wizard = open_wizard(dt.date(2026, 11, 23))
    keys = Keyboard(qtbot)
    benefit_until_checklist(keys, wizard)
    checklist_then_consent(keys, wizard, consent=True)
    assert "Enter issues the receipt number" in wizard.page(PageId.DECISION).subTitle()


def relative_guardianship(catalog, relation: str | None) -> IntakeDraft:
    """A guardianship draft of a relative (or step-parent) of the child, every required item marked, resumed
    at the checklist."""
    draft = complete_draft(catalog, "guardianship")
    if relation:
        draft.answers[relation] = True
    version = version_or_skip(catalog, "guardianship")
    draft.marks = {
        item.key: ItemMark(mark=good_mark(item))
        for item in required_items(version, draft.checklist_answers())
    }
    draft.page = PageId.CHECKLIST
    return draft


def table_rows(page) -> list[list[str]]:
    model = page.model
    return [
        [model.text(row, column) for column in range(model.columnCount())] for row in range(model.rowCount())
    ]


def test_a_relatives_training_certificate_is_a_row_to_be_brought_within_a_year(qtbot, open_wizard, catalog):
    """Guardianship p. 15-1: a relative or step-parent brings the training certificate within one calendar
    year; the checklist shows it as such (as the acceptance receipt lists it), not markable, never missing."""
    version = version_or_skip(catalog, "guardianship")
    certificate = next(d for d in version.documents if d.key == "training_certificate")
    wizard = open_wizard(dt.date(2026, 11, 23))
    wizard.start(relative_guardianship(catalog, "relative_or_step_parent"))
    assert wizard.currentId() == PageId.CHECKLIST
    page = wizard.page(PageId.CHECKLIST)
    rows = table_rows(page)
    assert "training_certificate" not in [item.key for item in page.items]
    later = [row for row in rows if row[1] == certificate.label.get("en")]
    assert later == [
        [
            str(certificate.number),
            certificate.label.get("en"),
            "to be brought later",
            "—",
            "—",
            certificate.deferred.text.get("en"),
        ]
    ]
    assert rows[-1] == later[0]  # below the documents to mark

    keys = Keyboard(qtbot)
    page.table.go_to(len(rows) - 1, page.MARK_COLUMN)
    keys.press(Qt.Key.Key_1)
    assert "brought later" in page.error.text() and "training_certificate" not in wizard.draft.marks

    i18n.set_language("kk")
    wizard.retranslate()
    assert table_rows(page)[-1][1:] == [
        certificate.label.kk,
        "кейінірек ұсынылады",
        "—",
        "—",
        certificate.deferred.text.kk,
    ]
    i18n.set_language("ru")
    wizard.retranslate()
    assert table_rows(page)[-1][5] == certificate.deferred.text.ru
    assert table_rows(page)[-1][2] == "будет представлен позже"
    i18n.set_language("en")
    wizard.retranslate()

    page.table.go_to(0, page.MARK_COLUMN)
    keys.press(Qt.Key.Key_Return)
    keys.press(Qt.Key.Key_Return)  # the consent (given in the draft)
    decision = wizard.page(PageId.DECISION)
    assert wizard.currentId() == PageId.DECISION and decision.will_accept()
    assert f"{certificate.label.get('en')}: {certificate.deferred.text.get('en')}" in decision.summary.text()


@pytest.mark.parametrize("relation", [None, "close_relative"])
def test_the_training_certificate_is_a_row_to_mark_or_none_without_the_deferral(
    open_wizard, catalog, relation
):
    wizard = open_wizard(dt.date(2026, 11, 23))
    wizard.start(relative_guardianship(catalog, relation))
    page = wizard.page(PageId.CHECKLIST)
    required = "training_certificate" in [item.key for item in page.items]
    assert required is (relation is None)  # a close relative brings none (p. 15-1), a stranger brings it now
    assert len(table_rows(page)) == len(page.items)
