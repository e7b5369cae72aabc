"""Help → About Counter: the version (the first thing a technician asks for), Qt, the database and data folder."""

from __future__ import annotations

import platform

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from counter_app import __version__
from counter_app.core.domain.i18n import _
from counter_app.paths import user_data_dir
from counter_app.storage.db import Database


def about_text(db: Database) -> str:
    return "\n".join(
        (
            _("Counter {version}").format(version=__version__),
            _('Intake desk of the State Corporation "Government for Citizens".'),
            "",
            _("Database: {url}").format(url=db.display_url()),
            _("Data folder: {path}").format(path=user_data_dir()),
            f"Qt {qVersion()}, PySide6 {PySide6.__version__}, Python {platform.python_version()}",
        )
    )


def show_about(parent: QWidget, db: Database) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Information, _("About Counter"), about_text(db), parent=parent)
    box.open()
    return box
