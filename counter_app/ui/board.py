"""The live board: a panel on the manager's screen and, on demand, a full-screen view for a second monitor.

``core.board.load_board`` reads everything in a few aggregates (well under 50 ms over a million applications);
the panel reads it again only when the change poll (``ChangeWatcher`` with ``core.board.board_stamp``) says
another window changed something, and updates the shown cells in place. The time since each window's intake
started ticks every second without the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.domain.catalog import Catalog
from counter_app.core.domain.i18n import N_, _, current_language
from counter_app.core.usecases.board import (
    Board,
    CourierLine,
    ProviderLine,
    WindowLine,
    board_stamp,
    load_board,
)
from counter_app.storage.db import Database
from counter_app.ui.kit.formats import format_date, format_short_time
from counter_app.ui.kit.operations import Newest, Op
from counter_app.ui.kit.table import RowsModel, table_view
from counter_app.ui.kit.widgets import follow_language
from counter_app.ui.refresh import ChangeWatcher

TILES = (
    ("due_today", N_("due to providers today")),
    ("overdue", N_("overdue packages")),
    ("couriers", N_("couriers out")),
    ("results", N_("results to issue")),
    ("storage", N_("storage ends within {days} days")),
    ("unclaimed", N_("unclaimed results")),
)


def elapsed(since: dt.datetime | None, now: dt.datetime) -> str:
    if since is None:
        return ""
    seconds = max(int((now - since).total_seconds()), 0)
    return (
        f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
        if seconds >= 3600
        else f"{seconds // 60}:{seconds % 60:02d}"
    )


class ProvidersModel(RowsModel[ProviderLine]):
    HEADERS = (N_("Provider"), N_("Due today"), N_("Overdue"), N_("Oldest due"))
    WRAP_HEADERS = True  # beside the windows at 1366 x 768 «Көрсетілетін қызметті беруші» on one line was cut

    def cell(self, row: ProviderLine, column: int) -> str:
        name = row.name.get(current_language(), "")
        return (name, str(row.due_today), str(row.overdue), format_date(row.oldest_due))[column]


class CouriersModel(RowsModel[CourierLine]):
    HEADERS = (N_("Manifest"), N_("Provider"), N_("Courier"), N_("Picked up"), N_("Packages"))

    def cell(self, row: CourierLine, column: int) -> str:
        provider = row.provider.get(current_language(), "")
        return (row.number, provider, row.courier, format_short_time(row.picked_up_at), str(row.packages))[
            column
        ]


class WindowsModel(RowsModel[WindowLine]):
    """Who is at each window and for how long the current intake has run (counted up every second)."""

    HEADERS = (N_("Window"), N_("Operator"), N_("Service"), N_("Intake for"))
    ELAPSED = 3

    def __init__(
        self, now: Callable[[], dt.datetime], service_name: Callable[[str], str], parent=None
    ) -> None:
        super().__init__(parent)
        self.now = now
        self.service_name = service_name

    def cell(self, row: WindowLine, column: int) -> str:
        match column:
            case 0:
                return row.window
            case 1:
                return row.full_name or _("free")
            case 2:
                return self.service_name(row.service_code) if row.service_code else ""
            case _:
                return elapsed(row.started_at, self.now())


def _table(model: RowsModel[Any], stretch: tuple[int, ...]) -> QTableView:
    """A list of the board: a provider's long name goes on two or three lines, whole (a few rows each)."""
    return table_view(model, selectable=False, stretch=stretch, fit=True, wrap=True)


