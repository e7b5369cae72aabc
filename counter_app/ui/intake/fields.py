"""Small input helpers of the intake wizard: dates typed as dd.mm.yyyy, IIN and name checks with messages."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtWidgets import QLineEdit, QWidget

from counter_app.core.i18n import _
from counter_app.core.iin import IIN, IINProblem, InvalidIIN, parse_iin
from counter_app.ui.widgets import follow_language

DATE_FORMAT = "%d.%m.%Y"
# Letters of the Kazakh, Russian and Latin alphabets; words joined by a space, hyphen or apostrophe.
_LETTERS = "A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі"
NAME_PATTERN = re.compile(rf"^[{_LETTERS}]+(?:[ \-'’][{_LETTERS}]+)*$")


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


def iin_message(problem: IINProblem, text: str) -> str:
    """What is wrong with an IIN, in the UI language."""
    if problem is IINProblem.LENGTH:
        return _("The IIN must have exactly 12 digits (typed: {count}).").format(count=len(text.strip()))
    if problem is IINProblem.NOT_DIGITS:
        return _("The IIN may contain digits only.")
    if problem is IINProblem.CENTURY:
        return _("The 7th digit of the IIN (century and sex) must be 1 to 6, not {digit}.").format(
            digit=text.strip()[6]
        )
    if problem is IINProblem.BIRTH_DATE:
        return _("The first six digits of the IIN are not a valid birth date (YYMMDD).")
    if problem is IINProblem.FUTURE:
        digits = text.strip()
        century = {"1": 18, "2": 18, "3": 19, "4": 19, "5": 20, "6": 20}[digits[6]]
        return _("The birth date in the IIN ({date}) is in the future.").format(
            date=f"{digits[4:6]}.{digits[2:4]}.{century}{digits[:2]}"
        )
    return _("The check digit (the last digit) of the IIN is wrong: check the number on the document.")


def check_iin(text: str, today: dt.date) -> tuple[IIN | None, str | None]:
    try:
        return parse_iin(text, today), None
    except InvalidIIN as error:
        return None, iin_message(error.problem, text)


def name_message(text: str, required: bool = True) -> str | None:
    text = text.strip()
    if not text:
        return _("This field is required.") if required else None
    if not NAME_PATTERN.match(text):
        return _(
            "Use letters only (Kazakh, Russian or Latin), with a space, hyphen or apostrophe between parts."
        )
    return None
