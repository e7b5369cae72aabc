"""The office's time zone, decided here once: what "the hour" of an intake means in the manager's reports.

Kazakhstan keeps one time, UTC+5, nationwide since 1 March 2024 (it was UTC+6 in the east, Almaty and Astana
included, before): the IANA zone ``Asia/Almaty`` says so from tzdata 2024a. The zone is read from the system's
time-zone database or, where that is missing or older (Windows; an old Linux), from the ``tzdata`` package.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo

OFFICE_ZONE_NAME = "Asia/Almaty"
_UNIFIED = dt.datetime(2024, 3, 2, tzinfo=dt.UTC)  # a moment after the change to UTC+5


@functools.cache
def office_zone() -> dt.tzinfo:
    zone: dt.tzinfo = zoneinfo.ZoneInfo(OFFICE_ZONE_NAME)
    if _UNIFIED.astimezone(zone).utcoffset() != dt.timedelta(hours=5):  # a time-zone database before 2024a
        from importlib import resources

        with resources.files("tzdata").joinpath("zoneinfo", *OFFICE_ZONE_NAME.split("/")).open("rb") as data:
            zone = zoneinfo.ZoneInfo.from_file(data, key=OFFICE_ZONE_NAME)
    return zone


def office_time(moment: dt.datetime) -> dt.datetime:
    """A moment as the office's wall clock shows it (a naive moment is taken as UTC, as the database stores it).

    Every time a person reads — on a screen, a receipt, a manifest, the day-close sheet, the journal — goes
    through here, so the computer's own time-zone setting never shows.
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(office_zone())


def office_now() -> dt.datetime:
    """Now, on the office's wall clock (aware), whatever this computer's time zone."""
    return dt.datetime.now(office_zone())


def office_today() -> dt.date:
    """Today at the office."""
    return office_now().date()


def day_offset(day: dt.date) -> int:
    """The office's UTC offset in whole hours on ``day`` (at its noon; Kazakhstan's changes were at midnight)."""
    noon = dt.datetime.combine(day, dt.time(12), office_zone())
    return int((noon.utcoffset() or dt.timedelta(0)).total_seconds() // 3600)


@functools.lru_cache(maxsize=64)
def day_offsets(first: dt.date, last: dt.date) -> tuple[tuple[dt.date, int], ...]:
    """The office's offset over ``first``..``last`` as (from this day, offset in hours), in day order."""
    out = [(first, day_offset(first))]
    day = first + dt.timedelta(days=1)
    while day <= last:
        if day_offset(day) != out[-1][1]:
            out.append((day, day_offset(day)))
        day += dt.timedelta(days=1)
    return tuple(out)
