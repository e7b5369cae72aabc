"""The Applications tab of the Intake screen, offscreen with the keyboard, against a real SQLite file: search
by IIN, receipt number and name (IIN masked), details, and a reprint that archives a marked copy."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from counter_app.core.domain import i18n
from counter_app.core.domain.clock import SettableClock
from counter_app.core.usecases.audit import AuditLog
from counter_app.core.usecases.intake import accept
from counter_app.core.usecases.receipts import issued_documents
from counter_app.printing import document_sha256
from counter_app.printing.receipts import issue_receipt
from counter_app.ui.app import register_fonts
from counter_app.ui.context import AppContext
from counter_app.ui.intake.screen import IntakeScreen
from tests.support.databases import desk_account
from tests.support.intake_helpers import APPLICANT_IIN, TODAY, complete_draft, language_dialog_open

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")
MASKED = "•" * 8 + APPLICANT_IIN[-4:]


@pytest.fixture(autouse=True)
def english_ui(qapp):
    register_fonts(qapp)
    listeners = list(i18n._listeners)
    i18n.set_language("en")
    yield
    i18n._listeners[:] = listeners
    i18n._current = "en"


@pytest.fixture
def accepted(db, operator, catalog):
    """An accepted benefit application whose receipt was first printed in Kazakh."""
    morning = SettableClock.on(TODAY, dt.time(9, 0))
    number = accept(db, operator, complete_draft(catalog, "guardian-benefit"), catalog=catalog, clock=morning)
    issue_receipt(db, catalog, operator, number, "kk", copy=False, clock=morning)
    return number


@pytest.fixture
def clock():
    return SettableClock.on(TODAY)


@pytest.fixture
def screen(qtbot, loop, db, catalog, operator, accepted, clock):
    widget = IntakeScreen(AppContext(db, catalog), operator, clock=clock)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    widget.activateWindow()
    qtbot.waitExposed(widget)
    return widget


def focus():
    return QApplication.focusWidget()


def type_text(text: str) -> None:
    """One key event per character to the focused widget (QTest cannot type Kazakh letters)."""
    for char in text:
        key = ord(char.upper()) if char.isascii() else 0
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(focus(), QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char))


def search(qtbot, screen, text: str) -> list[list[str]]:
    qtbot.keyClick(focus(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    tab = screen.applications
    assert screen.tabs.currentWidget() is tab and focus() is tab.search
    type_text(text)
    tab.model.set_rows([])
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.model.rowCount() > 0 and focus() is tab.table, timeout=10_000)
    model = tab.model
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


@pytest.mark.parametrize(
    "text", [APPLICANT_IIN, "1-20261123-0001", "сәрсенбаева әйгерім", APPLICANT_IIN[-4:]]
)
def test_search_finds_the_application_and_masks_the_iin(qtbot, screen, accepted, text, qtmodeltester):
    (row,) = search(qtbot, screen, text)
    qtmodeltester.check(screen.applications.model, force_py=True)
    number, day, service, applicant, iin, decision, package = row
    assert (number, day, applicant, iin) == (accepted, "23.11.2026", "Сәрсенбаева Әйгерім", MASKED)
    assert service and (decision, package) == ("Accepted", "awaiting handoff")
    assert not any(APPLICANT_IIN[:8] in cell for cell in row)


def test_nothing_found_says_so_and_keeps_the_focus(qtbot, screen):
    tab = screen.applications
    qtbot.keyClick(focus(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    type_text("Нетакогоимени")
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.message.text() == "Nothing found.", timeout=10_000)
    assert tab.model.rowCount() == 0 and focus() is tab.search


@pytest.mark.parametrize("lang", ["en", "kk", "ru"])
def test_fewer_than_three_characters_ask_for_more_in_the_ui_language(qtbot, screen, lang):
    tab = screen.applications
    i18n.set_language(lang)
    qtbot.keyClick(focus(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    type_text("Ли")
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    expected = {
        "en": "Type at least three characters.",
        "kk": "Кемінде үш таңба теріңіз.",
        "ru": "Введите не меньше трёх символов.",
    }[lang]
    qtbot.waitUntil(lambda: tab.message.text() == expected, timeout=10_000)
    assert tab.model.rowCount() == 0 and focus() is tab.search


def test_enter_opens_the_details_and_f9_reprints_a_marked_copy(qtbot, screen, db, accepted):
    tab = screen.applications
    search(qtbot, screen, "Сәрсенбаева")
    qtbot.keyClick(focus(), Qt.Key.Key_Return)  # opens the details of the current row
    qtbot.waitUntil(lambda: tab.opened is not None, timeout=10_000)
    details = tab.details.toPlainText()
    assert accepted in details and MASKED in details and APPLICANT_IIN not in details
    assert "Checklist" in details and "Issued documents" in details and "original" in details
    assert "24.11.2026" in details  # the courier's hand-off day

    qtbot.keyClick(focus(), Qt.Key.Key_F9)
    language_dialog_open(qtbot, tab)
    assert tab.language_dialog.chosen() == "kk"  # the language of the first print
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.preview is not None and tab.preview.isVisible(), timeout=10_000)

    original, copy = issued_documents(db, accepted)
    assert not original.is_copy and copy.is_copy and copy.language == "kk"
    assert copy.pdf == tab.last_pdf and copy.sha256 == document_sha256(copy.pdf)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(copy.pdf)).pages)
    assert "КӨШІРМЕ" in text and accepted in text
    entry = AuditLog(db).recent(1)[0]
    assert (entry.action, entry.subject, entry.username) == ("reprint", accepted, "operator")
    assert tab.details.toPlainText().count("SHA-256") == 2

    qtbot.keyClick(focus(), Qt.Key.Key_Escape)  # closes the preview, back at the results
    assert tab.preview is None
    qtbot.waitUntil(lambda: focus() is tab.table)  # the window is active again


def test_the_reprint_language_can_be_changed_and_cancel_prints_nothing(qtbot, screen, db, accepted):
    tab = screen.applications
    search(qtbot, screen, accepted)
    qtbot.keyClick(focus(), Qt.Key.Key_F9)  # from the current row, details not opened
    language_dialog_open(qtbot, tab)
    qtbot.keyClick(focus(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: tab.language_dialog is None and focus() is tab.table, timeout=10_000)
    assert len(issued_documents(db, accepted)) == 1

    qtbot.keyClick(focus(), Qt.Key.Key_F9)
    language_dialog_open(qtbot, tab)
    qtbot.keyClick(focus(), Qt.Key.Key_Down)  # Русский
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.preview is not None, timeout=10_000)
    copy = issued_documents(db, accepted)[-1]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(copy.pdf)).pages)
    assert copy.language == "ru" and "КОПИЯ" in text and accepted in text
    tab.preview.close()


def test_the_package_status_and_its_history_are_shown(qtbot, screen, db, accepted, clock):
    import datetime as dt

    from counter_app.core.usecases import custody, manifests
    from counter_app.core.usecases.accounts import Accounts
    from counter_app.core.usecases.applications import load_application

    tab = screen.applications
    clock.set_day(dt.date(2026, 11, 25))  # the day after the package was due at the provider
    (row,) = search(qtbot, screen, accepted)
    assert row[-1] == "awaiting handoff — OVERDUE"

    manager, tuesday = Accounts(db).find("manager"), dt.date(2026, 11, 24)
    provider = load_application(db, accepted, desk_account(db)).package.provider_id
    manifest = manifests.build_manifest(db, manager, provider, tuesday)
    custody.record_pickup(
        db, manager, manifest, "Курьер Д.", dt.datetime(2026, 11, 24, 6, tzinfo=dt.UTC), [accepted]
    )
    custody.record_delivery(db, manager, manifest, tuesday, "Иванова А.", today=tuesday)
    (row,) = search(qtbot, screen, accepted)
    assert row[-1] == "delivered to the provider"

    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.opened is not None, timeout=10_000)
    details = tab.details.toPlainText()
    assert "Package status: delivered to the provider" in details and "Status history" in details
    history = details[details.index("Status history") : details.index("Issued documents")]
    for text in (
        "accepted: awaiting handoff",
        "on a manifest",
        f"manifest: {manifest}",
        "with the courier",
        "courier: Курьер Д.",
        "signed for by: Иванова А.",
        manager.full_name,
        Accounts(db).find("operator").full_name,
    ):  # people by their names, not their logins
        assert text in history
    assert "manager" not in history.split()
    assert history.index("on a manifest") < history.index("with the courier") < history.index("delivered to")


def test_the_details_keep_the_laws_numbers_name_people_and_languages_and_go_with_a_search_that_misses(
    qtbot, screen, db, operator, catalog, accepted
):
    from counter_app.core.usecases.accounts import Accounts

    tab = screen.applications
    search(qtbot, screen, accepted)
    assert (
        tab.opened is None and tab.reprint_button.isEnabled()
    )  # F9 reprints the row found: the button says so
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.opened is not None, timeout=10_000)
    details = tab.details.toPlainText()
    for item in tab.opened.checklist:  # the law's number of each document, not a running count
        assert f"{item['number']}.\n{item['label']['en']}" in details
    numbers = [item["number"] for item in tab.opened.checklist]
    assert numbers != list(range(1, len(numbers) + 1))  # the benefit's list skips items not required here
    assert "Қазақша" in details and ", kk," not in details  # the print language by its name
    assert Accounts(db).find("operator").full_name in details

    tab.search.setFocus()
    tab.search.selectAll()
    type_text("Жоқадам")
    qtbot.keyClick(focus(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.message.text() == "Nothing found.", timeout=10_000)
    assert tab.opened is None and tab.details.toPlainText() == "" and not tab.reprint_button.isEnabled()


def test_the_list_columns_fit_their_contents_and_headers_have_tooltips_in_kazakh(qtbot, screen, accepted):
    from counter_app.core.domain import i18n

    i18n.set_language("kk")
    search(qtbot, screen, APPLICANT_IIN[-4:])
    tab = screen.applications
    metrics = tab.table.fontMetrics()
    for column in (0, 1, 4, 5):  # receipt number, date, IIN (last four digits), decision: readable whole
        text = tab.model.index(0, column).data()
        assert tab.table.columnWidth(column) >= metrics.horizontalAdvance(text), text
    for column in range(tab.model.columnCount()):
        shown = tab.model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        assert tab.model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == shown
