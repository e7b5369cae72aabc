"""Restore a backup: the storage layer checks the file, and the journal's hash chain is verified before anything
is replaced."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from counter_app.core.domain.i18n import _
from counter_app.core.usecases import audit
from counter_app.storage import backup
from counter_app.storage.backup import BackupCheck, BackupError
from counter_app.storage.db import Database


def verify_journal(path: Path) -> None:
    """The audit journal's hash chain of the backup at ``path`` (``audit.verify_chain``)."""
    db = Database(f"sqlite:///{path}")
    try:
        problems = audit.verify_chain(db)
    finally:
        db.dispose()
    if problems:
        raise BackupError(
            _("The journal of {path} does not verify: {problems}").format(
                path=path, problems="; ".join(str(problem) for problem in problems)
            )
        )


def restore(db: Database, backup_path: Path, now: dt.datetime | None = None) -> tuple[BackupCheck, Path]:
    """``storage.backup.restore`` with the journal of the backup verified first."""
    return backup.restore(db, backup_path, now, verify=verify_journal)  # named on the office's clock
