"""Small building blocks shared by the screens: language following, inline messages, eliding labels, wrapping
lists, arrows typed in a search field moving its list, the print-language question."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.domain.i18n import (
    LANGUAGE_NAMES,
    N_,
    Message,
    _,
    on_language_changed,
    remove_language_listener,
)

if TYPE_CHECKING:
    from counter_app.core.domain.permissions import Role

# Keyed by the roles' values (Role is a str enum, so Role.OPERATOR finds "operator"): the sign-in window
# imports no use-case module (they bring SQLAlchemy and the models).
ROLE_NAMES = {"operator": N_("Operator"), "manager": N_("Manager"), "admin": N_("Administrator")}


def role_name(role: Role) -> str:
    return _(ROLE_NAMES[role])


def button_row(*left: QWidget, right: tuple[QWidget, ...] = ()) -> QHBoxLayout:
    """A row of buttons: ``left`` from the left edge, ``right`` against the right edge, space between."""
    row = QHBoxLayout()
    for button in left:
        row.addWidget(button)
    row.addStretch(1)
    for button in right:
        row.addWidget(button)
    return row


def follow_language(widget: QWidget, retranslate: Callable[[], None]) -> None:
    """Call ``retranslate()`` whenever the UI language changes, until ``widget`` is destroyed."""

    def listener(_lang: str) -> None:
        if not shiboken6.isValid(widget):  # deleted without its destroyed signal reaching us (e.g. at exit)
            remove_language_listener(listener)
            return
        retranslate()

    on_language_changed(listener)
    widget.destroyed.connect(lambda *_args: remove_language_listener(listener))


class MessageLabel(QLabel):
    """A wrapping status line that says its message again in the new language when the UI language changes
    (for a message made with ``_()``, see ``core.i18n.Message``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self._message: str = ""
        follow_language(self, self._retranslate)

    def say(self, text: str) -> None:
        self._message = text
        self.setText(text)

    def _retranslate(self) -> None:
        if isinstance(self._message, Message):
            self.setText(self._message.again())


class ErrorLabel(MessageLabel):
    """A red, wrapping message shown inside a form (hidden while there is nothing to say)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet("color: #b00020; font-weight: bold;")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_message(self, text: str) -> None:
        self.say(text)
        self.setVisible(bool(text))

    def clear_message(self) -> None:
        self.show_message("")


class ElidingLabel(QLabel):
    """A one-line label that may shrink: it ends with "…" when cut and shows the whole text as a tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setMinimumWidth(40)

    def setText(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def minimumSizeHint(self):
        hint = super().minimumSizeHint()
        hint.setWidth(40)
        return hint

    def sizeHint(self):
        hint = super().sizeHint()
        hint.setWidth(self.fontMetrics().horizontalAdvance(self._full) + 8)
        return hint

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        elided = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(self.width(), 40))
        super().setText(elided)


class WrappingList(QListWidget):
    """A list whose long items wrap onto as many lines as they need (QListView's own estimate cuts them off)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setResizeMode(QListView.ResizeMode.Adjust)

    def fit_items(self) -> None:
        width = max(self.viewport().width() - 2 * self.spacing() - 12, 80)
        metrics = self.fontMetrics()
        for index in range(self.count()):
            item = self.item(index)
            rect = metrics.boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, item.text())
            item.setSizeHint(QSize(width, rect.height() + 8))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_items()


class ArrowsToList(QObject):
    """Up/Down/PgUp/PgDown typed in a search field move the selection in the list below it (install it on the
    field): the keyboard stays where the person types, and the list follows."""

    ARROWS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)

    def __init__(self, target: QAbstractItemView) -> None:
        super().__init__(target)
        self._target = target

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in self.ARROWS
        ):
            self._target.keyPressEvent(event)
            return True
        return False


TITLE_BAR_EXTRAS = 140  # pixels of a title bar that are not its text: the icon, three buttons, the margins


class PrintLanguageDialog(QDialog):
    """Asks the print language (kk/ru) of a receipt or a manifest; Enter accepts the proposed one."""

    def __init__(self, title: str, label_text: str, default: str, parent: QWidget | None = None) -> None:
        from counter_app.core.domain.intake_draft import PRINT_LANGUAGES

        super().__init__(parent)
        self.setWindowTitle(title)
        self.language = QComboBox(self)
        for lang in PRINT_LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[lang], lang)
        self.language.setCurrentIndex(max(self.language.findData(default), 0))
        label = QLabel(label_text, self)
        label.setBuddy(self.language)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.language)
        layout.addWidget(buttons)
        # wide enough for its title beside the window manager's icon and buttons (a bold font on most): the
        # Kazakh "… тізілімін басып шығару" was cut to "1-2026…ығару"
        bold = QFont(self.font())
        bold.setBold(True)
        self.setMinimumWidth(QFontMetrics(bold).horizontalAdvance(title) + TITLE_BAR_EXTRAS)
        self.language.setFocus()

    def chosen(self) -> str:
        return self.language.currentData()
