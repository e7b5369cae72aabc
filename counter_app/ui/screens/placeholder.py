"""A screen that later versions fill in: it says so plainly instead of showing empty controls."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from counter_app.core.domain.i18n import _
from counter_app.ui.screens import title_label


class PlaceholderScreen(QWidget):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title  # an N_() marked English text, translated in retranslate()
        self.title = title_label()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_(self._title))
        self.message.setText(_("This screen is not available yet in this version of Counter."))
