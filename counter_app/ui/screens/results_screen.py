"""The Results screen (operators and managers): the provider's result back at the centre and issued to the citizen.

Scan or type a receipt number (or an IIN or a name) and press Enter: the package, its status, due dates and
history appear, with the steps its status allows (``core.domain.packages.TRANSITIONS``): register the provider's result
(F5), issue it on an identity document or, to a representative, on a notarised power of attorney (F6), record
a package the provider sent back with a written reason (F7), and that its citizen was told (F8). Below: what the
desk has to do (returned packages whose citizen must be told first, then results to issue, then results awaited
from the provider, late ones marked) and the results unclaimed for more than a month, which the manager puts on
a return manifest on the Handoff screen.

Every step opens a small form (Enter confirms, Esc cancels); the database work runs in the background; when the
core refuses, its message is shown in a message box and the form stays open with what was typed. After each
step the focus is back in the scan field. The screen follows the other windows through a ``ChangeWatcher``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.domain.clock import Clock, system_clock
from counter_app.core.domain.i18n import N_, _, current_language
from counter_app.core.domain.office import Office
from counter_app.core.domain.packages import PackageStatus, status_text
from counter_app.core.domain.permissions import Account
from counter_app.core.domain.results_desk import DeskStep, desk_order, step_allowed
from counter_app.core.domain.text import InvalidText
from counter_app.core.usecases import package_reads
from counter_app.core.usecases.applications import ApplicationSummary, search_applications, search_too_short
from counter_app.core.usecases.changes import Topic
from counter_app.core.usecases.package_reads import PackageEvent, PackageLine
from counter_app.core.usecases.people import full_names
from counter_app.core.usecases.results import take_step
from counter_app.ui.context import BLANK_OFFICE, AppContext
from counter_app.ui.kit.errors import show_error
from counter_app.ui.kit.operations import Newest, Op
from counter_app.ui.kit.table import NUMBER_ROLE, table_view
from counter_app.ui.kit.tabs import keyboard_tabs
from counter_app.ui.kit.widgets import ErrorLabel, follow_language
from counter_app.ui.package_status import HistoryModel, history_rows
from counter_app.ui.refresh import ChangeWatcher
from counter_app.ui.screens import title_label
from counter_app.ui.screens.results_forms import DIALOGS, DONE_MESSAGES, ActionDialog
from counter_app.ui.screens.results_tables import (
    MatchesModel,
    UnclaimedResultsModel,
    WaitingModel,
    package_marks,
    package_particulars,
)

S = PackageStatus


ACTION_KEYS = {
    DeskStep.REGISTER: "F5",
    DeskStep.ISSUE: "F6",
    DeskStep.RETURNED: "F7",
    DeskStep.INFORMED: "F8",
}
ACTION_TEXTS = {
    DeskStep.REGISTER: N_("Register &result (F5)"),
    DeskStep.ISSUE: N_("&Issue result (F6)"),
    DeskStep.RETURNED: N_("Returned by the &provider (F7)"),
    DeskStep.INFORMED: N_("Citizen i&nformed (F8)"),
}


# ----------------------------------------------------------------------------------------------- screen


class ResultsScreen(QWidget):
    def __init__(
        self,
        ctx: AppContext,
        account: Account,
        clock: Clock = system_clock,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.db = ctx.db
        self.catalog = ctx.catalog
        self.account = account
        self.clock = clock
        self.office = BLANK_OFFICE  # read in the background, for the providers' names
        self.line: PackageLine | None = None
        self.history: list[PackageEvent] = []
        self.names: dict[str, str] = {}  # username -> full name, for the history
        self.matches: list[ApplicationSummary] = []
        self.waiting: list[PackageLine] = []
        self.unclaimed: list[PackageLine] = []
        self.dialog: ActionDialog | None = None
        self._message: tuple[str, dict[str, Any]] | None = None  # (English source, arguments)
        self.package_reads = Newest()  # the newest package asked for is shown
        self.list_reads = Newest()
        self._shown_once = False

        self.title = title_label()
        self.scan_label = QLabel()
        self.scan = QLineEdit()
        self.scan.setClearButtonEnabled(True)
        self.scan_label.setBuddy(self.scan)
        self.find_button = QPushButton()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.match_model = MatchesModel(self.today, self)
        self.match_table = self._table(self.match_model)
        self.match_table.hide()
        self.match_table.setMaximumHeight(160)
        self.match_table.activated.connect(self._open_row)

        self.package_box = QGroupBox()
        self.status_label = QLabel()
        status_font = self.status_label.font()
        status_font.setPointSizeF(status_font.pointSizeF() * 1.2)
        status_font.setBold(True)
        self.status_label.setFont(status_font)
        self.status_label.setWordWrap(True)
        self.mark_label = ErrorLabel()
        self.package_label = QLabel()
        self.package_label.setWordWrap(True)
        self.package_label.setTextFormat(Qt.TextFormat.RichText)
        self.package_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.package_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.history_label = QLabel()
        self.history_model = HistoryModel(self)
        self.history_table = self._table(self.history_model, stretch=(1, 3))
        self.history_label.setBuddy(self.history_table)
        self.action_buttons: dict[DeskStep, QPushButton] = {}
        self.shortcuts: dict[DeskStep, QShortcut] = {}
        actions_row = QHBoxLayout()
        for action in DeskStep:
            button = QPushButton()
            button.setEnabled(False)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, a=action: self.open_action(a))
            self.action_buttons[action] = button
            actions_row.addWidget(button)
            shortcut = QShortcut(QKeySequence(ACTION_KEYS[action]), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda a=action: self.open_action(a))
            self.shortcuts[action] = shortcut
        actions_row.addStretch(1)

        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addWidget(self.status_label)
        details_layout.addWidget(self.mark_label)
        details_layout.addWidget(self.package_label, 1)
        history = QWidget()
        history_layout = QVBoxLayout(history)
        history_layout.setContentsMargins(0, 0, 0, 0)
        history_layout.addWidget(self.history_label)
        history_layout.addWidget(self.history_table, 1)
        # At 1366 x 768 the particulars had 2/5 of the width and their Kazakh lines were cut at the panel's bottom
        # («Нәтиже келіп түскен күні:»): they share the spare width with the history, in tighter rows.
        package_split = QSplitter(Qt.Orientation.Horizontal)
        package_split.addWidget(details)
        package_split.addWidget(history)
        package_split.setStretchFactor(0, 1)
        package_split.setStretchFactor(1, 1)
        package_layout = QVBoxLayout(self.package_box)
        package_layout.addWidget(package_split, 1)
        package_layout.addLayout(actions_row)

        self.waiting_label = QLabel()
        self.waiting_model = WaitingModel(self.today, self)
        self.waiting_table = self._table(self.waiting_model, stretch=(2, 4))
        self.waiting_label.setBuddy(self.waiting_table)
        self.waiting_table.activated.connect(self._open_row)
        self.unclaimed_label = QLabel()
        self.unclaimed_note = QLabel()
        self.unclaimed_note.setWordWrap(True)
        self.unclaimed_model = UnclaimedResultsModel(self.provider_name, self)
        self.unclaimed_table = self._table(self.unclaimed_model, stretch=(1, 2))
        self.unclaimed_label.setBuddy(self.unclaimed_table)
        self.unclaimed_table.activated.connect(self._open_row)
        waiting_box = QWidget()
        waiting_layout = QVBoxLayout(waiting_box)
        waiting_layout.setContentsMargins(0, 0, 0, 0)
        waiting_layout.addWidget(self.waiting_label)
        waiting_layout.addWidget(self.waiting_table, 1)
        unclaimed_box = QWidget()
        unclaimed_layout = QVBoxLayout(unclaimed_box)
        unclaimed_layout.setContentsMargins(0, 0, 0, 0)
        unclaimed_layout.addWidget(self.unclaimed_label)
        unclaimed_layout.addWidget(self.unclaimed_note)
        unclaimed_layout.addWidget(self.unclaimed_table, 1)
        # Two tabs, each the full width: side by side, the Kazakh statuses did not fit.
        self.lists = lists = QTabWidget()
        lists.addTab(waiting_box, "")
        lists.addTab(unclaimed_box, "")
        self.waiting_label.hide()  # the tabs carry these titles (and their Alt keys)
        self.unclaimed_label.hide()

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.package_box)
        split.addWidget(lists)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)

        scan_row = QHBoxLayout()
        scan_row.addWidget(self.scan_label)
        scan_row.addWidget(self.scan, 1)
        scan_row.addWidget(self.find_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(scan_row)
        layout.addWidget(self.message)
        layout.addWidget(self.match_table)
        layout.addWidget(split, 1)

        self.scan.returnPressed.connect(self.find)
        self.find_button.clicked.connect(self.find)
        for key in ("Ctrl+F", "Esc"):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.focus_scan)
        self.setFocusProxy(self.scan)
        keyboard_tabs(self, self.lists)

        self.watcher = ChangeWatcher(self.db, self, topics=(Topic.PACKAGES,))
        self.watcher.changed.connect(self.reload)
        self.watcher.unavailable.connect(self._unavailable)
        follow_language(self, self.retranslate)
        self.retranslate()
        self.office_task = Op(self, ctx.office_settings.load).success(self._office_read).run()

    def _office_read(self, office: Office) -> None:
        self.office = office
        self._show_package()
        self._show_lists()

    def today(self) -> dt.date:
        """The day of the action taken now (the clock's)."""
        return self.clock().date()

    # ------------------------------------------------------------------------------------------- text

    def retranslate(self) -> None:
        self.title.setText(_("Results"))
        self.scan_label.setText(_("Scan the &receipt number, or type an IIN or a name:"))
        self.find_button.setText(_("Find"))
        for action, button in self.action_buttons.items():
            button.setText(_(ACTION_TEXTS[action]))
        self.history_label.setText(_("Status &history"))
        self.unclaimed_note.setText(
            _(
                "Results kept one month and not claimed: the manager lists them on a return manifest on the "
                "Handoff screen."
            )
        )
        for model in (self.match_model, self.history_model, self.waiting_model, self.unclaimed_model):
            model.retranslate()
        self._show_message()
        self._show_matches()
        self._show_package()
        self._show_lists()

    def _say(self, source: str, **arguments: Any) -> None:
        """A line under the scan field, kept as its English source so a language switch re-translates it."""
        self._message = (source, arguments)
        self._show_message()

    def _show_message(self) -> None:
        if self._message is None:
            self.message.setText("")
            return
        source, arguments = self._message
        self.message.setText(_(source).format(**arguments))

    def service_name(self, code: str) -> str:
        try:
            return self.catalog.service(code).short_names.get(current_language())
        except KeyError:
            return code

    def provider_name(self, provider_id: int) -> str:
        try:
            return self.office.provider(provider_id).name.get(current_language())
        except KeyError:
            return str(provider_id)

    # ----------------------------------------------------------------------------------------- finding

    def focus_scan(self) -> None:
        self.window().activateWindow()
        self.scan.setFocus()
        self.scan.selectAll()

    def find(self) -> asyncio.Task | None:
        text = self.scan.text().strip()
        if not text:
            self._say(N_("Scan a receipt number, or type an IIN or a name."))
            return None
        if search_too_short(text):  # the index needs three characters; nothing is searched
            self._say(N_("Type at least three characters."))
            self.scan.selectAll()
            return None
        db = self.db
        return (
            Op(self, lambda: search_applications(db, text))
            .success(lambda found: self._found(text, found))
            .failure(self._refused)
            .run()
        )

    def _refused(self, error: Exception) -> None:
        if not isinstance(error, InvalidText):  # a control character or a scan longer than any name
            show_error(self, error)
            return
        self.matches = []
        self._show_matches()
        self._clear_package()
        self._message = None
        self.message.setText(error.message)

    def _found(self, text: str, found: list[ApplicationSummary]) -> None:
        packages = [s for s in found if s.package_status is not None]
        self.matches = packages if len(packages) > 1 else []
        self._show_matches()
        if len(packages) == 1:
            self.open_package(packages[0].receipt_number)
            self._message = None
            self._show_message()
            self.scan.selectAll()
            return
        self._clear_package()
        if packages:
            self._say(N_("Found: {count}. Choose one with the arrows and Enter."), count=len(packages))
            self.match_table.setFocus()
            self.match_table.setCurrentIndex(self.match_model.index(0, 0))
        elif found:
            self._say(
                N_("Refused at the window: there is no package for {number}."), number=found[0].receipt_number
            )
            self.scan.selectAll()
        else:
            self._say(N_("Nothing found for “{text}”."), text=text)
            self.scan.selectAll()

    def _show_matches(self) -> None:
        self.match_model.set_rows(self.matches)
        self.match_table.resizeRowsToContents()
        self.match_table.setVisible(bool(self.matches))

    def _open_row(self, index) -> None:
        number = index.data(NUMBER_ROLE)
        if number:
            self.open_package(number)

    def open_package(self, number: str) -> asyncio.Task:
        today = self.today()
        return (
            Op(self, lambda: self._read_package(number, today))
            .newest(self.package_reads)
            .success(self._package_read)
            .run()
        )

    # --------------------------------------------------------------------------------------- loading

    def _read_package(self, number: str, today: dt.date):
        """The package, its history and the full names of the people in it (in the background)."""
        line = package_reads.package_line(self.db, number, today)
        history = package_reads.package_history(self.db, number) if line is not None else []
        return line, history, full_names(self.db, {event.username for event in history})

    def _package_read(self, read: tuple[PackageLine | None, list[PackageEvent], dict[str, str]]) -> None:
        self.line, self.history, names = read
        self.names.update(names)
        self._show_package()

    def _read_lists(self, today: dt.date) -> tuple[list[PackageLine], list[PackageLine]]:
        return package_reads.results_waiting(self.db, today), package_reads.unclaimed_results(self.db, today)

    def _read_all(self, number: str | None, today: dt.date):
        """The shown package (when there is one) and the lists, in one background call."""
        return (self._read_package(number, today) if number else None), self._read_lists(today)

    def reload(self) -> asyncio.Task:
        """Read the shown package and the lists again (after a step, or when another window changed them)."""
        number, today = (self.line.receipt_number if self.line is not None else None), self.today()
        return (
            Op(self, lambda: self._read_all(number, today))
            .newest(self.list_reads)
            .success(self._all_read)
            .run()
        )

    def _all_read(self, read) -> None:
        package, (waiting, unclaimed) = read
        if (
            package is not None
            and self.line is not None
            and package[0] is not None
            and package[0].receipt_number == self.line.receipt_number
        ):
            self._package_read(package)
        self.waiting, self.unclaimed = waiting, unclaimed
        self._show_lists()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.reload()
            self.scan.setFocus()

    def _unavailable(self, detail: str) -> None:
        self._say(
            N_("The database cannot be reached; the screen will update when it is back ({detail})."),
            detail=detail,
        )

    # -------------------------------------------------------------------------------------- showing

    def _clear_package(self) -> None:
        self.package_reads.drop()
        self.line, self.history = None, []
        self._show_package()

    def _show_package(self) -> None:
        line = self.line
        for action, button in self.action_buttons.items():
            button.setEnabled(line is not None and step_allowed(action, line.status))
        if line is None:
            self.package_box.setTitle(_("Package"))
            self.status_label.setText(_("Scan a receipt to see its package."))
            self.status_label.setStyleSheet("")
            self.mark_label.clear_message()
            self.package_label.setText("")
            self.history_model.set_rows([])
            return
        today = self.today()
        self.package_box.setTitle(_("Package {number}").format(number=line.receipt_number))
        self.status_label.setText(_("Status: {status}").format(status=status_text(line.status)))
        marks = package_marks(line, today)
        self.mark_label.show_message("\n".join(marks))
        self.status_label.setStyleSheet("color: #b00020;" if marks else "")
        rows = package_particulars(
            line, self.service_name(line.service_code), self.provider_name(line.provider_id)
        )
        self.package_label.setText(
            "<table cellspacing='0' cellpadding='1'>"
            + "".join(f"<tr><td>{escape(k)}:&nbsp;</td><td><b>{escape(v)}</b></td></tr>" for k, v in rows)
            + "</table>"
        )
        history = history_rows(self.history, self.names)
        self.history_model.set_rows(history)
        self.history_table.resizeRowsToContents()
        if history:
            self.history_table.scrollToBottom()

    def _show_lists(self) -> None:
        waiting = sorted(self.waiting, key=lambda line: desk_order(line.status))
        self.waiting_label.setText(_("&To do at the desk ({count})").format(count=len(waiting)))
        self.lists.setTabText(0, self.waiting_label.text())
        self.waiting_model.set_rows(waiting)
        self.waiting_table.resizeRowsToContents()
        self.unclaimed_label.setText(
            _("&Unclaimed for more than a month ({count})").format(count=len(self.unclaimed))
        )
        self.lists.setTabText(1, self.unclaimed_label.text())
        self.unclaimed_model.set_rows(self.unclaimed)
        self.unclaimed_table.resizeRowsToContents()

    @staticmethod
    def _table(model, stretch: tuple[int, ...] = ()):
        """A read-only list; the ``stretch`` columns share the width and wrap, the others fit their contents."""
        view = table_view(model, stretch=stretch, fit=True)
        view.setWordWrap(True)
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        return view

    # -------------------------------------------------------------------------------------- actions

    def open_action(self, action: DeskStep) -> ActionDialog | None:
        """Open the step's form for the shown package (nothing when its status does not allow the step)."""
        line = self.line
        if line is None or self.dialog is not None or not self.action_buttons[action].isEnabled():
            return None
        number = line.receipt_number

        db, actor = self.db, self.account

        def work(values: Any):
            today = self.today()
            take_step(db, actor, action, number, values, today)
            return self._read_all(number, today)  # the screen is up to date when the form closes

        def done(read) -> None:
            self._say(DONE_MESSAGES[action], number=number)
            self._all_read(read)

        # A refusal: the package may have moved in another window, show where it stands now.
        dialog = DIALOGS[action](
            line, self.today(), work, self, done=done, refused=lambda _error: self.reload()
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._dialog_closed)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_closed(self, _result: int) -> None:
        self.dialog = None
        self.focus_scan()
