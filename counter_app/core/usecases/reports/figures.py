"""What a report holds: its filter and its figures (plain data, no database)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from counter_app.core.domain.i18n import _

FORMAT = 1  # of the JSON (``report_json.to_json``); documented in the README
DEFAULT_NORM_MINUTES = 15  # the standards' maximum waiting and service time at the counter
DEFAULT_STORAGE_DAYS = 7  # "storage ends within N days"

HANDOFF = "handoff"
RESULT_DEADLINES = "result_deadlines"
RESULTS = "results"


class ReportError(ValueError):
    """The report's parameters make no sense (message in the UI language)."""


@dataclass(frozen=True)
class ReportFilter:
    date_from: dt.date
    date_to: dt.date
    service_code: str | None = None
    operator: str | None = None  # username
    department: str | None = None
    storage_days: int = DEFAULT_STORAGE_DAYS

    def check(self) -> None:
        if self.date_to < self.date_from:
            raise ReportError(_("The end of the period is before its start."))
        if not 0 <= self.storage_days <= 31:
            raise ReportError(_("The number of days before storage ends must be between 0 and 31."))


@dataclass(frozen=True)
class IntakeCount:
    day: dt.date
    service_code: str
    accepted: int
    refused: int
    cancelled: int


@dataclass(frozen=True)
class RefusalCount:
    service_code: str
    item_number: int
    document_key: str
    reason: str  # missing | expired
    count: int
    wording: dict[str, str]  # the law's wording of the item, kk and ru
    label: dict[str, str]  # the short label, kk/ru/en


@dataclass(frozen=True)
class DayShare:
    day: dt.date
    due: int
    on_time: int


@dataclass(frozen=True)
class OldestOverdue:
    provider_id: int
    provider: dict[str, str]  # kk, ru
    overdue: int
    oldest_due: dt.date
    receipt_number: str


@dataclass(frozen=True)
class TimeFigures:
    measured: int  # applications with a recorded time
    median: int | None  # seconds, in whole minutes rounded up (the roll-up's resolution)
    p90: int | None
    over_norm: int


NO_TIMES = TimeFigures(0, None, None, 0)


@dataclass(frozen=True)
class NormRow:
    key: str  # username or service code; "" for all
    name: str  # the operator's full name or the service's code
    intakes: int
    wait: TimeFigures
    service: TimeFigures


def share(on_time: int, due: int) -> float | None:
    return None if due == 0 else on_time / due


@dataclass(frozen=True)
class Report:
    filter: ReportFilter
    today: dt.date
    intakes: list[IntakeCount]
    intakes_by_hour: dict[int, int]  # the office's local hour -> applications (accepted and refused)
    refusals: list[RefusalCount]
    handoff: dict[str, int]  # on_time, late, overdue, not_yet, due
    handoff_by_day: list[DayShare]
    oldest_overdue: list[OldestOverdue]
    result_deadlines: dict[str, int]  # on_time, late, overdue, returned_by_provider, not_yet, due
    results: dict[str, int]
    norms_total: NormRow
    norms_by_operator: list[NormRow]
    norms_by_service: list[NormRow]
    service_names: dict[str, dict[str, str]] = field(default_factory=dict)  # code -> kk/ru/en short names

    def totals(self) -> dict[str, int]:
        return {
            "accepted": sum(r.accepted for r in self.intakes),
            "refused": sum(r.refused for r in self.intakes),
            "cancelled": sum(r.cancelled for r in self.intakes),
        }

    @property
    def handoff_share(self) -> float | None:
        return share(self.handoff["on_time"], self.handoff["due"])

    @property
    def result_share(self) -> float | None:
        return share(self.result_deadlines["on_time"], self.result_deadlines["due"])


@dataclass(frozen=True)
class Figure:
    """One figure of a report: its section, its measure and the row it is on (the keys that apply)."""

    section: str  # intakes | refusals | handoff | result_deadlines | results | oldest_overdue | norms | hours
    measure: str = ""  # accepted/refused; on_time/late/…; wait_over/service_over/measured; "" for all
    day: dt.date | None = None
    service_code: str | None = None
    operator: str | None = None
    provider_id: int | None = None
    item_number: int | None = None
    document_key: str | None = None
    reason: str | None = None
