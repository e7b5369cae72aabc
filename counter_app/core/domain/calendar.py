"""Working-day calendar of the counter and of the service providers.

Public holidays come from the ``holidays`` package (Kazakhstan, with its weekend-to-Monday rule and the decree
transfers it knows). On top of it an administrator-editable table of overrides adds extra days off and moved
working days decreed by the government, and the official Kurban Ait date, each with its legal reference.
Each year's public holidays are computed once and kept in the data directory (:func:`public_holidays`), so a
process that only needs dates (a printed receipt) does not import the package.

Two calendars: the State Corporation is open Monday to Saturday; providers work Monday to Friday (Labour Code).
Terms never count the day of acceptance (seed 001 p. 6; the same rule for every service, see the domain notes).
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import hashlib
import importlib.util
import json
import logging
import os
import sys
import threading
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

from counter_app.core.domain.law_text import Record, value_record

log = logging.getLogger(__name__)

HOLIDAY_NAME_DELIMITER = "; "  # the holidays package's, for two names of one day


def _kazakhstan_module() -> ModuleType:
    """``holidays.countries.kazakhstan`` without ``holidays.countries``, whose ``__init__`` imports ~250 countries.

    The module is loaded under its own name, so a later ``import holidays.countries`` reuses it.
    """
    import holidays  # the package itself loads its countries lazily

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


def _computed_public_holidays(year: int) -> dict[str, str]:
    """Kazakhstan's public holidays of ``year`` (observed days included) from the holidays package."""
    calendar = _kazakhstan_module().Kazakhstan(observed=True, years=year)
    return {day.isoformat(): name for day, name in sorted(calendar.items()) if day.year == year}


def _table_file() -> Path | None:
    """The cached table of public holidays, under a hash of the holidays package's and this module's files: any
    other version of either is another file. None when there is no data directory or no package sources (frozen)."""
    spec = importlib.util.find_spec("holidays")  # finds the package without importing it
    if spec is None or spec.origin is None:
        return None
    package = Path(spec.origin).parent
    digest = hashlib.blake2b(digest_size=16)
    try:
        for path in (
            Path(__file__),
            package / "version.py",
            package / "holiday_base.py",
            package / "observed_holiday_base.py",
            package / "countries" / "kazakhstan.py",
        ):
            stat = os.stat(path)
            digest.update(f"{path} {stat.st_size} {stat.st_mtime_ns}".encode())
        from counter_app.paths import private_dir, user_data_dir

        return private_dir(user_data_dir() / "cache") / f"holidays-{digest.hexdigest()}.json"
    except OSError:  # no data directory (DataDirectoryError), a reshaped package: no cache
        return None


_table_lock = threading.Lock()


@functools.cache
def public_holidays(year: int) -> dict[dt.date, str]:
    """Kazakhstan's public holidays of ``year`` by day (the holidays package's names, observed days included).

    Each year is computed once by the holidays package and kept in the data directory's ``cache/``
    (``holidays-<hash>.json``), so that a process that needs only dates (a printed receipt's due dates) does not
    import the package. A table that cannot be read or written only costs the computation."""
    with _table_lock:
        path = _table_file()
        table: dict[str, dict[str, str]] = {}
        if path is not None and path.is_file():
            try:
                table = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                log.warning("the cached holiday table %s cannot be read (%s): computed again", path, error)
                table = {}
        days = table.get(str(year))
        if not isinstance(days, dict):
            days = _computed_public_holidays(year)
            if path is not None:
                from counter_app.paths import write_private

                try:
                    for old in path.parent.glob("holidays-*.json"):
                        if old != path:
                            old.unlink(missing_ok=True)
                    partial = path.with_name(f"{path.name}.{os.getpid()}.part")
                    write_private(
                        partial, json.dumps({**table, str(year): days}, ensure_ascii=False).encode()
                    )
                    os.replace(partial, path)
                except OSError as error:
                    log.warning("the holiday table cannot be cached in %s: %s", path.parent, error)
        return {dt.date.fromisoformat(day): name for day, name in days.items()}


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


@value_record
class CalendarOverride(Record):
    """A day the government decreed different from the holidays package, with its legal reference."""

    day: dt.date
    kind: OverrideKind
    reference: str  # e.g. "Government Decree No. 123 of 01.12.2025"
    name: str = ""


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
        self._extra_days_off = tuple(o for o in overrides if o.kind is OverrideKind.DAY_OFF)
        self._years: dict[int, dict[dt.date, str]] = {}
        self._lock = threading.Lock()

    def _days_off(self, year: int) -> dict[dt.date, str]:
        """The public holidays of ``year`` plus the override table's extra days off (two names of one day joined
        in alphabetical order, as the holidays package does)."""
        days = self._years.get(year)
        if days is None:
            days = dict(public_holidays(year))
            for override in self._extra_days_off:
                if override.day.year == year:
                    names = {override.name or override.reference}
                    if override.day in days:
                        names.update(days[override.day].split(HOLIDAY_NAME_DELIMITER))
                    days[override.day] = HOLIDAY_NAME_DELIMITER.join(sorted(names))
            with self._lock:
                days = self._years.setdefault(year, days)
        return days

    def holiday_name(self, day: dt.date) -> str | None:
        if day in self._worked:
            return None
        return self._days_off(day.year).get(day)

    def is_working_day(self, day: dt.date) -> bool:
        if day in self._worked:
            return True
        if day.weekday() in self.weekend:
            return False
        return day not in self._days_off(day.year)

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


@value_record
class ClosedDay(Record):
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
