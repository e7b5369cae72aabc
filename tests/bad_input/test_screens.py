"""Bad input typed into the real screens (offscreen Qt widgets): a message in the UI language on the screen,
nothing stored."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from counter_app.core.domain.permissions import Role
from counter_app.core.usecases.office_settings import OfficeSettings
from counter_app.ui.context import AppContext
from counter_app.ui.intake.applications import ApplicationsTab
from counter_app.ui.login import ChangePasswordDialog, LoginDialog
from counter_app.ui.screens.results_screen import ResultsScreen
from counter_app.ui.screens.settings_screen import SettingsScreen
from tests.support.bad_input_world import World, assert_clear, snapshot

LONG = "Ж" * 10_000

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")


def done(qtbot, task) -> None:
    qtbot.waitUntil(task.done, timeout=20_000)


def shown(widget) -> str:
    """What the screen says: its red line under the fields, else the message box over its window."""
    error = getattr(widget, "error", None)
    if error is not None and error.text():
        return error.text()
    box = getattr(widget, "message", None)
    if box is None or not hasattr(box, "informativeText"):
        box = getattr(widget.window(), "_counter_error_box", None)
    if box is None:
        return ""
    return " ".join(part for part in (box.text(), box.informativeText()) if part)


def ok(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def _login(qtbot, w: World, username: str, password: str) -> str:
    dialog = LoginDialog(AppContext(w.db, w.catalog).accounts)
    qtbot.addWidget(dialog)
    dialog.username.setText(username)
    dialog.password.setText(password)
    dialog.accept()
    if dialog.task is not None:
        done(qtbot, dialog.task)
    return dialog.error.text()


def _change_password(qtbot, w: World, new: str) -> str:
    dialog = ChangePasswordDialog(AppContext(w.db, w.catalog).accounts, w.operator)
    qtbot.addWidget(dialog)
    dialog.old_password.setText("Tulip-Desk-31")
    dialog.password.setText(new)
    dialog.password_again.setText(new)
    ok(dialog)
    if dialog.task is not None:
        done(qtbot, dialog.task)
    return shown(dialog)


def _new_user(qtbot, w: World, username: str, password: str, full_name: str = "Дана Ержанқызы") -> str:
    screen = SettingsScreen(AppContext(w.db, w.catalog), w.admin)
    qtbot.addWidget(screen)
    done(qtbot, screen.load_task)
    dialog = screen.users_tab.open_create()
    dialog.username.setText(username)
    dialog.full_name.setText(full_name)
    dialog.role.setCurrentIndex(list(Role).index(Role.MANAGER))
    dialog.password.setText(password)
    dialog.password_again.setText(password)
    ok(dialog)
    if dialog.task is not None:
        done(qtbot, dialog.task)
    return shown(dialog)


def _calendar(qtbot, w: World, reference: str) -> str:
    screen = SettingsScreen(AppContext(w.db, w.catalog), w.admin)
    qtbot.addWidget(screen)
    done(qtbot, screen.load_task)
    tab = screen.calendar_tab
    tab.reference.setText(reference)
    tab.name.setText("Перенос")
    tab.add_button.click()
    if tab.task is not None:
        done(qtbot, tab.task)
    return shown(tab)


def _search(qtbot, w: World, text: str) -> str:
    tab = ApplicationsTab(w.db, w.catalog, w.operator, OfficeSettings(w.db).load(), window="1")
    qtbot.addWidget(tab)
    tab.search.setText(text)
    done(qtbot, tab.run_search())
    return tab.message.text()


def _scan(qtbot, w: World, text: str) -> str:
    screen = ResultsScreen(AppContext(w.db, w.catalog), w.operator)
    qtbot.addWidget(screen)
    screen.scan.setText(text)
    done(qtbot, screen.find())
    return screen.message.text()


CASES = {
    "sign-in: 10,000-letter user name": lambda qtbot, w: _login(qtbot, w, LONG, "x"),
    "sign-in: NUL in the user name": lambda qtbot, w: _login(qtbot, w, "oper\x00ator", "Tulip-Desk-31"),
    "sign-in: password typed as the user name": lambda qtbot, w: _login(
        qtbot, w, "Tulip-Desk-31", "Tulip-Desk-31"
    ),
    "new password: 1": lambda qtbot, w: _change_password(qtbot, w, "1"),
    "new password: the user name in it": lambda qtbot, w: _change_password(qtbot, w, "operator-2026"),
    "Settings, new user: name with a space": lambda qtbot, w: _new_user(
        qtbot, w, "two words", "Fresh-Pass-77"
    ),
    "Settings, new user: weak password": lambda qtbot, w: _new_user(qtbot, w, "newuser", "12345678"),
    "Settings, new user: 10,000-letter full name": lambda qtbot, w: _new_user(
        qtbot, w, "newuser", "Fresh-Pass-77", LONG
    ),
    "Settings, calendar: 10,000-letter legal reference": lambda qtbot, w: _calendar(qtbot, w, LONG),
    "Applications, search: NUL": lambda qtbot, w: _search(qtbot, w, "Ахм\x00"),
    "Applications, search: 10,000 letters": lambda qtbot, w: _search(qtbot, w, LONG),
    "Results, scan: bell character": lambda qtbot, w: _scan(qtbot, w, "1-2026\x07"),
    "Results, scan: 10,000 letters": lambda qtbot, w: _scan(qtbot, w, LONG),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_screen_says_what_is_wrong_and_stores_nothing(qtbot, loop, world: World, in_language, name):
    before = snapshot(world.db)
    message = CASES[name](qtbot, world)
    assert_clear(message, in_language)
    assert snapshot(world.db) == before
