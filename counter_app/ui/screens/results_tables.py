"""What the Results screen shows: its tables (``kit.table.RowsModel``: the applications found, what the desk has
to do, the results unclaimed for more than a month) and a package's marks and particulars. What the desk has to do with a package and
in which order come from ``core.results_desk``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from counter_app.core.domain.i18n import N_, _
from counter_app.core.domain.packages import RESULT_KIND_NAMES, PackageStatus, is_overdue, status_text
from counter_app.core.domain.results_desk import DeskTodo, desk_todo, result_late
from counter_app.core.usecases.applications import ApplicationSummary
from counter_app.core.usecases.package_reads import PackageLine
from counter_app.ui.kit.formats import format_date
from counter_app.ui.kit.table import RowsModel, bold
from counter_app.ui.package_status import package_status_text

ALERT = QColor("#b00020")
ALERT_BACKGROUND = QColor("#fdecea")


class MatchesModel(RowsModel[ApplicationSummary]):
    """The packages a search found (more than one): Enter opens the current one."""

    HEADERS = (N_("Receipt number"), N_("Date"), N_("Applicant"), N_("IIN"), N_("Package"))

    def __init__(self, today: Callable[[], dt.date], parent=None) -> None:
        super().__init__(parent)
        self.today = today

    def cell(self, row: ApplicationSummary, column: int) -> str:
        if column == 4:
            overdue = (
                row.package_status is not None
                and row.handoff_due is not None
                and is_overdue(row.package_status, row.handoff_due, self.today())
            )
            return package_status_text(row.package_status, overdue)
        return (row.receipt_number, format_date(row.day), row.applicant_name, row.iin_masked)[column]

    def number(self, row: ApplicationSummary) -> str:
        return row.receipt_number


def todo_text(line: PackageLine, todo: DeskTodo) -> str:
    """What the desk has to do with a package, in the UI language."""
    if todo is DeskTodo.INFORM_CITIZEN:
        return _("INFORM THE CITIZEN: returned by the provider ({reason})").format(reason=line.return_reason)
    if todo is DeskTodo.ISSUE:
        return _("Issue the result (received {date}, kept until {until})").format(
            date=format_date(line.result_received_on), until=format_date(line.keep_until)
        )
    if todo is DeskTodo.ISSUE_OR_RETURN:
        return _("Issue the result, or it goes back to the provider (return manifest {number})").format(
            number=line.manifest_number or "—"
        )
    if todo is DeskTodo.LATE:
        return _("LATE: the provider's result was due {date}").format(date=format_date(line.result_due))
    return _("Awaiting the provider's result")


class WaitingModel(RowsModel[PackageLine]):
    """What the desk has to do: returned packages first, then results to issue, then the awaited (late in red)."""

    HEADERS = (N_("Receipt number"), N_("Applicant"), N_("Status"), N_("Result due"), N_("To do"))

    def __init__(self, today: Callable[[], dt.date], parent=None) -> None:
        super().__init__(parent)
        self.today = today

    def todo(self, row: PackageLine) -> DeskTodo:
        return desk_todo(row.status, row.result_due, self.today())

    def cell(self, row: PackageLine, column: int) -> str:
        if column == 4:
            return todo_text(row, self.todo(row))
        return (row.receipt_number, row.applicant_name, status_text(row.status), format_date(row.result_due))[
            column
        ]

    def number(self, row: PackageLine) -> str:
        return row.receipt_number

    def style(self, row: PackageLine, column: int, role: int) -> Any:
        if role not in (
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.FontRole,
            Qt.ItemDataRole.BackgroundRole,
        ):
            return None
        if not self.todo(row).alert:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(ALERT)
        if role == Qt.ItemDataRole.FontRole:
            return bold()
        return QBrush(ALERT_BACKGROUND) if row.status is PackageStatus.RETURNED_BY_PROVIDER else None


class UnclaimedResultsModel(RowsModel[PackageLine]):
    """Results kept a month and not claimed (the manager lists them on a return manifest)."""

    HEADERS = (N_("Receipt number"), N_("Applicant"), N_("Provider"), N_("Result received"), N_("Kept until"))

    def __init__(self, provider_name: Callable[[int], str], parent=None) -> None:
        super().__init__(parent)
        self.provider_name = provider_name

    def cell(self, row: PackageLine, column: int) -> str:
        return (
            row.receipt_number,
            row.applicant_name,
            self.provider_name(row.provider_id),
            format_date(row.result_received_on),
            format_date(row.keep_until),
        )[column]

    def number(self, row: PackageLine) -> str:
        return row.receipt_number


def package_marks(line: PackageLine, today: dt.date) -> list[str]:
    """What must stand out about a package: returned by the provider, overdue, its result late."""
    marks = []
    if line.status is PackageStatus.RETURNED_BY_PROVIDER:
        marks.append(
            _("Returned by the provider: inform the citizen. Reason: {reason}").format(
                reason=line.return_reason
            )
        )
    if line.overdue:
        marks.append(
            _("OVERDUE: it had to reach the provider by {date}.").format(date=format_date(line.handoff_due))
        )
    if result_late(line.status, line.result_due, today):
        marks.append(
            _("The result is late: it was due from the provider by {date}.").format(
                date=format_date(line.result_due)
            )
        )
    return marks


def package_particulars(line: PackageLine, service: str, provider: str) -> list[tuple[str, str]]:
    """(label, value) of the package's particulars, in the UI language, the steps it has gone through included."""
    rows = [
        (_("Applicant"), line.applicant_name),
        (_("Service"), service),
        (_("Provider"), provider),
        (_("Accepted on"), format_date(line.accepted_on)),
        (_("To the provider by"), format_date(line.handoff_due)),
        (_("Result due"), format_date(line.result_due)),
    ]
    if line.manifest_number:
        rows.append((_("Manifest"), line.manifest_number))
    if line.delivered_on:
        rows.append((_("Delivered on"), format_date(line.delivered_on)))
    if line.result_kind is not None:
        rows.append((_("Result"), f"{_(RESULT_KIND_NAMES[line.result_kind])}, {line.result_reference}"))
        rows.append((_("Result received on"), format_date(line.result_received_on)))
        if line.status in (PackageStatus.RESULT_RECEIVED, PackageStatus.ON_RETURN_MANIFEST):
            rows.append((_("Kept until"), format_date(line.keep_until)))
    if line.return_reason:
        rows.append((_("Provider's reason for the return"), line.return_reason))
    return rows