class BoardView(QWidget):
    """The board's tiles and lists; ``big`` for the full-screen view (larger type)."""

    def __init__(
        self,
        now: Callable[[], dt.datetime],
        big: bool = False,
        service_name: Callable[[str], str] = str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.now = now
        self.service_name = service_name
        self.board: Board | None = None
        if big:
            font = self.font()
            font.setPointSizeF(font.pointSizeF() * 1.6)
            self.setFont(font)
        tiles = QGridLayout()
        self.tiles: dict[str, tuple[QLabel, QLabel]] = {}
        for index, (key, _source) in enumerate(TILES):
            number, caption = QLabel("–"), QLabel()
            number_font = self.font()
            number_font.setPointSizeF(number_font.pointSizeF() * 2.2)
            number_font.setBold(True)
            number.setFont(number_font)
            number.setAlignment(Qt.AlignmentFlag.AlignCenter)
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            caption.setWordWrap(True)
            tiles.addWidget(number, 0, index)
            tiles.addWidget(caption, 1, index)
            self.tiles[key] = (number, caption)
        self.providers_label, self.couriers_label, self.windows_label = QLabel(), QLabel(), QLabel()
        self.providers_model = ProvidersModel(self)
        self.couriers_model = CouriersModel(self)
        self.windows_model = WindowsModel(now, service_name, self)
        self.providers = _table(self.providers_model, (0,))
        self.couriers = _table(self.couriers_model, (1,))
        self.windows = _table(self.windows_model, (1, 2))
        self.windows.setWordWrap(True)
        lists = QGridLayout()
        lists.addWidget(self.providers_label, 0, 0)
        lists.addWidget(self.providers, 1, 0)
        lists.addWidget(self.windows_label, 0, 1)
        lists.addWidget(self.windows, 1, 1)
        lists.addWidget(self.couriers_label, 2, 0, 1, 2)
        lists.addWidget(self.couriers, 3, 0, 1, 2)
        lists.setRowStretch(1, 3)
        lists.setRowStretch(3, 2)
        lists.setColumnStretch(0, 1)
        lists.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(tiles)
        layout.addLayout(lists, 1)
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self._tick)
        self.ticker.start()
        follow_language(self, self.retranslate)
        self.retranslate()

    def retranslate(self) -> None:
        days = self.board.storage_days if self.board else 7
        for key, source in TILES:
            self.tiles[key][1].setText(_(source).format(days=days))
        self.providers_label.setText(_("Packages per provider"))
        self.couriers_label.setText(_("Couriers out"))
        self.windows_label.setText(_("Windows"))
        for model in (self.providers_model, self.couriers_model, self.windows_model):
            model.retranslate()
        if self.board is not None:
            self.show_board(self.board)

    def show_board(self, board: Board) -> None:
        self.board = board
        values = {
            "due_today": board.due_today,
            "overdue": board.overdue,
            "couriers": len(board.couriers),
            "results": board.results_to_issue,
            "storage": board.storage_ending,
            "unclaimed": board.unclaimed,
        }
        for key, value in values.items():
            number = self.tiles[key][0]
            if number.text() != str(value):
                number.setText(str(value))
            alarm = key in ("overdue", "unclaimed") and value > 0
            number.setStyleSheet("color: #b00020;" if alarm else "")
        self.providers_model.update_rows(board.providers)
        self.couriers_model.update_rows(board.couriers)
        self.windows_model.update_rows(board.windows)
        self._tick()

    def _tick(self) -> None:
        """The intakes' running times count up."""
        self.windows_model.refresh(WindowsModel.ELAPSED, WindowsModel.ELAPSED)


class BoardPanel(QWidget):
    """The board on the manager's screen; F11 shows it full screen (for a second monitor), Esc closes that."""

    def __init__(
        self,
        db: Database,
        today: Callable[[], dt.date],
        now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
        catalog: Catalog | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.today = today
        self.catalog = catalog
        self.view = BoardView(now, service_name=self.service_name)
        self.now = now
        self.full: BoardView | None = None
        self.full_button = QPushButton()
        self.note = QLabel()
        self.note.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.note, 1)
        top.addWidget(self.full_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self._reloads = Newest()
        self.loads = 0  # how many times the board was read (the tests count them)
        self.full_button.clicked.connect(self.show_full_screen)
        shortcut = QShortcut(QKeySequence("F11"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.show_full_screen)
        self.watcher = ChangeWatcher(db, self, stamp=board_stamp)
        self.watcher.changed.connect(self.reload)
        self._shown_once = False
        follow_language(self, self.retranslate)
        self.retranslate()

    def service_name(self, code: str) -> str:
        if self.catalog is not None:
            try:
                return self.catalog.service(code).short_names.get(current_language())
            except KeyError:
                pass
        return code

    def retranslate(self) -> None:
        self.full_button.setText(_("Full screen (F11)"))
        self.note.setText(_("What needs action today; follows the other windows by itself."))

    def reload(self) -> Any:
        db, today = self.db, self.today()
        return Op(self, lambda: load_board(db, today)).newest(self._reloads).success(self._loaded).run()

    def _loaded(self, board: Board) -> None:
        self.loads += 1
        self.view.show_board(board)
        if self.full is not None:
            self.full.show_board(board)

    def show_full_screen(self) -> BoardView:
        if self.full is None:
            self.full = BoardView(self.now, big=True, service_name=self.service_name)
            self.full.setWindowTitle(_("Board"))
            self.full.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.full.destroyed.connect(self._full_closed)
            close = QShortcut(QKeySequence("Esc"), self.full)
            close.activated.connect(self.full.close)
            if self.view.board is not None:
                self.full.show_board(self.view.board)
        self.full.showFullScreen()
        return self.full

    def _full_closed(self, *_args: Any) -> None:
        self.full = None

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.reload()
