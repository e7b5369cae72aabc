"""Dates people type: each step allows only the dates that make sense for it, the same rule for CLI and UI."""

from __future__ import annotations

import datetime as dt

from counter_app.core.domain.i18n import _

EARLIEST = dt.date(2000, 1, 1)  # Counter's records start later; anything earlier is a typo
LATEST = dt.date(2099, 12, 31)
MAX_WORKING_DAYS = 366
CHILD_YEARS = 18


class InvalidDate(ValueError):
    """A date outside what the step allows; ``field`` names it, the message says why in the user's language."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _fmt(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y") if day.year >= 1000 else day.isoformat()


def in_range(field: str, day: dt.date, earliest: dt.date = EARLIEST, latest: dt.date = LATEST) -> dt.date:
    """``day`` when ``earliest <= day <= latest``; otherwise ``InvalidDate`` naming the range."""
    if isinstance(day, dt.datetime):
        day = day.date()
    if not earliest <= day <= latest:
        raise InvalidDate(
            field,
            _("The date {date} is outside what this step allows: from {earliest} to {latest}.").format(
                date=_fmt(day), earliest=_fmt(earliest), latest=_fmt(latest)
            ),
        )
    return day


def working_days(field: str, days: int) -> int:
    if not 0 <= days <= MAX_WORKING_DAYS:
        raise InvalidDate(
            field, _("The number of working days must be between 0 and {max}.").format(max=MAX_WORKING_DAYS)
        )
    return days


def child_birth_date(field: str, day: dt.date, today: dt.date) -> dt.date:
    """A child's birth date: not in the future, not more than 18 years ago."""
    try:
        earliest = today.replace(year=today.year - CHILD_YEARS)
    except ValueError:  # 29 February
        earliest = today.replace(year=today.year - CHILD_YEARS, day=28)
    if not earliest <= day <= today:
        raise InvalidDate(
            field,
            _("A child's birth date must be between {earliest} and {today}.").format(
                earliest=_fmt(earliest), today=_fmt(today)
            ),
        )
    return day
