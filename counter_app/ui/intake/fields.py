"""Small input helpers of the intake wizard: dates typed as dd.mm.yyyy, IIN and name checks with messages."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLineEdit, QWidget

# The rules live in the core (the same for the core's accept and the command line); re-exported for the pages.
from counter_app.core.domain.particulars import NAME_PATTERN, check_iin, iin_message, name_message  # noqa: F401
from counter_app.ui.kit.formats import date_pattern, format_date, parse_date
from counter_app.ui.kit.widgets import follow_language


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
