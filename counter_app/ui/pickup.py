"""Ready for pickup on the manager's screen: the citizens to call, with their phones; tick "informed" per line
(journaled); export the list as XLSX or CSV for the calls and messages. Follows the other windows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.domain.catalog import Catalog
from counter_app.core.domain.i18n import _, current_language
from counter_app.core.domain.permissions import Account
from counter_app.core.usecases import pickup
from counter_app.core.usecases.pickup import PickupLine
from counter_app.storage.db import Database
from counter_app.ui.kit.formats import format_date, format_time
from counter_app.ui.kit.operations import Newest, Op
from counter_app.ui.kit.widgets import follow_language
from counter_app.ui.refresh import ChangeWatcher

INFORMED_COLUMN = 6


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
        self.table = QTableWidget(0, 7)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._toggled)
        row = QHBoxLayout()
        row.addWidget(self.count, 1)
        row.addWidget(self.xlsx_button)
        row.addWidget(self.csv_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        self.xlsx_button.clicked.connect(lambda: self.export_dialog("xlsx"))
        self.csv_button.clicked.connect(lambda: self.export_dialog("csv"))
        self.watcher = ChangeWatcher(db, self)
        self.watcher.changed.connect(self.reload)
        self._shown_once = False
        follow_language(self, self.retranslate)
        self.retranslate()

    def retranslate(self) -> None:
        self.xlsx_button.setText(_("Export XLSX…"))
        self.csv_button.setText(_("Export CSV…"))
        self.table.setHorizontalHeaderLabels(
            [
                _("Receipt number"),
                _("Applicant"),
                _("Phone"),
                _("Service"),
                _("Result received"),
                _("Kept until"),
                _("Citizen informed"),
            ]
        )
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
        self._filling = True
        names = self.names()
        self.count.setText(_("Results waiting for their citizen: {count}").format(count=len(self.lines)))
        self.table.setRowCount(len(self.lines))
        for r, line in enumerate(self.lines):
            cells = [
                line.receipt_number,
                line.applicant_name,
                line.phone,
                names.get(line.service_code, ""),
                format_date(line.received_on),
                format_date(line.keep_until),
            ]
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
            mark = QTableWidgetItem(format_time(line.informed_at))
            mark.setFlags(
                Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable
            )
            mark.setCheckState(Qt.CheckState.Checked if line.informed_at else Qt.CheckState.Unchecked)
            mark.setData(Qt.ItemDataRole.UserRole, line.receipt_number)
            self.table.setItem(r, INFORMED_COLUMN, mark)
        self._filling = False

    def _toggled(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != INFORMED_COLUMN:
            return
        self.set_informed(item.data(Qt.ItemDataRole.UserRole), item.checkState() == Qt.CheckState.Checked)

    def set_informed(self, receipt_number: str, informed: bool) -> Any:
        db, account = self.db, self.account
        return (
            Op(self, lambda: pickup.mark_informed(db, account, receipt_number, informed))
            .after(self.reload)
            .run()
        )

    def export_dialog(self, kind: str) -> None:
        pattern = _("Spreadsheets (*.xlsx)") if kind == "xlsx" else _("CSV files (*.csv)")
        name = f"ready-for-pickup-{dt.date.today():%Y%m%d}.{kind}"
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
