"""``counter-app user``: add users, list them, change their role, window or state, reset a password.

Once an administrator exists, every ``user`` command signs in as an administrator (``--as NAME``; the password
is asked on the terminal, or read as the first line of standard input). While there is none,
``user add NAME --role admin --full-name … --password-stdin`` creates the first one, as scripts need.
"""

from __future__ import annotations

import argparse
import sys

from counter_app.cli._auth import SignInFailed, read_secret, sign_in
from counter_app.core.domain.account_rules import InvalidAccount, UnknownAccount
from counter_app.core.domain.i18n import _
from counter_app.core.domain.permissions import AccessDenied, Account, Role
from counter_app.core.usecases.accounts import Accounts
from counter_app.storage.db import DatabaseUnavailable, open_database


def _as_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--as",
        dest="admin",
        metavar="ADMIN",
        help="the administrator doing this (the password is asked, or read from stdin's first line)",
    )


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "user", help="manage user accounts", description=__doc__.split("\n\n", 1)[1]
    )
    commands = parser.add_subparsers(dest="user_command", metavar="ACTION", required=True)

    add = commands.add_parser(
        "add",
        help="add a user",
        description="Add a user. The password is asked twice, or read as one line from standard input with "
        "--password-stdin (after the administrator's password line). The first user must be an administrator.",
    )
    add.add_argument("username", metavar="USERNAME", help="login name (one word, case does not matter)")
    add.add_argument("--role", required=True, choices=[role.value for role in Role], help="the user's role")
    add.add_argument("--full-name", required=True, metavar="NAME", help="full name, as printed on receipts")
    add.add_argument("--window", metavar="N", help="the window the user usually works at")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password as one line from standard input"
    )
    _as_option(add)
    add.set_defaults(handler=add_command)

    list_parser = commands.add_parser("list", help="list users", description="List all users.")
    _as_option(list_parser)
    list_parser.set_defaults(handler=list_command)

    change = commands.add_parser(
        "set",
        help="change a user's role, window or state",
        description="Change a user's role or window, deactivate or activate the account.",
    )
    change.add_argument("username", metavar="USERNAME")
    change.add_argument("--role", choices=[role.value for role in Role])
    change.add_argument("--window", metavar="N", help='the window ("" for none)')
    state = change.add_mutually_exclusive_group()
    state.add_argument("--deactivate", dest="active", action="store_false", default=None)
    state.add_argument("--activate", dest="active", action="store_true", default=None)
    _as_option(change)
    change.set_defaults(handler=set_command)

    for name, locked, text in (
        ("lock", True, "lock an account"),
        ("unlock", False, "unlock a locked account"),
    ):
        sub = commands.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
        sub.add_argument("username", metavar="USERNAME")
        _as_option(sub)
        sub.set_defaults(handler=lock_command, locked=locked)

    password = commands.add_parser(
        "password",
        help="reset a user's password (to be changed at the next sign-in)",
        description="Reset a user's password; the user must change it at the next sign-in.",
    )
    password.add_argument("username", metavar="USERNAME")
    password.add_argument("--password-stdin", action="store_true")
    _as_option(password)
    password.set_defaults(handler=password_command)


def _error(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def _new_password(from_stdin: bool) -> str | None:
    if from_stdin or not sys.stdin.isatty():
        return read_secret("")
    first = read_secret(_("Password: "))
    second = read_secret(_("Repeat the password: "))
    return first if first == second else None


def _run(args: argparse.Namespace, action) -> int:
    """Open the database, sign in as an administrator if one exists, run ``action(accounts, admin)``."""
    try:
        db = open_database()
    except DatabaseUnavailable as exc:
        return _error(_("Cannot reach the database: {error}").format(error=exc))
    try:
        accounts = Accounts(db)
        admin: Account | None = None
        if accounts.has_admin():
            admin = sign_in(accounts, args.admin, (Role.ADMIN,))
        return int(action(accounts, admin) or 0)
    except (SignInFailed, InvalidAccount, AccessDenied) as exc:
        return _error(str(exc))
    except UnknownAccount:
        return _error(_("No such user."))
    finally:
        db.dispose()


def _target(accounts: Accounts, username: str) -> Account:
    account = accounts.find(username)
    if account is None:
        raise InvalidAccount(_("No user {username}.").format(username=username))
    return account


def add_command(args: argparse.Namespace) -> int:
    def action(accounts: Accounts, admin: Account | None) -> int:
        if admin is None and args.role != Role.ADMIN.value:
            raise AccessDenied(_("The first user must be an administrator."))
        password = _new_password(args.password_stdin)
        if password is None:
            return _error(_("The passwords do not match."))
        account = accounts.create(
            admin, args.username, args.full_name, Role(args.role), password, window=args.window
        )
        print(_("User {username} added.").format(username=account.username))
        return 0

    return _run(args, action)


def list_command(args: argparse.Namespace) -> int:
    def action(accounts: Accounts, admin: Account | None) -> int:
        if admin is None:
            return _error(_("There are no users yet."))
        for account in accounts.list(admin):
            states = [
                _("locked") if account.locked else "",
                "" if account.active else _("deactivated"),
                _("must change the password") if account.must_change_password else "",
            ]
            state = ", ".join(s for s in states if s)
            print(
                f"{account.username:<20} {account.role.value:<9} {account.window or '-':<6} {account.full_name}"
                + (f"  [{state}]" if state else "")
            )
        return 0

    return _run(args, action)


def _needs_admin(admin: Account | None) -> Account:
    if admin is None:
        raise AccessDenied(_("There is no administrator yet: add one first with user add … --role admin."))
    return admin


def set_command(args: argparse.Namespace) -> int:
    def action(accounts: Accounts, admin: Account | None) -> int:
        account = accounts.update(
            _needs_admin(admin),
            _target(accounts, args.username).id,
            role=Role(args.role) if args.role else None,
            window=args.window,
            active=args.active,
        )
        print(
            _("User {username}: {role}, window {window}, {state}.").format(
                username=account.username,
                role=account.role.value,
                window=account.window or "-",
                state=_("active") if account.active else _("deactivated"),
            )
        )
        return 0

    return _run(args, action)


def lock_command(args: argparse.Namespace) -> int:
    def action(accounts: Accounts, admin: Account | None) -> int:
        account = _target(accounts, args.username)
        accounts.set_locked(_needs_admin(admin), account.id, args.locked)
        message = _("User {username} locked.") if args.locked else _("User {username} unlocked.")
        print(message.format(username=account.username))
        return 0

    return _run(args, action)


def password_command(args: argparse.Namespace) -> int:
    def action(accounts: Accounts, admin: Account | None) -> int:
        admin = _needs_admin(admin)
        account = _target(accounts, args.username)
        password = _new_password(args.password_stdin)
        if password is None:
            return _error(_("The passwords do not match."))
        accounts.set_password(admin, account.id, password)
        print(
            _("The password of {username} was reset; it must be changed at the next sign-in.").format(
                username=account.username
            )
        )
        return 0

    return _run(args, action)
