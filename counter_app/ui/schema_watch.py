"""A window open while the administrator upgrades the shared database is told so, and to restart.

On PostgreSQL the upgrade (``counter-app db upgrade``) runs in one transaction: the windows' queries wait on its
locks while it runs, then its new revision becomes visible at once. Every window polls the stored revision (a
one-row read) in the background; when it is no longer the one the window started with, an application-modal
box says that the database was upgraded and names the version to install, and Counter closes when it is read.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QMessageBox

from counter_app.core.domain.i18n import _
from counter_app.storage.db import Database, DatabaseTooNew, DatabaseUnavailable
from counter_app.ui.kit.operations import run_in_background, start

POLL_MS = 15_000


class SchemaWatcher(QObject):
    def __init__(self, db: Database, revision: str | None, on_closed, interval_ms: int = POLL_MS) -> None:
        super().__init__()
        self._db = db
        self._revision = revision
        self._on_closed = on_closed
        self._polling = False
        self.box: QMessageBox | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def poll(self) -> None:
        if self._polling or self.box is not None:
            return
        self._polling = True
        start(self._check(), None)

    async def _check(self) -> None:
        try:
            stored = await run_in_background(self._db.stored_revision)
            if stored == self._revision:
                return
            upgraded_by = await run_in_background(self._db.upgraded_by)
        except DatabaseUnavailable:
            return  # the screens say so; the poll goes on
        finally:
            self._polling = False
        self.timer.stop()
        box = QMessageBox(
            QMessageBox.Icon.Warning, _("Counter"), str(DatabaseTooNew(stored or "", upgraded_by))
        )
        box.setInformativeText(
            _(
                "The administrator has upgraded the shared database. Close Counter now; it starts "
                "again once this computer has the new version."
            )
        )
        box.setStandardButtons(QMessageBox.StandardButton.Close)
        box.setWindowModality(Qt.WindowModality.ApplicationModal)
        box.finished.connect(lambda _result: self._on_closed())
        self.box = box
        box.open()
