"""``counter-app db``: create or upgrade the database schema, and show which database is used."""

from __future__ import annotations

import argparse
import sys

from counter_app.core.i18n import _
from counter_app.storage.db import Database, DatabaseUnavailable


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "db", help="database administration", description="Database administration."
    )
    commands = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    upgrade = commands.add_parser(
        "upgrade",
        help="create the database or bring its schema up to date",
        description="Create the database, or bring its schema up to the newest version.",
    )
    upgrade.set_defaults(handler=upgrade_command)
    info = commands.add_parser(
        "info",
        help="show the database URL and its schema revision",
        description="Show the database URL (password hidden) and its current and newest schema revisions.",
    )
    info.set_defaults(handler=info_command)


def upgrade_command(args: argparse.Namespace) -> int:
    db = Database()
    try:
        db.upgrade()
        print(
            _("Database {url} is at revision {revision}.").format(
                url=db.display_url(), revision=db.current_revision()
            )
        )
    except DatabaseUnavailable as exc:
        print(_("Cannot reach the database: {error}").format(error=exc), file=sys.stderr)
        return 1
    finally:
        db.dispose()
    return 0


def info_command(args: argparse.Namespace) -> int:
    db = Database()
    try:
        print(_("Database: {url}").format(url=db.display_url()))
        current = db.current_revision()
        print(_("Revision: {revision}").format(revision=current or _("none (empty database)")))
        head = db.head_revision()
        if current != head:
            print(_('Newest revision: {revision} (run "counter-app db upgrade")').format(revision=head))
    except DatabaseUnavailable as exc:
        print(_("Cannot reach the database: {error}").format(error=exc), file=sys.stderr)
        return 1
    finally:
        db.dispose()
    return 0
