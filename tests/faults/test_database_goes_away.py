"""The database server stops in the middle of an intake at the real wizard: the operator is told in the UI
language, nothing typed is lost (on screen and in the copy kept on this computer), and the intake completes,
once, when the server is back."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from counter_app.core.domain import i18n
from counter_app.core.domain.clock import SettableClock
from counter_app.core.domain.intake_draft import Decision
from counter_app.core.usecases.accounts import Accounts
from counter_app.core.usecases.applications import load_application
from counter_app.core.usecases.demo import seed_demo
from counter_app.core.usecases.drafts import Drafts
from counter_app.core.usecases.intake import accept
from counter_app.core.usecases.intake_recovery import LocalDraftCopy, committed_intake
from counter_app.core.usecases.office_settings import OfficeSettings
from counter_app.paths import user_data_dir
from counter_app.storage.db import open_database
from counter_app.ui.app import register_fonts
from counter_app.ui.intake.pages import PageId
from counter_app.ui.intake.wizard import IntakeWizard
from counter_app.ui.kit import operations
from tests.support.databases import PostgresServer, desk_account, intake_problems, postgres_bin_dir
from tests.support.intake_helpers import TODAY, complete_draft, settle

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")


@pytest.fixture(scope="module")
def server():
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        message = "PostgreSQL server binaries (initdb, pg_ctl) are not installed"
        if os.environ.get("CI"):
            pytest.fail(message + ": CI must run this test")
        pytest.skip(message)
    server = PostgresServer(bin_dir)
    try:
        server.start()
        yield server
    finally:
        server.remove()


@pytest.fixture
def db(server, monkeypatch):
    if not server_running(server):
        server.start()
    database = open_database(server.url)
    seed_demo(database)
    yield database
    operations.shutdown()  # no background work still uses the database as it is closed
    database.dispose()
    from sqlalchemy import create_engine, text

    admin = create_engine(server.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:  # the next test starts from an empty database
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    admin.dispose()


def server_running(server: PostgresServer) -> bool:
    return (server.directory / "data" / "postmaster.pid").exists()


@pytest.fixture
def russian_ui(qapp):
    register_fonts(qapp)
    listeners = list(i18n._listeners)
    i18n.set_language("ru")
    yield
    i18n._listeners[:] = listeners
    i18n.set_language("en")


def press(qtbot, wizard: IntakeWizard, key: Qt.Key) -> None:
    """A key to the focused widget (the page itself when a closed message box left no focus in offscreen Qt)."""
    focus = QApplication.focusWidget()
    if focus is None or not wizard.isAncestorOf(focus):
        wizard.currentPage().setFocus()
        focus = wizard.currentPage()
    qtbot.keyClick(focus, key)
    QApplication.processEvents()
    settle(qtbot)  # what the key started in the background (the draft's save, the commit) has ended


def close_message(qtbot, wizard: IntakeWizard) -> QMessageBox:
    box = wizard.message
    assert box is not None and box.isVisible()
    qtbot.keyClick(box, Qt.Key.Key_Return)  # the operator reads it and presses Enter
    qtbot.waitUntil(lambda: not box.isVisible())
    return box


def test_the_server_stops_mid_intake_and_nothing_typed_is_lost(qtbot, loop, server, db, catalog, russian_ui):
    operator = Accounts(db).find("operator")
    draft = complete_draft(catalog, "guardian-benefit")
    draft.page = PageId.CONSENT
    wizard = IntakeWizard(
        db, catalog, operator, OfficeSettings(db).load(), clock=SettableClock.on(TODAY), draft=draft
    )
    qtbot.addWidget(wizard)
    wizard.resize(1100, 720)
    wizard.show()
    wizard.activateWindow()
    qtbot.waitExposed(wizard)
    assert wizard.currentId() == PageId.CONSENT
    wizard.page(PageId.CONSENT).consent.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is wizard.page(PageId.CONSENT).consent)

    server.stop("immediate")  # the server is gone, as if it crashed
    press(qtbot, wizard, Qt.Key.Key_Return)  # the consent page is done: its draft cannot reach the database
    assert wizard.currentId() == PageId.DECISION  # the intake goes on
    box = close_message(qtbot, wizard)
    assert box.text() == "Нет связи с базой данных."  # in the UI language
    assert LocalDraftCopy(user_data_dir(), "operator", "1").load() == wizard.draft  # kept on this computer

    press(qtbot, wizard, Qt.Key.Key_Return)  # Accept: the number cannot be issued now
    assert wizard.currentId() == PageId.DECISION
    box = close_message(qtbot, wizard)
    assert box.text() == "Нет связи с базой данных."
    assert box.informativeText() == i18n._(
        "Nothing you typed is lost: it stays on the screen. Check the network connection to the database server "
        "(or ask the administrator), then try again."
    )
    assert box.detailedText()  # the driver's own words, for the administrator
    assert wizard.page(PageId.DECISION).error.text() == "Нет связи с базой данных."
    assert wizard.draft.model_dump(exclude={"page", "started_at"}) == draft.model_dump(
        exclude={"page", "started_at"}
    )
    assert "Сәрсенбаева Әйгерім" in wizard.page(PageId.DECISION).summary.text()

    server.start()  # the server is back: the same key now accepts
    press(qtbot, wizard, Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.DONE, wizard.page(PageId.DECISION).error.text()
    number = wizard.outcome.number
    assert number == "1-20261123-0001"
    stored = load_application(db, number, desk_account(db))
    assert stored.decision is Decision.ACCEPTED and stored.package is not None
    assert intake_problems(db) == []
    assert Drafts(db).load(operator) is None
    assert LocalDraftCopy(user_data_dir(), "operator", "1").load() is None


def test_an_intake_whose_commit_answer_was_lost_is_found_not_stored_again(server, db, catalog):
    operator = Accounts(db).find("operator")
    draft = complete_draft(catalog, "guardian-benefit")
    draft.started_at = dt.datetime.now(dt.UTC)
    assert committed_intake(db, operator, "1", draft, TODAY) is None
    number = accept(db, operator, draft, TODAY, catalog=catalog)
    assert committed_intake(db, operator, "1", draft, TODAY) == number
    later = draft.model_copy(update={"started_at": draft.started_at.replace(year=2027)})
    assert committed_intake(db, operator, "1", later, TODAY) is None  # the next intake of the same person
