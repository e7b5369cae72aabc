"""The Kazakhstan individual identification number (IIN / ЖСН), Government Decree No. 406 of 22.05.2007.

``YYMMDD C NNNN K``: birth date, century-and-sex digit (1/2 = 1800s, 3/4 = 1900s, 5/6 = 2000s; odd = male),
serial number, check digit. python-stdnum has no Kazakhstan IIN, hence these few lines.
"""

from __future__ import annotations

import datetime as dt
import enum

from counter_app.core.domain.law_text import Record, value_record
from counter_app.core.domain.office_time import office_today

_FIRST_WEIGHTS = tuple(range(1, 12))
_SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
_CENTURIES = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}


class IINProblem(enum.Enum):
    LENGTH = "length"
    NOT_DIGITS = "not_digits"
    CENTURY = "century"
    BIRTH_DATE = "birth_date"
    CHECK_DIGIT = "check_digit"
    FUTURE = "future"


class InvalidIIN(ValueError):
    def __init__(self, problem: IINProblem):
        self.problem = problem
        super().__init__(problem.value)


class Sex(enum.Enum):
    MALE = "male"
    FEMALE = "female"


@value_record
class IIN(Record):
    value: str
    birth_date: dt.date
    sex: Sex

    @property
    def masked(self) -> str:
        """For lists: every digit hidden but the last four."""
        return "•" * 8 + self.value[-4:]


def check_digit(first_eleven: str) -> int | None:
    """The 12th digit for these 11 digits, or None when no check digit exists (the number is unusable)."""
    digits = [int(c) for c in first_eleven]
    for weights in (_FIRST_WEIGHTS, _SECOND_WEIGHTS):
        s = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if s != 10:
            return s
    return None


def parse_iin(text: str, today: dt.date | None = None) -> IIN:
    """Validate an IIN and return its birth date and sex; raise :class:`InvalidIIN` naming the problem."""
    value = text.strip()
    if not value.isascii() or not value.isdigit():
        raise InvalidIIN(IINProblem.NOT_DIGITS if value else IINProblem.LENGTH)
    if len(value) != 12:
        raise InvalidIIN(IINProblem.LENGTH)
    century_digit = int(value[6])
    if century_digit not in _CENTURIES:
        raise InvalidIIN(IINProblem.CENTURY)
    try:
        birth = dt.date(_CENTURIES[century_digit] + int(value[:2]), int(value[2:4]), int(value[4:6]))
    except ValueError:
        raise InvalidIIN(IINProblem.BIRTH_DATE) from None
    if birth > (today or office_today()):
        raise InvalidIIN(IINProblem.FUTURE)
    if check_digit(value[:11]) != int(value[11]):
        raise InvalidIIN(IINProblem.CHECK_DIGIT)
    return IIN(value, birth, Sex.MALE if century_digit % 2 else Sex.FEMALE)


def make_iin(birth: dt.date, sex: Sex, serial: int) -> str | None:
    """Build a valid IIN (for demo data and tests); None when this serial has no valid check digit."""
    century = {1800: 1, 1900: 3, 2000: 5}[birth.year // 100 * 100]
    digit = century + (0 if sex is Sex.MALE else 1)
    first = f"{birth:%y%m%d}{digit}{serial:04d}"
    check = check_digit(first)
    return None if check is None else f"{first}{check}"
