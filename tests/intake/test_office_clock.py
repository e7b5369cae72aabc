"""Every time a person reads is on the office's clock (Asia/Almaty, UTC+5), whatever the computer's time zone:
the process runs with TZ=Europe/London (set and applied with ``time.tzset``) and an intake taken at 09:07 in
Almaty shows 09:07 on the printed receipt (kk and ru) and in the Applications tab's list of issued documents."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from PySide6.QtCore import Qt

from counter_app.core.domain import i18n
from counter_app.core.domain.clock import SettableClock
from counter_app.core.domain.office_time import office_zone
from counter_app.core.usecases.intake import accept
from counter_app.printing.receipts import issue_receipt
from counter_app.ui.app import register_fonts
from counter_app.ui.context import AppContext
from counter_app.ui.intake.screen import IntakeScreen
from counter_app.ui.kit.formats import format_clock, format_time, parse_time
from tests.printing.conftest import pdf_text
from tests.support.intake_helpers import TODAY, complete_draft

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")

ALMATY_MORNING = dt.datetime.combine(TODAY, dt.time(9, 7), tzinfo=office_zone())


@pytest.fixture(autouse=True)
def london_computer(monkeypatch):
    """This process's local time zone is London's (UTC+0 in November, five hours behind the office)."""
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    assert ALMATY_MORNING.astimezone().strftime("%H:%M") == "04:07"  # the computer's own clock differs
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture(autouse=True)
def english_ui(qapp):
    register_fonts(qapp)
    listeners = list(i18n._listeners)
    i18n.set_language("en")
    yield
    i18n._listeners[:] = listeners
    i18n._current = "en"


def test_the_kit_formatters_show_and_read_the_office_clock():
    assert format_time(ALMATY_MORNING) == "23.11.2026 09:07"
    assert format_clock(ALMATY_MORNING.astimezone(dt.UTC)) == "09:07"
    assert parse_time("23.11.2026 09:07") == ALMATY_MORNING


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_receipt_prints_the_office_time(db, operator, catalog, lang):
    clock = SettableClock(ALMATY_MORNING)
    number = accept(db, operator, complete_draft(catalog, "guardian-benefit"), catalog=catalog, clock=clock)
    pdf, _issued = issue_receipt(db, catalog, operator, number, lang, copy=False, clock=clock)
    text = pdf_text(pdf)
    assert "23.11.2026 09:07" in text and "04:07" not in text


def test_the_applications_tab_shows_the_office_time(qtbot, loop, db, catalog, operator):
    clock = SettableClock(ALMATY_MORNING)
    number = accept(db, operator, complete_draft(catalog, "guardian-benefit"), catalog=catalog, clock=clock)
    issue_receipt(db, catalog, operator, number, "kk", copy=False, clock=clock)
    screen = IntakeScreen(AppContext(db, catalog), operator, clock=clock)
    qtbot.addWidget(screen)
    screen.resize(1100, 760)
    screen.show()
    qtbot.waitExposed(screen)
    tab = screen.applications
    screen.tabs.setCurrentWidget(tab)
    tab.search.setText(number)
    qtbot.keyClick(tab.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=10_000)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)  # the details, with the issued documents
    qtbot.waitUntil(lambda: "Issued documents" in tab.details.toPlainText(), timeout=10_000)
    details = tab.details.toPlainText()
    assert "23.11.2026 09:07" in details and "04:07" not in details
