"""Signing in on the command line: commands that change data act as a user who proves who they are.

The user name comes from ``--as NAME`` (or is asked on a terminal); the password is asked on the terminal
without echo or, when standard input is not a terminal, read as its first line. With no terminal and nothing on
standard input the command stops with a message, never waiting or failing with a traceback.
"""

from __future__ import annotations

import getpass
import sys

from counter_app.core.domain.account_rules import LoginFailed
from counter_app.core.domain.i18n import _
from counter_app.core.domain.permissions import AccessDenied, Account, Role
from counter_app.core.usecases.accounts import Accounts


class SignInFailed(Exception):
    """Why the command line could not sign in (in the user's language)."""


def read_secret(prompt: str) -> str:
    """A password: asked without echo on a terminal, else the next line of standard input."""
    stdin = sys.stdin
    if stdin is None or stdin.closed:
        raise SignInFailed(_("No password given: standard input is closed and there is no terminal."))
    if stdin.isatty():
        try:
            return getpass.getpass(prompt)
        except (EOFError, KeyboardInterrupt):
            raise SignInFailed(_("No password given.")) from None
    line = stdin.readline()
    if not line:
        raise SignInFailed(_("No password given: standard input is empty and there is no terminal."))
    return line.rstrip("\r\n")


def _ask_username(prompt: str) -> str:
    stdin = sys.stdin
    if stdin is None or stdin.closed or not stdin.isatty():
        raise SignInFailed(_("Say who you are with --as USERNAME (there is no terminal to ask)."))
    try:
        return input(prompt)
    except (EOFError, KeyboardInterrupt):
        raise SignInFailed(_("No username given.")) from None


def sign_in(accounts: Accounts, username: str | None, roles: tuple[Role, ...]) -> Account:
    """The signed-in account of one of ``roles``; ``SignInFailed`` with the reason otherwise."""
    name = username or _ask_username(_("Username: "))
    password = read_secret(_("Password of {username}: ").format(username=name))
    try:
        account = accounts.authenticate(name, password)
    except LoginFailed as failure:
        if failure.reason == "wait":
            raise SignInFailed(
                _("Too many wrong passwords. Try again in {seconds} s.").format(seconds=failure.retry_after)
            ) from None
        if failure.reason == "locked":
            raise SignInFailed(_("This account is locked or deactivated. Ask the administrator.")) from None
        raise SignInFailed(_("Wrong username or password.")) from None
    if account.must_change_password:
        raise SignInFailed(
            _("{username} must change the password first: sign in once in the window.").format(
                username=account.username
            )
        )
    if account.role not in roles:
        raise SignInFailed(str(AccessDenied(_("Your role does not allow this."))))
    return account
