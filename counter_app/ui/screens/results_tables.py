"""The tables of the Results screen (``kit.table.RowsModel``): the applications found, a package's history, what
the desk has to do, and the results unclaimed for more than a month. What the desk has to do with a package and
in which order come from ``core.results_desk``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from counter_app.core.domain.i18n import N_, _
from counter_app.core.domain.packages import PackageStatus, is_overdue, status_text
from counter_app.core.domain.results_desk import DeskTodo, desk_todo
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
