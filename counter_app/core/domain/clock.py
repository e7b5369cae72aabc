"""The time of an action, injected: ``clock: Clock`` returns the current moment as an aware datetime.

Every use-case and screen asks its clock when the action happens (``clock().date()`` is the local day), never
keeps a date taken when it was built: a window left open past midnight issues the new day's numbers. Tests
pass a clock they set instead of patching the system time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from counter_app.core.domain.office_time import office_now, office_zone

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    """Now, on the office's wall clock (aware; see ``office_time``), whatever this computer's time zone."""
    return office_now()


def utc_now(clock: Clock) -> dt.datetime:
    """The clock's moment in UTC, as it is stored."""
    return clock().astimezone(dt.UTC)


def local_day(clock: Clock) -> dt.date:
    """The day of the clock's moment where the counter is (the clock's own time zone: the office's)."""
    return clock().date()


class SettableClock:
    """A clock that says the moment it was set to (tests, demonstrations): ``clock.set(...)`` moves it."""

    def __init__(self, moment: dt.datetime) -> None:
        self.moment = moment

    @classmethod
    def on(cls, day: dt.date, time: dt.time = dt.time(10, 0), tz: dt.tzinfo | None = None) -> SettableClock:
        """At ``time`` on ``day``, in the office's time zone unless ``tz`` is given (as the counter's clock)."""
        return cls(dt.datetime.combine(day, time, tzinfo=tz or office_zone()))

    def __call__(self) -> dt.datetime:
        return self.moment

    def set(self, moment: dt.datetime) -> None:
        self.moment = moment

    def set_day(self, day: dt.date, time: dt.time = dt.time(10, 0)) -> None:
        self.moment = dt.datetime.combine(day, time, tzinfo=self.moment.tzinfo)

    def advance(self, **delta: float) -> None:
        """Move on by ``timedelta(**delta)``, e.g. ``advance(minutes=20)``."""
        self.moment += dt.timedelta(**delta)
