"""Where Counter finds its shipped data (forms/, resources/, i18n/) and keeps the user's data.

In a source checkout (and an editable install) the data folders sit beside the package; a wheel carries
them inside the package as ``counter_app/_data/``.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

_PACKAGE = Path(__file__).resolve().parent
APP_NAME = "counter-app"


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


def user_data_dir() -> Path:
    """Per-user data directory (the SQLite database, archived PDFs); ``COUNTER_DATA_DIR`` overrides it."""
    override = os.environ.get("COUNTER_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path
