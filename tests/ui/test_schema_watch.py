"""A window open while the shared database is upgraded by a newer Counter is told so and closes."""

from __future__ import annotations

import sqlite3

from sqlalchemy.engine import make_url

from counter_app.ui.schema_watch import SchemaWatcher


def test_an_upgrade_under_an_open_window_is_said_and_closes_it(qtbot, app_db):
    closed = []
    watcher = SchemaWatcher(app_db, app_db.stored_revision(), lambda: closed.append(True), interval_ms=50)
    qtbot.wait(200)
    assert watcher.box is None  # nothing changed: nothing said

    connection = sqlite3.connect(make_url(app_db.url).database)
    connection.execute("UPDATE alembic_version SET version_num = '0999'")
    connection.execute("UPDATE counter_release SET version = '5.0.0'")
    connection.commit()
    connection.close()
    qtbot.waitUntil(lambda: watcher.box is not None)
    box = watcher.box
    qtbot.addWidget(box)
    assert "install version 5.0.0 or newer" in box.text()
    assert "Close Counter now" in box.informativeText()
    assert not watcher.timer.isActive()
    box.done(0)
    assert closed == [True]
