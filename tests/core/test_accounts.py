"""Accounts: argon2 hashes never weakened, password policy, a growing delay instead of a lockout, the same reply
for unknown names, admin-only management re-checked against the stored account, journaled changes."""

from __future__ import annotations

import datetime as dt

import pytest
from argon2 import PasswordHasher, profiles
from sqlalchemy import select

from counter_app.core.domain import passwords
from counter_app.core.domain.account_rules import InvalidAccount, LoginFailed, delay_after
from counter_app.core.domain.permissions import (
    AccessDenied,
    Account,
    Capability,
    Role,
    Screen,
    can,
    can_open,
    require,
    require_screen,
)
from counter_app.core.usecases.accounts import Accounts
from counter_app.core.usecases.audit import Action, AuditLog
from counter_app.storage.models import AuditEntryRow, LoginThrottleRow, UserRow
from tests.support.databases import backend_params, scratch_database

ADMIN_PW = "Kilt-Orange-77"
OPERATOR_PW = "Tulip-Desk-31"


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture(params=backend_params())
def db(request, tmp_path):
    with scratch_database(request.param, tmp_path) as database:
        yield database


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def accounts(db, clock):
    return Accounts(db, clock=clock)


@pytest.fixture
def admin(accounts):
    return accounts.create(None, "admin", "Абенова Динара", Role.ADMIN, ADMIN_PW)


@pytest.fixture
def operator(accounts, admin):
    return accounts.create(
        admin,
        "operator",
        "Жумабаева Айгерим",
        Role.OPERATOR,
        OPERATOR_PW,
        window="2",
        must_change_password=False,
    )


def actions(db) -> list[tuple[str, str, str]]:
    return [(entry.username, entry.action, entry.subject) for entry in reversed(AuditLog(db).recent(1000))]


def test_the_stored_hash_is_argon2_not_the_password(db, accounts, admin):
    with db.read() as session:
        stored = session.scalars(select(UserRow.password_hash).where(UserRow.id == admin.id)).one()
    assert ADMIN_PW not in stored
    assert stored.startswith("$argon2id$")


def test_real_hashes_use_the_rfc_9106_low_memory_parameters_and_are_never_weakened(db, accounts):
    cheap = passwords.hasher()
    passwords.set_hasher(PasswordHasher.from_parameters(profiles.RFC_9106_LOW_MEMORY))
    try:
        account = accounts.create(None, "admin", "Абенова Динара", Role.ADMIN, ADMIN_PW)
    finally:
        passwords.set_hasher(cheap)
    with db.read() as session:
        strong = session.scalars(select(UserRow.password_hash).where(UserRow.id == account.id)).one()
    assert strong.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    # Signing in while the process hashes cheaply leaves the strong hash alone (never rehashed downwards) …
    assert accounts.authenticate("admin", ADMIN_PW).id == account.id
    with db.read() as session:
        assert session.scalars(select(UserRow.password_hash).where(UserRow.id == account.id)).one() == strong
    # … and a weak stored hash is strengthened at sign-in.
    with db.write() as session:
        session.get(UserRow, account.id).password_hash = cheap.hash(ADMIN_PW)
    passwords.set_hasher(PasswordHasher.from_parameters(profiles.RFC_9106_LOW_MEMORY))
    try:
        accounts.authenticate("admin", ADMIN_PW)
    finally:
        passwords.set_hasher(cheap)
    with db.read() as session:
        assert (
            session.scalars(select(UserRow.password_hash).where(UserRow.id == account.id))
            .one()
            .startswith("$argon2id$v=19$m=65536,t=3,p=4$")
        )


def test_no_environment_variable_switches_the_hash_parameters():
    import inspect

    from counter_app.core.usecases import accounts as accounts_module

    for module in (passwords, accounts_module):
        assert "os.environ" not in inspect.getsource(module) and "getenv" not in inspect.getsource(module)


