"""The wizard's service page and the service timer: nothing is chosen before the operator starts, and the timer
runs from the next citizen's first key, not from F10 on an empty form."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from counter_app.core.domain import i18n
from counter_app.core.domain.clock import SettableClock
from counter_app.ui.intake.pages import PageId
from counter_app.ui.intake.wizard import IntakeWizard
from tests.support.intake_helpers import TODAY

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")


@pytest.fixture
def wizard(qtbot, loop, db, catalog, operator):
    i18n.set_language("en")
    from counter_app.core.usecases.office_settings import OfficeSettings

    w = IntakeWizard(db, catalog, operator, OfficeSettings(db).load(), clock=SettableClock.on(TODAY))
    qtbot.addWidget(w)
    w.show()
    return w


def type_into(widget, text: str) -> None:
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def test_the_service_page_starts_with_nothing_selected(wizard):
    page = wizard.page(PageId.SERVICE)
    assert page.services.count() > 5
    assert page.services.currentItem() is None and page.selected_service() is None
    assert page.redirect.text() == ""  # no "the counter does not take this service" before anything is asked
    assert not page.isComplete()


def test_the_services_the_counter_takes_come_first_and_a_filter_chooses_one_of_them(wizard):
    page = wizard.page(PageId.SERVICE)
    taken = [page.services.item(r).data(Qt.ItemDataRole.UserRole + 1) for r in range(page.services.count())]
    assert taken == sorted(taken, reverse=True) and taken[0]
    type_into(page.filter, "опека")  # guardianship and the benefit are taken; child-opinion is not
    service = page.selected_service()
    assert service is not None and service.version_on(TODAY).accepted_at_counter
    assert page.isComplete()
    page.filter.clear()
    type_into(page.filter, "пікір")  # only a service the counter does not take matches: its redirect shows
    assert page.selected_service().code == "child-opinion"
    assert "does not take" in page.redirect.text()


def test_the_service_timer_starts_with_the_next_citizen_not_at_f10(wizard, qtbot):
    assert wizard.draft.started_at is None
    assert not wizard.ticker.isActive()
    assert "starts with the next citizen" in wizard.timer_label.text()
    assert wizard.service_seconds() == 0
    wizard.clock.set(dt.datetime(2026, 11, 23, 9, 41, tzinfo=dt.UTC))  # the citizen sits down
    type_into(wizard.page(PageId.SERVICE).filter, "пособие")
    assert wizard.draft.started_at == dt.datetime(2026, 11, 23, 9, 41, tzinfo=dt.UTC)
    assert wizard.ticker.isActive()
    assert "Service time 00:0" in wizard.timer_label.text()

    wizard.finish()  # F10 after a receipt: a new, empty form waits for the next citizen
    assert wizard.draft.started_at is None and not wizard.ticker.isActive()
    assert "starts with the next citizen" in wizard.timer_label.text()


def test_a_page_error_is_said_again_in_the_new_language_and_no_latin_pattern_is_shown(wizard):
    page = wizard.page(PageId.SERVICE)
    type_into(page.filter, "пособие")
    page.ticket_time.setText("9.40")
    assert not page.validatePage()
    assert page.error.text() == "Type the time as hh:mm, e.g. 09:40."
    i18n.set_language("ru")
    assert page.error.text() == "Введите время в формате чч:мм, например 09:40."
    wizard.retranslate()  # as the Intake screen does on a language switch
    assert page.ticket_time.placeholderText() == "чч:мм"
    i18n.set_language("kk")
    wizard.retranslate()
    assert "сс:мм" in page.error.text() and page.ticket_time.placeholderText() == "сс:мм"
    assert "Up/Down" not in page.subTitle()
    i18n.set_language("en")
