"""The boxes the window shows when it cannot start on the database it finds."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from counter_app.storage.db import DatabaseTooNew, SchemaUpgradeNeeded
from counter_app.ui.app import schema_wait_box, too_new_box


def test_a_shared_database_behind_this_version_says_wait_and_offers_retry(qtbot):
    box = schema_wait_box(SchemaUpgradeNeeded("0003", "0004"))
    qtbot.addWidget(box)
    assert "counter-app db upgrade" in box.text() and "Wait until it is done" in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Retry)
    box.close()


def test_a_newer_database_names_the_version_to_install(qtbot):
    box = too_new_box(DatabaseTooNew("0999", "2.3.0"))
    qtbot.addWidget(box)
    assert box.text().startswith(
        "This database was upgraded by a newer Counter: install version 2.3.0 or newer"
    )
    box.close()