def test_first_user_needs_no_actor_but_must_be_an_administrator(accounts):
    assert not accounts.has_any_user()
    with pytest.raises(AccessDenied):
        accounts.create(None, "first", "Кто-то", Role.OPERATOR, ADMIN_PW)
    admin = accounts.create(None, "First", "Кто-то", Role.ADMIN, ADMIN_PW)
    assert admin.username == "first" and not admin.must_change_password
    assert accounts.has_any_user() and accounts.has_admin()
    with pytest.raises(AccessDenied):
        accounts.create(None, "second", "Другой", Role.ADMIN, ADMIN_PW)


def test_only_an_administrator_creates_users_and_they_must_change_the_password(accounts, admin, operator):
    with pytest.raises(AccessDenied):
        accounts.create(operator, "xname", "X", Role.OPERATOR, OPERATOR_PW)
    manager = accounts.create(admin, "manager", "Сапаров Ерлан", Role.MANAGER, OPERATOR_PW)
    assert manager.role is Role.MANAGER and manager.must_change_password


def test_an_account_with_id_0_or_of_nobody_passes_no_check(accounts, admin):
    for ghost in (
        Account(0, "cli", "Command line", Role.ADMIN, None, False),
        Account(9999, "ghost", "Ghost", Role.ADMIN, None, False),
    ):
        with pytest.raises(AccessDenied):
            accounts.create(ghost, "newuser", "X", Role.OPERATOR, OPERATOR_PW)
        with pytest.raises(AccessDenied):
            accounts.list(ghost)


@pytest.mark.parametrize(
    ("username", "full_name", "password"),
    [
        ("admin", "Another", OPERATOR_PW),
        ("two words", "X", OPERATOR_PW),
        ("cli", "X", OPERATOR_PW),
        ("new", " ", OPERATOR_PW),
        ("new", "X", ""),
        ("new", "X", " "),
        ("new", "X", "1"),
        ("new", "X", "new-user-pw"),
        ("new", "X", "aaaaaaaaaaaa"),
        ("new", "X", "x" * 200),
        ("a" * 60, "X", OPERATOR_PW),
        ("new", "Я" * 400, OPERATOR_PW),
    ],
)
def test_bad_account_data_is_refused(accounts, admin, username, full_name, password):
    with pytest.raises(InvalidAccount) as refused:
        accounts.create(admin, username, full_name, Role.OPERATOR, password)
    assert str(refused.value)


def test_login_with_the_right_password(accounts, operator):
    account = accounts.authenticate(" Operator ", OPERATOR_PW)
    assert account == operator
    assert account.window == "2"


def test_unknown_user_and_wrong_password_fail_alike_and_the_delay_grows_for_both(accounts, operator, clock):
    for name in ("nobody", "operator"):
        replies = []
        for _ in range(6):
            with pytest.raises(LoginFailed) as failure:
                accounts.authenticate(name, "wrong-password")
            replies.append((failure.value.reason, failure.value.retry_after))
            if failure.value.reason == "wait":
                clock.advance(failure.value.retry_after)
        assert replies == [("wrong", 0), ("wrong", 0), ("wrong", 0), ("wait", 1), ("wrong", 0), ("wait", 2)]
    assert [delay_after(n) for n in range(1, 12)] == [0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60]


def test_wrong_passwords_never_lock_an_account(accounts, admin, operator, clock):
    for _ in range(30):
        with pytest.raises(LoginFailed):
            accounts.authenticate("admin", "wrong-password")
        clock.advance(61)
    assert not accounts.find("admin").locked
    assert accounts.authenticate("admin", ADMIN_PW).id == admin.id
    with pytest.raises(LoginFailed) as failure:
        accounts.authenticate("admin", "wrong-password")
    assert failure.value.reason == "wrong"  # a successful sign-in started the count again


def test_an_administrator_locks_and_unlocks(db, accounts, admin, operator):
    with pytest.raises(AccessDenied):
        accounts.set_locked(operator, operator.id, False)
    accounts.set_locked(admin, operator.id, True)
    with pytest.raises(LoginFailed) as failure:
        accounts.authenticate("operator", "wrong-password")
    assert failure.value.reason == "wrong"  # says nothing to someone without the password
    with pytest.raises(LoginFailed) as failure:
        accounts.authenticate("operator", OPERATOR_PW)
    assert failure.value.reason == "locked"
    accounts.unlock(admin, operator.id)
    assert accounts.authenticate("operator", OPERATOR_PW).locked is False
    log = actions(db)
    assert ("admin", Action.ACCOUNT_LOCKED, "operator") in log
    assert ("admin", Action.ACCOUNT_UNLOCKED, "operator") in log


