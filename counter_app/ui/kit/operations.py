"""Every database and PDF job of the screens runs off the UI thread, through one helper: :class:`Op`.

Modelled on Anki's ``CollectionOp``/``QueryOp`` (``qt/aqt/operations``)::

    Op(self, lambda: results.issue(self.db, self.account, number, clock=self.clock)) \\
        .busy(self.issue_button) \\
        .success(self._shown) \\
        .run()

``work`` runs in our own thread pool (the Qt loop runs asyncio through qasync); ``success(result)`` is called
back on the UI thread. A failure goes to ``kit.errors.error_box`` — the one message box, in the UI language, that says
"the database cannot be reached", the reason a step was refused, or that something went wrong — unless the
screen handles it with ``failure``. ``busy`` disables a button (or calls ``f(True)``/``f(False)``) while the
work runs; ``newest(reloads)`` drops the result of a reload when a newer one of the same :class:`Newest` was
started meanwhile. :data:`activity` tells the status bar when background work starts and ends.

Never touch widgets inside ``work``: it runs in another thread.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QWidget

from counter_app.ui.kit.errors import _alive, error_box, show_error

log = logging.getLogger(__name__)
T = TypeVar("T")
Busy = QWidget | Callable[[bool], Any]


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


# ------------------------------------------------------------------------------------------- operations


class Newest:
    """Reloads of one screen: only the newest one's result is shown (see :meth:`Op.newest`)."""

    def __init__(self) -> None:
        self.generation = 0
        self.latest: asyncio.Task[Any] | None = None

    def drop(self) -> None:
        """Whatever is still being read is not shown (the screen moved on)."""
        self.generation += 1
        self.latest = None


class Op(Generic[T]):
    """One background operation of a screen: ``Op(parent, work).busy(...).success(...).run()``."""

    def __init__(self, parent: QWidget | None, work: Callable[[], T]) -> None:
        self._parent = parent
        self._work = work
        self._success: Callable[[T], Any] | None = None
        self._failure: Callable[[Exception], Any] | None = None
        self._after: Callable[[], Any] | None = None
        self._busy: list[Busy] = []
        self._newest: Newest | None = None
        self.task: asyncio.Task[T | None] | None = None

    def success(self, callback: Callable[[T], Any]) -> Op[T]:
        """Called on the UI thread with what ``work`` returned."""
        self._success = callback
        return self

    def failure(self, callback: Callable[[Exception], Any]) -> Op[T]:
        """Called on the UI thread instead of :func:`error_box` when ``work`` raised."""
        self._failure = callback
        return self

    def after(self, callback: Callable[[], Any]) -> Op[T]:
        """Called on the UI thread once the operation ended, whether it succeeded or not, before ``success`` or
        ``failure`` (e.g. to keep what the work found out either way)."""
        self._after = callback
        return self

    def busy(self, *targets: Busy) -> Op[T]:
        """Disable these widgets (or call these with True, then False) while the work runs."""
        self._busy.extend(targets)
        return self

    def newest(self, reloads: Newest) -> Op[T]:
        """Newest wins: when another operation of ``reloads`` starts before this one ends, this one's result is
        dropped (neither ``success`` nor a message) and its task ends when the newest one has been shown."""
        self._newest = reloads
        return self

    def run(self) -> asyncio.Task[T | None]:
        """Start: the busy state and the newest-wins order are taken now, the work on the next loop turn."""
        generation = None
        if self._newest is not None:
            self._newest.generation += 1
            generation = self._newest.generation
        restore, give_back = self._set_busy()
        self.task = start(self._run(generation, restore, give_back), self._parent)
        if self._newest is not None:
            self._newest.latest = self.task
        return self.task

    async def _run(
        self, generation: int | None, restore: Callable[[], None], give_back: Callable[[], None]
    ) -> T | None:
        try:
            try:
                result = await run_in_background(self._work)
            finally:
                restore()
        except Exception as error:  # noqa: BLE001 - every failure reaches the user, in one place
            if await self._superseded(generation):
                return None
            if self._after is not None:
                self._after()
            if self._failure is not None:
                self._failure(error)
            else:
                show_error(self._parent, error)
            give_back()
            return None
        if await self._superseded(generation):
            return None
        if self._after is not None:
            self._after()
        if self._success is not None:
            self._success(result)
        give_back()
        return result

    async def _superseded(self, generation: int | None) -> bool:
        newest = self._newest
        if newest is None or generation == newest.generation:
            return False
        latest = newest.latest
        if latest is not None and latest is not asyncio.current_task() and not latest.done():
            await asyncio.wait([latest])
        return True

    def _set_busy(self) -> tuple[Callable[[], None], Callable[[], None]]:
        """Disable the busy widgets; returns what enables them again and what gives the keyboard back."""
        focused = QApplication.focusWidget()
        held = next(
            (
                focused
                for target in self._busy
                if isinstance(target, QWidget)
                and focused is not None
                and (target is focused or target.isAncestorOf(focused))
            ),
            None,
        )
        undo: list[Callable[[], None]] = []
        for target in self._busy:
            if isinstance(target, QWidget):
                was = target.isEnabled()
                target.setEnabled(False)
                undo.append(functools.partial(_enable, target, was))
            else:
                target(True)
                undo.append(functools.partial(target, False))

        moved_to = QApplication.focusWidget() if held is not None else None

        def restore() -> None:
            for step in reversed(undo):
                step()

        def give_back() -> None:
            # A busy widget that had the keyboard gave it up when disabled: Qt handed it to the next widget in the
            # chain (after Space on Settings' Save: the navigation list). It comes back once the work is done and
            # its handlers have run, only if the keyboard is still where Qt put it (or nowhere) and the widget can
            # take it: a handler that moved on (the intake's commit shows the Done page, where the button is
            # hidden) or the person who put the keyboard elsewhere meanwhile keep it where it is, with no bounce.
            if (
                held is not None
                and held is not moved_to
                and _alive(held)
                and held.isVisible()
                and held.isEnabled()
                and QApplication.focusWidget() in (moved_to, None)
            ):
                held.setFocus(Qt.FocusReason.OtherFocusReason)

        return restore, give_back


def _enable(widget: QWidget, enabled: bool) -> None:
    if _alive(widget):
        widget.setEnabled(enabled)


# ------------------------------------------------------------------------------------------------ tasks


def start(coro: Coroutine[Any, Any, T], parent: QWidget | None = None) -> asyncio.Task[T]:
    """Start ``coro`` on the qasync loop from a slot; keep the task alive; show an escaped exception."""
    task = asyncio.ensure_future(coro)
    _tasks.add(task)

    def _done(finished: asyncio.Task[Any]) -> None:
        _tasks.discard(finished)
        if finished.cancelled():
            return
        error = finished.exception()
        if error is not None:
            log.error("background task failed", exc_info=error)
            error_box(parent if parent is None or _alive(parent) else None, error)

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
    _tasks.clear()
    if _executor is not None:
        _executor.shutdown(wait=True, cancel_futures=True)
        _executor = None
