"""Enter (Return, keypad Enter) on a focused push button presses it, as Space does, on every screen of the main
window; once, never twice where Qt already presses it (a dialog's buttons, the wizard), and not where Enter
already means something else (a window's shortcut on Enter)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QVBoxLayout, QWidget

from counter_app.core.domain.permissions import Role, Screen

from .test_main_window import open_window

KEYPAD = Qt.KeyboardModifier.KeypadModifier


def counted(button: QPushButton) -> list[int]:
    clicks: list[int] = []
    button.clicked.connect(lambda: clicks.append(1))
    return clicks


def focused_button(qtbot, window: QWidget, button: QPushButton) -> None:
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    button.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is button)


def test_enter_presses_the_settings_save_button(qtbot, demo_ctx):
    window = open_window(qtbot, demo_ctx, Role.ADMIN)
    window.open_screen(Screen.SETTINGS)
    settings = window.screens[Screen.SETTINGS]
    qtbot.waitUntil(settings.load_task.done)
    tab = settings.office_tab
    tab.windows.setText("1, 2, 3, 4, 5")
    tab.save_button.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.save_button)
    qtbot.keyClick(tab.save_button, Qt.Key.Key_Return)
    assert tab.task is not None  # pressed: the save runs
    qtbot.waitUntil(tab.task.done)
    assert tab.saved.text() == "Saved."
    assert demo_ctx.office_settings.load().windows == ("1", "2", "3", "4", "5")


def test_return_and_keypad_enter_press_a_focused_button_once(qtbot, demo_ctx):
    main = open_window(qtbot, demo_ctx, Role.ADMIN)  # the main window sets the keys of the application
    assert main.isVisible()
    window, button, other = QWidget(), QPushButton("Press"), QPushButton("Other")
    layout = QVBoxLayout(window)
    layout.addWidget(button)
    layout.addWidget(other)
    clicks, others = counted(button), counted(other)
    focused_button(qtbot, window, button)
    qtbot.keyClick(button, Qt.Key.Key_Return)
    assert clicks == [1]
    qtbot.keyClick(button, Qt.Key.Key_Enter, KEYPAD)
    assert clicks == [1, 1]
    qtbot.keyClick(button, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # not plain Enter
    assert clicks == [1, 1] and others == []


def test_a_dialog_button_is_pressed_once_by_qt_itself(qtbot, demo_ctx):
    open_window(qtbot, demo_ctx, Role.ADMIN)
    dialog, button = QDialog(), QPushButton("Press")
    QVBoxLayout(dialog).addWidget(button)
    clicks = counted(button)
    focused_button(qtbot, dialog, button)
    qtbot.keyClick(button, Qt.Key.Key_Return)
    assert clicks == [1]


def test_a_window_shortcut_on_enter_keeps_its_meaning(qtbot, demo_ctx):
    open_window(qtbot, demo_ctx, Role.ADMIN)
    window, button = QWidget(), QPushButton("Press")
    QVBoxLayout(window).addWidget(button)
    shortcut = QShortcut(QKeySequence(Qt.Key.Key_Return), window)
    fired: list[int] = []
    shortcut.activated.connect(lambda: fired.append(1))
    clicks = counted(button)
    focused_button(qtbot, window, button)
    qtbot.keyClick(button, Qt.Key.Key_Return)
    assert fired == [1] and clicks == []
