"""Settings → Backups: this desk's folder and number of copies, and a backup made now, through the real widgets."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from counter_app.core.domain.permissions import Role
from counter_app.storage.backup import check_backup, daily_backups
from counter_app.storage.db import Database
from counter_app.ui.backups import backup_folder, backup_keep, default_folder
from counter_app.ui.screens.backups_tab import BackupsTab
from counter_app.ui.screens.settings_screen import SettingsScreen

from .conftest import demo_account, wait_done


def test_the_settings_screen_has_the_backups_tab(qtbot, demo_ctx):
    screen = SettingsScreen(demo_ctx, demo_account(demo_ctx, Role.ADMIN))
    qtbot.addWidget(screen)
    wait_done(qtbot, screen.load_task)
    assert screen.tabs.tabText(screen.tabs.indexOf(screen.backups_tab)) == "Bac&kups"
    assert screen.backups_tab.folder.text() == str(default_folder())


def test_folder_and_copies_are_saved_and_a_backup_is_made_now(qtbot, demo_ctx, tmp_path):
    tab = BackupsTab(demo_ctx.db, clock=lambda: dt.datetime(2026, 11, 29, 17, 5, 0))
    qtbot.addWidget(tab)
    tab.retranslate()
    tab.folder.setText("relative/folder")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.error.text() == "Enter the whole path of the backup folder, or leave it empty for the default."
    assert backup_folder() == default_folder()

    chosen = tmp_path / "usb" / "counter-backups"
    tab.folder.setText(str(chosen))
    tab.keep.setValue(30)
    qtbot.mouseClick(tab.backup_button, Qt.MouseButton.LeftButton)
    wait_done(qtbot, tab.task)
    assert (backup_folder(), backup_keep()) == (chosen, 30)
    (made,) = daily_backups(chosen)
    assert made.name == "counter-20261129-170500.sqlite3"
    assert tab.status.text().startswith(f"Backup written: {made} (")
    assert check_backup(made).revision == demo_ctx.db.head_revision()


def test_a_postgresql_window_says_the_server_makes_the_backups(qtbot):
    db = Database("postgresql+psycopg://counter@db-host/counter")  # never connected to
    tab = BackupsTab(db)
    qtbot.addWidget(tab)
    tab.retranslate()
    assert "pg_dump" in tab.explanation.text()
    assert not tab.backup_button.isEnabled() and not tab.folder.isEnabled()
    db.dispose()


def test_a_backup_made_now_is_named_on_the_offices_clock(qtbot, demo_ctx, tmp_path, monkeypatch):
    """The computer set to another time zone (UTC-5) than the office's (UTC+5): "Back up now" names the file by
    the office's time, as every time a person reads (it was named by the computer's clock)."""
    import time

    from counter_app.core.domain.office_time import office_now

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        tab = BackupsTab(demo_ctx.db)
        qtbot.addWidget(tab)
        tab.retranslate()
        tab.folder.setText(str(tmp_path / "copies"))
        qtbot.mouseClick(tab.backup_button, Qt.MouseButton.LeftButton)
        wait_done(qtbot, tab.task)
        (made,) = daily_backups(tmp_path / "copies")
        named = dt.datetime.strptime(
            made.name[len("counter-") : len("counter-YYYYMMDD-HHMMSS")], "%Y%m%d-%H%M%S"
        )
        assert abs(named - office_now().replace(tzinfo=None)) < dt.timedelta(minutes=2)
        assert abs(named - dt.datetime.now()) > dt.timedelta(hours=9)
    finally:
        monkeypatch.undo()
        time.tzset()
