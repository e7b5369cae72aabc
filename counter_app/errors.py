"""Errors that reach a person: our own exceptions carry a message in the user's language; anything else is
written with its traceback to ``<data dir>/logs/errors.log`` (0600) and the person gets a plain sentence.

Used by the CLI's top level (it never prints a traceback) and by the window's one top-level handler.
"""

from __future__ import annotations

import datetime as dt
import traceback
from pathlib import Path

LOG_NAME = "errors.log"


def explained(error: BaseException) -> bool:
    """An exception of Counter's own, whose message is written for the user (no SQL, no parameters)."""
    return type(error).__module__.startswith("counter_app.") and bool(str(error))


def log_dir() -> Path:
    from counter_app.paths import private_dir, user_data_dir

    return private_dir(user_data_dir() / "logs")


def log_exception(error: BaseException) -> Path | str:
    """Append the traceback to the error log; its path (or a note when even that is impossible)."""
    from counter_app.paths import private_file

    text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    try:
        path = private_file(log_dir() / LOG_NAME)
        with path.open("a", encoding="utf-8") as log:
            log.write(f"--- {dt.datetime.now(dt.UTC).isoformat()}\n{text}\n")
        return path
    except OSError:
        return "-"


def user_message(error: BaseException) -> str:
    """What to tell a person about ``error``, in the current language."""
    from counter_app.core.domain.i18n import _

    if explained(error):
        return str(error)
    if isinstance(error, RecursionError):
        return _("The input is nested too deeply to be read.")
    if isinstance(error, UnicodeError):
        return _("The input is not valid UTF-8 text.")
    if isinstance(error, MemoryError):
        return _("The input is too large.")
    path = log_exception(error)
    return _(
        "An unexpected error occurred. The details were written to {file}; please give this file to the "
        "administrator."
    ).format(file=path)