def test_a_password_typed_as_the_user_name_is_stored_nowhere(db, accounts, operator):
    with pytest.raises(LoginFailed):
        accounts.authenticate(OPERATOR_PW, OPERATOR_PW)
    with db.read() as session:
        texts = [
            " ".join(map(str, row))
            for row in session.execute(
                select(AuditEntryRow.subject, AuditEntryRow.detail, AuditEntryRow.username)
            )
        ]
        keys = list(session.scalars(select(LoginThrottleRow.key)))
    assert not any(OPERATOR_PW.lower() in text.lower() for text in texts)
    assert all(len(key) == 5 for key in keys)


def test_verify_password_for_the_idle_lock(accounts, operator, clock):
    assert accounts.verify_password(operator.id, OPERATOR_PW)
    assert not accounts.verify_password(operator.id, "wrong-password")
    assert not accounts.verify_password(9999, OPERATOR_PW)
    assert not accounts.verify_password(operator.id, "wrong-password")
    assert not accounts.verify_password(operator.id, "wrong-password")
    with pytest.raises(LoginFailed) as failure:
        accounts.verify_password(operator.id, OPERATOR_PW)
    assert failure.value.reason == "wait"
    clock.advance(1)
    assert accounts.verify_password(operator.id, OPERATOR_PW)


def test_operator_cannot_list_users_admin_can(accounts, admin, operator):
    with pytest.raises(AccessDenied):
        accounts.list(operator)
    assert [account.username for account in accounts.list(admin)] == ["admin", "operator"]


def test_admin_resets_a_password_the_user_must_change_it(accounts, admin, operator):
    with pytest.raises(AccessDenied):
        accounts.set_password(operator, operator.id, "Mine-Is-Long-1")
    with pytest.raises(InvalidAccount):
        accounts.set_password(admin, operator.id, "1")
    accounts.set_password(admin, operator.id, "Reset-Pass-99")
    with pytest.raises(LoginFailed):
        accounts.authenticate("operator", OPERATOR_PW)
    account = accounts.authenticate("operator", "Reset-Pass-99")
    assert account.must_change_password
    with pytest.raises(InvalidAccount):
        accounts.change_own_password(operator.id, "wrong-password", "Quite-New-Pass-5")
    with pytest.raises(InvalidAccount):
        accounts.change_own_password(operator.id, "Reset-Pass-99", "Reset-Pass-99")
    changed = accounts.change_own_password(operator.id, "Reset-Pass-99", "Quite-New-Pass-5")
    assert not changed.must_change_password
    assert not accounts.authenticate("operator", "Quite-New-Pass-5").must_change_password


def test_deactivate_change_role_and_window_journaled_and_open_sessions_stop(db, accounts, admin, operator):
    held = accounts.authenticate("operator", OPERATOR_PW)  # the window keeps this object
    manager = accounts.update(admin, operator.id, role=Role.MANAGER, window="")
    assert (manager.role, manager.window) == (Role.MANAGER, None)
    demoted_admin = accounts.create(admin, "second", "Второй Админ", Role.ADMIN, OPERATOR_PW)
    accounts.update(admin, demoted_admin.id, role=Role.OPERATOR, window="3")
    with pytest.raises(AccessDenied):  # the open session of an administrator demoted since
        accounts.list(demoted_admin)
    accounts.update(admin, operator.id, active=False)
    with pytest.raises(LoginFailed) as failure:
        accounts.authenticate("operator", OPERATOR_PW)
    assert failure.value.reason == "locked"
    assert held.role is Role.OPERATOR  # stale, but every write re-reads it (see test_permissions_rechecked)
    with pytest.raises(InvalidAccount, match="administrator"):
        accounts.update(admin, admin.id, active=False)
    with pytest.raises(InvalidAccount, match="administrator"):
        accounts.update(admin, admin.id, role=Role.MANAGER)
    changes = [(e.subject, e.detail) for e in AuditLog(db).recent(100) if e.action == Action.USER_CHANGED]
    assert ("operator", "deactivated") in changes
    assert ("operator", "role operator -> manager; window 2 -> -") in changes


