"""A report's period over the roll-up: whole months from the monthly counts, the days at its ends from the daily.

A month counts as whole when the period covers it and the office's UTC offset did not change within it (the
hours are shifted by one offset per month); every other day is read from the daily counts. Over two years that
is 24 monthly keys and at most two months of days instead of 730 days. Also the office's local hour, as SQL.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from sqlalchemy import ColumnElement, Integer, and_, case, literal_column, or_
from sqlalchemy.orm import Session

from counter_app.core.domain.office_time import day_offsets
from counter_app.core.usecases.reports.figures import ReportFilter
from counter_app.storage.rollup import utc_hour_of_day
from counter_app.storage.rollup_tables import DAY, MONTH

Ranges = tuple[tuple[dt.date, dt.date], ...]


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


@functools.lru_cache(maxsize=64)
def spans(first: dt.date, last: dt.date) -> tuple[Ranges, Ranges]:
    """(day ranges, month ranges: first days of the first and last whole month) covering ``first``..``last``."""
    changes = {day for day, _ in day_offsets(first, last)[1:]}
    days: list[tuple[dt.date, dt.date]] = []
    months: list[tuple[dt.date, dt.date]] = []
    day = first
    while day <= last:
        end = _next_month(day) - dt.timedelta(days=1)
        whole = day.day == 1 and end <= last and not any(day < c <= end for c in changes)
        target, start = (months, day) if whole else (days, day)
        stop = day if whole else min(end, last)
        if (
            target
            and (_next_month(target[-1][1]) if whole else target[-1][1] + dt.timedelta(days=1)) == start
        ):
            target[-1] = (target[-1][0], stop)
        else:
            target.append((start, stop))
        day = end + dt.timedelta(days=1)
    return tuple(days), tuple(months)


def in_period(v: Any, f: ReportFilter) -> ColumnElement[bool]:
    """``v``'s application day within the period: through the monthly and daily counts of a roll-up with a
    ``span``, or directly over rows."""
    if not hasattr(v, "span"):
        within: ColumnElement[bool] = v.day.between(f.date_from, f.date_to)
        return within
    days, months = spans(f.date_from, f.date_to)
    return or_(
        *(and_(v.span == DAY, v.day.between(a, b)) for a, b in days),
        *(and_(v.span == MONTH, v.day.between(a, b)) for a, b in months),
    )


def local_hour(utc_hour: Any, day: Any, f: ReportFilter) -> ColumnElement[int]:
    """The office's hour (0-23) of ``utc_hour`` (0-23) counted on ``day`` within ``f``'s period."""
    offsets = day_offsets(f.date_from, f.date_to)
    if len(offsets) == 1:
        offset: Any = offsets[0][1]
    else:
        offset = case(
            *((day < start, before) for (start, _), (_, before) in zip(offsets[1:], offsets, strict=False)),
            else_=offsets[-1][1],
        )
    hour: ColumnElement[int] = (utc_hour + offset + 24) % 24
    return hour


def stored_utc_hour(session: Session, column: str) -> ColumnElement[int]:
    """The UTC hour (0-23) of a stored time column (``table.column``), as the roll-up's triggers count it."""
    return literal_column(utc_hour_of_day(session.get_bind().dialect.name, column), Integer)
