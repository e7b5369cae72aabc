"""Working-day calendar (placeholder: the lead is writing it; only the override type is final)."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass


class OverrideKind(str, enum.Enum):
    DAY_OFF = "day_off"  # an extra day off (a transferred day off, the official Kurban Ait date)
    WORKING_DAY = "working_day"  # a day that is worked although it would be a day off (moved working Saturday)


@dataclass(frozen=True)
class CalendarOverride:
    """A day the government decreed different from the holidays package, with its legal reference."""

    day: dt.date
    kind: OverrideKind
    reference: str  # e.g. "Government Decree No. 123 of 01.12.2025"
    name: str = ""
