"""Where Counter finds its shipped data (forms/, resources/, i18n/) and keeps the user's data.

In a source checkout (and an editable install) the data folders sit beside the package; a wheel carries
them inside the package as ``counter_app/_data/``.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import platformdirs

_PACKAGE = Path(__file__).resolve().parent
APP_NAME = "counter-app"


@functools.cache  # asked for at every intake (the law's folder): where a folder is does not change while running
def _shipped(name: str) -> Path:
    bundled = _PACKAGE / "_data" / name
    if bundled.is_dir():
        return bundled
    return _PACKAGE.parent / name


def forms_dir() -> Path:
    """The law as data: one file per service and the texts of the printed forms."""
    override = os.environ.get("COUNTER_FORMS_DIR")
    return Path(override) if override else _shipped("forms")


def resources_dir() -> Path:
    return _shipped("resources")


def i18n_dir() -> Path:
    return _shipped("i18n")


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


class DataDirectoryError(OSError):
    """The data directory cannot be created or used; the message says which and why (user's language)."""


PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def private_dir(path: Path) -> Path:
    """``path`` created if needed and made 0700 (personal data: only this user may read it), whatever the umask."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    if os.name == "posix" and (path.stat().st_mode & 0o777) != PRIVATE_DIR_MODE:
        path.chmod(PRIVATE_DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """``path`` created empty if missing, and made 0600."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE_MODE)
    os.close(fd)
    if os.name == "posix":
        path.chmod(PRIVATE_FILE_MODE)
    return path


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to a file only this user can read (0600 from its creation)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
    with os.fdopen(fd, "wb") as file:
        file.write(data)
    if os.name == "posix":
        path.chmod(PRIVATE_FILE_MODE)


def user_data_dir() -> Path:
    """Per-user data directory (the SQLite database, drafts, previews, logs), 0700; ``COUNTER_DATA_DIR``
    overrides it. ``DataDirectoryError`` when it cannot be created."""
    override = os.environ.get("COUNTER_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    try:
        return private_dir(path)
    except OSError as error:
        from counter_app.core.domain.i18n import _

        raise DataDirectoryError(
            _(
                "The data directory {path} cannot be created or used: {reason}. Set COUNTER_DATA_DIR to a folder "
                "you may write to."
            ).format(path=path, reason=error.strerror or error)
        ) from None