def test_two_first_administrators_at_once_only_one_is_created(db, accounts):
    import threading

    barrier = threading.Barrier(2)
    results: list[object] = []

    def create(name: str) -> None:
        barrier.wait()
        try:
            results.append(accounts.create(None, name, "Админ", Role.ADMIN, ADMIN_PW))
        except AccessDenied as denied:
            results.append(denied)

    threads = [threading.Thread(target=create, args=(name,)) for name in ("first", "other")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(type(r).__name__ for r in results) == ["AccessDenied", "Account"]
    with db.read() as session:
        assert len(list(session.scalars(select(UserRow.id)))) == 1


def test_audit_records_who_created_whom(db, accounts, admin, operator):
    accounts.create(admin, "manager", "Сапаров Ерлан", Role.MANAGER, OPERATOR_PW)
    log = actions(db)
    assert [entry for entry in log if entry[1] == Action.USER_CREATED] == [
        ("", Action.USER_CREATED, "admin"),
        ("admin", Action.USER_CREATED, "operator"),
        ("admin", Action.USER_CREATED, "manager"),
    ]


def test_the_screens_each_role_opens_follow_its_capabilities():
    opens = {
        role: {s for s in Screen if can_open(Account(1, "x", "X", role, "1", False), s)} for role in Role
    }
    assert opens == {
        Role.OPERATOR: {Screen.INTAKE, Screen.RESULTS, Screen.CATALOG},
        Role.MANAGER: {Screen.HANDOFF, Screen.RESULTS, Screen.CATALOG, Screen.REPORTS},
        Role.ADMIN: {Screen.SETTINGS, Screen.CATALOG, Screen.REPORTS},
    }
    operator = Account(1, "op", "Op", Role.OPERATOR, "1", False)
    require_screen(operator, Screen.CATALOG)
    with pytest.raises(AccessDenied, match="screen"):
        require_screen(operator, Screen.HANDOFF)


def test_a_use_case_asks_for_a_capability_not_a_screen():
    operator = Account(1, "op", "Op", Role.OPERATOR, "1", False)
    manager = Account(2, "mg", "Mg", Role.MANAGER, None, False)
    admin = Account(3, "ad", "Ad", Role.ADMIN, None, False)
    assert can(operator, Capability.TAKE_APPLICATIONS) and not can(manager, Capability.TAKE_APPLICATIONS)
    assert can(manager, Capability.HAND_OVER) and not can(operator, Capability.HAND_OVER)
    assert [can(a, Capability.DEAL_WITH_RESULTS) for a in (operator, manager, admin)] == [True, True, False]
    assert [can(a, Capability.ADMINISTER) for a in (operator, manager, admin)] == [False, False, True]
    require(operator, Capability.HAND_OVER, Capability.DEAL_WITH_RESULTS)  # one of them is enough
    with pytest.raises(AccessDenied, match="role does not allow"):
        require(admin, Capability.TAKE_APPLICATIONS, Capability.DEAL_WITH_RESULTS)


def test_an_operator_without_a_window_is_refused_on_creation_and_change(db, accounts, admin, operator):
    """The Settings screen's rule, now the domain's (``window_problem``): the CLI cannot go around it either."""
    with pytest.raises(InvalidAccount, match="window") as refused:
        accounts.create(admin, "nowindow", "Без Окна", Role.OPERATOR, OPERATOR_PW)
    assert refused.value.field == "window" and accounts.find("nowindow") is None
    with pytest.raises(InvalidAccount, match="window"):
        accounts.update(admin, operator.id, window="")
    assert accounts.get(operator.id).window == operator.window
    manager = accounts.create(admin, "boss", "Менеджер", Role.MANAGER, OPERATOR_PW)
    with pytest.raises(InvalidAccount, match="window"):
        accounts.update(admin, manager.id, role=Role.OPERATOR)
    assert accounts.update(admin, manager.id, role=Role.OPERATOR, window="4").window == "4"
