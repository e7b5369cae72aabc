"""``counter-app user``: add users, list them, unlock a locked account.

The command line acts as the system (recorded as "cli" in the audit log); the very first user, who must be an
administrator, is created with no actor at all, as the first-run screen does.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from counter_app.core.accounts import SYSTEM_ACTOR, AccessDenied, Accounts, InvalidAccount, Role
from counter_app.core.i18n import _
from counter_app.storage.db import DatabaseUnavailable, open_database


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("user", help="manage user accounts", description="Manage user accounts.")
    commands = parser.add_subparsers(dest="user_command", metavar="ACTION", required=True)

    add = commands.add_parser(
        "add",
        help="add a user",
        description="Add a user. The password is asked twice, or read as one line from standard input with "
        "--password-stdin. The first user must be an administrator.",
    )
    add.add_argument("username", metavar="USERNAME", help="login name (one word, case does not matter)")
    add.add_argument("--role", required=True, choices=[role.value for role in Role], help="the user's role")
    add.add_argument("--full-name", required=True, metavar="NAME", help="full name, as printed on receipts")
    add.add_argument("--window", metavar="N", help="the window the user usually works at")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password as one line from standard input"
    )
    add.set_defaults(handler=add_command)

    list_parser = commands.add_parser("list", help="list users", description="List all users.")
    list_parser.set_defaults(handler=list_command)

    unlock = commands.add_parser(
        "unlock",
        help="unlock a locked account",
        description="Unlock an account locked after too many failed logins.",
    )
    unlock.add_argument("username", metavar="USERNAME")
    unlock.set_defaults(handler=unlock_command)


def _error(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def _read_password(from_stdin: bool) -> str | None:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass(_("Password: "))
    second = getpass.getpass(_("Repeat the password: "))
    return first if first == second else None


def add_command(args: argparse.Namespace) -> int:
    password = _read_password(args.password_stdin)
    if password is None:
        return _error(_("The passwords do not match."))
    try:
        db = open_database()
    except DatabaseUnavailable as exc:
        return _error(_("Cannot reach the database: {error}").format(error=exc))
    try:
        accounts = Accounts(db)
        actor = SYSTEM_ACTOR if accounts.has_any_user() else None
        account = accounts.create(
            actor, args.username, args.full_name, Role(args.role), password, window=args.window
        )
    except (InvalidAccount, AccessDenied) as exc:
        return _error(str(exc))
    finally:
        db.dispose()
    print(_("User {username} added.").format(username=account.username))
    return 0


def list_command(args: argparse.Namespace) -> int:
    try:
        db = open_database()
    except DatabaseUnavailable as exc:
        return _error(_("Cannot reach the database: {error}").format(error=exc))
    try:
        users = Accounts(db).list(SYSTEM_ACTOR)
    finally:
        db.dispose()
    for account in users:
        state = _("locked") if account.locked else ""
        print(
            f"{account.username:<20} {account.role.value:<9} {account.window or '-':<6} {account.full_name}"
            + (f"  [{state}]" if state else "")
        )
    return 0


def unlock_command(args: argparse.Namespace) -> int:
    try:
        db = open_database()
    except DatabaseUnavailable as exc:
        return _error(_("Cannot reach the database: {error}").format(error=exc))
    try:
        accounts = Accounts(db)
        account = accounts.find(args.username)
        if account is None:
            return _error(_("No user {username}.").format(username=args.username))
        accounts.unlock(SYSTEM_ACTOR, account.id)
    finally:
        db.dispose()
    print(_("User {username} unlocked.").format(username=account.username))
    return 0
