"""The desk's automatic backups (SQLite only): where, how many, and the daily copy taken by the window.

Where and how many are this computer's settings (``ui.ini`` beside the data, Settings → Backups): the copies
belong to the desk whose SQLite file they copy. A centre's PostgreSQL is backed up by its server.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from counter_app.paths import user_data_dir
from counter_app.storage.backup import DEFAULT_KEEP, daily_backup
from counter_app.storage.db import Database
from counter_app.ui.language import ui_settings

log = logging.getLogger(__name__)
MAX_KEEP = 365


def default_folder() -> Path:
    return user_data_dir() / "backups"


def backup_folder() -> Path:
    value = ui_settings().value("backup/folder")
    return Path(value) if isinstance(value, str) and value.strip() else default_folder()


def backup_keep() -> int:
    value = ui_settings().value("backup/keep")
    try:
        keep = int(value) if value is not None else DEFAULT_KEEP
    except (TypeError, ValueError):
        keep = DEFAULT_KEEP
    return min(max(keep, 1), MAX_KEEP)


def save_backup_settings(folder: Path | None, keep: int) -> None:
    settings = ui_settings()
    settings.setValue("backup/folder", str(folder) if folder is not None else "")
    settings.setValue("backup/keep", min(max(keep, 1), MAX_KEEP))
    settings.sync()


def take_daily_backup(db: Database, now: dt.datetime | None = None) -> Path | None:
    """Today's backup if there is none yet, on the office's clock (SQLite only; run in the background). Logged,
    never fatal."""
    if not db.is_sqlite:
        return None
    try:
        made = daily_backup(db, backup_folder(), backup_keep(), now)
    except Exception:  # a full disk or a missing folder must not stop the window; the log says why
        log.exception("daily backup failed")
        return None
    if made is not None:
        log.info("daily backup written: %s", made)
    return made


def backup_before_upgrade(db: Database) -> None:
    """A copy of a desk's database before its schema is upgraded (kept apart from the daily rotation)."""
    from counter_app.storage.backup import backup, backup_stamp

    backup(db, backup_folder() / f"before-upgrade-{db.stored_revision()}-{backup_stamp()}.sqlite3")
