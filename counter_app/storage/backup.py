"""Backups of a desk's SQLite database: online copies, checked restores, a daily copy kept in rotation.

A copy is made with SQLite's online backup API (``sqlite3.Connection.backup``) in one step, i.e. inside one
read transaction: it is the database as it was at one instant, even while windows keep writing (WAL lets the
writers go on). A restore first checks the file (``PRAGMA integrity_check``, a Counter schema this version
knows, the audit journal's chain where the schema has one), then keeps a copy of the current database beside
it, then copies the backup into the live database with the same API (other connections see the restored
database at their next transaction), then brings its schema up to date.
A shared PostgreSQL database is backed up by its server (``pg_dump``), not here.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from counter_app.core.domain.office_time import office_now, office_time
from counter_app.storage.db import BUSY_TIMEOUT_MS, Database, DatabaseTooNew, shipped_revisions

DAILY_PREFIX = "counter-"
DAILY_SUFFIX = ".sqlite3"


def backup_stamp(now: dt.datetime | None = None) -> str:
    """The time in a backup's file name, ``YYYYMMDD-HHMMSS`` on the office's clock (``office_time``), like every
    time a person reads: the computer's own time zone never names a backup. ``now``: a moment (aware), default
    this one; a naive one is taken as the office's wall clock already."""
    moment = office_now() if now is None else now
    if moment.tzinfo is not None:
        moment = office_time(moment)
    return moment.strftime("%Y%m%d-%H%M%S")


DEFAULT_KEEP = 14


class BackupError(Exception):
    """A backup cannot be made, or a file cannot be restored; the message says why, in the UI language."""


@dataclass(frozen=True)
class BackupCheck:
    """What a checked backup file holds."""

    path: Path
    revision: str
    applications: int | None
    audit_entries: int | None


def sqlite_file(db: Database) -> Path:
    """The file of a SQLite database; a PostgreSQL database has none (its server makes the backups)."""
    from counter_app.core.domain.i18n import _

    if not db.is_sqlite:
        raise BackupError(
            _("This is a shared PostgreSQL database: back it up on the server (pg_dump), not from a window.")
        )
    name = make_url(db.url).database
    if not name or name == ":memory:":
        raise BackupError(_("This database is not a file."))
    return Path(name)


def _connect(path: Path, read_only: bool = False) -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}?mode=ro" if read_only else str(path)
    connection = sqlite3.connect(uri, uri=read_only, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return connection


def backup_file(source: Path, out: Path) -> Path:
    """Copy the SQLite database ``source`` to ``out`` (one file, no -wal beside it), consistently, then check it."""
    from counter_app.core.domain.i18n import _

    if not source.is_file():
        raise BackupError(_("There is no database file {path}.").format(path=source))
    out = out.resolve()
    if out == source.resolve():
        raise BackupError(_("A backup cannot be written over the database itself."))
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    partial.unlink(missing_ok=True)
    src = _connect(source)
    try:
        dst = sqlite3.connect(partial, isolation_level=None)
        try:
            src.backup(dst)  # pages=-1: every page in one step, from one read snapshot
            dst.execute("PRAGMA journal_mode = DELETE")  # a single self-contained file
        finally:
            dst.close()
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(_("The backup could not be written: {error}").format(error=exc)) from exc
    finally:
        src.close()
    check_backup(partial)
    os.replace(partial, out)
    return out


def backup(db: Database, out: Path) -> Path:
    """``counter-app db backup --out FILE``: an online copy of the database ``db`` uses."""
    return backup_file(sqlite_file(db), out)


def _count(connection: sqlite3.Connection, table: str) -> int | None:
    try:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    except sqlite3.Error:
        return None


def check_backup(path: Path) -> BackupCheck:
    """Refuse a file that is not a whole Counter database this version can open; say what it holds."""
    from counter_app.core.domain.i18n import _

    if not path.is_file():
        raise BackupError(_("There is no file {path}.").format(path=path))
    try:
        connection = _connect(path, read_only=True)
    except sqlite3.Error as exc:
        raise BackupError(_("{path} cannot be opened: {error}").format(path=path, error=exc)) from exc
    try:
        try:
            problems = [row[0] for row in connection.execute("PRAGMA integrity_check(20)")]
        except sqlite3.DatabaseError as exc:
            raise BackupError(_("{path} is not a database: {error}").format(path=path, error=exc)) from exc
        if problems != ["ok"]:
            raise BackupError(
                _("{path} is damaged: {problems}").format(path=path, problems="; ".join(problems))
            )
        try:
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.Error:
            revision = None
        if revision is None:
            raise BackupError(_("{path} is not a Counter database.").format(path=path))
        if revision[0] not in shipped_revisions():
            try:
                row = connection.execute("SELECT version FROM counter_release").fetchone()
            except sqlite3.Error:
                row = None
            raise BackupError(str(DatabaseTooNew(revision[0], row[0] if row else None)))
        return BackupCheck(
            path, revision[0], _count(connection, "applications"), _count(connection, "audit_entries")
        )
    finally:
        connection.close()


def restore(
    db: Database,
    backup_path: Path,
    now: dt.datetime | None = None,
    verify: Callable[[Path], None] | None = None,
) -> tuple[BackupCheck, Path]:
    """Check ``backup_path`` (and let ``verify`` check it too), keep the current database as ``<name>.before-restore-<time>``, then restore.

    Returns what was restored and where the previous database was kept. Nothing is replaced when the check fails.
    """
    from counter_app.core.domain.i18n import _

    target = sqlite_file(db)
    checked = check_backup(backup_path)
    if verify is not None:
        verify(backup_path)
    kept = target.with_name(f"{target.name}.before-restore-{backup_stamp(now)}")
    if target.exists():
        backup_file(target, kept)
    src = _connect(backup_path, read_only=True)
    try:
        dst = _connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    except sqlite3.Error as exc:
        raise BackupError(
            _("The database could not be restored ({error}); the previous one is kept in {kept}.").format(
                error=exc, kept=kept
            )
        ) from exc
    finally:
        src.close()
    db.dispose()
    db.upgrade()
    return checked, kept


def daily_backups(folder: Path) -> list[Path]:
    """The automatic backups in ``folder``, oldest first (their names sort by time)."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.name.startswith(DAILY_PREFIX) and p.name.endswith(DAILY_SUFFIX) and p.is_file()
    )


def daily_backup_name(now: dt.datetime | None = None) -> str:
    """``counter-YYYYMMDD-HHMMSS.sqlite3``, on the office's clock (:func:`backup_stamp`)."""
    return f"{DAILY_PREFIX}{backup_stamp(now)}{DAILY_SUFFIX}"


def daily_backup(db: Database, folder: Path, keep: int, now: dt.datetime | None = None) -> Path | None:
    """Once a day: a backup named by its time in ``folder``, then only the newest ``keep`` kept.

    Returns the new backup, or None when today's exists already. The day and the name are the office's
    (:func:`backup_stamp`; ``now`` default this moment).
    """
    if keep < 1:
        raise ValueError("keep at least one backup")
    name = daily_backup_name(now)
    today = name[: len(DAILY_PREFIX) + len("YYYYMMDD-")]
    if any(path.name.startswith(today) for path in daily_backups(folder)):
        return None
    made = backup(db, folder / name)
    for old in daily_backups(folder)[:-keep]:
        old.unlink(missing_ok=True)
    return made
