"""Background work (``operations.Op``): runs off the UI thread, calls back on it, shows a busy button, lets the
newest reload win, and every failure reaches the user in one message box in the UI language."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QPushButton, QVBoxLayout, QWidget

from counter_app.core.domain import i18n
from counter_app.core.domain.handoff_errors import NothingToHandOff
from counter_app.storage.db import Database, DatabaseUnavailable
from counter_app.ui.kit import operations
from counter_app.ui.kit.operations import Newest, Op

from .conftest import wait_done


def shown_widget(qtbot) -> QWidget:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    return parent


def boxes(parent: QWidget) -> list[QMessageBox]:
    return [box for box in parent.findChildren(QMessageBox) if box.isVisible()]


def test_work_runs_off_the_ui_thread_and_the_success_on_it(qtbot, loop):
    parent = shown_widget(qtbot)
    button = QPushButton(parent)
    seen = {}
    busy = []
    operations.activity.busy_changed.connect(busy.append)

    def work():
        seen["worker"] = threading.current_thread()
        return 42

    def success(value):
        seen["value"], seen["after"] = value, threading.current_thread()

    task = Op(parent, work).busy(button).success(success).run()
    assert not button.isEnabled()  # busy at once, before the work even started
    wait_done(qtbot, task)
    operations.activity.busy_changed.disconnect(busy.append)
    assert seen["worker"] is not threading.main_thread()
    assert seen["after"] is threading.main_thread() and seen["value"] == 42
    assert button.isEnabled()
    assert busy == [True, False]


def form_with_button(qtbot) -> tuple[QWidget, QLineEdit, QPushButton, QLineEdit]:
    parent = QWidget()
    qtbot.addWidget(parent)
    layout = QVBoxLayout(parent)
    field, button, other = QLineEdit(), QPushButton("Save"), QLineEdit()
    for widget in (field, button, other):
        layout.addWidget(widget)
    parent.show()
    parent.activateWindow()
    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    return parent, field, button, other


def test_the_keyboard_comes_back_to_the_busy_button_it_pressed(qtbot, loop):
    """Space on Save: the button is disabled while the work runs and Qt gives its focus to the next widget (in
    Settings, the navigation list); when the work is done and shown, the keyboard is on the button again."""
    parent, _field, button, other = form_with_button(qtbot)
    task = Op(parent, lambda: 1).busy(button).run()
    assert other.hasFocus()  # disabled: Qt moved the keyboard on
    wait_done(qtbot, task)
    assert button.hasFocus()
    failing = Op(parent, lambda: 1 / 0).busy(button).failure(lambda _error: None).run()
    wait_done(qtbot, failing)
    assert button.hasFocus()  # after a failure too


def test_the_keyboard_stays_where_the_person_put_it_meanwhile(qtbot, loop):
    parent, field, button, _other = form_with_button(qtbot)
    task = Op(parent, lambda: 1).busy(button).run()
    field.setFocus()
    wait_done(qtbot, task)
    assert field.hasFocus()


def test_a_handler_that_moves_on_keeps_the_keyboard_without_a_bounce(qtbot, loop):
    """The intake's commit: its success shows the next page, which takes the keyboard, and hides the button; the
    keyboard never goes back to the button, not even for a moment (the real-window harness reads every move)."""
    parent, field, button, _other = form_with_button(qtbot)
    moves: list[QWidget] = []
    app = QApplication.instance()

    def moved(_old, new):
        moves.append(new)

    app.focusChanged.connect(moved)

    def next_page(_result):
        button.hide()
        field.setFocus()

    try:
        wait_done(qtbot, Op(parent, lambda: 1).busy(button).success(next_page).run())
    finally:
        app.focusChanged.disconnect(moved)
    assert field.hasFocus()
    assert button not in moves


def test_an_unexpected_failure_is_shown_and_the_button_comes_back(qtbot, loop):
    parent = shown_widget(qtbot)
    button = QPushButton(parent)
    called = []

    def fails():
        raise OSError("disk full")

    wait_done(qtbot, Op(parent, fails).busy(button).success(called.append).run())
    (box,) = boxes(parent)
    assert box.text() == "The operation could not be completed."
    assert box.informativeText() == "disk full"
    assert called == [] and button.isEnabled()
    box.close()


def test_the_database_away_is_said_in_the_ui_language_once(qtbot, loop):
    parent = shown_widget(qtbot)
    listeners = list(i18n._listeners)
    i18n.set_language("kk")
    try:
        for _attempt in range(3):  # the operator presses the button again and again: one box, not three
            wait_done(
                qtbot, Op(parent, Database("sqlite:////nonexistent/dir/x.sqlite3").current_revision).run()
            )
        (box,) = boxes(parent)
        assert box.text() == i18n._("The database cannot be reached.")
        assert box.text() != "The database cannot be reached."  # Kazakh, not English
        assert "unable to open database file" in box.detailedText()
        box.close()
    finally:
        i18n._listeners[:] = listeners
        i18n.set_language("en")


def test_a_refusal_of_the_core_is_shown_in_its_own_words(qtbot, loop):
    parent = shown_widget(qtbot)

    def refuse():
        raise NothingToHandOff()

    wait_done(qtbot, Op(parent, refuse).run())
    (box,) = boxes(parent)
    assert box.text() == "There are no packages to put on a manifest for this provider and day."
    assert box.icon() == QMessageBox.Icon.Warning
    box.close()


def test_a_screen_may_handle_its_failure_itself(qtbot, loop):
    parent = shown_widget(qtbot)
    failures = []

    def fails():
        raise DatabaseUnavailable("server closed the connection")

    wait_done(qtbot, Op(parent, fails).failure(failures.append).run())
    assert [str(f) for f in failures] == ["server closed the connection"]
    assert boxes(parent) == []


def test_the_newest_reload_wins(qtbot, loop):
    parent = shown_widget(qtbot)
    reloads = Newest()
    release_first = threading.Event()
    shown = []

    def slow():
        release_first.wait(10)
        return "old"

    first = Op(parent, slow).newest(reloads).success(shown.append).run()
    second = Op(parent, lambda: "new").newest(reloads).success(shown.append).run()
    wait_done(qtbot, second)
    release_first.set()
    wait_done(qtbot, first)
    assert shown == ["new"]  # the older answer, arriving last, is not shown over the newer one


def test_database_work_on_the_ui_thread_fails_the_tests(qtbot, demo_ctx):
    """The check every test runs under: a screen that reads the database on the UI thread raises (its reads go
    through Op, off the thread, where the same read works)."""
    import os

    from counter_app.core.domain.permissions import Role
    from counter_app.storage.db import UI_THREAD_CHECK_VARIABLE, DatabaseOnUIThread
    from counter_app.ui.screens.settings_screen import SettingsScreen

    from .conftest import demo_account

    assert os.environ.get(UI_THREAD_CHECK_VARIABLE) == "1"
    screen = SettingsScreen(demo_ctx, demo_account(demo_ctx, Role.ADMIN))
    qtbot.addWidget(screen)
    wait_done(qtbot, screen.load_task)  # through Op: read in the background
    assert screen.office.department_number
    with pytest.raises(DatabaseOnUIThread, match="settings_screen.py"):
        screen._read()  # the same read, called on the UI thread by a screen's code
    demo_ctx.office_settings.load()  # the tests' own reads on the main thread are not a screen's
