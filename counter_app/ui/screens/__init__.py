"""The screens of the main window; each re-applies its texts in ``retranslate()``."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


def title_label(parent: QWidget | None = None) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.4)
    font.setBold(True)
    label.setFont(font)
    return label
