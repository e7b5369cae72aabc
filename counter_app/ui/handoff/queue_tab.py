"""The Queue tab of the Handoff screen: the providers with their counts and the selected provider's packages;
"Build manifest" (Ctrl+B) puts every package due by the "manifest for" day on a new manifest, "Build from
selection" (Ctrl+Shift+B) only the selected ones."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.domain.handoff_errors import NothingDueYet
from counter_app.core.domain.i18n import _, ngettext
from counter_app.core.usecases.manifests import build_manifest
from counter_app.core.usecases.package_reads import PackageLine, ProviderQueue
from counter_app.ui.handoff.models import PackagesModel, ProvidersModel, provider_name
from counter_app.ui.kit.date_field import DateField
from counter_app.ui.kit.formats import format_date
from counter_app.ui.kit.table import NUMBER_ROLE, table_view

if TYPE_CHECKING:
    from counter_app.ui.handoff.screen import HandoffScreen


class QueueTab(QWidget):
    def __init__(self, screen: HandoffScreen) -> None:
        super().__init__()
        self.screen = screen
        self.provider_id: int | None = None
        self.providers_model = ProvidersModel(self)
        self.providers_view = table_view(self.providers_model)
        self.providers_view.setWordWrap(True)
        self.providers_view.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.providers_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.providers_view.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        self.packages_model = PackagesModel(screen.titles, self)
        self.packages_view = table_view(self.packages_model, multi=True)
        self.packages_caption = QLabel()
        self.packages_caption.setWordWrap(True)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.day_label = QLabel()
        self.manifest_day = DateField(screen.clock().date())
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
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.providers_view)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)  # the packages' eight columns whole beside the providers (kk, 1366 px)
        actions = QHBoxLayout()
        actions.addWidget(self.day_label)
        actions.addWidget(self.manifest_day)
        actions.addWidget(self.build_button)
        actions.addWidget(self.build_selection_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.legend)
        layout.addLayout(actions)
        self.providers_view.selectionModel().currentRowChanged.connect(self._provider_chosen)
        self.setFocusProxy(self.providers_view)

    def retranslate(self) -> None:
        self.day_label.setText(_("Manifest &for:"))
        self.legend.setText(
            _(
                "Red and bold: overdue (not delivered by its due date). Yellow: due today. "
                "Ctrl+B puts every package due by the manifest day on a new manifest."
            )
        )
        self.screen.label_button(self.build_button, _("Build manifest"), "Ctrl+B")
        self.screen.label_button(self.build_selection_button, _("Build from selection"), "Ctrl+Shift+B")
        self.providers_model.retranslate()
        self.packages_model.retranslate()

    def show_caption(self) -> None:
        queue = self.current_queue()
        if queue is None:
            self.packages_caption.setText(_("Loading…") if not self.screen.loaded_once else _("No provider."))
            return
        self.packages_caption.setText(
            _("{provider}: {total} not yet delivered — {overdue} overdue, {today} due today.").format(
                provider=provider_name(queue.provider),
                total=queue.total,
                overdue=queue.overdue,
                today=queue.due_today,
            )
        )

    def update_buttons(self, idle: bool) -> None:
        queue = self.current_queue()
        awaiting = idle and queue is not None and queue.awaiting > 0
        self.build_button.setEnabled(awaiting)
        self.build_selection_button.setEnabled(awaiting)

    # ------------------------------------------------------------------------------------------- data

    def show_queues(self, queues: list[ProviderQueue], provider_id: int | None) -> None:
        self.provider_id = provider_id
        self.providers_model.set_rows(queues)
        self.screen.select_row(self.providers_view, self.providers_model.find(provider_id))

    def show_packages(self, lines: list[PackageLine], today: dt.date) -> None:
        self.screen.refill(self.packages_view, self.packages_model, lines, today)

    def current_queue(self) -> ProviderQueue | None:
        position = self.providers_model.find(self.provider_id)
        return self.providers_model.rows[position] if position >= 0 else None

    def day(self) -> dt.date:
        return self.manifest_day.value()

    def _provider_chosen(self, current, _previous) -> None:
        if self.screen.applying or not current.isValid():
            return
        self.provider_id = current.data(NUMBER_ROLE)
        self.screen.reload()

    # ------------------------------------------------------------------------------------------ steps

    def build_manifest(self, selection: bool = False) -> asyncio.Task | None:
        """Ctrl+B: every package of the provider due by the manifest day; Ctrl+Shift+B: the selected ones."""
        queue = self.current_queue()
        if queue is None:
            return None
        numbers: list[str] | None = None
        if selection:
            numbers = self.screen.selected_numbers(self.packages_view)
            if not numbers:
                self.screen.say(
                    _(
                        "Select the packages to put on the manifest first (Shift or Ctrl with the arrows or "
                        "the mouse)."
                    )
                )
                return None
        screen, provider_id, day = self.screen, queue.provider.id, self.day()
        return screen.step(
            lambda: build_manifest(screen.db, screen.account, provider_id, day, numbers),
            screen.manifests_tab.manifest_built,
        )

    def offer_next_due(self, error: NothingDueYet) -> None:
        """Ctrl+B on a day with nothing due: say when the next packages are due and offer to select them."""
        box = QMessageBox(
            QMessageBox.Icon.Information,
            _("Handoff to providers"),
            str(error),
            QMessageBox.StandardButton.Close,
            self.screen,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        select = box.addButton(_("&Select them"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(select)
        numbers = error.receipt_numbers

        def answered(_result: int) -> None:
            if box.clickedButton() is select:
                self.select_packages(numbers)
                self.screen.say(
                    ngettext(
                        "{count} package due on {date} is selected: Ctrl+Shift+B puts it on a manifest.",
                        "{count} packages due on {date} are selected: Ctrl+Shift+B puts them on a manifest.",
                        len(numbers),
                    ).format(count=len(numbers), date=format_date(error.next_due))
                )

        box.finished.connect(answered)
        self.screen.message = box
        box.open()

    def select_packages(self, numbers: list[str]) -> None:
        """Select these packages in the provider's list, the first one current."""
        self.screen.tabs.setCurrentWidget(self)
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
