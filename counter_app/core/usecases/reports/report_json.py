"""The report as JSON (format 1, stable; documented in the README)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from counter_app.core.domain.office_time import office_today
from counter_app.core.usecases.reports.figures import (
    DEFAULT_NORM_MINUTES,
    FORMAT,
    NormRow,
    Report,
    ReportFilter,
    TimeFigures,
)
from counter_app.core.usecases.reports.measures import PACKAGE_SECTIONS, ROLLUP


def _times(t: TimeFigures) -> dict[str, Any]:
    return asdict(t)


def _norm_json(row: NormRow, key_name: str) -> dict[str, Any]:
    out: dict[str, Any] = {key_name: row.key} if key_name else {}
    if key_name == "operator":
        out["full_name"] = row.name
    out.update(
        {"intakes": row.intakes, "wait_seconds": _times(row.wait), "service_seconds": _times(row.service)}
    )
    return out


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def to_json(report: Report) -> dict[str, Any]:
    f = report.filter
    return {
        "format": FORMAT,
        "period": {"from": f.date_from.isoformat(), "to": f.date_to.isoformat()},
        "filter": {
            "service": f.service_code,
            "operator": f.operator,
            "department": f.department,
            "storage_days": f.storage_days,
        },
        "today": report.today.isoformat(),
        "services": report.service_names,
        "intakes": {
            "totals": report.totals(),
            "by_day_and_service": [
                {
                    "day": r.day.isoformat(),
                    "service": r.service_code,
                    "accepted": r.accepted,
                    "refused": r.refused,
                    "cancelled": r.cancelled,
                }
                for r in report.intakes
            ],
            "by_hour": [{"hour": h, "applications": n} for h, n in report.intakes_by_hour.items()],
        },
        "refusals": [
            {
                "service": r.service_code,
                "item": r.item_number,
                "document": r.document_key,
                "reason": r.reason,
                "count": r.count,
                "wording": r.wording,
                "label": r.label,
            }
            for r in report.refusals
        ],
        "handoff": {
            **report.handoff,
            "on_time_share": _rounded(report.handoff_share),
            "by_day": [
                {"day": d.day.isoformat(), "due": d.due, "on_time": d.on_time} for d in report.handoff_by_day
            ],
            "oldest_overdue": [
                {
                    "provider_id": o.provider_id,
                    "provider": o.provider,
                    "overdue": o.overdue,
                    "oldest_due": o.oldest_due.isoformat(),
                    "receipt_number": o.receipt_number,
                }
                for o in report.oldest_overdue
            ],
        },
        "result_deadlines": {**report.result_deadlines, "on_time_share": _rounded(report.result_share)},
        "results": report.results,
        "norms": {
            "wait_norm_minutes": DEFAULT_NORM_MINUTES,
            "service_norm_minutes": DEFAULT_NORM_MINUTES,
            "total": _norm_json(report.norms_total, ""),
            "by_operator": [_norm_json(r, "operator") for r in report.norms_by_operator],
            "by_service": [_norm_json(r, "service") for r in report.norms_by_service],
        },
    }


def figure_keys() -> Sequence[str]:
    """The measure names of each package section (for the README and the screen)."""
    today = office_today()
    f = ReportFilter(today, today)
    return [
        f"{section}.{name}"
        for section, measures in PACKAGE_SECTIONS.items()
        for name in measures(ROLLUP[section], today, f)
    ]
