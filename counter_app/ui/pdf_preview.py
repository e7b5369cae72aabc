"""Preview a generated PDF exactly as it is (QtPdf) and print that same file on the window's printer.

Each page is rendered by QPdfDocument at the printer's resolution (at most :data:`MAX_DPI`) and drawn full-page
into the printer's painter, so what is printed is what was previewed and archived. The printer chosen at a
counter window is remembered in QSettings under that window. A printer error is shown in the dialog, which
stays open so the operator can switch the printer on or choose another one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QRect, QSettings, QSize, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.domain.i18n import _
from counter_app.paths import private_dir, user_data_dir, write_private

MAX_DPI = (
    300  # an A4 page at 300 dpi is a 2480 x 3508 image (35 MB); plenty for text, fast enough to wait for
)


PDF_FOLDER_VARIABLE = "COUNTER_PRINT_TO_DIR"
PDF_PRINTER = "\x00pdf-folder"  # the printer list's entry that writes PDF files (never a real printer's name)
PREVIEW_SIZE = QSize(760, 900)


def pdf_folder() -> Path | None:
    """``COUNTER_PRINT_TO_DIR``: print into PDF files in this folder (a desk without a printer, the tests)."""
    folder = os.environ.get(PDF_FOLDER_VARIABLE)
    return Path(folder) if folder else None


def printer_key(window: str) -> str:
    return f"printing/window_{window}/printer"


def print_pdf(document: QPdfDocument, printer: QPrinter) -> str | None:
    """Print every page of ``document`` on ``printer``; None when done, else the reason it failed (UI language)."""
    if document.pageCount() <= 0:
        return _("The document has no pages.")
    if not printer.isValid():
        return _(
            'The printer "{name}" is not available. Check that it is switched on and connected, or '
            "choose another printer."
        ).format(name=printer.printerName())
    printer.setFullPage(True)
    first = document.pagePointSize(0)
    printer.setPageSize(QPageSize(QSizeF(first.width(), first.height()), QPageSize.Unit.Point))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    painter = QPainter()
    if not painter.begin(printer):
        return _(
            'Could not start printing on "{name}". Check that the printer is switched on and has paper, '
            "then try again."
        ).format(name=printer.printerName() or printer.outputFileName())
    try:
        dpi = printer.resolution()
        render_dpi = min(dpi, MAX_DPI)
        for page in range(document.pageCount()):
            if page and not printer.newPage():
                return _("The printer stopped after page {page}.").format(page=page)
            size = document.pagePointSize(page)
            image = document.render(
                page, QSize(round(size.width() * render_dpi / 72), round(size.height() * render_dpi / 72))
            )
            target = QRect(0, 0, round(size.width() * dpi / 72), round(size.height() * dpi / 72))
            painter.drawImage(target, image)
    finally:
        painter.end()
    if printer.printerState() == QPrinter.PrinterState.Error:
        return _("The printer reported an error. Check the printer and try again.")
    return None


def fitting_size(widget: QWidget, wanted: QSize) -> QSize:
    """``wanted``, made smaller where the screen is smaller (a counter's 1366x768 monitor), keeping a margin
    for the window frame and the panel."""
    screen = widget.screen() or QApplication.primaryScreen()
    if screen is None:
        return wanted
    room = screen.availableGeometry().size() - QSize(40, 80)
    return wanted.boundedTo(room)


class PdfPreviewDialog(QDialog):
    """Shows the PDF; Print sends the same file to the printer chosen for this counter window."""

    def __init__(
        self,
        pdf: bytes,
        *,
        window: str,
        title: str = "",
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if settings is None:
            from counter_app.ui.language import ui_settings

            settings = ui_settings()
        self._settings = settings
        self._window = window
        # In the private data directory (0700, the file 0600); removed when the dialog finishes, and a preview
        # a crash left behind is removed at the next start (core.retention).
        self._folder = Path(
            tempfile.mkdtemp(prefix="counter-print-", dir=private_dir(user_data_dir() / "previews"))
        )
        self.path = self._folder / "document.pdf"
        write_private(self.path, pdf)
        self.document = QPdfDocument(self)
        error = self.document.load(str(self.path))
        self.setWindowTitle(title or _("Print preview"))

        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)

        self.printers = QComboBox(self)
        folder = pdf_folder()
        if folder is not None:
            self.printers.addItem(_("PDF file in {folder}").format(folder=folder), PDF_PRINTER)
        self.printers.addItems(QPrinterInfo.availablePrinterNames())
        remembered = settings.value(printer_key(window))
        if isinstance(remembered, str) and self.printers.findText(remembered) >= 0:
            self.printers.setCurrentText(remembered)
        elif self.printers.count() and folder is None:
            self.printers.setCurrentText(QPrinterInfo.defaultPrinterName() or self.printers.itemText(0))
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        self.print_button = QPushButton(_("Print"), self)
        self.print_button.clicked.connect(self._print_clicked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)

        row = QHBoxLayout()
        row.addWidget(QLabel(_("Printer:"), self))
        row.addWidget(self.printers, 1)
        row.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.error)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.resize(fitting_size(self, PREVIEW_SIZE))
        self.print_button.setDefault(True)
        self.view.setFocus()
        if error != QPdfDocument.Error.None_:
            self.show_error(_("The document could not be opened for preview."))

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _print_clicked(self) -> None:
        """Print (Enter): once printed the dialog closes, back where F9 was pressed; on a problem it stays."""
        if self.print_on_chosen():
            self.accept()

    def print_on_chosen(self) -> bool:
        if self.printers.currentData() == PDF_PRINTER:
            return self.print_to_file()
        name = self.printers.currentText()
        if not name:
            self.show_error(
                _("No printer is installed on this computer. Ask the administrator to set one up.")
            )
            return False
        return self.print_on(name)

    def print_on(self, name: str) -> bool:
        """Print on the named printer and remember it for this window; on failure show why and stay open."""
        if QPrinterInfo.printerInfo(name).isNull():
            self.show_error(
                _(
                    'The printer "{name}" is not available. Check that it is switched on and connected, or '
                    "choose another printer."
                ).format(name=name)
            )
            return False
        printer = QPrinter(QPrinterInfo.printerInfo(name), QPrinter.PrinterMode.HighResolution)
        if not self.print_to(printer):
            return False
        self._settings.setValue(printer_key(self._window), name)
        self._settings.sync()
        return True

    def print_to_file(self) -> bool:
        """Print into a new PDF file in ``COUNTER_PRINT_TO_DIR`` (through the same path as a printer)."""
        folder = pdf_folder()
        folder.mkdir(parents=True, exist_ok=True)
        stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in self.windowTitle()) or "document"
        number = 1
        while (folder / f"{stem}-{number}.pdf").exists():
            number += 1
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(folder / f"{stem}-{number}.pdf"))
        return self.print_to(printer)

    def print_to(self, printer: QPrinter) -> bool:
        problem = print_pdf(self.document, printer)
        if problem:
            self.show_error(problem)
            return False
        self.error.hide()
        return True

    def done(self, result: int) -> None:
        self.document.close()
        shutil.rmtree(self._folder, ignore_errors=True)
        super().done(result)
