"""The Reports screen's tables and dialogs: a report table as a ``RowsModel`` (its cells drill down), the
applications behind a figure, and one application with its package history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from counter_app.core.domain.i18n import N_, _, current_language
from counter_app.core.domain.packages import is_overdue
from counter_app.core.domain.permissions import Account
from counter_app.core.usecases.applications import ApplicationSummary, load_application
from counter_app.core.usecases.package_reads import package_history
from counter_app.core.usecases.people import display_name, full_names
from counter_app.core.usecases.report_tables import ReportTable, Seconds, Share
from counter_app.core.usecases.reports import Figure
from counter_app.ui.context import AppContext
from counter_app.ui.kit.formats import format_date
from counter_app.ui.kit.operations import Op
from counter_app.ui.kit.table import RowsModel, table_view
from counter_app.ui.package_status import HistoryModel, history_rows, package_status_text

IndexLike = QModelIndex | QPersistentModelIndex


def cell_text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, dt.date):
        return format_date(cell)
    if isinstance(cell, Seconds | Share):
        return cell.text()
    return str(cell)


class ReportTableModel(RowsModel[list[object]]):
    """One report table (``core.report_tables``): cells formatted when Qt asks; numbers right-aligned; a cell
    that drills down to its applications says so. The headers come translated from the core."""

    def __init__(self, table: ReportTable, parent=None) -> None:
        super().__init__(parent)
        self.table = table
        self.HEADERS = tuple(table.headers)
        self.rows = list(table.rows)

    def header(self, section: int) -> str:
        return self.HEADERS[section]  # already in the report's language

    def figure(self, index: IndexLike) -> Figure | None:
        figures = self.table.figures
        if not index.isValid() or index.row() >= len(figures) or index.column() >= len(figures[index.row()]):
            return None
        return figures[index.row()][index.column()]

    def cell(self, row: list[object], column: int) -> str:
        return cell_text(row[column])

    def style(self, row: list[object], column: int, role: int) -> Any:
        cell = row[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(cell, int | Seconds | Share):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def tooltip(self, row: list[object], column: int) -> str | None:
        cell = row[column]
        return cell_text(cell) if isinstance(cell, str) and len(cell) > 40 else None

    def data(self, index: IndexLike, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            cell = self.table.rows[index.row()][index.column()]
            if self.figure(index) is not None and cell:
                return _("Double-click to list the applications")
        return super().data(index, role)


class DrilledModel(RowsModel[ApplicationSummary]):
    """The applications behind one figure."""

    HEADERS = (
        N_("Receipt number"),
        N_("Day"),
        N_("Service"),
        N_("Applicant"),
        N_("IIN"),
        N_("Package status"),
    )

    def __init__(self, service_name: Callable[[str], str], today: dt.date, parent=None) -> None:
        super().__init__(parent)
        self.service_name = service_name
        self.today = today

    def cell(self, row: ApplicationSummary, column: int) -> str:
        if column == 5:
            if row.package_status is None:
                return _("refused")
            overdue = row.handoff_due is not None and is_overdue(
                row.package_status, row.handoff_due, self.today
            )
            return package_status_text(row.package_status, overdue)
        return (
            row.receipt_number,
            format_date(row.day),
            self.service_name(row.service_code),
            row.applicant_name,
            row.iin_masked,
        )[column]

    def number(self, row: ApplicationSummary) -> str:
        return row.receipt_number


def service_title(catalog: Any, code: str, lang: str) -> str:
    """The service's short name in the UI language (its code only if the catalog no longer has it)."""
    try:
        return catalog.service(code).short_names.get(lang)
    except KeyError:
        return code


class ApplicationDialog(QDialog):
    """One application as the drill-down opens it: what was decided and the package's history."""

    def __init__(self, ctx: AppContext, receipt_number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(receipt_number)
        self.resize(900, 480)
        self.summary = QLabel(_("Loading…"))
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.history_model = HistoryModel(self)
        self.history = table_view(self.history_model)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.history, 1)
        layout.addWidget(buttons)
        db = ctx.db
        self.catalog = ctx.catalog
        self.names: dict[str, str] = {}

        holder = parent
        while holder is not None and not isinstance(getattr(holder, "account", None), Account):
            holder = holder.parentWidget()
        account = (
            holder.account if holder is not None else None
        )  # the signed-in user (the core checks the role)

        def read() -> tuple[Any, list[Any]]:
            application = load_application(db, receipt_number, account)
            events = package_history(db, receipt_number)
            who = {e.username for e in events} | ({application.username} if application else set())
            self.names = full_names(db, who)  # people by their names, not their logins
            return application, events

        self.op = Op(self, read).success(self._show).run()

    def _show(self, loaded: tuple[Any, list[Any]]) -> None:
        application, events = loaded
        if application is None:
            self.summary.setText(_("There is no application {number}.").format(number=self.windowTitle()))
            return
        lang = current_language()
        decision = _("accepted") if application.package is not None else _("refused")
        lines = [
            f"<b>{application.receipt_number}</b> — {format_date(application.day)} — {decision}",
            _("{applicant} (operator {operator}, window {window})").format(
                applicant=application.applicant_name,
                operator=display_name(self.names, application.username),
                window=application.window,
            ),
            service_title(self.catalog, application.service_code, lang),
        ]
        if application.missing:
            lines.append(
                _("Missing or expired:")
                + " "
                + "; ".join(
                    f"{m['number']}. {m['label'].get(lang, m['label'].get('ru', ''))}"
                    for m in application.missing
                )
            )
        self.summary.setText("<br>".join(lines))
        self.history_model.set_rows(history_rows(events, self.names))
        self.history.resizeColumnsToContents()


class DrillDialog(QDialog):
    """The applications behind one figure; Enter or a double-click opens one."""

    def __init__(
        self,
        ctx: AppContext,
        title: str,
        rows: list[ApplicationSummary],
        today: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.resize(1000, 520)
        self.rows = rows
        label = QLabel(_("Applications: {count}").format(count=len(rows)))
        lang = current_language()
        names = {s.code: s.short_names.get(lang) for s in ctx.catalog.services}
        self.model = DrilledModel(lambda code: names.get(code, code), today, self)
        self.model.set_rows(rows)
        self.table = table_view(self.model, stretch=(3,))
        self.table.resizeColumnsToContents()
        self.table.activated.connect(self._open)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.opened: ApplicationDialog | None = None
        if rows:
            self.table.setCurrentIndex(self.model.index(0, 0))
        self.table.setFocus()

    def _open(self, index: QModelIndex) -> None:
        self.opened = ApplicationDialog(self.ctx, self.rows[index.row()].receipt_number, self)
        self.opened.open()
