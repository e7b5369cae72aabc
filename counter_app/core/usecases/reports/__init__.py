"""The manager's reports: intakes, refusals by the law's items, deadlines, results and the counter's norms.

``figures`` (what a report holds), ``measures`` (each figure as one condition), ``build`` (the figures summed
over the daily roll-up), ``norms`` (waiting and service time), ``hours`` (the office's local hour),
``drilldown`` (the applications behind a figure) and ``report_json`` (the stable JSON).
"""

from counter_app.core.usecases.reports.build import build_report, operators
from counter_app.core.usecases.reports.drilldown import applications_of, count_of
from counter_app.core.usecases.reports.figures import (
    DEFAULT_NORM_MINUTES,
    DEFAULT_STORAGE_DAYS,
    FORMAT,
    HANDOFF,
    RESULT_DEADLINES,
    RESULTS,
    DayShare,
    Figure,
    IntakeCount,
    NormRow,
    OldestOverdue,
    RefusalCount,
    Report,
    ReportError,
    ReportFilter,
    TimeFigures,
    share,
)
from counter_app.core.usecases.reports.report_json import figure_keys, to_json

__all__ = [
    "DEFAULT_NORM_MINUTES",
    "DEFAULT_STORAGE_DAYS",
    "FORMAT",
    "HANDOFF",
    "RESULTS",
    "RESULT_DEADLINES",
    "DayShare",
    "Figure",
    "IntakeCount",
    "NormRow",
    "OldestOverdue",
    "RefusalCount",
    "Report",
    "ReportError",
    "ReportFilter",
    "TimeFigures",
    "applications_of",
    "build_report",
    "count_of",
    "figure_keys",
    "operators",
    "share",
    "to_json",
]
