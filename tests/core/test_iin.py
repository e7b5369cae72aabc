"""The IIN check digit, birth date, century and sex (Government Decree No. 406 of 22.05.2007)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.core.domain.iin import IINProblem, InvalidIIN, Sex, make_iin, parse_iin


def test_known_valid_iin_needs_the_second_pass():
    # First pass gives 10, the second pass gives 2 (engineering notes).
    iin = parse_iin("061211600012")
    assert iin.birth_date == dt.date(2006, 12, 11)
    assert iin.sex is Sex.FEMALE  # century digit 6: 2000s, even = female
    assert iin.masked.endswith("0012") and "6112" not in iin.masked


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("06121160001", IINProblem.LENGTH),
        ("0612116000123", IINProblem.LENGTH),
        ("06121160001a", IINProblem.NOT_DIGITS),
        ("061211900012", IINProblem.CENTURY),
        ("061311600012", IINProblem.BIRTH_DATE),
        ("061211600013", IINProblem.CHECK_DIGIT),
        ("", IINProblem.LENGTH),
    ],
)
def test_invalid_iins_name_their_problem(text, problem):
    with pytest.raises(InvalidIIN) as excinfo:
        parse_iin(text)
    assert excinfo.value.problem is problem


def test_birth_date_in_the_future_is_refused():
    future = make_iin(dt.date(2026, 12, 1), Sex.FEMALE, 1) or make_iin(dt.date(2026, 12, 1), Sex.FEMALE, 2)
    assert future is not None
    with pytest.raises(InvalidIIN) as excinfo:
        parse_iin(future, today=dt.date(2026, 11, 23))
    assert excinfo.value.problem is IINProblem.FUTURE


@given(
    birth=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2026, 11, 23)),
    sex=st.sampled_from(Sex),
    serial=st.integers(min_value=0, max_value=9999),
)
def test_generated_iins_round_trip(birth, sex, serial):
    value = make_iin(birth, sex, serial)
    if value is None:  # no check digit exists for this serial: both passes gave 10
        return
    iin = parse_iin(value, today=dt.date(2026, 11, 23))
    assert (iin.birth_date, iin.sex) == (birth, sex)
    # Any single changed check digit is refused.
    wrong = value[:11] + str((int(value[11]) + 1) % 10)
    with pytest.raises(InvalidIIN):
        parse_iin(wrong, today=dt.date(2026, 11, 23))
