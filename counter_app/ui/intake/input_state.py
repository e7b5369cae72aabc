"""What the operator has typed or chosen on a wizard page, read and put back: a language switch rebuilds the page's
texts (``initializePage``) and must not lose what was typed."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget


def input_state(page: QWidget) -> list[object]:
    """What the operator has typed or chosen on a page, in widget order (line edits, combo boxes, checkboxes)."""
    state: list[object] = []
    for widget in page.findChildren(QWidget):
        if isinstance(widget, QLineEdit) and not isinstance(widget.parent(), QComboBox):
            state.append(("text", widget.text()))
        elif isinstance(widget, QComboBox):
            state.append(("index", widget.currentIndex()))
        elif isinstance(widget, QCheckBox):
            state.append(("checked", widget.isChecked()))
    return state


def restore_input_state(page: QWidget, state: list[object]) -> None:
    current = input_state(page)
    if [kind for kind, _value in current] != [kind for kind, _value in state]:
        return  # the page rebuilt different widgets: keep what initializePage loaded from the draft
    widgets = [
        w
        for w in page.findChildren(QWidget)
        if (isinstance(w, QLineEdit) and not isinstance(w.parent(), QComboBox))
        or isinstance(w, (QComboBox, QCheckBox))
    ]
    for widget, (_kind, value) in zip(widgets, state, strict=True):
        if isinstance(widget, QLineEdit) and widget.text() != value:
            widget.setText(value)
        elif isinstance(widget, QComboBox) and widget.currentIndex() != value:
            widget.setCurrentIndex(value)
        elif isinstance(widget, QCheckBox) and widget.isChecked() != value:
            widget.setChecked(value)
