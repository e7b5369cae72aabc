"""Users, roles and sign-in: argon2 password hashes, a growing delay after wrong passwords, role checks.

Every use-case that writes re-reads the acting user's row in its own transaction (``acting``): a user
deactivated, locked or given another role since signing in can no longer write with the ``Account`` the
window holds. Usernames are compared in lower case.

Wrong passwords never lock an account (an outsider could lock the administrator out at will): from the third
wrong password in a row for a user name — known or not — the next try must wait 1, 2, 4 … 60 seconds, and the
reply is the same for an unknown name and a wrong password. Only an administrator locks and unlocks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Protocol, cast

from sqlalchemy import Table, bindparam, delete, exists, func, select, text
from sqlalchemy.orm import Session

from counter_app.core.domain import passwords
from counter_app.core.domain import text as texts
from counter_app.core.domain.account_rules import (
    InvalidAccount,
    LoginFailed,
    UnknownAccount,
    check_full_name,
    check_password,
    check_username,
    check_window,
    delay_after,
    normalise_username,
    throttle_key,
    window_problem,
)
from counter_app.core.domain.i18n import _
from counter_app.core.domain.permissions import AccessDenied, Account, Capability, Role, can
from counter_app.core.usecases import audit
from counter_app.core.usecases.audit import Action
from counter_app.storage.db import Database, InTransaction, as_utc
from counter_app.storage.models import LoginThrottleRow, UserRow

Clock = Callable[[], dt.datetime]


class _UserColumns(Protocol):
    """A user's row: the ORM's ``UserRow`` or the plain row ``acting`` reads."""

    id: int
    username: str
    full_name: str
    role: str
    window: str | None
    locked: bool
    active: bool
    must_change_password: bool


def _account(row: _UserColumns) -> Account:
    return Account(
        row.id,
        row.username,
        row.full_name,
        Role(row.role),
        row.window,
        row.locked,
        bool(row.active),
        bool(row.must_change_password),
    )


_USERS = cast(Table, UserRow.__table__)
# Built once (every write runs it): the account's row as stored now, share-locked until the caller's commit on
# PostgreSQL (SQLite's write transaction holds the whole file).
_ACTING = (
    select(
        _USERS.c.id,
        _USERS.c.username,
        _USERS.c.full_name,
        _USERS.c.role,
        _USERS.c.window,
        _USERS.c.locked,
        _USERS.c.active,
        _USERS.c.must_change_password,
    )
    .where(_USERS.c.id == bindparam("id"))
    .with_for_update(read=True)
)


def acting(session: InTransaction, actor: Account, *capabilities: Capability) -> Account:
    """The actor as stored now, inside the caller's transaction; ``AccessDenied`` unless the account exists, is
    active and not locked, and its current role has one of ``capabilities`` (any, when none is named)."""
    row = session.execute(_ACTING, {"id": actor.id}).first() if actor is not None and actor.id else None
    if row is None or not row.active or row.locked:
        raise AccessDenied(_("Your account is deactivated or locked. Ask the administrator."))
    current = _account(row)
    if capabilities and not any(can(current, capability) for capability in capabilities):
        raise AccessDenied(_("Your role does not allow this."))
    return current


def _admin(session: Session, actor: Account) -> Account:
    try:
        return acting(session, actor, Capability.ADMINISTER)
    except AccessDenied as denied:
        if actor.id and session.get(UserRow, actor.id) is not None and actor.role is not Role.ADMIN:
            raise AccessDenied(_("Only an administrator can manage users.")) from None
        raise denied from None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Accounts:
    def __init__(self, db: Database, clock: Clock = _now) -> None:
        self._db = db
        self._clock = clock

    def has_any_user(self) -> bool:
        with self._db.read() as session:
            return bool(session.scalar(select(exists().where(UserRow.id.is_not(None)))))

    def has_admin(self) -> bool:
        """Whether an active administrator exists (until then the first one is created without signing in)."""
        with self._db.read() as session:
            return bool(
                session.scalar(
                    select(exists().where(UserRow.role == Role.ADMIN.value, UserRow.active.is_(True)))
                )
            )

    def find(self, username: str) -> Account | None:
        """The account with this username, or None (for administrators' tools, after signing in)."""
        with self._db.read() as session:
            row = session.scalar(select(UserRow).where(UserRow.username == normalise_username(username)))
            return _account(row) if row is not None else None

    def get(self, account_id: int) -> Account | None:
        with self._db.read() as session:
            row = session.get(UserRow, account_id)
            return _account(row) if row is not None else None

    def create(
        self,
        actor: Account | None,
        username: str,
        full_name: str,
        role: Role,
        password: str,
        window: str | None = None,
        *,
        must_change_password: bool | None = None,
    ) -> Account:
        """Create a user; ``actor`` None is allowed only for the first administrator, while there is none.

        A user created by an administrator must change the password at first sign-in (unless told otherwise).
        """
        role = Role(role)
        username = check_username(username)
        full_name = check_full_name(full_name)
        window = check_window(window)
        check_password(password, username)
        password_hash = passwords.hash_password(password)
        with self._db.write() as session:
            if actor is None:
                if session.get_bind().dialect.name == "postgresql":
                    # Two windows creating the first administrator at once: the second waits, then sees the first.
                    session.execute(text("LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE"))
                if session.scalar(select(exists().where(UserRow.role == Role.ADMIN.value))):
                    raise AccessDenied(_("An administrator exists already: sign in as an administrator."))
                if role is not Role.ADMIN:
                    raise AccessDenied(_("The first user must be an administrator."))
            else:
                actor = _admin(session, actor)
            if session.scalar(select(exists().where(UserRow.username == username))):
                raise InvalidAccount(_("This username is already taken."), "username")
            if problem := window_problem(role, window):
                raise InvalidAccount(problem, "window")
            row = UserRow(
                username=username,
                full_name=full_name,
                role=role.value,
                window=window,
                password_hash=password_hash,
                failed_logins=0,
                locked=False,
                active=True,
                must_change_password=(actor is not None)
                if must_change_password is None
                else must_change_password,
            )
            session.add(row)
            session.flush()
            account = _account(row)
            audit.record(session, actor, Action.USER_CREATED, subject=username, detail=f"role={role.value}")
            return account

    # ------------------------------------------------------------------------------------------------------
    # Signing in

    def _waiting(self, session: Session, key: str) -> tuple[int, int]:
        """(wrong passwords in a row, seconds still to wait) for a throttle key."""
        row = session.get(LoginThrottleRow, key)
        if row is None:
            return 0, 0
        ready = as_utc(row.last_failed_at) + dt.timedelta(seconds=delay_after(row.failures))
        left = (ready - self._clock()).total_seconds()
        return row.failures, max(0, int(left + 0.999))

    def _failed(self, session: Session, key: str, failures: int) -> None:
        row = session.get(LoginThrottleRow, key, with_for_update=True)
        if row is None:
            session.add(LoginThrottleRow(key=key, failures=1, last_failed_at=self._clock()))
        else:
            row.failures = max(row.failures, failures) + 1
            row.last_failed_at = self._clock()

    def authenticate(self, username: str, password: str) -> Account:
        """The account, if the password is right; otherwise ``LoginFailed`` (the same for unknown names)."""
        if texts.has_control_characters(username) or len(username) > texts.USERNAME * 4:
            username = ""  # no user has such a name: answered like any unknown name
        username = normalise_username(username)
        key = throttle_key(username)
        with self._db.read() as session:
            failures, wait = self._waiting(session, key)
            row = session.scalar(select(UserRow).where(UserRow.username == username))
            stored = (row.id, row.password_hash) if row is not None else None
        if wait:
            raise LoginFailed("wait", wait)
        if stored is None:
            passwords.dummy_check(password)
            with self._db.write() as session:
                self._failed(session, key, failures)
                # The typed name is not journaled: it may be a password typed into the wrong field.
                audit.record(session, None, Action.LOGIN_FAILED, detail="unknown user name")
            raise LoginFailed("wrong")
        account_id, password_hash = stored
        matches = passwords.matches(password_hash, password)
        with self._db.write() as session:
            row = session.get(UserRow, account_id, with_for_update=True)
            if row is None or not matches:
                self._failed(session, key, failures)
                if row is not None:
                    row.failed_logins += 1
                    audit.record(
                        session,
                        None,
                        Action.LOGIN_FAILED,
                        subject=row.username,
                        detail=f"failures={row.failed_logins}",
                    )
                failure = "wrong"
            elif row.locked or not row.active:
                audit.record(
                    session,
                    None,
                    Action.LOGIN_FAILED,
                    subject=username,
                    detail="account locked" if row.locked else "account deactivated",
                )
                failure = "locked"
            else:
                row.failed_logins = 0
                session.execute(delete(LoginThrottleRow).where(LoginThrottleRow.key == key))
                if passwords.needs_upgrade(row.password_hash):
                    row.password_hash = passwords.hash_password(password)
                account = _account(row)
                audit.record(session, account, Action.LOGIN)
                return account
        raise LoginFailed(failure)

    def verify_password(self, account_id: int, password: str) -> bool:
        """Check the signed-in user's password (unlocking an idle-locked screen).

        A wrong password counts towards the delay like a failed login (``LoginFailed("wait")`` while it runs);
        a locked or deactivated account never verifies.
        """
        with self._db.read() as session:
            row = session.get(UserRow, account_id)
            if row is None or row.locked or not row.active:
                return False
            password_hash, key = row.password_hash, throttle_key(row.username)
            failures, wait = self._waiting(session, key)
        if wait:
            raise LoginFailed("wait", wait)
        matches = passwords.matches(password_hash, password)
        with self._db.write() as session:
            row = session.get(UserRow, account_id, with_for_update=True)
            if row is None or row.locked or not row.active:
                return False
            if matches:
                row.failed_logins = 0
                session.execute(delete(LoginThrottleRow).where(LoginThrottleRow.key == key))
                return True
            row.failed_logins += 1
            self._failed(session, key, failures)
            audit.record(
                session,
                None,
                Action.LOGIN_FAILED,
                subject=row.username,
                detail=f"idle lock; failures={row.failed_logins}",
            )
            return False

    def change_own_password(self, account_id: int, old_password: str, new_password: str) -> Account:
        """The user changes their own password (required after a reset and for the demo users)."""
        with self._db.read() as session:
            row = session.get(UserRow, account_id)
            if row is None or row.locked or not row.active:
                raise AccessDenied(_("Your account is deactivated or locked. Ask the administrator."))
            password_hash, username = row.password_hash, row.username
        if not passwords.matches(password_hash, old_password):
            raise InvalidAccount(_("The current password is wrong."), "old_password")
        if new_password == old_password:
            raise InvalidAccount(_("The new password must differ from the current one."), "password")
        check_password(new_password, username)
        new_hash = passwords.hash_password(new_password)
        with self._db.write() as session:
            row = session.get(UserRow, account_id, with_for_update=True)
            if row is None:
                raise UnknownAccount(account_id)
            row.password_hash = new_hash
            row.must_change_password = False
            account = _account(row)
            audit.record(session, account, Action.PASSWORD_CHANGED, subject=row.username)
            return account

    # ------------------------------------------------------------------------------------------------------
    # Administration (each re-checks that the actor is an active administrator, in the same transaction)

    def list(self, actor: Account) -> list[Account]:
        with self._db.read() as session:
            _admin(session, actor)
            return [_account(row) for row in session.scalars(select(UserRow).order_by(UserRow.username))]

    def set_password(self, actor: Account, account_id: int, password: str) -> None:
        """An administrator resets a password; the user must change it at the next sign-in."""
        target = self.get(account_id)
        if target is None:
            raise UnknownAccount(account_id)
        check_password(password, target.username)
        password_hash = passwords.hash_password(password)
        with self._db.write() as session:
            actor = _admin(session, actor)
            row = self._row(session, account_id)
            row.password_hash = password_hash
            row.must_change_password = row.id != actor.id
            audit.record(session, actor, Action.PASSWORD_SET, subject=row.username)

    def set_locked(self, actor: Account, account_id: int, locked: bool) -> None:
        with self._db.write() as session:
            actor = _admin(session, actor)
            row = self._row(session, account_id)
            if locked and row.id == actor.id:
                raise InvalidAccount(_("You cannot lock your own account."))
            row.locked = locked
            if not locked:
                row.failed_logins = 0
                session.execute(
                    delete(LoginThrottleRow).where(LoginThrottleRow.key == throttle_key(row.username))
                )
            if locked:
                self._keep_an_admin(session, row)
            audit.record(
                session,
                actor,
                Action.ACCOUNT_LOCKED if locked else Action.ACCOUNT_UNLOCKED,
                subject=row.username,
            )

    def unlock(self, actor: Account, account_id: int) -> None:
        self.set_locked(actor, account_id, False)

    def update(
        self,
        actor: Account,
        account_id: int,
        *,
        role: Role | None = None,
        window: str | None = None,
        active: bool | None = None,
        full_name: str | None = None,
    ) -> Account:
        """Change a user's role, window, full name or whether the account is active (journaled, with what changed).

        ``window`` "" removes the window. The last active administrator can be neither demoted nor deactivated.
        """
        new_role = Role(role) if role is not None else None
        new_window = check_window(window) if window is not None else None
        new_name = check_full_name(full_name) if full_name is not None else None
        with self._db.write() as session:
            actor = _admin(session, actor)
            row = self._row(session, account_id)
            changes = []
            if new_role is not None and new_role.value != row.role:
                changes.append(f"role {row.role} -> {new_role.value}")
                row.role = new_role.value
            if window is not None and new_window != row.window:
                changes.append(f"window {row.window or '-'} -> {new_window or '-'}")
                row.window = new_window
            if (new_role is not None or window is not None) and (
                problem := window_problem(Role(row.role), row.window)
            ):
                raise InvalidAccount(problem, "window")
            if new_name is not None and new_name != row.full_name:
                changes.append("full name")
                row.full_name = new_name
            if active is not None and bool(active) != bool(row.active):
                changes.append("activated" if active else "deactivated")
                row.active = bool(active)
            self._keep_an_admin(session, row)
            if changes:
                audit.record(
                    session, actor, Action.USER_CHANGED, subject=row.username, detail="; ".join(changes)
                )
            return _account(row)

    @staticmethod
    def _keep_an_admin(session: Session, changed: UserRow) -> None:
        session.flush()
        admins = session.scalar(
            select(func.count())
            .select_from(UserRow)
            .where(UserRow.role == Role.ADMIN.value, UserRow.active.is_(True), UserRow.locked.is_(False))
        )
        if not admins:
            raise InvalidAccount(_("At least one active administrator must remain."))

    @staticmethod
    def _row(session: Session, account_id: int) -> UserRow:
        row = session.get(UserRow, account_id, with_for_update=True)
        if row is None:
            raise UnknownAccount(account_id)
        return row
