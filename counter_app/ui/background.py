"""Run blocking work (database, PDF rendering) off the UI thread and resume on the UI thread.

The Qt loop runs asyncio through qasync. A slot starts a coroutine with :func:`start`, which keeps a reference
to the task (qasync 0.28 loses unreferenced tasks) and shows any exception to the user in the UI language.
Inside the coroutine, ``await run_in_background(fn, *args)`` runs ``fn`` in our own thread pool.
:data:`activity` tells the status bar when background work starts and ends, for a busy indicator.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from counter_app.core.i18n import _

log = logging.getLogger(__name__)
T = TypeVar("T")


class _Activity(QObject):
    """Counts background jobs in flight; ``busy_changed(True)`` when the first starts, ``False`` at the end."""

    busy_changed = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self.running = 0

    def _begin(self) -> None:
        self.running += 1
        if self.running == 1:
            self.busy_changed.emit(True)

    def _end(self) -> None:
        self.running -= 1
        if self.running == 0:
            self.busy_changed.emit(False)


activity = _Activity()
_executor: ThreadPoolExecutor | None = None
_tasks: set[asyncio.Task[Any]] = set()


def executor() -> ThreadPoolExecutor:
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="counter-bg")
    return _executor


async def run_in_background(fn: Callable[..., T], *args: Any) -> T:
    """Run ``fn(*args)`` in the background thread pool; the caller resumes on the UI thread."""
    loop = asyncio.get_running_loop()
    activity._begin()
    try:
        return await loop.run_in_executor(executor(), functools.partial(fn, *args))
    finally:
        activity._end()


def show_error(parent: QWidget | None, error: BaseException) -> QMessageBox:
    """Tell the user, in the UI language, that an operation failed (non-blocking: the box is opened, not exec'd)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(_("Error"))
    box.setText(_("The operation could not be completed."))
    box.setInformativeText(str(error) or type(error).__name__)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def start(coro: Coroutine[Any, Any, Any], parent: QWidget | None = None) -> asyncio.Task[Any]:
    """Start ``coro`` on the qasync loop from a slot; keep the task alive; show its exception to the user."""
    task = asyncio.ensure_future(coro)
    _tasks.add(task)

    def _done(finished: asyncio.Task[Any]) -> None:
        _tasks.discard(finished)
        if finished.cancelled():
            return
        error = finished.exception()
        if error is not None:
            log.error("background task failed", exc_info=error)
            show_error(parent, error)

    task.add_done_callback(_done)
    return task


def pending() -> set[asyncio.Task[Any]]:
    """The tasks started with :func:`start` that have not finished yet."""
    return set(_tasks)


def shutdown() -> None:
    """Stop the thread pool (called once, after the Qt loop ends, before the loop is closed)."""
    global _executor
    for task in list(_tasks):
        task.cancel()
    if _executor is not None:
        _executor.shutdown(wait=True, cancel_futures=True)
        _executor = None
