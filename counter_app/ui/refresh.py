"""Screens that follow what other windows do, by topic (``core.usecases.changes``): a screen reloads when the packages,
manifests or applications it shows changed, not when someone signs in or prints.

A screen that shows shared data owns a :class:`ChangeWatcher` for its topics and reloads on ``changed``. The
watcher polls the topics' stamps in the background every few seconds while the screen is visible; on PostgreSQL
a :class:`ChangeListener` (one per database) also LISTENs on ``counter_changes`` in a thread of its own, and a
notification of one of the screen's topics makes the watcher check at once — the poll stays as the fallback
(a server without the triggers, a listening connection lost). A lost connection is reported once through
``unavailable`` and the poll goes on, so the screen recovers by itself when the server is back.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Hashable, Iterable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from counter_app.core.usecases.changes import CHANNEL, Topic, topic_stamp
from counter_app.storage.db import Database, DatabaseUnavailable
from counter_app.ui.kit.operations import run_in_background, start

POLL_MS = 3000
LISTEN_RETRY_S = 30  # a lost listening connection is opened again after this long (polling meanwhile)
log = logging.getLogger(__name__)


class ChangeListener(QObject):
    """LISTEN ``counter_changes`` on a PostgreSQL connection of its own, in a daemon thread; ``notified(topic)``
    is emitted (queued onto the UI thread) for each notification."""

    notified = Signal(str)
    _listeners: dict[str, ChangeListener] = {}

    @classmethod
    def acquire(cls, db: Database) -> ChangeListener | None:
        """The database's listener for one more watcher (started with the first); None for SQLite, which has no
        notifications. Each :meth:`acquire` is paired with a :meth:`release`; the last one stops the thread."""
        if db.is_sqlite:
            return None
        listener = cls._listeners.get(db.url)
        if listener is None:
            listener = cls._listeners[db.url] = cls(db)
        listener.users += 1
        return listener

    def release(self, *_args: object) -> None:
        self.users -= 1
        if self.users <= 0:
            self.stop()
            if self._listeners.get(self._url) is self:
                del self._listeners[self._url]

    def __init__(self, db: Database) -> None:
        super().__init__()
        self.users = 0
        self._url = db.url
        self._engine = db.engine
        self._stop = threading.Event()
        self.listening = threading.Event()  # set while a LISTEN connection is open
        self._thread = threading.Thread(target=self._run, name="counter-listen", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                # A connection of the engine's pool, kept for listening (the PostgreSQL driver's own notifies()),
                # in autocommit so that notifications are delivered between statements; dropped afterwards.
                with self._engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                    try:
                        connection.exec_driver_sql(f"LISTEN {CHANNEL}")
                        driver = connection.connection.driver_connection
                        self.listening.set()
                        while not self._stop.is_set():
                            for notify in driver.notifies(timeout=1.0):
                                self.notified.emit(notify.payload)
                    finally:
                        connection.invalidate()  # not back into the pool still listening
            except Exception as error:  # noqa: BLE001 - the poll goes on; try again later
                log.info("not listening for changes (%s): polling only", type(error).__name__)
            self.listening.clear()
            self._stop.wait(LISTEN_RETRY_S)

    def stop(self) -> None:
        """Stop listening; the listening connection is closed before this returns (within about a second)."""
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)


class ChangeWatcher(QObject):
    changed = Signal()
    unavailable = Signal(str)  # the database could not be reached (message from the driver)

    def __init__(
        self,
        db: Database,
        screen: QWidget,
        interval_ms: int = POLL_MS,
        topics: Iterable[Topic] = (Topic.PACKAGES, Topic.MANIFESTS),
        stamp: Callable[[Database], Hashable] | None = None,
    ) -> None:
        super().__init__(screen)
        self._db = db
        self.topics = tuple(topics)
        self._stamp_of = stamp or (lambda database: topic_stamp(database, self.topics))
        self._screen = screen
        self._stamp: Hashable | None = None
        self._polling = False
        self._again = False
        self._was_unavailable = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        self.timer.start()
        self.listener = ChangeListener.acquire(db) if stamp is None else None
        if self.listener is not None:
            self.listener.notified.connect(self._notified)
            screen.destroyed.connect(self.listener.release)

    def _notified(self, topic: str) -> None:
        if topic in {t.value for t in self.topics}:
            self.poll()

    def poll(self) -> None:
        """Check once (skipped while the screen is hidden; one check at a time, another after it if asked)."""
        if not self._screen.isVisible():
            return
        if self._polling:
            self._again = True
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
        if self._again:
            self._again = False
            self.poll()

    def stop(self) -> None:
        self.timer.stop()
