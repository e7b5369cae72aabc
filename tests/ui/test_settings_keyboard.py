"""The administrator's keyboard in Settings' main window: after Space (or Enter) on Save the keyboard is on Save
again once the office is saved, not in the navigation list where Qt put it while the button was busy."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter_app.core.domain.permissions import Role, Screen

from .test_main_window import open_window


@pytest.mark.parametrize("key", [Qt.Key.Key_Space, Qt.Key.Key_Return], ids=["space", "enter"])
def test_the_keyboard_stays_on_save_after_the_office_is_saved(qtbot, demo_ctx, key):
    window = open_window(qtbot, demo_ctx, Role.ADMIN)
    window.open_screen(Screen.SETTINGS)
    settings = window.screens[Screen.SETTINGS]
    qtbot.waitUntil(settings.load_task.done)
    tab = settings.office_tab
    tab.save_button.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.save_button)
    qtbot.keyClick(tab.save_button, key)
    assert tab.task is not None and not tab.save_button.hasFocus()  # busy: Qt moved the keyboard on
    qtbot.waitUntil(tab.task.done)
    assert tab.saved.text() == "Saved."
    assert QApplication.focusWidget() is tab.save_button
