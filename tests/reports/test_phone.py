"""The applicant's phone: a Kazakhstan mobile number, checked by the core at intake."""

from __future__ import annotations

import pytest

from counter_app.core.domain.intake_errors import InvalidDraft
from counter_app.core.domain.intake_rules import check_applicant
from counter_app.core.domain.phone import InvalidPhone, display, parse_mobile


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("+7 701 123 45 67", "+77011234567"),
        ("8 (747) 123-45-67", "+77471234567"),
        ("87771234567", "+77771234567"),
        ("7051234567", "+77051234567"),
        ("+7-708-000-00-00", "+77080000000"),
    ],
)
def test_mobile_numbers_are_stored_in_one_form(typed, stored):
    assert parse_mobile(typed) == stored
    assert parse_mobile(display(stored)) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "+7 7172 12 34 56",
        "+7 916 123 45 67",
        "8 701 123 45",
        "+7 701 123 45 678",
        "",
        "телефон",
        "+7 799 123 45 67",
    ],
)
def test_fixed_lines_foreign_and_short_numbers_are_refused(typed):
    with pytest.raises(InvalidPhone):
        parse_mobile(typed)


def test_intake_refuses_a_phone_that_is_no_kazakh_mobile(catalog):
    import datetime as dt

    from tests.support.intake_helpers import complete_draft

    draft = complete_draft(catalog, "guardian-benefit")
    draft.applicant.phone = "+7 7172 55 66 77"  # Astana's fixed line
    with pytest.raises(InvalidDraft) as refused:
        check_applicant(draft, dt.date(2026, 11, 23))
    assert refused.value.fields == ["applicant.phone"]
