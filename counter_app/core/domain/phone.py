"""Kazakhstan mobile phone numbers, as given by the applicant at intake (for the "result ready" calls).

A number is written with or without spaces, brackets and dashes, as ``+7 7XX …``, ``8 7XX …`` or ``7XX …``
(10 digits). Kazakhstan's mobile numbers are ``+7 7XX XXX XX XX`` with the operators' codes 700–709, 747,
750–751, 760–764, 771, 775–778 (Kazakhstan's numbering plan; 6XX and 7XX other than these are Russia's or
fixed lines). The stored form is ``+77XXXXXXXXX``; :func:`display` spaces it for people.
"""

from __future__ import annotations

import re

MOBILE_CODES = frozenset(
    {
        *(f"70{d}" for d in range(10)),
        "747",
        "750",
        "751",
        *(f"76{d}" for d in range(5)),
        "771",
        "775",
        "776",
        "777",
        "778",
    }
)
_SEPARATORS = re.compile(r"[\s()\-.]")


class InvalidPhone(ValueError):
    """Not a Kazakhstan mobile number."""


def parse_mobile(text: str) -> str:
    """The number in its stored form ``+77XXXXXXXXX``; raises InvalidPhone for anything else."""
    compact = _SEPARATORS.sub("", text.strip())
    if compact.startswith("+7"):
        digits = compact[2:]
    elif compact[:1] in ("7", "8") and len(compact) == 11:
        digits = compact[1:]
    else:
        digits = compact
    if len(digits) != 10 or not digits.isdigit() or digits[:3] not in MOBILE_CODES:
        raise InvalidPhone(text)
    return "+7" + digits


def is_mobile(text: str) -> bool:
    try:
        parse_mobile(text)
    except InvalidPhone:
        return False
    return True


def display(stored: str) -> str:
    """``+77011234567`` as ``+7 701 123 45 67`` (anything else unchanged)."""
    if len(stored) == 12 and stored.startswith("+7") and stored[1:].isdigit():
        d = stored[2:]
        return f"+7 {d[:3]} {d[3:6]} {d[6:8]} {d[8:]}"
    return stored
