"""Small input helpers of the intake wizard: dates typed as dd.mm.yyyy, IIN and name checks with messages."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLineEdit, QWidget

from counter_app.core.i18n import _

# The rules live in the core (the same for the core's accept and the command line); re-exported for the pages.
from counter_app.core.particulars import NAME_PATTERN, check_iin, iin_message, name_message  # noqa: F401
from counter_app.ui.kit.widgets import follow_language

DATE_FORMAT = "%d.%m.%Y"


def format_date(day: dt.date | None) -> str:
    return day.strftime(DATE_FORMAT) if day else ""


def parse_date(text: str) -> dt.date | None:
    """A date typed as dd.mm.yyyy; None for an empty field; ValueError for anything else."""
    text = text.strip()
    if not text.strip("._ "):
        return None
    return dt.datetime.strptime(text, DATE_FORMAT).date()


def date_pattern() -> str:
    """How a date is typed, in the UI language's letters (дд.мм.гггг, кк.аа.жжжж)."""
    return _("dd.mm.yyyy")


def time_pattern() -> str:
    """How a time is typed, in the UI language's letters (чч:мм, сс:мм)."""
    return _("hh:mm")


class DateEdit(QLineEdit):
    """A date field typed with the keyboard only: dd.mm.yyyy, may be empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaxLength(10)
        self._retranslate()
        follow_language(self, self._retranslate)

    def _retranslate(self) -> None:
        self.setPlaceholderText(date_pattern())

    def date(self) -> dt.date | None:
        return parse_date(self.text())

    def set_date(self, day: dt.date | None) -> None:
        self.setText(format_date(day))
