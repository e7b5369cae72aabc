"""The office's time zone: Kazakhstan's one time, UTC+5 since 1 March 2024 (UTC+6 in Almaty before)."""

from __future__ import annotations

import datetime as dt

from counter_app.core.domain.office_time import day_offsets, office_time


def test_the_office_keeps_utc_plus_5_since_march_2024():
    assert office_time(dt.datetime(2026, 12, 1, 5, 30, tzinfo=dt.UTC)).hour == 10
    assert office_time(dt.datetime(2024, 2, 1, 5, 30, tzinfo=dt.UTC)).hour == 11


def test_the_offsets_of_a_period_name_the_day_of_the_change():
    offsets = day_offsets(dt.date(2024, 2, 1), dt.date(2024, 3, 31))
    assert offsets == ((dt.date(2024, 2, 1), 6), (dt.date(2024, 3, 1), 5))
    assert day_offsets(dt.date(2025, 1, 1), dt.date(2026, 12, 31)) == ((dt.date(2025, 1, 1), 5),)
