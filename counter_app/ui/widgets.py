"""Small building blocks shared by the screens: language following, inline errors, dialogs that submit."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListView,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.accounts import Role
from counter_app.core.i18n import LANGUAGE_NAMES, N_, _, on_language_changed, remove_language_listener
from counter_app.ui import background

ROLE_NAMES = {Role.OPERATOR: N_("Operator"), Role.MANAGER: N_("Manager"), Role.ADMIN: N_("Administrator")}


def role_name(role: Role) -> str:
    return _(ROLE_NAMES[role])


def follow_language(widget: QWidget, retranslate: Callable[[], None]) -> None:
    """Call ``retranslate()`` whenever the UI language changes, until ``widget`` is destroyed."""

    def listener(_lang: str) -> None:
        retranslate()

    on_language_changed(listener)
    widget.destroyed.connect(lambda *_args: remove_language_listener(listener))


class ErrorLabel(QLabel):
    """A red, wrapping message shown inside a form (hidden while there is nothing to say)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet("color: #b00020; font-weight: bold;")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))

    def clear_message(self) -> None:
        self.show_message("")


def error_text(error: BaseException) -> str:
    """What to tell the user about a failed save: our own phrase, then the detail from the layer below."""
    detail = str(error) or type(error).__name__
    return _("Could not save: {detail}").format(detail=detail)


class FormDialog(QDialog):
    """A dialog whose OK validates, then awaits ``submit(values)``; it closes only when that succeeded.

    On a validation problem or a failed save the dialog stays open with the message, so nothing typed is lost.
    Subclasses put their fields in ``self.form_area`` and implement ``values()``, ``validate()`` and
    ``retranslate()``.
    """

    def __init__(self, submit: Callable[[Any], Awaitable[None]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._submit = submit
        self.form_area = QVBoxLayout()
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form_area)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.task = None
        follow_language(self, self.retranslate)

    def values(self) -> Any:
        raise NotImplementedError

    def validate(self) -> str | None:
        """A message in the UI language when the fields are not acceptable, else None."""
        return None

    def retranslate(self) -> None:
        pass

    def accept(self) -> None:
        problem = self.validate()
        if problem:
            self.error.show_message(problem)
            return
        self.error.clear_message()
        self.task = background.start(self._do_submit(), self)

    async def _do_submit(self) -> None:
        self.buttons.setEnabled(False)
        try:
            await self._submit(self.values())
        except Exception as exc:  # noqa: BLE001 - shown to the user, the dialog stays open
            self.error.show_message(error_text(exc))
            return
        finally:
            self.buttons.setEnabled(True)
        super().accept()


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


class PrintLanguageDialog(QDialog):
    """Asks the print language (kk/ru) of a receipt or a manifest; Enter accepts the proposed one."""

    def __init__(self, title: str, label_text: str, default: str, parent: QWidget | None = None) -> None:
        from counter_app.core.intake import PRINT_LANGUAGES

        super().__init__(parent)
        self.setWindowTitle(title)
        self.language = QComboBox(self)
        for lang in PRINT_LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[lang], lang)
        self.language.setCurrentIndex(max(self.language.findData(default), 0))
        label = QLabel(label_text, self)
        label.setBuddy(self.language)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.language)
        layout.addWidget(buttons)
        self.language.setFocus()

    def chosen(self) -> str:
        return self.language.currentData()
