"""The wizard where the law stops the intake (issue #13): no consent, a day the centre does not work."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select
from test_wizard import (  # noqa: F401 - fixtures shared with the wizard's own tests
    BENEFIT_MARKS,
    Keyboard,
    _qasync_loop,
    benefit_until_checklist,
    ctx,
    english_ui,
    pdf_text,
)

from counter_app.core.audit import AuditLog
from counter_app.core.clock import SettableClock
from counter_app.core.intake import Drafts, IntakeAction
from counter_app.storage.intake_tables import ApplicationRow, ReceiptCounterRow
from counter_app.ui.intake.pages import PageId
from counter_app.ui.intake.wizard import IntakeWizard

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
    assert wizard.button(wizard.WizardButton.CommitButton).text().replace("&", "") == "Cancel the intake"
    keys.press(Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.DONE and wizard.outcome.cancelled
    assert wizard.page(PageId.DONE).title() == "Cancelled: no consent"
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
