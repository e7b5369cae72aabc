"""The rules of accounts: usernames, full names, windows and passwords as typed, and the growing delay after wrong
passwords (never a lock)."""

from __future__ import annotations

import hashlib
import re

from counter_app.core.domain import passwords
from counter_app.core.domain import text as texts
from counter_app.core.domain.i18n import _
from counter_app.core.domain.permissions import Role

FREE_FAILURES = 2  # wrong passwords in a row answered at once; then the delay doubles from 1 s
MAX_DELAY_SECONDS = 60
THROTTLE_KEY_LENGTH = (
    5  # hex digits of SHA-256 kept: a password typed as a name cannot be recovered from them
)
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


RESERVED_USERNAMES = frozenset({"cli", "demo", "system"})


class LoginFailed(Exception):
    """Sign-in refused; ``reason`` is "wrong" (unknown user or wrong password), "wait" (``retry_after``
    seconds) or "locked" (the right password of a locked or deactivated account)."""

    def __init__(self, reason: str, retry_after: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class InvalidAccount(ValueError):
    """The account's data is not acceptable (name, password, last administrator …); the message says why."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class UnknownAccount(LookupError):
    pass


def normalise_username(username: str) -> str:
    return texts.clean(username).lower()


def throttle_key(username: str) -> str:
    return hashlib.sha256(normalise_username(username).encode("utf-8")).hexdigest()[:THROTTLE_KEY_LENGTH]


def delay_after(failures: int) -> int:
    """Seconds to wait before the next try after ``failures`` wrong passwords in a row."""
    if failures <= FREE_FAILURES:
        return 0
    return min(1 << (failures - FREE_FAILURES - 1), MAX_DELAY_SECONDS)


def check_username(username: str) -> str:
    if texts.has_control_characters(username):
        raise InvalidAccount(
            _("The username must be one word of Latin letters, digits, dots, hyphens or underscores."),
            "username",
        )
    name = normalise_username(username)
    if not name or not USERNAME_PATTERN.match(name):
        raise InvalidAccount(
            _("The username must be one word of Latin letters, digits, dots, hyphens or underscores."),
            "username",
        )
    if len(name) > texts.USERNAME:
        raise InvalidAccount(texts.too_long(_("The username"), texts.USERNAME, len(name)), "username")
    if name in RESERVED_USERNAMES:
        raise InvalidAccount(_("This username is reserved."), "username")
    return name


def check_full_name(full_name: str) -> str:
    try:
        name = texts.limited("full_name", _("The full name"), full_name, texts.PERSON_NAME)
    except texts.InvalidText as error:
        raise InvalidAccount(error.message, "full_name") from None
    if not name:
        raise InvalidAccount(_("The full name must not be empty."), "full_name")
    return name


def check_window(window: str | None) -> str | None:
    try:
        label = texts.limited("window", _("The window"), window or "", texts.WINDOW)
    except texts.InvalidText as error:
        raise InvalidAccount(error.message, "window") from None
    return label or None


def check_password(password: str, username: str) -> None:
    problem = passwords.password_problem(password, username)
    if problem:
        raise InvalidAccount(problem, "password")


def window_problem(role: Role, window: str | None) -> str | None:
    """An operator works at a window: the rule Settings, the setup wizard, the CLI and ``Accounts`` share."""
    if role == Role.OPERATOR and not (window or "").strip():
        return _("An operator works at a window: choose the window.")
    return None
