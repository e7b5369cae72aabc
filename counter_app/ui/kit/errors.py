"""The one message box of every screen: why an operation failed, in the UI language.

A refusal of the core says why; "the database cannot be reached" (with the driver's words in the details) when
the server or file is away; anything else is logged in the data directory and told in a sentence, never as a
traceback. :class:`~counter_app.ui.kit.operations.Op` routes every failure here unless a screen handles it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from counter_app.core.domain.i18n import _

if TYPE_CHECKING:
    from counter_app.storage.db import DatabaseUnavailable

log = logging.getLogger(__name__)


def refusals() -> tuple[type[Exception], ...]:
    """The core said no, and its message says why. Imported when an error is told, not at start: the sign-in
    window imports no use-case or storage module (they bring SQLAlchemy and the models)."""
    from counter_app.core.domain.permissions import AccessDenied

    return (ValueError, LookupError, AccessDenied)


def _unavailable() -> type[DatabaseUnavailable]:
    from counter_app.storage.db import DatabaseUnavailable

    return DatabaseUnavailable


def error_texts(error: BaseException) -> tuple[QMessageBox.Icon, str, str]:
    """The icon, the text and the explanation of the message box for ``error``, in the UI language.

    Counter's own refusals say why; anything else is logged in the data directory and told in a sentence: no
    SQL text or parameter ever reaches a message (``counter_app.errors``)."""
    from counter_app.errors import explained, user_message
    from counter_app.storage.db import DatabaseUnavailable, DatabaseUnusable

    if isinstance(error, DatabaseUnusable):  # a wrong URL, a damaged file: reaching it again will not help
        return QMessageBox.Icon.Critical, str(error), ""
    if isinstance(error, DatabaseUnavailable):
        return (
            QMessageBox.Icon.Warning,
            _("The database cannot be reached."),
            _(
                "Nothing you typed is lost: it stays on the screen. Check the network connection to the "
                "database server (or ask the administrator), then try again."
            ),
        )
    if (isinstance(error, refusals()) or explained(error)) and str(error):
        return QMessageBox.Icon.Warning, str(error), ""
    # A system error's own words (disk full, permission denied) help; anything else is logged, not shown.
    detail = str(error) if isinstance(error, OSError) and str(error) else user_message(error)
    return QMessageBox.Icon.Critical, _("The operation could not be completed."), detail


def error_box(parent: QWidget | None, error: BaseException) -> QMessageBox:
    """Tell the user why an operation failed: the one message box of every screen (window-modal, not exec'd).

    A box still open over the same window is reused, so a database that stays away is said once, not once per
    attempt. The driver's own words, when there are any, are in the details."""
    window = (
        QWidget.window(parent) if parent is not None else None
    )  # a dialog may have a field named "window"
    box: QMessageBox | None = getattr(window, "_counter_error_box", None) if window is not None else None
    if box is None or not _alive(box) or not box.isVisible():
        box = QMessageBox(parent)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        if window is not None:
            window._counter_error_box = box  # type: ignore[attr-defined]
    icon, text, explanation = error_texts(error)
    box.setWindowTitle(_("Counter"))
    box.setIcon(icon)
    box.setText(text)
    box.setInformativeText(explanation)
    if isinstance(error, _unavailable()) and str(error):
        box.setDetailedText(str(error))  # the driver's words (no SQL: the engines hide parameters)
    if not box.isVisible():
        box.open()
    return box


def _alive(widget: QWidget) -> bool:
    try:
        widget.objectName()
    except RuntimeError:  # the C++ box was deleted (closed with WA_DeleteOnClose)
        return False
    return True


def show_error(parent: QWidget | None, error: BaseException) -> QMessageBox:
    """Log an unexpected failure with its traceback, then :func:`error_box`."""
    if not isinstance(error, (_unavailable(), *refusals())):
        log.error("operation failed", exc_info=error)
    return error_box(parent, error)
