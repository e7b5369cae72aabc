"""The Unclaimed results tab of the Handoff screen: results kept a month and not claimed, per provider, and
"Build return manifest" (Ctrl+R)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.domain.i18n import _
from counter_app.core.domain.office import ServiceProvider
from counter_app.core.usecases.manifests import build_return_manifest
from counter_app.core.usecases.package_reads import PackageLine
from counter_app.ui.handoff.models import UnclaimedModel, provider_name
from counter_app.ui.kit.table import NUMBER_ROLE, table_view

if TYPE_CHECKING:
    from counter_app.ui.handoff.screen import HandoffScreen


class UnclaimedTab(QWidget):
    def __init__(self, screen: HandoffScreen) -> None:
        super().__init__()
        self.screen = screen
        self.unclaimed_provider_id: int | None = None
        self.lines: list[PackageLine] = []
        self.providers: dict[int, ServiceProvider] = {}
        self.unclaimed_providers = QListWidget()
        self.unclaimed_providers.setWordWrap(True)
        self.unclaimed_model = UnclaimedModel(screen.titles, self)
        self.unclaimed_view = table_view(self.unclaimed_model)
        # Each column as wide as its header or contents (seven of them do not fit beside the providers in
        # Kazakh: the table scrolls); a stretched last column would be left at 100 px, «Сақталу мерз».
        self.unclaimed_view.horizontalHeader().setStretchLastSection(False)
        self.unclaimed_caption = QLabel()
        self.unclaimed_caption.setWordWrap(True)
        self.return_button = QPushButton()
        self.return_button.clicked.connect(lambda: self.build_return_manifest())
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.unclaimed_caption)
        right_layout.addWidget(self.unclaimed_view, 1)
        right_layout.addWidget(self.return_button, 0, Qt.AlignmentFlag.AlignLeft)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.unclaimed_providers)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 4)  # the seven columns whole beside the providers (kk, 1366 px)
        QVBoxLayout(self).addWidget(split)
        self.unclaimed_providers.currentItemChanged.connect(self._provider_chosen)
        self.setFocusProxy(self.unclaimed_providers)

    def retranslate(self) -> None:
        self.screen.label_button(self.return_button, _("Build return manifest"), "Ctrl+R")
        self.unclaimed_model.retranslate()
        self.show_results()

    def show_caption(self) -> None:
        count = len(self.unclaimed_model.rows)
        self.unclaimed_caption.setText(
            _("Results kept one month and not claimed: {count}.").format(count=count)
            if self.screen.loaded_once
            else ""
        )

    def update_buttons(self, idle: bool) -> None:
        self.return_button.setEnabled(idle and self.unclaimed_provider_id is not None)

    def show_unclaimed(self, lines: list[PackageLine], providers: dict[int, ServiceProvider]) -> None:
        self.lines, self.providers = lines, providers
        self.unclaimed_model.providers = providers
        self.show_results()

    def show_results(self) -> None:
        """The providers with unclaimed results (the chosen one kept), and the chosen provider's results."""
        counts: dict[int, int] = {}
        for line in self.lines:
            counts[line.provider_id] = counts.get(line.provider_id, 0) + 1
        if self.unclaimed_provider_id not in counts:
            self.unclaimed_provider_id = next(iter(counts), None)
        self.unclaimed_providers.blockSignals(True)
        try:
            self.unclaimed_providers.clear()
            for provider_id, count in counts.items():
                name = provider_name(self.providers.get(provider_id), str(provider_id))
                item = QListWidgetItem(_("{provider}: {count}").format(provider=name, count=count))
                item.setData(NUMBER_ROLE, provider_id)
                self.unclaimed_providers.addItem(item)
                if provider_id == self.unclaimed_provider_id:
                    self.unclaimed_providers.setCurrentItem(item)
        finally:
            self.unclaimed_providers.blockSignals(False)
        self.unclaimed_model.set_rows(
            [line for line in self.lines if line.provider_id == self.unclaimed_provider_id]
        )
        self.unclaimed_view.resizeColumnsToContents()  # a month's results; no header cut («летін қызметті»)

    def _provider_chosen(self, current: QListWidgetItem | None, _previous) -> None:
        if self.screen.applying or current is None:
            return
        self.unclaimed_provider_id = current.data(NUMBER_ROLE)
        self.show_results()
        self.screen.update_buttons()

    def build_return_manifest(self) -> asyncio.Task | None:
        provider_id = self.unclaimed_provider_id
        if provider_id is None:
            return None
        screen, day = self.screen, self.screen.queue_tab.day()
        return screen.step(
            lambda: build_return_manifest(screen.db, screen.account, provider_id, day),
            screen.manifests_tab.manifest_built,
        )
