"""Every date typed on a screen is the kit's DateField: one Tab leaves it (a QDateEdit kept Tab for its day, month
and year: three Tabs to leave), Shift+Tab goes back past it; inside it the sections are still reached with the
arrows, the separator or a whole section typed."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDateEdit, QDateTimeEdit, QLineEdit, QVBoxLayout, QWidget

from counter_app.ui.handoff.dialogs import DeliveryDialog
from counter_app.ui.kit.date_field import DateField
from counter_app.ui.screens.reports_screen import ReportsScreen
from tests.support.known_office import TODAY, build_office

UI = Path(__file__).resolve().parents[2] / "counter_app" / "ui"


def focused():
    return QApplication.focusWidget()


def tab(qtbot, back: bool = False) -> None:
    if back:
        qtbot.keyClick(focused(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    else:
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)


def shown(qtbot, window: QWidget) -> None:
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)


@pytest.fixture
def form(qtbot):
    window = QWidget()
    before, field, after = QLineEdit(), DateField(dt.date(2026, 11, 30)), QLineEdit()
    layout = QVBoxLayout(window)
    for widget in (before, field, after):
        layout.addWidget(widget)
    shown(qtbot, window)
    before.setFocus()
    qtbot.waitUntil(lambda: focused() is before)
    return window, before, field, after  # the window too: qtbot keeps only a weak reference


def test_one_tab_leaves_the_date_and_shift_tab_goes_back_past_it(qtbot, form):
    _window, before, field, after = form
    tab(qtbot)
    assert focused() is field
    tab(qtbot)  # from the day: out, not to the month
    assert focused() is after
    tab(qtbot, back=True)
    assert focused() is field
    tab(qtbot, back=True)  # from the year: out, not to the month
    assert focused() is before


def test_the_sections_are_still_reached_by_typing_and_with_the_arrows(qtbot, form):
    _window, _before, field, _after = form
    tab(qtbot)
    qtbot.keyClicks(field, "05032025")  # a full section moves on to the next one
    assert field.value() == dt.date(2025, 3, 5)
    field.setCurrentSection(QDateEdit.Section.DaySection)
    qtbot.keyClick(field, Qt.Key.Key_Period)  # the separator: the next section
    assert field.currentSection() == QDateEdit.Section.MonthSection
    qtbot.keyClick(field, Qt.Key.Key_Up)
    assert field.value() == dt.date(2025, 4, 5)
    field.setCurrentSection(QDateEdit.Section.YearSection)
    qtbot.keyClick(field, Qt.Key.Key_Left)
    qtbot.keyClick(field, Qt.Key.Key_Left)
    assert field.currentSection() != QDateEdit.Section.YearSection
    assert focused() is field


def test_the_reports_period_is_two_tabs_from_its_start_to_past_its_end(qtbot, ctx, shipped_catalog):
    office = build_office(ctx.db, shipped_catalog)
    screen = ReportsScreen(ctx, office.manager, lambda: TODAY)
    screen.resize(1366, 700)
    shown(qtbot, screen)
    qtbot.waitUntil(lambda: screen.report is not None, timeout=15_000)
    screen.sections.setCurrentIndex(1)  # the report, after the board
    screen.date_from.setFocus()
    qtbot.waitUntil(lambda: focused() is screen.date_from)
    tab(qtbot)
    assert focused() is screen.date_to
    tab(qtbot)
    assert focused() is not screen.date_to and not isinstance(focused(), QDateTimeEdit)
    tab(qtbot, back=True)
    tab(qtbot, back=True)
    assert focused() is screen.date_from


def test_the_delivery_date_is_left_for_the_clerk_with_one_tab(qtbot):
    dialog = DeliveryDialog("7-20261130-Н01", TODAY, lambda day, clerk: None)
    shown(qtbot, dialog)
    dialog.date.setFocus()
    qtbot.waitUntil(lambda: focused() is dialog.date)
    tab(qtbot)
    assert focused() is dialog.clerk


def test_no_screen_builds_its_own_date_editor():
    """A bare QDateEdit/QDateTimeEdit keeps Tab for its sections: every date field is the kit's DateField."""
    bare = re.compile(r"\bQ(Date|DateTime)Edit\(")
    found = [
        f"{path.relative_to(UI)}:{number}"
        for path in sorted(UI.rglob("*.py"))
        if path.name != "date_field.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if bare.search(line)
    ]
    assert found == []
