"""The manager's Handoff screen: what waits for each provider, the day's manifests, the courier and the return
of unclaimed results.

Three tabs. **Queue**: the providers with their counts (awaiting, on manifests, with the courier, due today,
overdue; overdue in red and bold, due today highlighted) and the selected provider's packages; "Build manifest"
(Ctrl+B) puts every package due by the "manifest for" day on a new manifest, "Build from selection"
(Ctrl+Shift+B) only the selected ones. **Manifests**: the open manifests and those with the courier, the
packages of the selected one; Print (Ctrl+P, Kazakh or Russian, previewed), Pickup (F6: the packages are
scanned against the manifest), Delivery (F7: the clerk's name from the signed copy), Cancel (F8), and Delete
takes the selected packages off an open manifest. **Unclaimed results**: results kept a month, per provider,
and "Build return manifest" (Ctrl+R).

Every read and write runs in the background (``ui.kit.operations``); the screen reloads after each step and
whenever another window changes the data (``ui.refresh.ChangeWatcher``). A step the core refuses is explained
in a message box in the UI language.
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
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.accounts import AccessDenied, Account
from counter_app.core.clock import Clock, system_clock
from counter_app.core.handoff import (
    Discrepancies,
    HandoffError,
    Manifest,
    ManifestKind,
    ManifestNotInStep,
    ManifestStatus,
    ManifestSummary,
    NothingDueYet,
    PackageLine,
    ProviderQueue,
    build_manifest,
    build_return_manifest,
    cancel_manifest,
    check_pickup,
    correct_pickup,
    handoff_queue,
    load_manifest,
    open_manifests,
    queued_packages,
    record_delivery,
    record_pickup,
    remove_from_manifest,
    unclaimed_results,
    undo_pickup,
)
from counter_app.core.i18n import _, current_language
from counter_app.core.office import ServiceProvider
from counter_app.storage.db import DatabaseUnavailable
from counter_app.ui.context import AppContext
from counter_app.ui.handoff.dialogs import (
    DeliveryDialog,
    PickupCorrectionDialog,
    PickupDialog,
    problem_box,
    pydate,
    qdate,
)
from counter_app.ui.handoff.models import (
    ManifestsModel,
    PackagesModel,
    ProvidersModel,
    UnclaimedModel,
    catalog_titles,
    provider_name,
)
from counter_app.ui.kit.formats import QT_DATE_FORMAT, format_date, format_time
from counter_app.ui.kit.operations import run_in_background, start
from counter_app.ui.kit.table import NUMBER_ROLE, select_row, table_view
from counter_app.ui.kit.widgets import MessageLabel, PrintLanguageDialog, follow_language
from counter_app.ui.refresh import POLL_MS, ChangeWatcher
from counter_app.ui.screens import title_label

T = TypeVar("T")
PRINTER_WINDOW = "handoff"  # the printer chosen for manifests is remembered under this name
STEP_ERRORS = (HandoffError, DatabaseUnavailable, AccessDenied)
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
        self.snapshot: Snapshot | None = None
        self.provider_id: int | None = None
        self.manifest_number: str | None = None
        self.unclaimed_provider_id: int | None = None
        self._generation = 0
        self._busy = 0
        self._applying = False
        self.loaded_once = False
        self.packages_complete = (
            False  # every package of the provider is in the table (not only the first rows)
        )
        self.message: QMessageBox | None = None  # the last problem shown
        self.dialog: QDialog | None = None  # the pickup, delivery or language dialog open now
        self.preview = None
        self.refresh_task: asyncio.Task | None = None
        self._newest_refresh: asyncio.Future[None] | None = None
        titles = catalog_titles(ctx.catalog)

        self.title = title_label()
        self.busy_label = QLabel()
        self.notice = MessageLabel()  # said again in the new language when the UI language changes
        self.tabs = QTabWidget()

        # --- queue
        self.providers_model = ProvidersModel(self)
        self.providers_view = table_view(self.providers_model)
        self.providers_view.setWordWrap(True)
        self.providers_view.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.providers_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The header is longer than the column in Kazakh: show its beginning, the whole text as a tooltip.
        self.providers_view.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        self.packages_model = PackagesModel(titles, self)
        self.packages_view = table_view(self.packages_model, multi=True)
        self.packages_caption = QLabel()
        self.packages_caption.setWordWrap(True)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.day_label = QLabel()
        self.manifest_day = QDateEdit(qdate(clock().date()))
        self.manifest_day.setDisplayFormat(QT_DATE_FORMAT)
        self.manifest_day.setCalendarPopup(True)
        self.day_label.setBuddy(self.manifest_day)
        self.build_button = QPushButton()
        self.build_button.clicked.connect(lambda: self.build_manifest())
        self.build_selection_button = QPushButton()
        self.build_selection_button.clicked.connect(lambda: self.build_manifest(selection=True))
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.packages_caption)
        right_layout.addWidget(self.packages_view, 1)
        queue_split = QSplitter(Qt.Orientation.Horizontal)
        queue_split.addWidget(self.providers_view)
        queue_split.addWidget(right)
        queue_split.setStretchFactor(0, 1)
        queue_split.setStretchFactor(1, 2)
        actions = QHBoxLayout()
        actions.addWidget(self.day_label)
        actions.addWidget(self.manifest_day)
        actions.addWidget(self.build_button)
        actions.addWidget(self.build_selection_button)
        actions.addStretch(1)
        self.queue_tab = QWidget()
        queue_layout = QVBoxLayout(self.queue_tab)
        queue_layout.addWidget(queue_split, 1)
        queue_layout.addWidget(self.legend)
        queue_layout.addLayout(actions)

        # --- manifests
        self.manifests_model = ManifestsModel(self)
        self.manifests_view = table_view(self.manifests_model)
        self.manifests_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.manifest_lines_model = PackagesModel(titles, self)
        self.manifest_lines_view = table_view(self.manifest_lines_model, multi=True)
        self.manifest_lines_view.hideColumn(len(PackagesModel.HEADERS) - 1)  # the manifest: shown above
        self.manifest_caption = QLabel()
        self.manifest_caption.setWordWrap(True)
        self.print_button = QPushButton()
        self.print_button.clicked.connect(lambda: self.print_manifest())
        self.pickup_button = QPushButton()
        self.pickup_button.clicked.connect(lambda: self.pickup())
        self.delivery_button = QPushButton()
        self.delivery_button.clicked.connect(lambda: self.delivery())
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(lambda: self.cancel_manifest())
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(lambda: self.remove_selected())
        self.remove_shortcut = QShortcut(
            QKeySequence(QKeySequence.StandardKey.Delete), self.manifest_lines_view
        )
        self.remove_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.remove_shortcut.activated.connect(self.remove_selected)
        manifest_buttons = QHBoxLayout()
        for button in (self.print_button, self.pickup_button, self.delivery_button, self.cancel_button):
            manifest_buttons.addWidget(button)
        manifest_buttons.addStretch(1)
        lines_box = QWidget()
        lines_layout = QVBoxLayout(lines_box)
        lines_layout.setContentsMargins(0, 0, 0, 0)
        lines_layout.addWidget(self.manifest_caption)
        lines_layout.addWidget(self.manifest_lines_view, 1)
        lines_layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
        manifest_split = QSplitter(Qt.Orientation.Vertical)
        manifest_split.addWidget(self.manifests_view)
        manifest_split.addWidget(lines_box)
        manifest_split.setStretchFactor(0, 1)
        manifest_split.setStretchFactor(1, 2)
        self.manifests_tab = QWidget()
        manifests_layout = QVBoxLayout(self.manifests_tab)
        manifests_layout.addLayout(manifest_buttons)
        manifests_layout.addWidget(manifest_split, 1)

        # --- unclaimed results
        self.unclaimed_providers = QListWidget()
        self.unclaimed_providers.setWordWrap(True)
        self.unclaimed_model = UnclaimedModel(titles, self)
        self.unclaimed_view = table_view(self.unclaimed_model)
        self.unclaimed_caption = QLabel()
        self.unclaimed_caption.setWordWrap(True)
        self.return_button = QPushButton()
        self.return_button.clicked.connect(lambda: self.build_return_manifest())
        unclaimed_right = QWidget()
        unclaimed_layout = QVBoxLayout(unclaimed_right)
        unclaimed_layout.setContentsMargins(0, 0, 0, 0)
        unclaimed_layout.addWidget(self.unclaimed_caption)
        unclaimed_layout.addWidget(self.unclaimed_view, 1)
        unclaimed_layout.addWidget(self.return_button, 0, Qt.AlignmentFlag.AlignLeft)
        unclaimed_split = QSplitter(Qt.Orientation.Horizontal)
        unclaimed_split.addWidget(self.unclaimed_providers)
        unclaimed_split.addWidget(unclaimed_right)
        unclaimed_split.setStretchFactor(0, 1)
        unclaimed_split.setStretchFactor(1, 3)
        self.unclaimed_tab = QWidget()
        QVBoxLayout(self.unclaimed_tab).addWidget(unclaimed_split)

        self.tabs.addTab(self.queue_tab, "")
        self.tabs.addTab(self.manifests_tab, "")
        self.tabs.addTab(self.unclaimed_tab, "")
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.busy_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(self.tabs, 1)

        self.providers_view.selectionModel().currentRowChanged.connect(self._provider_chosen)
        self.manifests_view.selectionModel().currentRowChanged.connect(self._manifest_chosen)
        self.unclaimed_providers.currentItemChanged.connect(self._unclaimed_provider_chosen)
        self.refresh_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self)
        self.refresh_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.refresh_shortcut.activated.connect(self.reload)
        self.watcher = ChangeWatcher(ctx.db, self, poll_ms)
        self.watcher.changed.connect(self.reload)
        self.watcher.unavailable.connect(lambda text: self._complain(DatabaseUnavailable(text)))
        self.setFocusProxy(self.providers_view)
        follow_language(self, self.retranslate)
        self.retranslate()
        self._update_buttons()

    # ------------------------------------------------------------------------------------------- text

    def retranslate(self) -> None:
        self.title.setText(_("Handoff to providers"))
        self.tabs.setTabText(0, _("&Queue"))
        self.tabs.setTabText(1, _("&Manifests"))
        self.tabs.setTabText(2, _("&Unclaimed results"))
        self.day_label.setText(_("Manifest &for:"))
        self.legend.setText(
            _(
                "Red and bold: overdue (not delivered by its due date). Yellow: due today. "
                "Ctrl+B puts every package due by the manifest day on a new manifest."
            )
        )
        self._button(self.build_button, _("Build manifest"), "Ctrl+B")
        self._button(self.build_selection_button, _("Build from selection"), "Ctrl+Shift+B")
        self._button(self.print_button, _("Print"), "Ctrl+P")
        self._button(self.delivery_button, _("Delivery"), "F7")
        self._button(self.cancel_button, _("Cancel manifest"), "F8")
        self.remove_button.setText(_("Remove selected packages from the manifest (Del)"))
        self._button(self.return_button, _("Build return manifest"), "Ctrl+R")
        self.busy_label.setText(_("Working…"))
        for model in (
            self.providers_model,
            self.packages_model,
            self.manifests_model,
            self.manifest_lines_model,
            self.unclaimed_model,
        ):
            model.retranslate()
        self._show_captions()
        self._fill_unclaimed_providers()
        self._update_buttons()

    @staticmethod
    def _button(button: QPushButton, text: str, key: str) -> None:
        """Label a button with its shortcut; the shortcut works while the button is on screen (its tab)."""
        shortcut = QKeySequence(key)
        button.setText(f"{text} ({shortcut.toString(QKeySequence.SequenceFormat.NativeText)})")
        button.setShortcut(shortcut)

    def _show_captions(self) -> None:
        queue = self.current_queue()
        if queue is None:
            self.packages_caption.setText(_("Loading…") if not self.loaded_once else _("No provider."))
        else:
            self.packages_caption.setText(
                _("{provider}: {total} not yet delivered — {overdue} overdue, {today} due today.").format(
                    provider=provider_name(queue.provider),
                    total=queue.total,
                    overdue=queue.overdue,
                    today=queue.due_today,
                )
            )
        manifest = self.snapshot.manifest if self.snapshot else None
        if manifest is None:
            self.manifest_caption.setText(_("No open manifest."))
        else:
            extra = ""
            if manifest.courier_name:
                extra = " " + _("Courier: {name}, {at}.").format(
                    name=manifest.courier_name,
                    at=format_time(manifest.picked_up_at),
                )
            self.manifest_caption.setText(
                _("Manifest {number} for {provider}: {count} packages.").format(
                    number=manifest.number,
                    provider=provider_name(manifest.provider),
                    count=len(manifest.lines),
                )
                + extra
            )
        count = len(self.unclaimed_model.rows)
        self.unclaimed_caption.setText(
            _("Results kept one month and not claimed: {count}.").format(count=count)
            if self.loaded_once
            else ""
        )

    def _today(self) -> dt.date:
        """The day of the action taken now (the clock's)."""
        return self.clock().date()

    # ---------------------------------------------------------------------------------------- reading

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self.loaded_once and self.refresh_task is None:
            self.watcher.poll()  # take the change stamp first, so a change made while loading is not missed
            self.reload()

    def reload(self) -> asyncio.Task:
        """Read everything again in the background (the newest reload wins)."""
        self.refresh_task = start(self._refresh(), self)
        return self.refresh_task

    async def _refresh(self) -> None:
        """Read and show; when a newer reload started meanwhile, wait for that one to be shown instead."""
        self._generation += 1
        generation = self._generation
        finished: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._newest_refresh = finished
        try:
            snapshot = await run_in_background(
                self._read, self._today(), self.provider_id, self.manifest_number
            )
            if generation == self._generation:
                self._apply(snapshot)
                self.packages_complete = len(snapshot.packages) < FIRST_ROWS
            if generation == self._generation and not self.packages_complete:
                await self._read_the_rest(generation, snapshot)
        except DatabaseUnavailable as error:
            self._complain(error)
        finally:
            finished.set_result(None)
        if generation != self._generation:
            await asyncio.shield(self._newest_refresh)

    async def _read_the_rest(self, generation: int, snapshot: Snapshot) -> None:
        lines = await run_in_background(queued_packages, self.db, snapshot.provider_id, snapshot.today)
        if generation == self._generation:
            self.packages_model.extend_lines(lines)
            self.packages_complete = True

    def _read(self, today: dt.date, provider_id: int | None, manifest_number: str | None) -> Snapshot:
        db = self.db
        providers = {p.id: p for p in self.ctx.office_settings.load().providers}
        queues = handoff_queue(db, today)
        if provider_id not in {q.provider.id for q in queues}:
            provider_id = queues[0].provider.id if queues else None
        packages = (
            queued_packages(db, provider_id, today, limit=FIRST_ROWS) if provider_id is not None else []
        )
        manifests = open_manifests(db)
        if manifest_number not in {m.number for m in manifests}:
            manifest_number = manifests[0].number if manifests else None
        manifest = load_manifest(db, manifest_number, today) if manifest_number else None
        return Snapshot(
            today, providers, queues, provider_id, packages, manifests, manifest, unclaimed_results(db, today)
        )

    def _apply(self, snapshot: Snapshot) -> None:
        self._applying = True
        try:
            self.snapshot = snapshot
            self.provider_id = snapshot.provider_id
            self.manifest_number = snapshot.manifest.number if snapshot.manifest else None
            self.providers_model.set_rows(snapshot.queues)
            select_row(self.providers_view, self.providers_model.find(self.provider_id))
            self._fill_packages(snapshot.packages, snapshot.today)
            self.manifests_model.providers = snapshot.providers
            self.manifests_model.set_rows(snapshot.manifests)
            select_row(self.manifests_view, self.manifests_model.find(self.manifest_number))
            self._fill_manifest(snapshot.manifest, snapshot.today)
            self.unclaimed_model.providers = snapshot.providers
            self.loaded_once = True
            self._fill_unclaimed_providers()
        finally:
            self._applying = False
        self._show_captions()
        self._update_buttons()

    def _fill_packages(self, lines: list[PackageLine], today: dt.date) -> None:
        self._refill(self.packages_view, self.packages_model, lines, today)

    def _fill_manifest(self, manifest: Manifest | None, today: dt.date) -> None:
        self._refill(
            self.manifest_lines_view, self.manifest_lines_model, manifest.lines if manifest else [], today
        )

    @staticmethod
    def _refill(view: QTableView, model: PackagesModel, lines: list[PackageLine], today: dt.date) -> None:
        """New rows; the packages selected before (and the current one) stay selected when still there."""
        first = not model.rows
        selected = {index.data(NUMBER_ROLE) for index in view.selectionModel().selectedRows()}
        current = view.currentIndex().data(NUMBER_ROLE)
        model.set_lines(lines, today)
        if first and lines:
            view.resizeColumnsToContents()
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

    def _fill_unclaimed_providers(self) -> None:
        snapshot = self.snapshot
        if snapshot is None:
            return
        counts: dict[int, int] = {}
        for line in snapshot.unclaimed:
            counts[line.provider_id] = counts.get(line.provider_id, 0) + 1
        if self.unclaimed_provider_id not in counts:
            self.unclaimed_provider_id = next(iter(counts), None)
        was_applying, self._applying = self._applying, True
        try:
            self.unclaimed_providers.clear()
            for provider_id, count in counts.items():
                name = provider_name(snapshot.providers.get(provider_id), str(provider_id))
                item = QListWidgetItem(_("{provider}: {count}").format(provider=name, count=count))
                item.setData(NUMBER_ROLE, provider_id)
                self.unclaimed_providers.addItem(item)
                if provider_id == self.unclaimed_provider_id:
                    self.unclaimed_providers.setCurrentItem(item)
        finally:
            self._applying = was_applying
        self.unclaimed_model.set_rows(
            [line for line in snapshot.unclaimed if line.provider_id == self.unclaimed_provider_id]
        )

    def _provider_chosen(self, current, _previous) -> None:
        if self._applying or not current.isValid():
            return
        self.provider_id = current.data(NUMBER_ROLE)
        self.reload()

    def _manifest_chosen(self, current, _previous) -> None:
        if self._applying or not current.isValid():
            return
        self.manifest_number = current.data(NUMBER_ROLE)
        self.reload()

    def _unclaimed_provider_chosen(self, current: QListWidgetItem | None, _previous) -> None:
        if self._applying or current is None:
            return
        self.unclaimed_provider_id = current.data(NUMBER_ROLE)
        self._fill_unclaimed_providers()

    # ------------------------------------------------------------------------------------------- state

    def current_queue(self) -> ProviderQueue | None:
        position = self.providers_model.find(self.provider_id)
        return self.providers_model.rows[position] if position >= 0 else None

    def current_manifest(self) -> ManifestSummary | None:
        position = self.manifests_model.find(self.manifest_number)
        return self.manifests_model.rows[position] if position >= 0 else None

    def selected_numbers(self, view: QTableView) -> list[str]:
        rows = sorted({index.row() for index in view.selectionModel().selectedRows()})
        return [view.model().rows[row].receipt_number for row in rows]

    def day(self) -> dt.date:
        return pydate(self.manifest_day.date())

    @property
    def busy(self) -> bool:
        return self._busy > 0

    def _set_busy(self, busy: bool) -> None:
        self._busy += 1 if busy else -1
        self.busy_label.setVisible(self.busy)
        self._update_buttons()

    def _update_buttons(self) -> None:
        idle = not self.busy
        queue = self.current_queue()
        manifest = self.current_manifest()
        is_open = manifest is not None and manifest.status is ManifestStatus.OPEN
        self.busy_label.setVisible(self.busy)
        self.build_button.setEnabled(idle and queue is not None and queue.awaiting > 0)
        self.build_selection_button.setEnabled(idle and queue is not None and queue.awaiting > 0)
        self.print_button.setEnabled(idle and manifest is not None)
        with_courier = manifest is not None and manifest.status is ManifestStatus.WITH_COURIER
        self.pickup_button.setEnabled(idle and (is_open or with_courier))
        self._button(
            self.pickup_button, _("Correct the pickup") if with_courier else _("Courier pickup"), "F6"
        )
        self.delivery_button.setEnabled(
            idle and manifest is not None and manifest.status is ManifestStatus.WITH_COURIER
        )
        self.cancel_button.setEnabled(idle and is_open)
        self.remove_button.setEnabled(idle and is_open)
        self.return_button.setEnabled(idle and self.unclaimed_provider_id is not None)

    def _complain(self, error: BaseException, parent: QWidget | None = None) -> None:
        self.message = problem_box(parent or self, error)

    def _say(self, text: str) -> None:
        self.notice.say(text)

    # ----------------------------------------------------------------------------------------- steps

    def _step(self, work: Callable[[], T], done: Callable[[T], None] | None = None) -> asyncio.Task | None:
        """Run a write in the background; explain a refusal; reload either way."""
        if self.busy:
            return None
        return start(self._run_step(work, done), self)

    async def _run_step(self, work: Callable[[], T], done: Callable[[T], None] | None) -> None:
        self._set_busy(True)
        try:
            result = await run_in_background(work)
        except NothingDueYet as error:
            self._offer_next_due(error)
            return
        except STEP_ERRORS as error:
            self._complain(error)
            await self._refresh()
            return
        finally:
            self._set_busy(False)
        if done is not None:
            done(result)
        await self._refresh()

    def build_manifest(self, selection: bool = False) -> asyncio.Task | None:
        """Ctrl+B: every package of the provider due by the manifest day; Ctrl+Shift+B: the selected ones."""
        queue = self.current_queue()
        if queue is None:
            return None
        numbers: list[str] | None = None
        if selection:
            numbers = self.selected_numbers(self.packages_view)
            if not numbers:
                self._say(
                    _(
                        "Select the packages to put on the manifest first (Shift or Ctrl with the arrows or "
                        "the mouse)."
                    )
                )
                return None
        provider_id, day = queue.provider.id, self.day()
        return self._step(
            lambda: build_manifest(self.db, self.account, provider_id, day, numbers), self._manifest_built
        )

    def _offer_next_due(self, error: NothingDueYet) -> None:
        """Ctrl+B on a day with nothing due: say when the next packages are due and offer to select them."""
        box = QMessageBox(
            QMessageBox.Icon.Information,
            _("Handoff to providers"),
            str(error),
            QMessageBox.StandardButton.Close,
            self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        select = box.addButton(_("&Select them"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(select)
        numbers = error.receipt_numbers

        def answered(_result: int) -> None:
            if box.clickedButton() is select:
                self.select_packages(numbers)
                self._say(
                    _(
                        "{count} packages due on {date} are selected: Ctrl+Shift+B puts them on a manifest."
                    ).format(count=len(numbers), date=format_date(error.next_due))
                )

        box.finished.connect(answered)
        self.message = box
        box.open()

    def select_packages(self, numbers: list[str]) -> None:
        """Select these packages in the provider's list (Queue tab), the first one current."""
        self.tabs.setCurrentWidget(self.queue_tab)
        model, view = self.packages_model, self.packages_view
        selection = QItemSelection()
        first = None
        for row, line in enumerate(model.rows):
            if line.receipt_number in numbers:
                selection.select(model.index(row, 0), model.index(row, model.columnCount() - 1))
                first = row if first is None else first
        view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if first is not None:
            view.selectionModel().setCurrentIndex(
                model.index(first, 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )
            view.scrollTo(model.index(first, 0))
        view.setFocus()

    def _manifest_built(self, number: str) -> None:
        self.manifest_number = number
        self._say(
            _(
                "Manifest {number} was built. Print it (Ctrl+P), then record the courier's pickup (F6)."
            ).format(number=number)
        )
        self.tabs.setCurrentWidget(self.manifests_tab)
        self.manifests_view.setFocus()

    def build_return_manifest(self) -> asyncio.Task | None:
        provider_id = self.unclaimed_provider_id
        if provider_id is None:
            return None
        day = self.day()
        return self._step(
            lambda: build_return_manifest(self.db, self.account, provider_id, day), self._manifest_built
        )

    def cancel_manifest(self) -> asyncio.Task | None:
        manifest = self.current_manifest()
        if manifest is None or self.busy:
            return None
        return start(self._cancel(manifest.number), self)

    async def _cancel(self, number: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Cancel manifest"),
            _("Cancel manifest {number}? Its packages go back to the queue.").format(number=number),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        yes = await self._answer(
            box, lambda _result: box.clickedButton() is box.button(QMessageBox.StandardButton.Yes)
        )
        if not yes:
            return
        await self._run_step(
            lambda: cancel_manifest(self.db, self.account, number),
            lambda _r: self._say(_("Manifest {number} was cancelled.").format(number=number)),
        )

    def remove_selected(self) -> asyncio.Task | None:
        manifest = self.current_manifest()
        numbers = self.selected_numbers(self.manifest_lines_view)
        if manifest is None or not numbers:
            return None
        number = manifest.number
        return self._step(
            lambda: remove_from_manifest(self.db, self.account, number, numbers),
            lambda _r: self._say(
                _("Taken off manifest {number}: {numbers}.").format(number=number, numbers=", ".join(numbers))
            ),
        )

    async def _answer(self, dialog: QDialog, value: Callable[[int], Any]) -> Any:
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

    # ---------------------------------------------------------------------------------------- printing

    def print_manifest(self) -> asyncio.Task | None:
        """Ctrl+P: the selected manifest in Kazakh or Russian, previewed, then printed (two copies in it)."""
        manifest = self.current_manifest()
        if manifest is None or self.dialog is not None:
            return None
        return start(self._print(manifest.number), self)

    async def _print(self, number: str) -> None:
        from counter_app.printing.manifests import manifest_pdf
        from counter_app.ui.pdf_preview import PdfPreviewDialog

        dialog = PrintLanguageDialog(
            _("Print manifest {number}").format(number=number),
            _("&Language of the manifest:"),
            "kk" if current_language() == "kk" else "ru",
            self,
        )
        lang = await self._answer(
            dialog, lambda result: dialog.chosen() if result == QDialog.DialogCode.Accepted else None
        )
        if lang is None:
            return
        self._set_busy(True)
        try:
            pdf = await run_in_background(manifest_pdf, self.db, number, lang, self.ctx.catalog)
        except STEP_ERRORS as error:
            self._complain(error)
            return
        finally:
            self._set_busy(False)
        self.last_pdf = pdf
        self.preview = PdfPreviewDialog(
            pdf, window=PRINTER_WINDOW, title=_("Manifest {number}").format(number=number), parent=self
        )
        self.preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview.finished.connect(self._preview_closed)
        self.preview.open()

    def _preview_closed(self, _result: int) -> None:
        self.preview = None
        self.manifests_view.setFocus()

    # ----------------------------------------------------------------------------------- courier steps

    def pickup(self) -> PickupDialog | PickupCorrectionDialog | None:
        """F6: scan the packages against the open manifest, then record the courier's pickup; on a manifest
        with the courier, correct or undo a pickup recorded wrongly."""
        manifest = self.current_manifest()
        if manifest is None or self.dialog is not None or self.busy:
            return None
        if manifest.status is ManifestStatus.WITH_COURIER:
            return self._correct_pickup(manifest)
        if manifest.status is not ManifestStatus.OPEN:
            self._complain(ManifestNotInStep(manifest.number, manifest.status))
            return None
        number = manifest.number

        async def check(scans: list[str]) -> Discrepancies:
            return await run_in_background(check_pickup, self.db, number, scans)

        async def remove(missing: list[str]) -> None:
            await run_in_background(remove_from_manifest, self.db, self.account, number, missing)
            await self._refresh()

        async def submit(courier: str, at: dt.datetime, scans: list[str]) -> None:
            await run_in_background(record_pickup, self.db, self.account, number, courier, at, scans)

        now = self.clock()
        dialog = PickupDialog(number, now, check, remove, submit, self)
        self._open_step_dialog(dialog, _("The courier picked up manifest {number}.").format(number=number))
        return dialog

    def _correct_pickup(self, manifest: ManifestSummary) -> PickupCorrectionDialog:
        number = manifest.number
        loaded = self.snapshot.manifest if self.snapshot else None
        courier, at = "", None
        if loaded is not None and loaded.number == number:
            courier, at = loaded.courier_name, loaded.picked_up_at

        async def correct(courier: str, at: dt.datetime, reason: str) -> None:
            await run_in_background(correct_pickup, self.db, self.account, number, courier, at, reason)

        async def undo(reason: str) -> None:
            await run_in_background(undo_pickup, self.db, self.account, number, reason)

        dialog = PickupCorrectionDialog(number, courier, at or dt.datetime.now(dt.UTC), correct, undo, self)
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def finished(result: int) -> None:
            self.dialog = None
            if result == QDialog.DialogCode.Accepted:
                self._say(
                    (
                        _("The pickup of manifest {number} was undone: the manifest is open again.")
                        if dialog.undone
                        else _("The pickup of manifest {number} was corrected.")
                    ).format(number=number)
                )
            self.reload()
            self.manifests_view.setFocus()

        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    def delivery(self) -> DeliveryDialog | None:
        """F7: the provider's clerk signed the manifest (date and name from the signed copy)."""
        manifest = self.current_manifest()
        if manifest is None or self.dialog is not None or self.busy:
            return None
        if manifest.status is not ManifestStatus.WITH_COURIER:
            self._complain(ManifestNotInStep(manifest.number, manifest.status))
            return None
        number, today = manifest.number, self._today()

        async def submit(day: dt.date, clerk: str) -> None:
            await run_in_background(record_delivery, self.db, self.account, number, day, clerk, today)

        dialog = DeliveryDialog(number, today, submit, self)
        what = (
            _("Manifest {number} was delivered.")
            if manifest.kind is ManifestKind.HANDOFF
            else _("The results on manifest {number} were returned to the provider.")
        )
        self._open_step_dialog(dialog, what.format(number=number))
        return dialog

    def _open_step_dialog(self, dialog: QDialog, done_text: str) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog

        def finished(result: int) -> None:
            self.dialog = None
            if result == QDialog.DialogCode.Accepted:
                self._say(done_text)
            self.reload()
            self.manifests_view.setFocus()

        dialog.finished.connect(finished)
        dialog.open()
