"""The one set of date and time formatters of the screens, as every table and caption shows them (names: the
account's full name through ``core.people.display_name``; IINs are shown as stored, twelve digits).

A date on a screen is always ``dd.mm.yyyy`` (Kazakh short dates have two-digit years, so no locale pattern),
a moment is the office's wall clock ``dd.mm.yyyy hh:mm`` (``office_time``: Asia/Almaty, whatever the computer's
own time zone); charts and the board, short of room, drop the year.
The status bar's date has the weekday, in the UI language (Babel). A date typed into a field is read back with
:func:`parse_date`; the patterns shown to the user (``дд.мм.гггг``) come from :func:`date_pattern`.
"""

from __future__ import annotations

import datetime as dt

from counter_app.core.domain.i18n import BABEL_LOCALES, _
from counter_app.core.domain.office_time import office_time, office_zone

DATE_FORMAT = "%d.%m.%Y"
TIME_FORMAT = "%d.%m.%Y %H:%M"
QT_DATE_FORMAT = "dd.MM.yyyy"  # the same, for QDateEdit.setDisplayFormat
# The date with the weekday; the date part is always dd.MM.yyyy (kk short dates have 2-digit years).
STATUS_DATE_PATTERN = "EEEE, dd.MM.yyyy"


def format_date(day: dt.date | None) -> str:
    """``dd.mm.yyyy``; empty for no date."""
    return day.strftime(DATE_FORMAT) if day else ""


def format_iso_date(text: str | None) -> str:
    """A date stored as ISO text (``2026-11-30``), shown as :func:`format_date`; empty for none."""
    return format_date(dt.date.fromisoformat(text)) if text else ""


def format_time(moment: dt.datetime | None) -> str:
    """``dd.mm.yyyy hh:mm`` on the office's clock; empty for none."""
    return office_time(moment).strftime(TIME_FORMAT) if moment else ""


def format_clock(moment: dt.datetime | None) -> str:
    """``hh:mm`` on the office's clock (a moment of today); empty for none."""
    return office_time(moment).strftime("%H:%M") if moment else ""


def format_day_month(day: dt.date | None) -> str:
    """``dd.mm``, where there is no room for the year (a chart's axis)."""
    return day.strftime("%d.%m") if day else ""


def format_short_time(moment: dt.datetime | None) -> str:
    """``dd.mm hh:mm`` on the office's clock, where there is no room for the year (the board)."""
    return office_time(moment).strftime("%d.%m %H:%M") if moment else ""


def format_weekday_date(day: dt.date, lang: str) -> str:
    """The status bar's date: the weekday in ``lang``, then ``dd.mm.yyyy``."""
    from babel.dates import format_date as babel_format_date  # not at start: the sign-in does without Babel

    return babel_format_date(day, STATUS_DATE_PATTERN, locale=BABEL_LOCALES[lang])


def parse_date(text: str) -> dt.date | None:
    """A date typed as dd.mm.yyyy; None for an empty field; ValueError for anything else."""
    text = text.strip()
    if not text.strip("._ "):
        return None
    return dt.datetime.strptime(text, DATE_FORMAT).date()


def parse_time(text: str) -> dt.datetime:
    """A moment typed as dd.mm.yyyy hh:mm (the office's clock); ValueError for anything else."""
    return dt.datetime.strptime(" ".join(text.split()), TIME_FORMAT).replace(tzinfo=office_zone())


def date_pattern() -> str:
    """How a date is typed, in the UI language's letters (дд.мм.гггг, кк.аа.жжжж)."""
    return _("dd.mm.yyyy")


def time_pattern() -> str:
    """How a time is typed, in the UI language's letters (чч:мм, сс:мм)."""
    return _("hh:mm")
