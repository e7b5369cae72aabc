"""Ready for pickup on the manager's screen: the citizens to call, with their phones; tick "informed" per line
(journaled); export the list as XLSX or CSV for the calls and messages. Follows the other windows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.domain.catalog import Catalog
from counter_app.core.domain.i18n import N_, _, current_language
from counter_app.core.domain.office_time import office_today
from counter_app.core.domain.permissions import Account
from counter_app.core.usecases import pickup
from counter_app.core.usecases.changes import Topic
from counter_app.core.usecases.pickup import PickupLine
from counter_app.storage.db import Database
from counter_app.ui.kit.formats import format_date, format_time
from counter_app.ui.kit.operations import Newest, Op
from counter_app.ui.kit.table import RowsModel, select_row, table_view
from counter_app.ui.kit.widgets import follow_language
from counter_app.ui.refresh import ChangeWatcher

INFORMED_COLUMN = 6


class PickupModel(RowsModel[PickupLine]):
    """Results waiting for their citizen; the last column's check box records that the citizen was told."""

    HEADERS = (
        N_("Receipt number"),
        N_("Applicant"),
        N_("Phone"),
        N_("Service"),
        N_("Result received"),
        N_("Kept until"),
        N_("Citizen informed"),
    )
    WRAP_HEADERS = True  # at 1366 x 768 the Kazakh headers on one line left «Көрсетілетін қызметті алушы» cut

    def __init__(
        self, names: Callable[[], dict[str, str]], informed: Callable[[str, bool], Any], parent=None
    ) -> None:
        super().__init__(parent)
        self.names = names
        self.informed = informed

    def cell(self, row: PickupLine, column: int) -> str:
        return (
            row.receipt_number,
            row.applicant_name,
            row.phone,
            self.names().get(row.service_code, ""),
            format_date(row.received_on),
            format_date(row.keep_until),
            format_time(row.informed_at),
        )[column]

    def number(self, row: PickupLine) -> str:
        return row.receipt_number

    def checked(self, row: PickupLine, column: int) -> bool | None:
        return row.informed_at is not None if column == INFORMED_COLUMN else None

    def check(self, row: PickupLine, column: int, checked: bool) -> None:
        self.informed(row.receipt_number, checked)


class PickupPanel(QWidget):
    def __init__(
        self, db: Database, account: Account, catalog: Catalog, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.account = account
        self.catalog = catalog
        self.lines: list[PickupLine] = []
        self._reloads = Newest()
        self._filling = False
        self.count = QLabel()
        self.xlsx_button = QPushButton()
        self.csv_button = QPushButton()
        self.model = PickupModel(self.names, self.set_informed, self)
        self.table = table_view(self.model, stretch=(1,), fit=True)
        # Space ticks (or clears) the line the keyboard is on: whole rows are selected, so the box's own cell is
        # never the current one and Qt's Space on a check box would never reach it
        self.tick = QShortcut(QKeySequence(Qt.Key.Key_Space), self.table)
        self.tick.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.tick.activated.connect(self.toggle_current)
        self.hint = QLabel()
        self.hint.setWordWrap(True)  # never wider than the screen leaves it (kk is long)
        row = QHBoxLayout()
        row.addWidget(self.count)
        row.addWidget(self.hint, 1)
        row.addWidget(self.xlsx_button)
        row.addWidget(self.csv_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        self.xlsx_button.clicked.connect(lambda: self.export_dialog("xlsx"))
        self.csv_button.clicked.connect(lambda: self.export_dialog("csv"))
        self.watcher = ChangeWatcher(
            db, self, topics=(Topic.PACKAGES, Topic.JOURNAL)
        )  # informed marks are journaled
        self.watcher.changed.connect(self.reload)
        self._shown_once = False
        follow_language(self, self.retranslate)
        self.retranslate()

    def retranslate(self) -> None:
        self.xlsx_button.setText(_("Export XLSX…"))
        self.csv_button.setText(_("Export CSV…"))
        self.hint.setText(_("Space ticks or clears “Citizen informed” on the selected line."))
        self.model.retranslate()
        self._show()

    def names(self) -> dict[str, str]:
        lang = current_language()
        return {s.code: s.short_names.get(lang) for s in self.catalog.services}

    def reload(self) -> Any:
        db = self.db
        return Op(self, lambda: pickup.ready_for_pickup(db)).newest(self._reloads).success(self._loaded).run()

    def _loaded(self, lines: list[PickupLine]) -> None:
        self.lines = lines
        self._show()

    def _show(self) -> None:
        self.count.setText(_("Results waiting for their citizen: {count}").format(count=len(self.lines)))
        # a reload (after a tick, or another window's change) keeps the keyboard on its line, not back at none
        current = self.table.currentIndex()
        rows = self.model.rows
        number = (
            rows[current.row()].receipt_number if current.isValid() and current.row() < len(rows) else None
        )
        self.model.set_rows(self.lines)
        if self.lines:  # the keyboard is always on a line (the oldest first), so Space always has one to tick
            numbers = [line.receipt_number for line in self.lines]
            if number is None:
                select_row(self.table, 0)
            else:
                select_row(
                    self.table,
                    numbers.index(number) if number in numbers else min(current.row(), len(numbers) - 1),
                )

    def toggle_current(self) -> Any:
        """Tick or clear "informed" on the current line (Space)."""
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= len(self.model.rows):
            return None
        line = self.model.rows[index.row()]
        return self.set_informed(line.receipt_number, line.informed_at is None)

    def set_informed(self, receipt_number: str, informed: bool) -> Any:
        db, account = self.db, self.account
        return (
            Op(self, lambda: pickup.mark_informed(db, account, receipt_number, informed))
            .after(self.reload)
            .run()
        )

    def export_dialog(self, kind: str) -> None:
        pattern = _("Spreadsheets (*.xlsx)") if kind == "xlsx" else _("CSV files (*.csv)")
        name = f"ready-for-pickup-{office_today():%Y%m%d}.{kind}"
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the list"), str(Path.home() / name), pattern
        )
        if path:
            self.export_to(Path(path), kind)

    def export_to(self, path: Path, kind: str) -> Any:
        lines, lang, names = list(self.lines), current_language(), self.names()

        def work() -> int:
            from counter_app.printing.pickup_export import pickup_csv, pickup_xlsx

            data = (pickup_xlsx if kind == "xlsx" else pickup_csv)(lines, lang, names)
            path.write_bytes(data)
            return len(data)

        return Op(self, work).busy(self.xlsx_button, self.csv_button).run()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.reload()
