"""``counter-app db``: create or upgrade the schema, show which database is used, back up and restore."""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from counter_app import __version__
from counter_app.core.domain.i18n import _
from counter_app.storage.db import Database, DatabaseTooNew, DatabaseUnavailable


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "db", help="database administration", description="Database administration."
    )
    commands = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    upgrade = commands.add_parser(
        "upgrade",
        help="create the database or bring its schema up to date",
        description="Create the database, or bring its schema up to the newest version. On a shared "
        "PostgreSQL database the administrator runs this once for every window (the windows wait for it).",
    )
    upgrade.set_defaults(handler=upgrade_command)
    info = commands.add_parser(
        "info",
        help="show the database URL and its schema revision",
        description="Show the database URL (password hidden), its schema revision and the newest one, and "
        "whether this Counter can open it.",
    )
    info.set_defaults(handler=info_command)
    backup = commands.add_parser(
        "backup",
        help="copy the SQLite database to a file (while windows work)",
        description="Copy the SQLite database to FILE with SQLite's online backup API: a consistent copy even "
        "while windows are writing. The copy is checked before it is kept.",
    )
    backup.add_argument("--out", type=Path, required=True, metavar="FILE", help="where to write the copy")
    backup.set_defaults(handler=backup_command)
    restore = commands.add_parser(
        "restore",
        help="replace the SQLite database with a checked backup",
        description="Check FILE (integrity, a schema this Counter knows, the audit journal), keep the current "
        "database as <name>.before-restore-<time> beside it, then restore FILE and bring its schema up to date.",
    )
    restore.add_argument("file", type=Path, metavar="FILE", help="a backup made by db backup")
    restore.set_defaults(handler=restore_command)
    grant = commands.add_parser(
        "grant",
        help="PostgreSQL: give the windows' login role its rights (no UPDATE/DELETE on the journal)",
        description="Run as the database owner after 'db upgrade': grant ROLE what the program needs, but only "
        "SELECT and INSERT on the journal, the package history and the archived documents.",
    )
    grant.add_argument("role", metavar="ROLE", help="the login role the windows connect as")
    grant.set_defaults(handler=grant_command)


def _error(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def _says_unreachable(command: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """A database that cannot be reached, at any step of ``command``, is one message and exit code 1."""

    @functools.wraps(command)
    def run(args: argparse.Namespace) -> int:
        try:
            return command(args)
        except DatabaseUnavailable as exc:
            return _error(_("Cannot reach the database: {error}").format(error=exc))

    return run


@contextmanager
def _database() -> Iterator[Database]:
    """The configured database, disposed of afterwards."""
    db = Database()
    try:
        yield db
    finally:
        db.dispose()


@_says_unreachable
def upgrade_command(args: argparse.Namespace) -> int:
    with _database() as db:
        try:
            db.upgrade()
        except DatabaseTooNew as exc:
            return _error(str(exc))
        print(
            _("Database {url} is at revision {revision}.").format(
                url=db.display_url(), revision=db.current_revision()
            )
        )
    return 0


@_says_unreachable
def info_command(args: argparse.Namespace) -> int:
    with _database() as db:
        print(_("Database: {url}").format(url=db.display_url()))
        print(_("This Counter: version {version}").format(version=__version__))
        current = db.stored_revision()
        print(_("Revision: {revision}").format(revision=current or _("none (empty database)")))
        upgraded_by = db.upgraded_by()
        if upgraded_by:
            print(_("Last upgraded by Counter {version}").format(version=upgraded_by))
        try:
            db.refuse_if_too_new()
        except DatabaseTooNew as exc:
            print(str(exc))
            return 2
        head = db.head_revision()
        if current != head:
            print(_('Newest revision: {revision} (run "counter-app db upgrade")').format(revision=head))
    return 0


@_says_unreachable
def backup_command(args: argparse.Namespace) -> int:
    from counter_app.storage.backup import BackupError, backup

    with _database() as db:
        try:
            made = backup(db, args.out)
        except BackupError as exc:
            return _error(str(exc))
    print(_("Backup written: {path} ({size} bytes).").format(path=made, size=made.stat().st_size))
    return 0


@_says_unreachable
def restore_command(args: argparse.Namespace) -> int:
    from counter_app.core.usecases.backups import restore
    from counter_app.storage.backup import BackupError

    with _database() as db:
        try:
            checked, kept = restore(db, args.file)  # the copy kept is named on the office's clock
        except BackupError as exc:
            return _error(_("Nothing was restored. {reason}").format(reason=exc))
    print(
        _(
            "Restored {path} (schema {revision}, {applications} applications). The previous database is kept "
            "in {kept}."
        ).format(
            path=checked.path,
            revision=checked.revision,
            applications=checked.applications if checked.applications is not None else 0,
            kept=kept,
        )
    )
    return 0


@_says_unreachable
def grant_command(args: argparse.Namespace) -> int:
    from counter_app.storage.roles import grant

    with _database() as db:
        if db.is_sqlite:
            print(
                _("Roles exist only on PostgreSQL: a SQLite file is protected by its file permissions."),
                file=sys.stderr,
            )
            return 2
        for statement in grant(db, args.role):
            print(statement + ";")
    return 0
