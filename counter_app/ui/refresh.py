"""Screens that follow what other windows do: a cheap poll of ``core.usecases.changes.change_stamp`` in the background.

Every window of a centre writes to the same database; a screen that shows shared data (the handoff queue, the
results desk, the application search) owns a :class:`ChangeWatcher` and reloads on ``changed``. The poll runs
in the background pool every few seconds while the screen is visible, so a manager sees the packages accepted
at the windows without restarting; a lost connection is reported once through ``unavailable`` and the poll
goes on, so the screen recovers by itself when the server is back.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from counter_app.core.usecases.changes import change_stamp
from counter_app.storage.db import Database, DatabaseUnavailable
from counter_app.ui.kit.operations import run_in_background, start

POLL_MS = 3000


class ChangeWatcher(QObject):
    changed = Signal()
    unavailable = Signal(str)  # the database could not be reached (message from the driver)

    def __init__(
        self,
        db: Database,
        screen: QWidget,
        interval_ms: int = POLL_MS,
        stamp: Callable[[Database], Hashable] = change_stamp,
    ) -> None:
        super().__init__(screen)
        self._db = db
        self._stamp_of = stamp
        self._screen = screen
        self._stamp: Hashable | None = None
        self._polling = False
        self._was_unavailable = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def poll(self) -> None:
        """Check once (skipped while the screen is hidden or a check is still running)."""
        if self._polling or not self._screen.isVisible():
            return
        self._polling = True
        start(self._check(), self._screen)

    async def _check(self) -> None:
        try:
            stamp = await run_in_background(self._stamp_of, self._db)
        except DatabaseUnavailable as error:
            if not self._was_unavailable:
                self._was_unavailable = True
                self.unavailable.emit(str(error))
            return
        finally:
            self._polling = False
        self._was_unavailable = False
        if self._stamp is not None and stamp != self._stamp:
            self.changed.emit()
        self._stamp = stamp

    def stop(self) -> None:
        self.timer.stop()
