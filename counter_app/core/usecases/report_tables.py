"""A report as titled tables in one language: what the XLSX sheets, the PDF and the screen's lists show.

Cells keep their types (int, dt.date, :class:`Seconds`, :class:`Share`, str) so that each output formats them
its own way: a spreadsheet keeps numbers as numbers and dates as dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from counter_app.core.domain.i18n import N_, gettext_in
from counter_app.core.usecases.reports import (
    HANDOFF,
    RESULT_DEADLINES,
    RESULTS,
    Figure,
    NormRow,
    Report,
    share,
)

MEASURE_NAMES: dict[str, dict[str, str]] = {
    "intakes": {"accepted": N_("accepted"), "refused": N_("refused"), "cancelled": N_("cancelled")},
    HANDOFF: {
        "due": N_("due (on time, late and overdue)"),
        "on_time": N_("handed over on time"),
        "late": N_("handed over late"),
        "overdue": N_("overdue, not handed over"),
        "not_yet": N_("not handed over, not yet due"),
    },
    RESULT_DEADLINES: {
        "due": N_("due (on time, late and overdue)"),
        "on_time": N_("result received on time"),
        "late": N_("result received late"),
        "overdue": N_("result overdue"),
        "returned_by_provider": N_("returned by the provider"),
        "not_yet": N_("not yet due"),
    },
    RESULTS: {
        "received": N_("results received"),
        "issued": N_("results issued"),
        "returned_by_provider": N_("returned by the provider"),
        "waiting": N_("waiting for the citizen"),
        "unclaimed": N_("unclaimed (kept one month and over)"),
        "storage_ending": N_("storage ends within {days} days"),
    },
}
SHEET_NAMES = {
    "intakes": N_("Applications"),
    "refusals": N_("Refusals"),
    "handoff": N_("Handoff"),
    "handoff_by_day": N_("Handoff by day"),
    "oldest_overdue": N_("Overdue by provider"),
    "result_deadlines": N_("Result deadlines"),
    "results": N_("Results"),
    "norms_by_operator": N_("Times by operator"),
    "norms_by_service": N_("Times by service"),
}
REASON_NAMES = {"missing": N_("missing"), "expired": N_("expired")}


@dataclass(frozen=True)
class Seconds:
    """A duration (waiting or service time) in seconds, a whole number of minutes (the roll-up's resolution).

    Shown as whole minutes, the unit in the column's header: "20:00" (minutes:seconds) reads as a clock time.
    """

    value: int | None

    def minutes(self) -> int | None:
        return None if self.value is None else -(-self.value // 60)

    def text(self) -> str:
        minutes = self.minutes()
        return "—" if minutes is None else str(minutes)


@dataclass(frozen=True)
class Share:
    value: float | None

    def text(self) -> str:
        return "—" if self.value is None else f"{self.value * 100:.1f} %"


Cell = int | str | dt.date | Seconds | Share | None


@dataclass(frozen=True)
class ReportTable:
    key: str  # stable: the sheet's identity (intakes, refusals, handoff, …)
    title: str
    headers: list[str]
    rows: list[list[Cell]]
    figures: list[list[Figure | None]] = field(default_factory=list)  # per cell: what a double-click lists
    widths: list[float] = field(default_factory=list)  # relative column widths
    sheet: str = ""  # a short name (a spreadsheet's sheet names have at most 31 characters)


def _service(report: Report, code: str, lang: str) -> str:
    names = report.service_names.get(code)
    return names.get(lang, code) if names else code


def measure_name(section: str, measure: str, lang: str, report: Report | None = None) -> str:
    text = gettext_in(lang, MEASURE_NAMES[section][measure])
    if "{days}" in text:
        text = text.format(days=report.filter.storage_days if report else "N")
    return text


def _counts_table(
    report: Report,
    key: str,
    title: str,
    section: str,
    counts: dict[str, int],
    lang: str,
    share_value: float | None = None,
) -> ReportTable:
    t = lambda m: gettext_in(lang, m)
    rows: list[list[Cell]] = []
    figures: list[list[Figure | None]] = []
    for measure in MEASURE_NAMES[section]:
        rows.append([measure_name(section, measure, lang, report), counts[measure]])
        figures.append([None, Figure(section, measure)])
    if share_value is not None or section in (HANDOFF, RESULT_DEADLINES):
        rows.append([t(N_("share on time (on time ÷ due)")), Share(share_value)])
        figures.append([None, None])
    return ReportTable(
        key,
        title,
        [t(N_("Figure")), t(N_("Applications"))],
        rows,
        figures,
        [4, 1],
        gettext_in(lang, SHEET_NAMES[key]),
    )


def _norm_cells(row: NormRow) -> list[Cell]:
    return [
        row.intakes,
        row.wait.measured,
        Seconds(row.wait.median),
        Seconds(row.wait.p90),
        row.wait.over_norm,
        row.service.measured,
        Seconds(row.service.median),
        Seconds(row.service.p90),
        row.service.over_norm,
    ]


def _norm_headers(lang: str, first: list[str]) -> list[str]:
    t = lambda m: gettext_in(lang, m)
    return [
        *first,
        t(N_("Intakes")),
        t(N_("Waiting: measured")),
        t(N_("Waiting: median, min")),
        t(N_("Waiting: 90th percentile, min")),
        t(N_("Waiting over 15 min")),
        t(N_("Service: measured")),
        t(N_("Service: median, min")),
        t(N_("Service: 90th percentile, min")),
        t(N_("Service over 15 min")),
    ]


def _norm_figures(key: dict[str, Any], count: int) -> list[Figure | None]:
    return [Figure("norms", "", **key)] * count + [
        Figure("norms", "", **key),
        Figure("norms", "", **key),
        None,
        None,
        Figure("norms", "wait_over", **key),
        Figure("norms", "", **key),
        None,
        None,
        Figure("norms", "service_over", **key),
    ]


def report_tables(report: Report, lang: str) -> list[ReportTable]:
    t = lambda m: gettext_in(lang, m)
    tables: list[ReportTable] = []

    rows: list[list[Cell]] = []
    figures: list[list[Figure | None]] = []
    for r in report.intakes:
        rows.append([r.day, _service(report, r.service_code, lang), r.accepted, r.refused, r.cancelled])
        figures.append(
            [
                None,
                None,
                Figure("intakes", "accepted", day=r.day, service_code=r.service_code),
                Figure("intakes", "refused", day=r.day, service_code=r.service_code),
                None,
            ]
        )
    totals = report.totals()
    rows.append([None, t(N_("Total")), totals["accepted"], totals["refused"], totals["cancelled"]])
    figures.append([None, None, Figure("intakes", "accepted"), Figure("intakes", "refused"), None])
    tables.append(
        ReportTable(
            "intakes",
            t(N_("Applications by service and day")),
            [
                t(N_("Day")),
                t(N_("Service")),
                t(N_("Number accepted")),
                t(N_("Number refused")),
                t(N_("Number cancelled")),
            ],
            rows,
            figures,
            [1.3, 4, 1, 1, 1],
        )
    )

    rows, figures = [], []
    for r in report.refusals:
        rows.append(
            [
                _service(report, r.service_code, lang),
                r.item_number,
                r.wording.get(lang) or r.label.get(lang, ""),
                t(REASON_NAMES.get(r.reason, r.reason)),
                r.count,
            ]
        )
        figures.append(
            [
                None,
                None,
                None,
                None,
                Figure(
                    "refusals",
                    "",
                    service_code=r.service_code,
                    item_number=r.item_number,
                    document_key=r.document_key,
                    reason=r.reason,
                ),
            ]
        )
    tables.append(
        ReportTable(
            "refusals",
            t(N_("Refusals by document item of the law")),
            [
                t(N_("Service")),
                t(N_("Item")),
                t(N_("Document (the law's wording)")),
                t(N_("Reason")),
                t(N_("Refusals")),
            ],
            rows,
            figures,
            [2, 0.6, 6, 1.2, 1],
        )
    )

    tables.append(
        _counts_table(
            report,
            "handoff",
            t(N_("Handoff to providers: deadlines")),
            HANDOFF,
            report.handoff,
            lang,
            report.handoff_share,
        )
    )
    rows = [[d.day, d.due, d.on_time, Share(share(d.on_time, d.due))] for d in report.handoff_by_day]
    figures = [
        [None, Figure(HANDOFF, "due", day=d.day), Figure(HANDOFF, "on_time", day=d.day), None]
        for d in report.handoff_by_day
    ]
    tables.append(
        ReportTable(
            "handoff_by_day",
            t(N_("Handoff deadlines by due day")),
            [t(N_("Due day")), t(N_("Due")), t(N_("On time")), t(N_("Share on time"))],
            rows,
            figures,
            [1.3, 1, 1, 1],
        )
    )
    rows = [
        [o.provider.get(lang, o.provider.get("ru", "")), o.overdue, o.oldest_due, o.receipt_number]
        for o in report.oldest_overdue
    ]
    figures = [
        [None, Figure("oldest_overdue", "", provider_id=o.provider_id), None, None]
        for o in report.oldest_overdue
    ]
    tables.append(
        ReportTable(
            "oldest_overdue",
            t(N_("Overdue packages per provider")),
            [t(N_("Provider")), t(N_("Overdue")), t(N_("Oldest due")), t(N_("Oldest package"))],
            rows,
            figures,
            [5, 1, 1.3, 2],
        )
    )
    tables.append(
        _counts_table(
            report,
            "result_deadlines",
            t(N_("Results from providers: deadlines")),
            RESULT_DEADLINES,
            report.result_deadlines,
            lang,
            report.result_share,
        )
    )
    tables.append(_counts_table(report, "results", t(N_("Results")), RESULTS, report.results, lang))

    rows = [[r.key, r.name, *_norm_cells(r)] for r in report.norms_by_operator]
    figures = [_norm_figures({"operator": r.key}, 2) for r in report.norms_by_operator]
    rows.append([t(N_("All")), "", *_norm_cells(report.norms_total)])
    figures.append(_norm_figures({}, 2))
    tables.append(
        ReportTable(
            "norms_by_operator",
            t(N_("Waiting and service time per operator")),
            _norm_headers(lang, [t(N_("Operator")), t(N_("Full name"))]),
            rows,
            figures,
            [1.2, 3, *[1] * 9],
        )
    )
    rows = [[_service(report, r.key, lang), *_norm_cells(r)] for r in report.norms_by_service]
    figures = [_norm_figures({"service_code": r.key}, 1) for r in report.norms_by_service]
    tables.append(
        ReportTable(
            "norms_by_service",
            t(N_("Waiting and service time per service")),
            _norm_headers(lang, [t(N_("Service"))]),
            rows,
            figures,
            [3, *[1] * 9],
        )
    )
    return [
        table
        if table.sheet
        else ReportTable(**{**table.__dict__, "sheet": gettext_in(lang, SHEET_NAMES[table.key])})
        for table in tables
    ]


def period_text(report: Report, lang: str) -> list[tuple[str, str]]:
    """The report's parameters as label/value pairs (the heading of every output)."""
    t = lambda m: gettext_in(lang, m)
    f = report.filter
    return [
        (t(N_("Period")), f"{f.date_from:%d.%m.%Y} – {f.date_to:%d.%m.%Y}"),
        (t(N_("Service")), _service(report, f.service_code, lang) if f.service_code else t(N_("all"))),
        (t(N_("Operator")), f.operator or t(N_("all"))),
        (t(N_("Department")), f.department or t(N_("all"))),
        (t(N_("As of")), f"{report.today:%d.%m.%Y}"),
    ]
