"""The Reports screen (managers and administrators): a period, a service, an operator; charts and the tables.

Every figure comes from ``core.reports`` (SQL aggregates), read in the background through :class:`Op`. The
Overview tab draws the day's intakes by hour, the share handed over on time by due day and the refusals by
item; one tab per table follows. A double-click on a number (or a bar) lists its applications, and a
double-click there opens the application with its package history. F5 builds the report again; Ctrl+S saves
it as XLSX, Ctrl+P as PDF (kk or ru).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.domain.i18n import _, current_language
from counter_app.core.domain.office_time import office_today
from counter_app.core.domain.permissions import Account
from counter_app.core.usecases import reports
from counter_app.core.usecases.applications import ApplicationSummary
from counter_app.core.usecases.report_tables import ReportTable, Seconds, Share, report_tables
from counter_app.core.usecases.reports import Figure, Report, ReportFilter
from counter_app.ui.chart import Chart
from counter_app.ui.context import AppContext
from counter_app.ui.kit.date_field import DateField
from counter_app.ui.kit.formats import format_date, format_day_month
from counter_app.ui.kit.operations import Newest, Op
from counter_app.ui.kit.tabs import keyboard_tabs
from counter_app.ui.kit.widgets import follow_language
from counter_app.ui.screens import title_label
from counter_app.ui.screens.reports_tables import (
    DrillDialog,
    ReportTableModel,
)

IndexLike = QModelIndex | QPersistentModelIndex
HOURS = range(8, 21)  # the centre works 9:00-20:00


def _minutes(seconds: int | None) -> str:
    """A median duration with its unit: "20 min", never "20:00" (read as a clock time)."""
    minutes = Seconds(seconds).minutes()
    return "—" if minutes is None else _("{minutes} min").format(minutes=minutes)


class ReportsScreen(QWidget):
    def __init__(
        self,
        ctx: AppContext,
        account: Account,
        today: Callable[[], dt.date] = office_today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.db = ctx.db
        self.account = account
        self.today = today
        self.report: Report | None = None
        self.tables: list[ReportTable] = []
        self.drill: DrillDialog | None = None
        self._reloads = Newest()
        self._shown_once = False
        day = today()

        self.title = title_label()
        self.from_label, self.to_label = QLabel(), QLabel()
        self.date_from = DateField(day.replace(day=1))
        self.date_to = DateField(day)
        for edit, label in ((self.date_from, self.from_label), (self.date_to, self.to_label)):
            label.setBuddy(edit)
        self.service_label, self.operator_label = QLabel(), QLabel()
        self.service = QComboBox()
        self.operator = QComboBox()
        self.service_label.setBuddy(self.service)
        self.operator_label.setBuddy(self.operator)
        self.build_button = QPushButton()
        self.xlsx_button = QPushButton()
        self.pdf_button = QPushButton()
        self.status = QLabel()
        self.status.setWordWrap(True)

        filters = QHBoxLayout()
        for widget in (self.from_label, self.date_from, self.to_label, self.date_to, self.service_label):
            filters.addWidget(widget)
        filters.addWidget(self.service, 2)
        filters.addWidget(self.operator_label)
        filters.addWidget(self.operator, 1)
        for combo in (self.service, self.operator):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
        actions = QHBoxLayout()
        actions.addWidget(self.status, 1)
        actions.addWidget(self.build_button)
        actions.addWidget(self.xlsx_button)
        actions.addWidget(self.pdf_button)

        self.tabs = QTabWidget()
        self.tabs.setUsesScrollButtons(True)
        overview = QWidget()
        grid = QGridLayout(overview)
        self.key_figures = QLabel()
        self.key_figures.setWordWrap(True)
        self.key_figures.setTextFormat(Qt.TextFormat.RichText)
        self.hours_chart = Chart()
        self.share_chart = Chart(line=True)
        self.refusals_chart = Chart()
        grid.addWidget(self.key_figures, 0, 0, 1, 2)
        grid.addWidget(self.hours_chart, 1, 0)
        grid.addWidget(self.share_chart, 1, 1)
        grid.addWidget(self.refusals_chart, 2, 0, 1, 2)
        grid.setRowStretch(1, 1)
        grid.setRowStretch(2, 1)
        self.tabs.addTab(overview, "")
        self.views: list[QTableView] = []

        report_page = QWidget()
        report_layout = QVBoxLayout(report_page)
        report_layout.addLayout(filters)
        report_layout.addLayout(actions)
        report_layout.addWidget(self.tabs, 1)
        from counter_app.ui.board import BoardPanel

        self.board = BoardPanel(self.db, today, catalog=ctx.catalog)
        self.sections = QTabWidget()
        self.sections.addTab(self.board, "")
        self.sections.addTab(report_page, "")
        self.extra_sections(self.sections)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.sections, 1)

        self.build_button.clicked.connect(self.build)
        self.xlsx_button.clicked.connect(lambda: self.export_dialog("xlsx"))
        self.pdf_button.clicked.connect(lambda: self.export_dialog("pdf"))
        self.hours_chart.bar_activated.connect(self._hour_activated)
        self.refusals_chart.bar_activated.connect(self._refusal_activated)
        for key, slot in (
            ("F5", self.build),
            ("Ctrl+S", lambda: self.export_dialog("xlsx")),
            ("Ctrl+P", lambda: self.export_dialog("pdf")),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.setFocusProxy(self.date_from)
        keyboard_tabs(self, self.sections, self.tabs)
        self._fill_choices()
        follow_language(self, self.retranslate)
        self.retranslate()

    # ------------------------------------------------------------------------------------------- text

    def retranslate(self) -> None:
        self.title.setText(_("Reports"))
        self.from_label.setText(_("&From:"))
        self.to_label.setText(_("&To:"))
        self.service_label.setText(_("&Service:"))
        self.operator_label.setText(_("&Operator:"))
        self.build_button.setText(_("Build (F5)"))
        self.xlsx_button.setText(_("XLSX (Ctrl+S)"))
        self.pdf_button.setText(_("PDF (Ctrl+P)"))
        self.tabs.setTabText(0, _("Overview"))
        self.sections.setTabText(0, _("Board (today)"))
        self.sections.setTabText(1, _("Report for a period"))
        if self.day_close is not None:
            self.sections.setTabText(self.sections.indexOf(self.day_close), _("Day close"))
        if self.pickup is not None:
            self.sections.setTabText(self.sections.indexOf(self.pickup), _("Ready for pickup"))
        self._fill_choices()
        self._show()

    def _fill_choices(self) -> None:
        lang = current_language()
        current = self.service.currentData()
        self.service.blockSignals(True)
        self.service.clear()
        self.service.addItem(_("all services"), None)
        for service in self.ctx.catalog.services:
            self.service.addItem(service.short_names.get(lang), service.code)
        self.service.setCurrentIndex(max(self.service.findData(current), 0))
        self.service.blockSignals(False)
        if self.operator.count() == 0:
            self.operator.addItem("", None)
            Op(self, lambda: reports.operators(self.db)).success(self._operators).run()
        self.operator.setItemText(0, _("all operators"))

    def _operators(self, people: list[tuple[str, str]]) -> None:
        for username, full_name in people:
            self.operator.addItem(full_name or username, username)  # people by name, not by login

    def extra_sections(self, sections: QTabWidget) -> None:
        """The day's close (managers only: they answer for the handoff) and the ready-for-pickup list."""
        from counter_app.core.domain.permissions import Screen, can_open

        self.day_close = None
        if can_open(self.account, Screen.HANDOFF):
            from counter_app.ui.day_close import DayClosePanel

            self.day_close = DayClosePanel(self.db, self.account, self.today)
            sections.addTab(self.day_close, "")
        self.pickup = None
        if can_open(self.account, Screen.RESULTS):
            from counter_app.ui.pickup import PickupPanel

            self.pickup = PickupPanel(self.db, self.account, self.ctx.catalog)
            sections.addTab(self.pickup, "")

    # ----------------------------------------------------------------------------------------- building

    def current_filter(self) -> ReportFilter:
        return ReportFilter(
            self.date_from.value(),
            self.date_to.value(),
            self.service.currentData(),
            self.operator.currentData(),
        )

    def build(self) -> Any:
        f = self.current_filter()
        today = self.today()
        db, account, catalog = self.db, self.account, self.ctx.catalog
        self.status.setText(_("Counting…"))
        return (
            Op(self, lambda: reports.build_report(db, account, f, today, catalog))
            .newest(self._reloads)
            .busy(self.build_button)
            .success(self._built)
            .failure(self._failed)
            .run()
        )

    def _failed(self, error: Exception) -> None:
        from counter_app.ui.kit.errors import error_box

        self.status.setText("")
        error_box(self, error)

    def _built(self, report: Report) -> None:
        self.report = report
        self._show()

    def _show(self) -> None:
        report = self.report
        if report is None:
            self.status.setText(_("Choose the period and press F5."))
            return
        lang = current_language()
        self.tables = report_tables(report, lang)
        totals = report.totals()
        self.status.setText(
            _("{accepted} accepted, {refused} refused, {cancelled} cancelled in the period.").format(**totals)
        )
        handoff_share = Share(report.handoff_share).text()
        result_share = Share(report.result_share).text()
        norms = report.norms_total
        figures = [
            (
                _("Handed over on time"),
                f"{handoff_share} ({report.handoff['on_time']} / {report.handoff['due']})",
            ),
            (_("Results on time"), result_share),
            (_("Overdue now"), str(sum(o.overdue for o in report.oldest_overdue))),
            (_("Waiting, median"), _minutes(norms.wait.median)),
            (_("Service, median"), _minutes(norms.service.median)),
        ]
        self.key_figures.setText(
            # a figure is never broken across lines («10» at one line's end, «мин» on the next)
            " &nbsp;·&nbsp; ".join(f"<nobr>{label}: <b>{value}</b></nobr>" for label, value in figures)
        )
        empty = _("nothing in this period")
        self.hours_chart.set_series(
            _("Applications by hour"),
            [f"{h}" for h in HOURS],
            [report.intakes_by_hour.get(h, 0) for h in HOURS],
            empty,
        )
        days = [d for d in report.handoff_by_day if d.due]
        self.share_chart.set_series(
            _("Share handed over on time, by due day (%)"),
            [format_day_month(d.day) for d in days],
            [100 * d.on_time / d.due for d in days],
            empty,
        )
        names = report.service_names
        self.refusal_rows = report.refusals[:15]
        self.refusals_chart.set_series(
            _("Refusals by document item"),
            [
                f"{names.get(r.service_code, {}).get(lang, r.service_code)} {r.item_number}"
                for r in self.refusal_rows
            ],
            [r.count for r in self.refusal_rows],
            empty,
        )
        while self.tabs.count() > 1:
            widget = self.tabs.widget(1)
            self.tabs.removeTab(1)
            widget.deleteLater()
        self.views = []
        for table in self.tables:
            view = QTableView()
            view.setModel(ReportTableModel(table, view))
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            view.setWordWrap(True)
            header = view.horizontalHeader()
            header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            widest = max(range(len(table.widths)), key=lambda i: table.widths[i]) if table.widths else 0
            view.resizeColumnsToContents()
            header.setSectionResizeMode(widest, QHeaderView.ResizeMode.Stretch)
            view.resizeRowsToContents()
            view.activated.connect(lambda index, v=view: self.drill_down(v.model().figure(index)))
            view.doubleClicked.connect(lambda index, v=view: self.drill_down(v.model().figure(index)))
            view.setToolTip(table.title)
            self.views.append(view)
            self.tabs.addTab(view, table.sheet)
            self.tabs.setTabToolTip(self.tabs.count() - 1, table.title)

    # ------------------------------------------------------------------------------------------ drilling

    def drill_down(self, figure: Figure | None) -> Any:
        if figure is None or self.report is None:
            return None
        f, today = self.report.filter, self.report.today
        db, account, catalog = self.db, self.account, self.ctx.catalog
        title = self._figure_title(figure)
        return (
            Op(self, lambda: reports.applications_of(db, account, f, figure, today, catalog=catalog))
            .success(lambda rows: self._drilled(title, rows, today))
            .run()
        )

    def _figure_title(self, figure: Figure) -> str:
        from counter_app.core.usecases.report_tables import MEASURE_NAMES, measure_name

        if figure.section in MEASURE_NAMES and figure.measure in MEASURE_NAMES[figure.section]:
            text = measure_name(figure.section, figure.measure, current_language(), self.report)
        else:
            text = _("Applications")
        if figure.day is not None:
            text += f" — {format_date(figure.day)}"
        return text

    def _drilled(self, title: str, rows: list[ApplicationSummary], today: dt.date) -> None:
        self.drill = DrillDialog(self.ctx, title, rows, today, self)
        self.drill.open()

    def _hour_activated(self, index: int) -> None:
        self.drill_down(Figure("hours", str(list(HOURS)[index])))

    def _refusal_activated(self, index: int) -> None:
        r = self.refusal_rows[index]
        self.drill_down(
            Figure(
                "refusals",
                "",
                service_code=r.service_code,
                item_number=r.item_number,
                document_key=r.document_key,
                reason=r.reason,
            )
        )

    # ------------------------------------------------------------------------------------------ export

    def export_dialog(self, kind: str) -> None:
        if self.report is None:
            self.status.setText(_("Build the report first (F5)."))
            return
        f = self.report.filter
        name = f"report-{f.date_from:%Y%m%d}-{f.date_to:%Y%m%d}.{kind}"
        pattern = _("Spreadsheets (*.xlsx)") if kind == "xlsx" else _("PDF documents (*.pdf)")
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the report"), str(Path.home() / name), pattern
        )
        if path:
            self.export_to(Path(path), kind)

    def export_to(self, path: Path, kind: str, lang: str | None = None) -> Any:
        """Write the shown report as XLSX (in the UI language) or PDF (kk or ru) in the background."""
        report = self.report
        if report is None:
            return None
        lang = lang or current_language()
        if kind == "pdf" and lang not in ("kk", "ru"):
            lang = "ru"

        def work() -> int:
            if kind == "xlsx":
                from counter_app.printing.report_xlsx import report_xlsx

                data = report_xlsx(report, lang)
            else:
                from counter_app.printing.report_pdf import report_pdf

                data = report_pdf(report, lang)
            path.write_bytes(data)
            return len(data)

        return (
            Op(self, work)
            .busy(self.xlsx_button, self.pdf_button)
            .success(lambda size: self.status.setText(_("Saved: {path}").format(path=path)))
            .run()
        )

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.build()
            self.date_from.setFocus()
