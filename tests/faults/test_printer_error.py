"""The printer fails after the intake was accepted: the operator is told in the UI language, the application
stays accepted, the same receipt prints once the printer works, and the Applications tab reprints it (archived)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QWizard

from counter_app.core.domain import i18n
from counter_app.core.domain.clock import SettableClock
from counter_app.core.domain.intake_draft import ApplicationStatus
from counter_app.core.usecases.accounts import Accounts
from counter_app.core.usecases.applications import load_application
from counter_app.core.usecases.audit import AuditLog
from counter_app.core.usecases.demo import seed_demo
from counter_app.core.usecases.receipts import issued_documents
from counter_app.storage.db import open_database
from counter_app.ui.app import register_fonts
from counter_app.ui.context import AppContext
from counter_app.ui.intake.pages import PageId
from counter_app.ui.intake.screen import IntakeScreen
from counter_app.ui.kit import operations
from tests.support.databases import desk_account
from tests.support.intake_helpers import TODAY, complete_draft, language_dialog_open, settle

pytestmark = pytest.mark.qt_log_ignore(
    r"This plugin does not support (propagateSizeHints|raise)\(\)",
    r"QPdfWriter|QPainter::begin|QPdfEngine|QFile",  # what Qt says when the printer output cannot be opened
)


@pytest.fixture
def db(tmp_path):
    database = open_database(f"sqlite:///{tmp_path / 'counter.sqlite3'}")
    seed_demo(database)
    yield database
    operations.shutdown()  # no background work still uses the database as it is closed
    database.dispose()


@pytest.fixture
def kazakh_ui(qapp):
    register_fonts(qapp)
    listeners = list(i18n._listeners)
    i18n.set_language("kk")
    yield
    i18n._listeners[:] = listeners
    i18n.set_language("en")


def pdf_printer(path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def focus():
    return QApplication.focusWidget()


def test_a_printer_error_keeps_the_intake_accepted_and_the_receipt_reprintable(
    qtbot, loop, db, catalog, tmp_path, kazakh_ui
):
    operator = Accounts(db).find("operator")
    screen = IntakeScreen(AppContext(db, catalog), operator, clock=SettableClock.on(TODAY))
    qtbot.addWidget(screen)
    screen.resize(1100, 760)
    screen.show()
    screen.activateWindow()
    qtbot.waitExposed(screen)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is screen)
    wizard = screen.wizard
    draft = complete_draft(catalog, "guardian-benefit")
    draft.page = PageId.DECISION
    wizard.start(draft)
    assert wizard.currentId() == PageId.DECISION
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)  # Accept
    settle(qtbot)
    assert wizard.currentId() == PageId.DONE, wizard.currentPage().error.text()
    number = wizard.outcome.number

    wizard.currentPage().setFocus()
    qtbot.keyClick(wizard.currentPage(), Qt.Key.Key_F9)  # the receipt: archived, then the preview to print it
    settle(qtbot)
    preview = wizard.preview
    assert preview is not None and preview.isVisible()
    off = (
        tmp_path / "switched-off" / "receipt.pdf"
    )  # the printer's output cannot be opened: a printer that is off
    assert preview.print_to(pdf_printer(off)) is False
    assert not off.exists()
    assert preview.error.isVisible()
    assert preview.error.text() == i18n._(
        'Could not start printing on "{name}". Check that the printer is switched on and has paper, '
        "then try again."
    ).format(name=str(off))
    assert preview.error.text().startswith("«")  # in Kazakh, the UI language

    stored = load_application(db, number, desk_account(db))
    assert stored.status is ApplicationStatus.ACCEPTED_AWAITING_HANDOFF and stored.package is not None

    printed = tmp_path / "on" / "receipt.pdf"
    printed.parent.mkdir()
    assert preview.print_to(pdf_printer(printed)) is True  # switched on: the same dialog prints it
    assert not preview.error.isVisible()
    assert len(PdfReader(printed).pages) == len(
        PdfReader(io.BytesIO(wizard.last_pdf)).pages
    )  # pages as images
    qtbot.keyClick(preview, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: wizard.preview is None and QApplication.activeWindow() is screen)
    wizard.currentPage().setFocus()
    qtbot.keyClick(wizard.currentPage(), Qt.Key.Key_F10)  # the next citizen
    assert wizard.currentId() == PageId.SERVICE

    # Later, from the Applications tab: the receipt again, archived as a marked copy.
    tab = screen.applications
    qtbot.keyClick(wizard.currentPage(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert focus() is tab.search
    tab.search.setText(number)
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1 and focus() is tab.table, timeout=10_000)
    qtbot.keyClick(focus(), Qt.Key.Key_F9)
    language_dialog_open(qtbot, tab)
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.preview is not None and tab.preview.isVisible(), timeout=10_000)
    original, copy = issued_documents(db, number)
    assert not original.is_copy and copy.is_copy and copy.pdf == tab.last_pdf
    assert AuditLog(db).recent(1)[0].action == "reprint"
    reprinted = tmp_path / "on" / "copy.pdf"
    assert tab.preview.print_to(pdf_printer(reprinted)) is True
    assert len(PdfReader(reprinted).pages) == len(PdfReader(io.BytesIO(copy.pdf)).pages)
    tab.preview.close()
