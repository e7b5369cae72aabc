"""Working days of the providers (Mon-Fri) and the State Corporation (Mon-Sat), holidays and overrides."""

from __future__ import annotations

import datetime as dt

import pytest

from counter_app.cli import main
from counter_app.core.domain.calendar import (
    CalendarOverride,
    OverrideKind,
    handoff_due_date,
    provider_calendar,
    result_date,
    state_corporation_calendar,
)

D = dt.date


@pytest.mark.parametrize(
    ("accepted", "due"),
    [
        (D(2026, 11, 23), D(2026, 11, 24)),  # Monday -> Tuesday
        (D(2026, 11, 27), D(2026, 11, 30)),  # Friday -> Monday over the weekend
        (D(2026, 11, 28), D(2026, 11, 30)),  # Saturday (the centre is open) -> Monday
        (D(2026, 11, 29), D(2026, 11, 30)),  # Sunday -> Monday
    ],
)
def test_handoff_due_date_is_one_provider_working_day_after_acceptance(accepted, due):
    assert handoff_due_date(accepted) == due


def test_nauryz_2026_and_its_observed_days():
    # 21-23 March 2026 fall on Saturday, Sunday, Monday; 21 and 22 are moved to Tuesday 24 and Wednesday 25.
    calendar = provider_calendar()
    for day in (21, 22, 23, 24, 25):
        assert not calendar.is_working_day(D(2026, 3, day)), day
    assert handoff_due_date(D(2026, 3, 20)) == D(2026, 3, 26)
    assert not state_corporation_calendar().is_working_day(D(2026, 3, 24))


def test_victory_day_2026_falls_on_saturday_and_moves_to_monday():
    assert handoff_due_date(D(2026, 5, 8)) == D(2026, 5, 12)
    assert not state_corporation_calendar().is_working_day(D(2026, 5, 9))


def test_independence_day():
    assert not provider_calendar().is_working_day(D(2026, 12, 16))
    assert handoff_due_date(D(2026, 12, 15)) == D(2026, 12, 17)


def test_year_end_crosses_new_year_holidays():
    # 1 and 2 January 2027 are Friday and Saturday; 2 January is observed on Monday 4 January.
    assert handoff_due_date(D(2026, 12, 31)) == D(2027, 1, 5)


def test_result_date_counts_working_days_without_the_day_of_acceptance():
    # 19 working days for guardianship, accepted on Monday 23 November 2026; 16 December is a holiday.
    assert result_date(D(2026, 11, 23), 19) == D(2026, 12, 21)
    assert result_date(D(2026, 11, 23), 1) == handoff_due_date(D(2026, 11, 23))


def test_state_corporation_is_open_on_saturday_but_not_on_sunday():
    calendar = state_corporation_calendar()
    assert calendar.is_working_day(D(2026, 11, 28))
    assert not calendar.is_working_day(D(2026, 11, 29))
    assert not provider_calendar().is_working_day(D(2026, 11, 28))


def test_overrides_add_days_off_and_moved_working_days():
    extra_day_off = CalendarOverride(
        D(2026, 11, 24), OverrideKind.DAY_OFF, "Decree (test)", "Transferred day off"
    )
    worked_saturday = CalendarOverride(D(2026, 11, 28), OverrideKind.WORKING_DAY, "Decree (test)")
    calendar = provider_calendar([extra_day_off, worked_saturday])
    assert calendar.holiday_name(D(2026, 11, 24)) == "Transferred day off"
    assert calendar.is_working_day(D(2026, 11, 28))
    assert handoff_due_date(D(2026, 11, 23), [extra_day_off]) == D(2026, 11, 25)
    assert handoff_due_date(D(2026, 11, 27), [worked_saturday]) == D(2026, 11, 28)


def test_official_kurban_ait_date_replaces_the_estimate():
    estimated = D(2026, 5, 27)
    assert not provider_calendar().is_working_day(estimated)
    official = [
        CalendarOverride(estimated, OverrideKind.WORKING_DAY, "official date differs (test)"),
        CalendarOverride(D(2026, 5, 28), OverrideKind.DAY_OFF, "official date (test)", "Kurban Ait"),
    ]
    calendar = provider_calendar(official)
    assert calendar.is_working_day(estimated)
    assert not calendar.is_working_day(D(2026, 5, 28))


def test_cli_calendar_due_prints_the_date(capsys):
    assert main(["calendar", "due", "2026-03-20", "--days", "1", "--no-db"]) == 0
    assert capsys.readouterr().out.strip() == "2026-03-26"
    assert main(["calendar", "due", "2026-11-23", "--days", "19", "--no-db"]) == 0
    assert capsys.readouterr().out.strip() == "2026-12-21"


def test_only_kazakhstan_is_loaded_from_the_holidays_package():
    import json
    import subprocess
    import sys

    probe = (
        "import datetime as dt, json, sys\n"
        "from counter_app.core.domain.calendar import provider_calendar\n"
        "due = provider_calendar().add_working_days(dt.date(2026, 12, 15), 1)\n"
        "print(json.dumps([due.isoformat(), sorted(m for m in sys.modules if m.startswith('holidays.countries'))]))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    due, countries = json.loads(result.stdout)
    assert due == "2026-12-17"  # 16 December is Independence Day
    assert countries == ["holidays.countries.kazakhstan"]
    # The year's holidays are now cached in the data directory: the next process imports no holidays at all.
    probe = probe.replace("if m.startswith('holidays.countries')", "if m.split('.')[0] == 'holidays'")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == ["2026-12-17", []]
