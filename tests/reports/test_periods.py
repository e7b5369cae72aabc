"""A report's period as whole months and the days at its ends: every day counted once, months only when whole."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from counter_app.core.usecases.reports.periods import spans

D = dt.date


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


@given(st.dates(D(2023, 6, 1), D(2027, 6, 1)), st.integers(0, 900))
def test_every_day_of_the_period_is_counted_once(first, length):
    last = first + dt.timedelta(days=length)
    days, months = spans(first, last)
    covered = [d for a, b in days for d in _days(a, b)]
    for a, b in months:
        month = a
        while month <= b:
            assert month.day == 1
            following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            covered += _days(month, following - dt.timedelta(days=1))
            month = following
    assert sorted(covered) == _days(first, last)


def test_two_years_are_their_whole_months_and_the_days_at_the_ends():
    assert spans(D(2024, 11, 22), D(2026, 11, 23)) == (
        ((D(2024, 11, 22), D(2024, 11, 30)), (D(2026, 11, 1), D(2026, 11, 23))),
        ((D(2024, 12, 1), D(2026, 10, 1)),),
    )
    assert spans(D(2026, 10, 5), D(2026, 10, 20)) == (((D(2026, 10, 5), D(2026, 10, 20)),), ())
    # Kazakhstan's change to UTC+5 came at midnight on 1 March 2024: February and March stay whole months
    assert spans(D(2024, 1, 1), D(2024, 4, 30)) == ((), ((D(2024, 1, 1), D(2024, 4, 1)),))
