"""The date of each action is the clock's when it happens: a window left open past midnight, or locked in the
evening and unlocked the next morning, issues the receipt with the new day's number, date and due dates.

The real main window offscreen, with a settable clock (the program's own clock is only replaced)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard

from counter_app.core.domain import i18n
from counter_app.core.domain.calendar import handoff_due_date
from counter_app.core.domain.clock import SettableClock
from counter_app.core.domain.intake_rules import result_due, service_version
from counter_app.core.domain.permissions import Screen
from counter_app.core.usecases.applications import load_application
from counter_app.core.usecases.office_settings import OfficeSettings
from counter_app.ui.app import register_fonts
from counter_app.ui.context import AppContext
from counter_app.ui.intake.pages import PageId
from counter_app.ui.main_window import MainWindow
from tests.support.databases import desk_account
from tests.support.intake_helpers import TODAY, complete_draft, settle

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")
MONDAY, TUESDAY, WEDNESDAY = TODAY, TODAY + dt.timedelta(days=1), TODAY + dt.timedelta(days=2)


@pytest.fixture(autouse=True)
def english_ui(qapp):
    register_fonts(qapp)
    listeners = list(i18n._listeners)
    i18n.set_language("en")
    yield
    i18n._listeners[:] = listeners
    i18n._current = "en"


@pytest.fixture
def clock():
    return SettableClock.on(MONDAY, dt.time(23, 40))


@pytest.fixture
def window(qtbot, loop, db, catalog, operator, clock):
    main = MainWindow(AppContext(db, catalog), operator, clock=clock)
    qtbot.addWidget(main)
    main.resize(1300, 800)
    main.show()
    main.activateWindow()
    qtbot.waitExposed(main)
    qtbot.waitUntil(main.office_task.done, timeout=10_000)
    screen = main.open_screen(Screen.INTAKE)
    qtbot.waitUntil(screen.load_task.done, timeout=10_000)
    return main


def press(qtbot, widget, key: Qt.Key) -> None:
    """The key to ``widget``, focused first, as the operator's keyboard sends it; then let its work end."""
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=10_000)
    qtbot.keyClick(widget, key)
    settle(qtbot)


def intake_to_decision(window: MainWindow, catalog) -> None:
    """An intake typed up to its decision page (the pages are tested elsewhere)."""
    wizard = window.screens[Screen.INTAKE].wizard
    draft = complete_draft(catalog, "guardian-benefit")
    draft.page = PageId.DECISION
    wizard.start(draft)
    assert wizard.currentId() == PageId.DECISION


def accept_and_print(qtbot, window: MainWindow) -> tuple[str, str]:
    """Accept on the decision page, then F9: the receipt number and the printed receipt's text."""
    wizard = window.screens[Screen.INTAKE].wizard
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)  # Accept
    settle(qtbot)
    assert wizard.currentId() == PageId.DONE, wizard.currentPage().error.text()
    press(qtbot, wizard.currentPage(), Qt.Key.Key_F9)
    assert wizard.preview is not None
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(wizard.last_pdf)).pages)
    wizard.preview.close()
    number = wizard.outcome.number
    wizard.finish()  # F10: the next citizen
    return number, text


def due_dates(db, catalog, day: dt.date) -> tuple[dt.date, dt.date]:
    overrides = OfficeSettings(db).calendar_overrides()
    version = service_version(catalog, "guardian-benefit", day)[1]
    return handoff_due_date(day, overrides), result_due(version, day, overrides)


def assert_issued_on(db, catalog, number: str, text: str, day: dt.date) -> None:
    stored = load_application(db, number, desk_account(db))
    assert stored.day == day
    handoff_due, result = due_dates(db, catalog, day)
    assert (stored.package.handoff_due, stored.package.result_due) == (handoff_due, result)
    assert number in text and day.strftime("%d.%m.%Y") in text  # the receipt's own date
    assert handoff_due.strftime("%d.%m.%Y") in text


def test_an_intake_left_open_past_midnight_is_issued_on_the_new_day(qtbot, window, db, catalog, clock):
    intake_to_decision(window, catalog)
    number, text = accept_and_print(qtbot, window)  # Monday, 23:40
    assert number == "1-20261123-0001"
    assert_issued_on(db, catalog, number, text, MONDAY)

    intake_to_decision(window, catalog)  # the next citizen, at 23:55
    clock.advance(minutes=15)
    clock.set_day(TUESDAY, dt.time(0, 10))  # the intake is accepted after midnight
    window.date_timer.timeout.emit()  # the status bar's minute tick
    number, text = accept_and_print(qtbot, window)
    assert number == "1-20261124-0001"  # the new day's first number, not Monday's second
    assert_issued_on(db, catalog, number, text, TUESDAY)
    assert "23.11.2026" not in text
    assert window.date_label.text() == "Tuesday, 24.11.2026"
    assert due_dates(db, catalog, TUESDAY) != due_dates(
        db, catalog, MONDAY
    )  # the test can tell the days apart


def test_a_window_locked_in_the_evening_and_unlocked_next_morning_issues_that_days_receipt(
    qtbot, window, db, catalog, clock
):
    clock.set_day(MONDAY, dt.time(18, 55))
    intake_to_decision(window, catalog)
    window.lock()  # Ctrl+L, or the idle time, at the end of the day
    clock.set_day(WEDNESDAY, dt.time(9, 0))  # a day off in between: the counter opens on Wednesday
    lock = window.lock_screen
    lock.password.setText("operator")
    press(qtbot, lock.password, Qt.Key.Key_Return)
    assert not window.locked
    number, text = accept_and_print(qtbot, window)
    assert number == "1-20261125-0001"
    assert_issued_on(db, catalog, number, text, WEDNESDAY)
