"""The manager's Handoff screen: what waits for each provider, the day's manifests, the courier and the return
of unclaimed results — one tab each (``queue_tab``, ``manifests_tab``, ``unclaimed_tab``).

The screen reads everything it shows in one background call (:func:`read_snapshot`, newest reload wins) and
runs every step through ``kit.operations.Op``; it reloads after each step and whenever another window changes
the packages or manifests (``ui.refresh.ChangeWatcher``). A step the core refuses is explained in the one message
box in the UI language.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.domain.clock import Clock, system_clock
from counter_app.core.domain.handoff_errors import NothingDueYet
from counter_app.core.domain.i18n import _
from counter_app.core.domain.office import ServiceProvider
from counter_app.core.domain.permissions import Account
from counter_app.core.usecases.changes import Topic
from counter_app.core.usecases.manifests import Manifest, ManifestSummary, load_manifest, open_manifests
from counter_app.core.usecases.package_reads import (
    PackageLine,
    ProviderQueue,
    handoff_queue,
    queued_packages,
    unclaimed_results,
)
from counter_app.storage.db import Database, DatabaseUnavailable
from counter_app.ui.context import AppContext
from counter_app.ui.handoff.manifests_tab import ManifestsTab
from counter_app.ui.handoff.models import PackagesModel, catalog_titles
from counter_app.ui.handoff.queue_tab import QueueTab
from counter_app.ui.handoff.unclaimed_tab import UnclaimedTab
from counter_app.ui.kit import errors
from counter_app.ui.kit.operations import Newest, Op, start
from counter_app.ui.kit.table import NUMBER_ROLE, select_row, widen_to_contents
from counter_app.ui.kit.tabs import keyboard_tabs
from counter_app.ui.kit.widgets import MessageLabel, follow_language
from counter_app.ui.refresh import POLL_MS, ChangeWatcher
from counter_app.ui.screens import title_label

T = TypeVar("T")
# A provider's packages are read in two steps: the first rows (the earliest due: the overdue ones) show at once,
# the rest follows and is appended (reading ten thousand packages takes about a second).
FIRST_ROWS = 300


@dataclass(frozen=True)
class Snapshot:
    """Everything the screen shows, read in one background call."""

    today: dt.date
    providers: dict[int, ServiceProvider]
    queues: list[ProviderQueue]
    provider_id: int | None
    packages: list[PackageLine]  # the first FIRST_ROWS
    manifests: list[ManifestSummary]
    manifest: Manifest | None
    unclaimed: list[PackageLine]


def read_snapshot(
    db: Database,
    providers: list[ServiceProvider],
    today: dt.date,
    provider_id: int | None,
    manifest_number: str | None,
) -> Snapshot:
    """The queue, the chosen provider's first packages, the open manifests with the chosen one's details and
    the unclaimed results (the first provider and manifest when the chosen ones are gone)."""
    queues = handoff_queue(db, today)
    if provider_id not in {q.provider.id for q in queues}:
        provider_id = queues[0].provider.id if queues else None
    packages = queued_packages(db, provider_id, today, limit=FIRST_ROWS) if provider_id is not None else []
    manifests = open_manifests(db)
    if manifest_number not in {m.number for m in manifests}:
        manifest_number = manifests[0].number if manifests else None
    manifest = load_manifest(db, manifest_number, today) if manifest_number else None
    return Snapshot(
        today,
        {p.id: p for p in providers},
        queues,
        provider_id,
        packages,
        manifests,
        manifest,
        unclaimed_results(db, today),
    )


class HandoffScreen(QWidget):
    def __init__(
        self,
        ctx: AppContext,
        account: Account,
        clock: Clock = system_clock,
        parent: QWidget | None = None,
        *,
        poll_ms: int = POLL_MS,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.db = ctx.db
        self.account = account
        self.clock = clock
        self.titles = catalog_titles(ctx.catalog)
        self.snapshot: Snapshot | None = None
        self._busy = 0
        self.applying = False  # the tables are being refilled: selection changes are not the user's
        self.loaded_once = False
        self.packages_complete = False  # every package of the provider is in the table (not only the first)
        self.message: QMessageBox | None = None  # the last problem shown
        self.dialog: QDialog | None = None  # the pickup, delivery or language dialog open now
        self.refresh_task: asyncio.Task | None = None
        self._reloads = Newest()

        self.title = title_label()
        self.busy_label = QLabel()
        self.notice = MessageLabel()  # said again in the new language when the UI language changes
        self.tabs = QTabWidget()
        self.queue_tab = QueueTab(self)
        self.manifests_tab = ManifestsTab(self)
        self.unclaimed_tab = UnclaimedTab(self)
        for tab in self.tab_pages():
            self.tabs.addTab(tab, "")
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.busy_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(self.tabs, 1)

        self.refresh_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self)
        self.refresh_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.refresh_shortcut.activated.connect(self.reload)
        self.watcher = ChangeWatcher(ctx.db, self, poll_ms, topics=(Topic.PACKAGES, Topic.MANIFESTS))
        self.watcher.changed.connect(self.reload)
        self.watcher.unavailable.connect(lambda text: self.complain(DatabaseUnavailable(text)))
        self.setFocusProxy(self.queue_tab)
        keyboard_tabs(self, self.tabs)
        follow_language(self, self.retranslate)
        self.retranslate()
        self.update_buttons()

    def tab_pages(self) -> tuple[QueueTab, ManifestsTab, UnclaimedTab]:
        return self.queue_tab, self.manifests_tab, self.unclaimed_tab

    # ------------------------------------------------------------------------------------------- text

    def retranslate(self) -> None:
        self.title.setText(_("Handoff to providers"))
        self.tabs.setTabText(0, _("&Queue"))
        self.tabs.setTabText(1, _("&Manifests"))
        self.tabs.setTabText(2, _("&Unclaimed results"))
        self.busy_label.setText(_("Working…"))
        for tab in self.tab_pages():
            tab.retranslate()
        self.show_captions()
        self.update_buttons()

    @staticmethod
    def label_button(button: QPushButton, text: str, key: str) -> None:
        """Label a button with its shortcut; the shortcut works while the button is on screen (its tab)."""
        shortcut = QKeySequence(key)
        button.setText(f"{text} ({shortcut.toString(QKeySequence.SequenceFormat.NativeText)})")
        button.setShortcut(shortcut)

    def show_captions(self) -> None:
        for tab in self.tab_pages():
            tab.show_caption()

    def say(self, text: str) -> None:
        self.notice.say(text)

    def complain(self, error: BaseException, parent: QWidget | None = None) -> None:
        self.message = errors.show_error(parent or self, error)

    def today(self) -> dt.date:
        """The day of the action taken now (the clock's)."""
        return self.clock().date()

    # ---------------------------------------------------------------------------------------- reading

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self.loaded_once and self.refresh_task is None:
            self.watcher.poll()  # take the change stamp first, so a change made while loading is not missed
            self.reload()

    def reload(self) -> asyncio.Task:
        """Read everything again in the background (the newest reload wins); the task ends once it is shown."""
        self.refresh_task = start(self._reload(), self)
        return self.refresh_task

    async def _reload(self) -> None:
        db, settings = self.db, self.ctx.office_settings
        today, provider_id = self.today(), self.queue_tab.provider_id
        manifest_number = self.manifests_tab.manifest_number
        snapshot = await (
            Op(
                self,
                lambda: read_snapshot(db, settings.load().providers, today, provider_id, manifest_number),
            )
            .newest(self._reloads)
            .success(self._apply)
            .failure(self.complain)
            .run()
        )
        if snapshot is None or self.packages_complete or snapshot.provider_id is None:
            return
        await (
            Op(self, lambda: queued_packages(db, snapshot.provider_id, snapshot.today))
            .newest(self._reloads)
            .success(self._append_packages)
            .failure(self.complain)
            .run()
        )

    def _apply(self, snapshot: Snapshot) -> None:
        self.applying = True
        try:
            self.snapshot = snapshot
            self.packages_complete = len(snapshot.packages) < FIRST_ROWS
            self.queue_tab.show_queues(snapshot.queues, snapshot.provider_id)
            self.queue_tab.show_packages(snapshot.packages, snapshot.today)
            self.manifests_tab.show_manifests(snapshot.manifests, snapshot.providers, snapshot.manifest)
            self.manifests_tab.show_lines(snapshot.today)
            self.loaded_once = True
            self.unclaimed_tab.show_unclaimed(snapshot.unclaimed, snapshot.providers)
        finally:
            self.applying = False
        self.show_captions()
        self.update_buttons()

    def _append_packages(self, lines: list[PackageLine]) -> None:
        self.queue_tab.packages_model.extend_lines(lines)
        self.packages_complete = True

    @staticmethod
    def refill(view: QTableView, model: PackagesModel, lines: list[PackageLine], today: dt.date) -> None:
        """New rows; the packages selected before (and the current one) stay selected when still there."""
        first = not model.rows
        selected = {index.data(NUMBER_ROLE) for index in view.selectionModel().selectedRows()}
        current = view.currentIndex().data(NUMBER_ROLE)
        model.set_lines(lines, today)
        if first:  # the first rows decide the widths; with none, the headers do (no clipped header)
            view.resizeColumnsToContents()
        else:  # a longer status later (with the courier, overdue) widens its column: no cut «курьерде…»
            widen_to_contents(view)
        if not (selected or current):
            return
        selection = QItemSelection()
        for row, line in enumerate(lines):
            if line.receipt_number in selected:
                selection.select(model.index(row, 0), model.index(row, model.columnCount() - 1))
            if line.receipt_number == current:
                view.selectionModel().setCurrentIndex(
                    model.index(row, 0), QItemSelectionModel.SelectionFlag.NoUpdate
                )
        view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    select_row = staticmethod(select_row)

    @staticmethod
    def selected_numbers(view: QTableView) -> list[str]:
        rows = sorted({index.row() for index in view.selectionModel().selectedRows()})
        return [view.model().rows[row].receipt_number for row in rows]

    # ------------------------------------------------------------------------------------------ state

    @property
    def busy(self) -> bool:
        return self._busy > 0

    def set_busy(self, busy: bool) -> None:
        self._busy += 1 if busy else -1
        self.update_buttons()

    def update_buttons(self) -> None:
        idle = not self.busy
        self.busy_label.setVisible(self.busy)
        for tab in self.tab_pages():
            tab.update_buttons(idle)

    # ------------------------------------------------------------------------------------------ steps

    def step(self, work: Callable[[], T], done: Callable[[T], Any] | None = None) -> asyncio.Task | None:
        """Run a write in the background; explain a refusal; reload either way (the task ends once shown)."""
        if self.busy:
            return None
        return start(self.run_step(work, done), self)

    async def run_step(self, work: Callable[[], T], done: Callable[[T], Any] | None = None) -> None:
        nothing_due: list[NothingDueYet] = []

        def refused(error: Exception) -> None:
            if isinstance(error, NothingDueYet):
                nothing_due.append(error)
                self.queue_tab.offer_next_due(error)
            else:
                self.complain(error)

        await Op(self, work).busy(self.set_busy).success(done or (lambda _r: None)).failure(refused).run()
        if not nothing_due:
            await self.reload()

    async def answer(self, dialog: QDialog, value: Callable[[int], Any]) -> Any:
        """Open ``dialog`` (window-modal, not exec'd) and wait for it; ``value(result)`` is read as it closes."""
        answered: asyncio.Future[Any] = asyncio.get_running_loop().create_future()

        def finished(result: int) -> None:
            if not answered.done():
                answered.set_result(value(result))

        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(finished)
        self.dialog = dialog
        dialog.open()
        try:
            return await answered
        finally:
            self.dialog = None

    def open_step_dialog(self, dialog: QDialog, done_text: Callable[[], str]) -> None:
        """Open a dialog that runs a step; once it closes, say what was done (if it was) and reload."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog

        def finished(result: int) -> None:
            self.dialog = None
            if result == QDialog.DialogCode.Accepted:
                self.say(done_text())
            self.reload()
            self.manifests_tab.manifests_view.setFocus()

        dialog.finished.connect(finished)
        dialog.open()
