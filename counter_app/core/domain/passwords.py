"""Password hashes (argon2id with RFC 9106's low-memory parameters) and the password policy.

A stored hash is rehashed at sign-in only when its parameters are weaker than the current ones, never
downwards. A test suite may hash the passwords it creates more cheaply with ``set_hasher`` (in its own process:
there is no environment variable or option that changes the parameters of the program).
"""

from __future__ import annotations

import unicodedata

from argon2 import PasswordHasher, extract_parameters, profiles
from argon2.exceptions import InvalidHashError, VerificationError

from counter_app.core.domain.i18n import _, ngettext

MIN_LENGTH = 8
MAX_LENGTH = 128

_hasher = PasswordHasher.from_parameters(profiles.RFC_9106_LOW_MEMORY)
_dummy: dict[int, str] = {}


def hasher() -> PasswordHasher:
    return _hasher


def set_hasher(new: PasswordHasher) -> None:
    """Hash new passwords with ``new`` in this process (test suites: cheaper parameters)."""
    global _hasher
    _hasher = new


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def dummy_check(password: str) -> None:
    """The same work as checking a real user's password (an unknown user name must not answer faster)."""
    key = id(_hasher)
    if key not in _dummy:
        _dummy[key] = _hasher.hash("counter: no such user")
    matches(_dummy[key], password)


def needs_upgrade(password_hash: str) -> bool:
    """Whether the stored hash is weaker than the current parameters (a stronger one is left alone)."""
    try:
        stored = extract_parameters(password_hash)
    except InvalidHashError:
        return False
    current = _hasher
    return (
        stored.type is not current.type
        or stored.memory_cost < current.memory_cost
        or stored.time_cost < current.time_cost
        or stored.hash_len < current.hash_len
    )


def password_problem(password: str, username: str = "") -> str | None:
    """Why the password is not acceptable (None when it is): length, not the user name, not trivial."""
    if any(unicodedata.category(ch) == "Cc" for ch in password):
        return _("The password must not contain control characters.")
    if len(password.strip()) < MIN_LENGTH:
        return ngettext(
            "The password must have at least {count} character.",
            "The password must have at least {count} characters.",
            MIN_LENGTH,
        ).format(count=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return ngettext(
            "The password must have at most {count} character.",
            "The password must have at most {count} characters.",
            MAX_LENGTH,
        ).format(count=MAX_LENGTH)
    name = username.strip().casefold()
    if name and name in password.casefold():
        return _("The password must not contain the username.")
    if len(set(password.casefold())) < 4:
        return _("The password is too simple: use more different characters.")
    if password.isdigit() or password.isalpha():
        return _("The password must mix letters with digits or other signs.")
    return None
