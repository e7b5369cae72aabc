"""A package's status and status history as the screens show them (the Results screen, the Applications tab).

The history comes from ``core.usecases.package_reads.package_history``: one row per change, with the time in the computer's
local time, the new status, who did it, and the particulars the step recorded (manifest, courier, clerk,
result, recipient, reason…) in the UI language.
"""

from __future__ import annotations

import datetime as dt

from counter_app.core.domain.i18n import N_, _
from counter_app.core.domain.packages import RESULT_KIND_NAMES, PackageStatus, ResultKind, status_text
from counter_app.core.usecases.package_reads import PackageEvent
from counter_app.core.usecases.people import display_name
from counter_app.ui.kit.formats import format_date, format_time
from counter_app.ui.kit.table import RowsModel

# The particulars each step stores (the custody and results use-cases write these keys), in the order they are shown.
DETAIL_LABELS = {
    "manifest": N_("manifest"),
    "removed_from": N_("taken off manifest"),
    "courier": N_("courier"),
    "clerk": N_("signed for by"),
    "delivered_on": N_("delivered on"),
    "result": N_("result"),
    "reference": N_("number and date"),
    "received_on": N_("received on"),
    "recipient": N_("issued to"),
    "name": N_("name"),
    "id_document": N_("identity document"),
    "power_of_attorney": N_("notarised power of attorney No."),
    "power_of_attorney_date": N_("dated"),
    "notary": N_("notary"),
    "issued_on": N_("issued on"),
    "reason": N_("provider's reason"),
    "returned_on": N_("returned on"),
    "how": N_("how the citizen was informed"),
    "informed_on": N_("informed on"),
    "picked_up_at": N_("picked up at"),
    "was_courier": N_("courier recorded before"),
    "was_picked_up_at": N_("time recorded before"),
    "pickup_undone": N_("pickup undone, courier was"),
    "correction": N_("reason for the correction"),
}
RECIPIENT_NAMES = {"applicant": N_("the applicant"), "representative": N_("a representative")}


def _value(key: str, value: object) -> str:
    text = str(value)
    if key.endswith("_at"):
        try:
            return format_time(dt.datetime.fromisoformat(text))
        except ValueError:
            return text
    if key.endswith(("_on", "_date")):
        try:
            return format_date(dt.date.fromisoformat(text))
        except ValueError:
            return text
    if key == "result":
        try:
            return _(RESULT_KIND_NAMES[ResultKind(text)])
        except ValueError:
            return text
    if key == "recipient" and text in RECIPIENT_NAMES:
        return _(RECIPIENT_NAMES[text])
    return text


def particulars(detail: dict[str, object]) -> str:
    """The particulars of one step, "label: value; …", known keys first in a fixed order."""
    keys = [k for k in DETAIL_LABELS if k in detail] + sorted(k for k in detail if k not in DETAIL_LABELS)
    parts = []
    for key in keys:
        label = _(DETAIL_LABELS[key]) if key in DETAIL_LABELS else key
        parts.append(f"{label}: {_value(key, detail[key])}")
    return "; ".join(parts)


def step_text(event: PackageEvent) -> str:
    """The status the step led to; the first step is the acceptance at the window."""
    if event.status_from is None:
        return _("accepted: {status}").format(status=status_text(event.status_to))
    if event.status_from is event.status_to:
        return _("pickup corrected: {status}").format(status=status_text(event.status_to))
    return status_text(event.status_to)


def history_rows(
    events: list[PackageEvent], names: dict[str, str] | None = None
) -> list[tuple[str, str, str, str]]:
    """(time, status, who — the full name where ``names`` has it —, particulars) per step, oldest first."""
    names = names or {}
    return [
        (format_time(e.at), step_text(e), display_name(names, e.username), particulars(e.detail))
        for e in events
    ]


def package_status_text(status: PackageStatus | None, overdue: bool) -> str:
    """The package's status for a list, with the overdue mark."""
    if status is None:
        return ""
    text = status_text(status)
    return _("{status} — OVERDUE").format(status=text) if overdue else text


class HistoryModel(RowsModel[tuple[str, str, str, str]]):
    """A package's status history: time, status, who, particulars (``package_status.history_rows``)."""

    HEADERS = (N_("Time"), N_("Status"), N_("By"), N_("Particulars"))

    def cell(self, row: tuple[str, str, str, str], column: int) -> str:
        return row[column]
