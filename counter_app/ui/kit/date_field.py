"""The one date field of the screens: ``dd.mm.yyyy`` with a calendar, left with one Tab.

A plain ``QDateEdit`` keeps Tab and Shift+Tab for its own sections: from the day, Tab goes to the month, then to
the year, and only the third Tab leaves the field — a keyboard-first person counts Tabs and lands in the wrong
field. :class:`DateField` leaves on the first Tab (Shift+Tab: back to the field before it), like every other
field. Inside it the sections are reached as Qt allows: the arrows Left/Right, typing the separator ``.`` or a
whole section (``05032025`` fills day, month and year); Up/Down change the section under the cursor and Alt+Down
opens the calendar.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateEdit, QWidget

from counter_app.ui.kit.formats import QT_DATE_FORMAT

_TABS = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
_NOT_NAVIGATION = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class DateField(QDateEdit):
    """A date typed as ``dd.mm.yyyy`` (calendar on Alt+Down or the arrow button); one Tab leaves it."""

    def __init__(self, day: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat(QT_DATE_FORMAT)
        self.setCalendarPopup(True)
        if day is not None:
            self.set_value(day)

    def value(self) -> dt.date:
        return pydate(self.date())

    def set_value(self, day: dt.date) -> None:
        self.setDate(qdate(day))

    def set_latest(self, day: dt.date) -> None:
        """No date after ``day`` can be chosen (e.g. a delivery: not in the future)."""
        self.setMaximumDate(qdate(day))

    def event(self, event: QEvent) -> bool:
        # QDateTimeEdit turns Tab into "next section" (its focusNextPrevChild), and also calls that for the
        # separator and the arrows at a section's edge; only Tab and Shift+Tab are taken here, and handed to
        # QWidget's own focus chain, so the separator and the arrows still move between the sections.
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _TABS
            and not event.modifiers() & _NOT_NAVIGATION
        ):
            forward = (
                event.key() == Qt.Key.Key_Tab and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            )
            QWidget.focusNextPrevChild(self, forward)
            return True
        return super().event(event)
