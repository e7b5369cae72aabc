"""Why an intake cannot be accepted or refused as asked (messages in the UI language; ``InvalidDraft`` keys its
problems by field)."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

from counter_app.core.domain.calendar import (
    CalendarOverride,
    ClosedDay,
    centre_closed,
)
from counter_app.core.domain.checklist import ChecklistItem
from counter_app.core.domain.i18n import _

if TYPE_CHECKING:
    pass


class ClockBehind(ValueError):
    """This computer's date is before the department's last receipt: the receipt would be dated back."""

    def __init__(self, today: dt.date, last: dt.date) -> None:
        super().__init__(
            _(
                "This computer's date ({today}) is before the department's last receipt ({last}). Set the date and "
                "time right before accepting: receipts must not be dated back."
            ).format(today=today.strftime("%d.%m.%Y"), last=last.strftime("%d.%m.%Y"))
        )


class InvalidPrintLanguage(ValueError):
    def __init__(self, lang: str) -> None:
        super().__init__(_("Receipts are printed in Kazakh or Russian only."))
        self.lang = lang


class NotTakenAtCounter(ValueError):
    """The service has no version in force or the counter does not take it (its redirect says where to go)."""

    def __init__(self, code: str) -> None:
        super().__init__(_("The counter does not take the service “{code}” on this date.").format(code=code))
        self.code = code


class InvalidDraft(ValueError):
    """The draft's particulars are incomplete or invalid; ``fields`` names them (e.g. "applicant.iin") and
    ``problems`` says what is wrong with each, in the user's language (the message joins them)."""

    def __init__(self, fields: list[str], problems: dict[str, str] | None = None):
        self.fields = fields
        self.problems = problems or {}
        super().__init__(
            " ".join(dict.fromkeys(self.problems.values())) if self.problems else ", ".join(fields)
        )


class NotAllChecked(ValueError):
    """A refusal lists exactly what is missing: every document must be marked first (``keys`` are not yet)."""

    def __init__(self, keys: list[str]):
        self.keys = keys
        super().__init__(_("Mark every document first: {count} not yet checked.").format(count=len(keys)))


class NoProvider(ValueError):
    """None of the office's active providers serves this service in this district."""


class CentreClosed(ValueError):
    """The centre does not work today (a Sunday, a public holiday or a day off): no receipt is issued."""

    def __init__(self, closed: ClosedDay) -> None:
        self.closed = closed
        reason = closed.holiday or _("Sunday")
        super().__init__(
            _(
                "The centre does not work on {date} ({reason}): no application is taken and no receipt is issued. "
                "An administrator can declare the day a working day in Settings → Calendar, with its legal "
                "reference."
            ).format(date=closed.day.strftime("%d.%m.%Y"), reason=reason)
        )


class ConsentMissing(ValueError):
    """The applicant gave no consent to the use of restricted data: the intake is cancelled, never refused."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Without the applicant's consent the application cannot be taken, and the law gives no ground to "
                "refuse it: cancel the intake (a note is printed for the citizen)."
            )
        )


def check_centre_open(today: dt.date, overrides: list[CalendarOverride]) -> None:
    """Raise CentreClosed when the State Corporation's centre does not work ``today`` (Mon-Sat, except public
    holidays and days off, unless an administrator declared the day a working day)."""
    closed = centre_closed(today, overrides)
    if closed is not None:
        raise CentreClosed(closed)


class ProblemReason(str, enum.Enum):
    MISSING = "missing"
    EXPIRED = "expired"
    UNDATED = "undated"  # the item has a validity period but no issue or expiry date was entered
    UNCHECKED = "unchecked"  # the operator has not marked the item yet
    NO_CONSENT = "no_consent"


@dataclass(frozen=True)
class Problem:
    reason: ProblemReason
    item: ChecklistItem | None = None  # None for NO_CONSENT


class IntakeRefused(Exception):
    """``accept`` found the package incomplete; ``problems`` lists every missing/expired item and the consent."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(", ".join(p.item.key if p.item else p.reason.value for p in problems))
