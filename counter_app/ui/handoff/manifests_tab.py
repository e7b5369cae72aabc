"""The Manifests tab of the Handoff screen: the open manifests and those with the courier, the packages of the
selected one; Print (Ctrl+P, Kazakh or Russian, previewed), Pickup (F6: the packages are scanned against the
manifest; on a manifest with the courier, the pickup is corrected or undone), Delivery (F7: the clerk's name from
the signed copy), Cancel (F8), and Delete takes the selected packages off an open manifest."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.domain.handoff_errors import ManifestNotInStep
from counter_app.core.domain.i18n import _, current_language, ngettext
from counter_app.core.domain.office import ServiceProvider
from counter_app.core.domain.packages import ManifestKind, ManifestStatus
from counter_app.core.usecases.custody import (
    check_pickup,
    correct_pickup,
    record_delivery,
    record_pickup,
    undo_pickup,
)
from counter_app.core.usecases.manifests import (
    Manifest,
    ManifestSummary,
    cancel_manifest,
    remove_from_manifest,
)
from counter_app.ui.handoff.dialogs import DeliveryDialog, PickupCorrectionDialog, PickupDialog
from counter_app.ui.handoff.models import ManifestsModel, PackagesModel, provider_name
from counter_app.ui.kit.formats import format_time
from counter_app.ui.kit.operations import Op, start
from counter_app.ui.kit.table import NUMBER_ROLE, table_view
from counter_app.ui.kit.widgets import PrintLanguageDialog, button_row

if TYPE_CHECKING:
    from counter_app.ui.handoff.screen import HandoffScreen

PRINTER_WINDOW = "handoff"  # the printer chosen for manifests is remembered under this name


class ManifestsTab(QWidget):
    def __init__(self, screen: HandoffScreen) -> None:
        super().__init__()
        self.screen = screen
        self.manifest_number: str | None = None
        self.manifest: Manifest | None = None  # the selected manifest's details, once read
        self.preview = None
        self.last_pdf: bytes | None = None
        self.manifests_model = ManifestsModel(self)
        self.manifests_view = table_view(self.manifests_model, fit=True)
        self.manifest_lines_model = PackagesModel(screen.titles, self)
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
        buttons = button_row(self.print_button, self.pickup_button, self.delivery_button, self.cancel_button)
        lines_box = QWidget()
        lines_layout = QVBoxLayout(lines_box)
        lines_layout.setContentsMargins(0, 0, 0, 0)
        lines_layout.addWidget(self.manifest_caption)
        lines_layout.addWidget(self.manifest_lines_view, 1)
        lines_layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.manifests_view)
        split.addWidget(lines_box)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)
        self.manifests_view.selectionModel().currentRowChanged.connect(self._manifest_chosen)
        self.setFocusProxy(self.manifests_view)

    def retranslate(self) -> None:
        label = self.screen.label_button
        label(self.print_button, _("Print"), "Ctrl+P")
        label(self.delivery_button, _("Delivery"), "F7")
        label(self.cancel_button, _("Cancel manifest"), "F8")
        self.remove_button.setText(_("Remove selected packages from the manifest (Del)"))
        self.manifests_model.retranslate()
        self.manifest_lines_model.retranslate()

    def show_caption(self) -> None:
        manifest = self.manifest
        if manifest is None:
            self.manifest_caption.setText(_("No open manifest."))
            return
        extra = ""
        if manifest.courier_name:
            extra = " " + _("Courier: {name}, {at}.").format(
                name=manifest.courier_name, at=format_time(manifest.picked_up_at)
            )
        self.manifest_caption.setText(
            ngettext(
                "Manifest {number} for {provider}: {count} package.",
                "Manifest {number} for {provider}: {count} packages.",
                len(manifest.lines),
            ).format(
                number=manifest.number, provider=provider_name(manifest.provider), count=len(manifest.lines)
            )
            + extra
        )

    def details_loaded(self) -> bool:
        """The selected manifest's details (courier, time, packages) are those read for it, not another's."""
        return self.manifest is not None and self.manifest.number == self.manifest_number

    def update_buttons(self, idle: bool) -> None:
        manifest = self.current_manifest()
        is_open = manifest is not None and manifest.status is ManifestStatus.OPEN
        with_courier = manifest is not None and manifest.status is ManifestStatus.WITH_COURIER
        self.print_button.setEnabled(idle and manifest is not None)
        # F6 on a manifest with the courier corrects what was recorded: only once that has been read.
        self.pickup_button.setEnabled(idle and (is_open or (with_courier and self.details_loaded())))
        self.screen.label_button(
            self.pickup_button, _("Correct the pickup") if with_courier else _("Courier pickup"), "F6"
        )
        self.delivery_button.setEnabled(idle and with_courier)
        self.cancel_button.setEnabled(idle and is_open)
        self.remove_button.setEnabled(idle and is_open)

    # ------------------------------------------------------------------------------------------- data

    def show_manifests(
        self,
        manifests: list[ManifestSummary],
        providers: dict[int, ServiceProvider],
        manifest: Manifest | None,
    ) -> None:
        self.manifest = manifest
        self.manifest_number = manifest.number if manifest else None
        self.manifests_model.providers = providers
        self.manifests_model.set_rows(manifests)
        self.screen.select_row(self.manifests_view, self.manifests_model.find(self.manifest_number))

    def show_lines(self, today: dt.date) -> None:
        lines = self.manifest.lines if self.manifest else []
        self.screen.refill(self.manifest_lines_view, self.manifest_lines_model, lines, today)

    def current_manifest(self) -> ManifestSummary | None:
        position = self.manifests_model.find(self.manifest_number)
        return self.manifests_model.rows[position] if position >= 0 else None

    def _manifest_chosen(self, current, _previous) -> None:
        if self.screen.applying or not current.isValid():
            return
        self.manifest_number = current.data(NUMBER_ROLE)
        self.screen.update_buttons()  # F6 waits for this manifest's details
        self.screen.reload()

    def manifest_built(self, number: str) -> None:
        self.manifest_number = number
        self.screen.say(
            _(
                "Manifest {number} was built. Print it (Ctrl+P), then record the courier's pickup (F6)."
            ).format(number=number)
        )
        self.screen.tabs.setCurrentWidget(self)
        self.manifests_view.setFocus()

    # ------------------------------------------------------------------------------------------ steps

    def cancel_manifest(self) -> asyncio.Task | None:
        manifest = self.current_manifest()
        if manifest is None or self.screen.busy:
            return None
        return start(self._cancel(manifest.number), self.screen)

    async def _cancel(self, number: str) -> None:
        screen = self.screen
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Cancel manifest"),
            _("Cancel manifest {number}? Its packages go back to the queue.").format(number=number),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            screen,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        yes = await screen.answer(
            box, lambda _result: box.clickedButton() is box.button(QMessageBox.StandardButton.Yes)
        )
        if not yes:
            return
        await screen.run_step(
            lambda: cancel_manifest(screen.db, screen.account, number),
            lambda _r: screen.say(_("Manifest {number} was cancelled.").format(number=number)),
        )

    def remove_selected(self) -> asyncio.Task | None:
        manifest = self.current_manifest()
        numbers = self.screen.selected_numbers(self.manifest_lines_view)
        if manifest is None or not numbers:
            return None
        screen, number = self.screen, manifest.number
        return screen.step(
            lambda: remove_from_manifest(screen.db, screen.account, number, numbers),
            lambda _r: screen.say(
                _("Taken off manifest {number}: {numbers}.").format(number=number, numbers=", ".join(numbers))
            ),
        )

    # --------------------------------------------------------------------------------------- printing

    def print_manifest(self) -> asyncio.Task | None:
        """Ctrl+P: the selected manifest in Kazakh or Russian, previewed, then printed (two copies in it)."""
        manifest = self.current_manifest()
        if manifest is None or self.screen.dialog is not None:
            return None
        return start(self._print(manifest.number), self.screen)

    async def _print(self, number: str) -> None:
        from counter_app.printing.manifests import manifest_pdf

        screen = self.screen
        dialog = PrintLanguageDialog(
            _("Print manifest {number}").format(number=number),
            _("&Language of the manifest:"),
            "kk" if current_language() == "kk" else "ru",
            screen,
        )
        lang = await screen.answer(
            dialog, lambda result: dialog.chosen() if result == QDialog.DialogCode.Accepted else None
        )
        if lang is None:
            return
        db, catalog = screen.db, screen.ctx.catalog
        await (
            Op(screen, lambda: manifest_pdf(db, number, lang, catalog))
            .busy(screen.set_busy)
            .success(lambda pdf: self._preview(number, pdf))
            .failure(screen.complain)
            .run()
        )

    def _preview(self, number: str, pdf: bytes) -> None:
        from counter_app.ui.pdf_preview import PdfPreviewDialog

        self.last_pdf = pdf
        self.preview = PdfPreviewDialog(
            pdf, window=PRINTER_WINDOW, title=_("Manifest {number}").format(number=number), parent=self.screen
        )
        self.preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview.finished.connect(self._preview_closed)
        self.preview.open()

    def _preview_closed(self, _result: int) -> None:
        self.preview = None
        self.manifests_view.setFocus()

    # ---------------------------------------------------------------------------------- courier steps

    def pickup(self) -> PickupDialog | PickupCorrectionDialog | None:
        """F6: scan the packages against the open manifest, then record the courier's pickup; on a manifest
        with the courier, correct or undo a pickup recorded wrongly (once its details have been read)."""
        screen = self.screen
        manifest = self.current_manifest()
        if manifest is None or screen.dialog is not None or screen.busy:
            return None
        if manifest.status is ManifestStatus.WITH_COURIER:
            return self._correct_pickup(manifest) if self.details_loaded() else None
        if manifest.status is not ManifestStatus.OPEN:
            screen.complain(ManifestNotInStep(manifest.number, manifest.status))
            return None
        db, account, number = screen.db, screen.account, manifest.number
        dialog = PickupDialog(
            number,
            screen.clock(),
            lambda scans: check_pickup(db, number, scans),
            lambda missing: remove_from_manifest(db, account, number, missing),
            lambda courier, at, scans: record_pickup(db, account, number, courier, at, scans),
            screen,
        )
        screen.open_step_dialog(
            dialog, lambda: _("The courier picked up manifest {number}.").format(number=number)
        )
        return dialog

    def _correct_pickup(self, manifest: ManifestSummary) -> PickupCorrectionDialog:
        screen = self.screen
        db, account, number = screen.db, screen.account, manifest.number
        loaded = self.manifest
        assert loaded is not None and loaded.number == number  # pickup() waits for the details
        dialog = PickupCorrectionDialog(
            number,
            loaded.courier_name,
            loaded.picked_up_at or dt.datetime.now(dt.UTC),
            lambda courier, at, reason: correct_pickup(db, account, number, courier, at, reason),
            lambda reason: undo_pickup(db, account, number, reason),
            screen,
        )
        screen.open_step_dialog(
            dialog,
            lambda: (
                _("The pickup of manifest {number} was undone: the manifest is open again.")
                if dialog.undone
                else _("The pickup of manifest {number} was corrected.")
            ).format(number=number),
        )
        return dialog

    def delivery(self) -> DeliveryDialog | None:
        """F7: the provider's clerk signed the manifest (date and name from the signed copy)."""
        screen = self.screen
        manifest = self.current_manifest()
        if manifest is None or screen.dialog is not None or screen.busy:
            return None
        if manifest.status is not ManifestStatus.WITH_COURIER:
            screen.complain(ManifestNotInStep(manifest.number, manifest.status))
            return None
        db, account, number, today = screen.db, screen.account, manifest.number, screen.today()
        dialog = DeliveryDialog(
            number, today, lambda day, clerk: record_delivery(db, account, number, day, clerk, today), screen
        )
        what = (
            _("Manifest {number} was delivered.")
            if manifest.kind is ManifestKind.HANDOFF
            else _("The results on manifest {number} were returned to the provider.")
        )
        screen.open_step_dialog(dialog, lambda: what.format(number=number))
        return dialog
