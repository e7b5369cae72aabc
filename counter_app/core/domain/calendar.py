"""Working-day calendar of the counter and of the service providers.

Public holidays come from the ``holidays`` package (Kazakhstan, with its weekend-to-Monday rule and the decree
transfers it knows). On top of it an administrator-editable table of overrides adds extra days off and moved
working days decreed by the government, and the official Kurban Ait date, each with its legal reference.

Two calendars: the State Corporation is open Monday to Saturday; providers work Monday to Friday (Labour Code).
Terms never count the day of acceptance (seed 001 p. 6; the same rule for every service, see the domain notes).
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import importlib.util
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import holidays  # the package itself loads its countries lazily


def _kazakhstan_module() -> ModuleType:
    """``holidays.countries.kazakhstan`` without ``holidays.countries``, whose ``__init__`` imports ~250 countries.

    The module is loaded under its own name, so a later ``import holidays.countries`` reuses it.
    """
    name = "holidays.countries.kazakhstan"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(
        name, Path(holidays.__file__).parent / "countries" / "kazakhstan.py"
    )
    if spec is None or spec.loader is None:  # pragma: no cover - a reshaped package: take the documented way
        return importlib.import_module(name)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


Kazakhstan: Any = _kazakhstan_module().Kazakhstan  # a class of the holidays package, loaded by file

MONDAY_TO_FRIDAY_WEEKEND = frozenset({5, 6})  # Saturday, Sunday
MONDAY_TO_SATURDAY_WEEKEND = frozenset({6})  # Sunday


class OverrideKind(str, enum.Enum):
    DAY_OFF = "day_off"  # an extra day off (a transferred day off, the official Kurban Ait date)
    WORKING_DAY = (
        "working_day"  # a day that is worked although it would be a day off (moved working Saturday)
    )
    # The State Corporation's centre works although it would be closed (a duty day, a transferred working day of
    # the centre); providers do not: packages and terms still follow the providers' calendar.
    CENTRE_WORKING_DAY = "centre_working_day"


@dataclass(frozen=True)
class CalendarOverride:
    """A day the government decreed different from the holidays package, with its legal reference."""

    day: dt.date
    kind: OverrideKind
    reference: str  # e.g. "Government Decree No. 123 of 01.12.2025"
    name: str = ""


class _KazakhstanWithDaysOff(Kazakhstan):  # type: ignore[misc]  # the base is a runtime-loaded class (Any)
    """The holidays package's Kazakhstan plus the extra days off of the override table."""

    def __init__(self, days_off: Iterable[CalendarOverride], **kwargs: Any) -> None:
        self._extra_days_off = tuple(days_off)
        super().__init__(**kwargs)

    def _populate(self, year: int) -> None:
        super()._populate(year)
        for override in self._extra_days_off:
            if override.day.year == year:
                self[override.day] = override.name or override.reference


class WorkingCalendar:
    """Working days for one weekly schedule, public holidays and the administrator's overrides."""

    def __init__(
        self, weekend: frozenset[int], overrides: Iterable[CalendarOverride] = (), *, centre: bool = False
    ):
        overrides = tuple(overrides)
        self.weekend = weekend
        worked = (
            {OverrideKind.WORKING_DAY, OverrideKind.CENTRE_WORKING_DAY}
            if centre
            else {OverrideKind.WORKING_DAY}
        )
        self._worked = {o.day: o for o in overrides if o.kind in worked}
        self._holidays = _KazakhstanWithDaysOff(
            (o for o in overrides if o.kind is OverrideKind.DAY_OFF), observed=True
        )
        # holidays fills a year on first use and marks it filled before it is: one thread at a time.
        self._lock = threading.Lock()

    def holiday_name(self, day: dt.date) -> str | None:
        if day in self._worked:
            return None
        with self._lock:
            name: str | None = self._holidays.get(day)
            return name

    def is_working_day(self, day: dt.date) -> bool:
        if day in self._worked:
            return True
        if day.weekday() in self.weekend:
            return False
        with self._lock:
            return day not in self._holidays

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The ``days``-th working day after ``start`` (``start`` itself is never counted)."""
        if days < 0:
            raise ValueError("days must not be negative")
        day = start
        remaining = days
        while remaining:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself when it is a working day, otherwise the next one."""
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day


@functools.lru_cache(maxsize=16)
def _calendar(
    weekend: frozenset[int], overrides: tuple[CalendarOverride, ...], centre: bool = False
) -> WorkingCalendar:
    """Calendars are kept: the holidays of a year are computed once, not at every intake."""
    return WorkingCalendar(weekend, overrides, centre=centre)


def provider_calendar(overrides: Iterable[CalendarOverride] = ()) -> WorkingCalendar:
    """Providers (local executive bodies, education departments): Monday to Friday."""
    return _calendar(MONDAY_TO_FRIDAY_WEEKEND, tuple(overrides))


def state_corporation_calendar(overrides: Iterable[CalendarOverride] = ()) -> WorkingCalendar:
    """The State Corporation's service centres: Monday to Saturday, except Sundays and public holidays (seed 001,
    row 7 of the standard; seed 002 the same), plus the days an administrator declared the centre's working days."""
    return _calendar(MONDAY_TO_SATURDAY_WEEKEND, tuple(overrides), centre=True)


@dataclass(frozen=True)
class ClosedDay:
    """A day the centre does not work: a Sunday, or a public holiday / day off (its name)."""

    day: dt.date
    holiday: str | None  # None: a Sunday


def centre_closed(day: dt.date, overrides: Iterable[CalendarOverride] = ()) -> ClosedDay | None:
    """None when the State Corporation's centre works on ``day``; otherwise why it is closed."""
    calendar = state_corporation_calendar(overrides)
    if calendar.is_working_day(day):
        return None
    return ClosedDay(day, calendar.holiday_name(day))


def handoff_due_date(accepted_on: dt.date, overrides: Iterable[CalendarOverride] = ()) -> dt.date:
    """The day the courier must deliver a package to its provider: 1 provider working day after acceptance,
    the day of acceptance not counted (seed 001 p. 6)."""
    return provider_calendar(overrides).add_working_days(accepted_on, 1)


def result_date(
    accepted_on: dt.date,
    working_days: int,
    overrides: Iterable[CalendarOverride] = (),
) -> dt.date:
    """The date a result is due for a term of ``working_days`` provider working days, acceptance day not counted."""
    return provider_calendar(overrides).add_working_days(accepted_on, working_days)
