"""The window's one top-level error handler: an exception no screen handled is written with its traceback to
``<data dir>/logs/errors.log`` and shown as a message in the UI language; the window stays open."""

from __future__ import annotations

import sys
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from counter_app.core.domain.i18n import _
from counter_app.errors import explained, log_exception, user_message

_boxes: list[QMessageBox] = []  # kept alive while shown


def report(error: BaseException) -> QMessageBox:
    """Log ``error`` and show what to tell the user; the message box is returned (tests look at it)."""
    if explained(error):
        log_exception(error)  # a refusal no screen caught is still a fault of the screen: keep its trace
    box = QMessageBox(QMessageBox.Icon.Critical, _("Counter"), user_message(error))
    _boxes.append(box)
    box.finished.connect(lambda _result: _boxes.remove(box) if box in _boxes else None)
    box.open()
    return box


def _hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt) or QApplication.instance() is None:
        sys.__excepthook__(kind, error, trace)
        return
    if error.__traceback__ is None:
        error = error.with_traceback(trace)
    report(error)


def install(loop=None) -> None:
    """Route uncaught exceptions (Qt slots, the asyncio loop's tasks) to ``report``."""
    sys.excepthook = _hook
    if loop is not None:

        def asyncio_handler(_loop, context) -> None:
            error = context.get("exception")
            if error is not None:
                report(error)

        loop.set_exception_handler(asyncio_handler)
