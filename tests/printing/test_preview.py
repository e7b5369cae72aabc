"""The preview dialog shows the generated PDF and prints that same file; printer errors keep it open."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings
from PySide6.QtPrintSupport import QPrinter

from counter_app.core.domain import i18n
from counter_app.printing import render_refusal_receipt
from counter_app.printing.specimen import refusal_specimen
from counter_app.ui.pdf_preview import PdfPreviewDialog, printer_key

from .conftest import DAY

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def receipt_pdf(benefit):
    service, version = benefit
    return render_refusal_receipt(refusal_specimen(service, version, DAY), "kk")


@pytest.fixture
def dialog(qtbot, receipt_pdf, settings):
    dialog = PdfPreviewDialog(receipt_pdf, window="3", settings=settings)
    qtbot.addWidget(dialog)
    dialog.show()
    yield dialog
    dialog.reject()


def test_preview_shows_the_pdf_and_prints_the_same_pages_to_a_file(dialog, tmp_path, receipt_pdf):
    assert dialog.document.pageCount() == len(PdfReader(dialog.path).pages) == 2
    assert dialog.path.read_bytes() == receipt_pdf
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    output = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(output))
    assert dialog.print_to(printer)
    printed = PdfReader(output)
    assert len(printed.pages) == 2
    width, height = float(printed.pages[0].mediabox.width), float(printed.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4, like the document
    assert dialog.error.isHidden()


def test_an_unavailable_printer_shows_a_message_and_keeps_the_dialog_open(dialog, settings, monkeypatch):
    monkeypatch.setattr(i18n, "_current", "en")
    assert not dialog.print_on("Switched-off printer")
    assert dialog.isVisible()
    assert "Switched-off printer" in dialog.error.text() and "not available" in dialog.error.text()
    assert dialog.error.isVisibleTo(dialog)
    assert settings.value(printer_key("3")) is None  # a failed printer is not remembered


def test_no_printer_installed_is_said_plainly(dialog, monkeypatch):
    monkeypatch.setattr(i18n, "_current", "en")
    if dialog.printers.count():
        pytest.skip("this machine has printers")
    assert not dialog.print_on_chosen()
    assert "No printer" in dialog.error.text()
    assert dialog.isVisible()


def test_printer_keys_are_per_window_and_the_temporary_copy_goes_with_the_dialog(
    qtbot, receipt_pdf, settings
):
    settings.setValue(printer_key("1"), "Printer at window 1")
    settings.setValue(printer_key("2"), "Printer at window 2")
    assert settings.value(printer_key("1")) != settings.value(printer_key("2"))
    dialog = PdfPreviewDialog(receipt_pdf, window="2", settings=settings)
    qtbot.addWidget(dialog)
    folder = dialog.path.parent
    dialog.reject()
    assert not folder.exists()  # the temporary copy goes with the dialog
