"""Users, roles and sign-in: argon2 password hashes, lockout after repeated failures, role checks.

Every function that changes or lists accounts checks the actor's role itself (raising ``AccessDenied``), so
the UI cannot forget a check. Usernames are compared in lower case.
"""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from counter_app.core import audit
from counter_app.core.audit import Action
from counter_app.core.i18n import _
from counter_app.storage.db import Database
from counter_app.storage.models import UserRow


class Role(str, enum.Enum):
    OPERATOR = "operator"
    MANAGER = "manager"
    ADMIN = "admin"


class Screen(str, enum.Enum):
    INTAKE = "intake"
    HANDOFF = "handoff"
    RESULTS = "results"
    CATALOG = "catalog"
    REPORTS = "reports"
    SETTINGS = "settings"


SCREENS_BY_ROLE: dict[Role, tuple[Screen, ...]] = {
    Role.OPERATOR: (Screen.INTAKE, Screen.RESULTS, Screen.CATALOG),
    Role.MANAGER: (Screen.HANDOFF, Screen.RESULTS, Screen.CATALOG, Screen.REPORTS),
    Role.ADMIN: (Screen.SETTINGS, Screen.CATALOG, Screen.REPORTS),
}

MAX_FAILED_LOGINS = 5


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    full_name: str
    role: Role
    window: str | None
    locked: bool


# The command line acting on the installation (``counter-app user ...``): an administrator that is no user.
# The audit log records it as "cli" without a user id.
SYSTEM_ACTOR = Account(
    id=0, username="cli", full_name="Command line", role=Role.ADMIN, window=None, locked=False
)
RESERVED_USERNAMES = frozenset({SYSTEM_ACTOR.username, "demo"})  # "demo" writes the demo data


class AccessDenied(Exception):
    """The actor's role does not allow this."""


class LoginFailed(Exception):
    """Sign-in refused; ``reason`` is "wrong" (unknown user or wrong password) or "locked"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class InvalidAccount(ValueError):
    """The new account's data is not acceptable (empty name, username taken, ...); the message says why."""


class UnknownAccount(LookupError):
    pass


def can_open(account: Account, screen: Screen) -> bool:
    return screen in SCREENS_BY_ROLE[account.role]


def require(account: Account, screen: Screen) -> None:
    if not can_open(account, screen):
        raise AccessDenied(_("Your role does not give access to this screen."))


def _require_admin(actor: Account) -> None:
    if actor.role is not Role.ADMIN:
        raise AccessDenied(_("Only an administrator can manage users."))


# Set to "1" by tests only: argon2's cheapest parameters instead of RFC 9106's (64 MiB, 3 passes).
FAST_HASHES_VARIABLE = "COUNTER_FAST_PASSWORD_HASHES"


@cache
def _hasher_for(fast: bool) -> PasswordHasher:
    return PasswordHasher.from_parameters(profiles.CHEAPEST if fast else profiles.RFC_9106_LOW_MEMORY)


def _hasher() -> PasswordHasher:
    return _hasher_for(os.environ.get(FAST_HASHES_VARIABLE) == "1")


@cache
def _dummy_hash_for(hasher: PasswordHasher) -> str:
    return hasher.hash("counter: no such user")


def _dummy_hash() -> str:
    return _dummy_hash_for(_hasher())


def _password_matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _account(row: UserRow) -> Account:
    return Account(row.id, row.username, row.full_name, Role(row.role), row.window, row.locked)


def _normalise_username(username: str) -> str:
    return username.strip().lower()


def _check_password(password: str) -> None:
    if not password:
        raise InvalidAccount(_("The password must not be empty."))


