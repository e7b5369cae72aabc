"""Keys that mean the same on every screen.

Enter (Return, or Enter on the keypad) on a focused push button presses it, as Space does. Qt does this only for
a dialog's buttons (they are "auto default"); outside a dialog the key went to the button's parent and nothing
happened. :func:`enter_presses_buttons` adds it once, for the whole application, only where Qt would not press the
button itself: a dialog's button (QWizard is a dialog: the intake's Next) is left to Qt and pressed once, and a
window shortcut on Enter, a table's editor or a field that takes Enter never reach it (they are not buttons, or
they take the key before the button sees it).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QPushButton

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class EnterPressesButtons(QObject):
    """The application-wide event filter of :func:`enter_presses_buttons`."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() != QEvent.Type.KeyPress
            or not isinstance(event, QKeyEvent)
            or event.key() not in _ENTER
            or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            or not isinstance(watched, QPushButton)
            or watched.autoDefault()  # a dialog's button: Qt presses it itself
            or watched.isDefault()
            or not watched.isEnabled()
            or not watched.hasFocus()
        ):
            return False
        if not event.isAutoRepeat():  # a held key presses once, as Space does
            watched.click()
        return True


def enter_presses_buttons(owner: QObject) -> EnterPressesButtons:
    """Enter presses the focused push button in the whole application while ``owner`` lives."""
    keys = EnterPressesButtons(owner)
    app = QApplication.instance()
    if app is not None:
        app.installEventFilter(keys)
    return keys