class Accounts:
    def __init__(self, db: Database) -> None:
        self._db = db

    def has_any_user(self) -> bool:
        with self._db.read() as session:
            return bool(session.scalar(select(exists().where(UserRow.id.is_not(None)))))

    def find(self, username: str) -> Account | None:
        """The account with this username, or None (no role check: it reveals nothing a login would not)."""
        with self._db.read() as session:
            row = session.scalar(select(UserRow).where(UserRow.username == _normalise_username(username)))
            return _account(row) if row is not None else None

    def create(
        self,
        actor: Account | None,
        username: str,
        full_name: str,
        role: Role,
        password: str,
        window: str | None = None,
    ) -> Account:
        """Create a user; ``actor`` None is allowed only for the first user, who must be an administrator."""
        role = Role(role)
        username = _normalise_username(username)
        full_name = full_name.strip()
        window = (window or "").strip() or None
        if actor is not None:
            _require_admin(actor)
        if not username or any(ch.isspace() for ch in username):
            raise InvalidAccount(_("The username must be one word."))
        if username in RESERVED_USERNAMES:
            raise InvalidAccount(_("This username is reserved."))
        if not full_name:
            raise InvalidAccount(_("The full name must not be empty."))
        _check_password(password)
        password_hash = _hasher().hash(password)
        with self._db.write() as session:
            if actor is None:
                if session.scalar(select(exists().where(UserRow.id.is_not(None)))):
                    raise AccessDenied(_("Only an administrator can manage users."))
                if role is not Role.ADMIN:
                    raise AccessDenied(_("The first user must be an administrator."))
            if session.scalar(select(exists().where(UserRow.username == username))):
                raise InvalidAccount(_("This username is already taken."))
            row = UserRow(
                username=username,
                full_name=full_name,
                role=role.value,
                window=window,
                password_hash=password_hash,
                failed_logins=0,
                locked=False,
            )
            session.add(row)
            session.flush()
            account = _account(row)
            audit.record(session, actor, Action.USER_CREATED, subject=username, detail=f"role={role.value}")
            return account

    def authenticate(self, username: str, password: str) -> Account:
        """The account, if the password is right; otherwise ``LoginFailed`` (the 5th failure in a row locks)."""
        username = _normalise_username(username)
        with self._db.read() as session:
            row = session.scalar(select(UserRow).where(UserRow.username == username))
            stored = (row.id, row.password_hash, row.locked) if row is not None else None
        if stored is None:
            _password_matches(_dummy_hash(), password)  # the same work as for a real user
            with self._db.write() as session:
                audit.record(session, None, Action.LOGIN_FAILED, subject=username, detail="unknown user")
            raise LoginFailed("wrong")
        account_id, password_hash, locked = stored
        matches = not locked and _password_matches(password_hash, password)
        with self._db.write() as session:
            row = session.get(UserRow, account_id)
            if row is None:
                failure = "wrong"
            elif row.locked:
                audit.record(session, None, Action.LOGIN_FAILED, subject=username, detail="account locked")
                failure = "locked"
            elif matches:
                row.failed_logins = 0
                if _hasher().check_needs_rehash(row.password_hash):
                    row.password_hash = _hasher().hash(password)
                account = _account(row)
                audit.record(session, account, Action.LOGIN)
                return account
            else:
                failure = "locked" if self._count_failure(session, row) else "wrong"
        raise LoginFailed(failure)

    def verify_password(self, account_id: int, password: str) -> bool:
        """Check the signed-in user's password (unlocking an idle-locked screen).

        A wrong password counts towards the lockout like a failed login; a locked account never verifies.
        """
        with self._db.read() as session:
            row = session.get(UserRow, account_id)
            if row is None or row.locked:
                return False
            password_hash = row.password_hash
        matches = _password_matches(password_hash, password)
        with self._db.write() as session:
            row = session.get(UserRow, account_id)
            if row is None or row.locked:
                return False
            if matches:
                row.failed_logins = 0
                return True
            self._count_failure(session, row)
            return False

    @staticmethod
    def _count_failure(session: Session, row: UserRow) -> bool:
        """Record one more failure; lock the account at the limit. True when the account is now locked."""
        row.failed_logins += 1
        audit.record(
            session, None, Action.LOGIN_FAILED, subject=row.username, detail=f"failures={row.failed_logins}"
        )
        if row.failed_logins >= MAX_FAILED_LOGINS:
            row.locked = True
            audit.record(session, None, Action.ACCOUNT_LOCKED, subject=row.username)
            return True
        return False

    def unlock(self, actor: Account, account_id: int) -> None:
        _require_admin(actor)
        with self._db.write() as session:
            row = self._row(session, account_id)
            row.locked = False
            row.failed_logins = 0
            audit.record(session, actor, Action.ACCOUNT_UNLOCKED, subject=row.username)

    def list(self, actor: Account) -> list[Account]:
        _require_admin(actor)
        with self._db.read() as session:
            return [_account(row) for row in session.scalars(select(UserRow).order_by(UserRow.username))]

    def set_password(self, actor: Account, account_id: int, password: str) -> None:
        _require_admin(actor)
        _check_password(password)
        password_hash = _hasher().hash(password)
        with self._db.write() as session:
            row = self._row(session, account_id)
            row.password_hash = password_hash
            audit.record(session, actor, Action.PASSWORD_SET, subject=row.username)

    @staticmethod
    def _row(session: Session, account_id: int) -> UserRow:
        row = session.get(UserRow, account_id)
        if row is None:
            raise UnknownAccount(account_id)
        return row
