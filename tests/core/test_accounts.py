"""Accounts: argon2 hashes, lockout after five failures, admin-only management, the role-to-screen table."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from counter_app.core.accounts import (
    FAST_HASHES_VARIABLE,
    MAX_FAILED_LOGINS,
    SCREENS_BY_ROLE,
    SYSTEM_ACTOR,
    AccessDenied,
    Accounts,
    InvalidAccount,
    LoginFailed,
    Role,
    Screen,
    can_open,
    require,
)
from counter_app.core.audit import Action, AuditLog
from counter_app.storage.models import UserRow
from counter_app.storage.testing import backend_params, scratch_database


@pytest.fixture(autouse=True)
def _fast_password_hashes(monkeypatch):
    """Argon2's cheapest parameters: the same code path, without 64 MiB per hash."""
    monkeypatch.setenv(FAST_HASHES_VARIABLE, "1")


@pytest.fixture(params=backend_params())
def db(request, tmp_path):
    with scratch_database(request.param, tmp_path) as database:
        yield database


@pytest.fixture
def accounts(db):
    return Accounts(db)


@pytest.fixture
def admin(accounts):
    return accounts.create(None, "admin", "Абенова Динара", Role.ADMIN, "admin-pass")


@pytest.fixture
def operator(accounts, admin):
    return accounts.create(admin, "operator", "Жумабаева Айгерим", Role.OPERATOR, "op-pass", window="2")


def actions(db) -> list[tuple[str, str, str]]:
    return [(entry.username, entry.action, entry.subject) for entry in reversed(AuditLog(db).recent())]


def test_the_stored_hash_is_argon2_not_the_password(db, accounts, admin):
    with db.read() as session:
        stored = session.scalars(select(UserRow.password_hash).where(UserRow.id == admin.id)).one()
    assert "admin-pass" not in stored
    assert stored.startswith("$argon2id$")


def test_real_hashes_use_the_rfc_9106_low_memory_parameters(db, accounts, monkeypatch):
    monkeypatch.delenv(FAST_HASHES_VARIABLE)
    account = accounts.create(None, "admin", "Абенова Динара", Role.ADMIN, "admin-pass")
    with db.read() as session:
        stored = session.scalars(select(UserRow.password_hash).where(UserRow.id == account.id)).one()
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert accounts.authenticate("admin", "admin-pass") == account


def test_first_user_needs_no_actor_but_must_be_an_administrator(accounts):
    assert not accounts.has_any_user()
    with pytest.raises(AccessDenied):
        accounts.create(None, "first", "Кто-то", Role.OPERATOR, "pw")
    admin = accounts.create(None, "First", "Кто-то", Role.ADMIN, "pw")
    assert admin.username == "first"
    assert accounts.has_any_user()
    with pytest.raises(AccessDenied):
        accounts.create(None, "second", "Другой", Role.ADMIN, "pw")


def test_only_an_administrator_creates_users(accounts, admin, operator):
    with pytest.raises(AccessDenied):
        accounts.create(operator, "x", "X", Role.OPERATOR, "pw")
    manager = accounts.create(SYSTEM_ACTOR, "manager", "Сапаров Ерлан", Role.MANAGER, "pw")
    assert manager.role is Role.MANAGER


@pytest.mark.parametrize(
    ("username", "full_name", "password"),
    [
        ("admin", "Another", "pw"),
        ("two words", "X", "pw"),
        ("cli", "X", "pw"),
        ("new", " ", "pw"),
        ("new", "X", ""),
    ],
)
def test_bad_account_data_is_refused(accounts, admin, username, full_name, password):
    with pytest.raises(InvalidAccount):
        accounts.create(admin, username, full_name, Role.OPERATOR, password)


def test_login_with_the_right_password(accounts, operator):
    account = accounts.authenticate(" Operator ", "op-pass")
    assert account == operator
    assert account.window == "2"


def test_unknown_user_and_wrong_password_fail_alike(accounts, operator):
    with pytest.raises(LoginFailed) as unknown:
        accounts.authenticate("nobody", "op-pass")
    with pytest.raises(LoginFailed) as wrong:
        accounts.authenticate("operator", "wrong")
    assert unknown.value.reason == wrong.value.reason == "wrong"


def test_five_failures_in_a_row_lock_the_account_until_an_administrator_unlocks_it(
    db, accounts, admin, operator
):
    for _ in range(MAX_FAILED_LOGINS - 1):
        with pytest.raises(LoginFailed) as failure:
            accounts.authenticate("operator", "wrong")
        assert failure.value.reason == "wrong"
    with pytest.raises(LoginFailed) as failure:
        accounts.authenticate("operator", "wrong")
    assert failure.value.reason == "locked"
    with pytest.raises(LoginFailed) as failure:
        accounts.authenticate("operator", "op-pass")  # the right password no longer helps
    assert failure.value.reason == "locked"
    assert accounts.find("operator").locked

    with pytest.raises(AccessDenied):
        accounts.unlock(operator, operator.id)
    accounts.unlock(admin, operator.id)
    assert accounts.authenticate("operator", "op-pass").locked is False

    log = actions(db)
    assert ("", Action.ACCOUNT_LOCKED, "operator") in log
    assert ("admin", Action.ACCOUNT_UNLOCKED, "operator") in log
    assert log[-1] == ("operator", Action.LOGIN, "")
    assert sum(1 for entry in log if entry[1] == Action.LOGIN_FAILED) == MAX_FAILED_LOGINS + 1


def test_a_successful_login_resets_the_failure_count(accounts, operator):
    for _ in range(MAX_FAILED_LOGINS - 1):
        with pytest.raises(LoginFailed):
            accounts.authenticate("operator", "wrong")
    accounts.authenticate("operator", "op-pass")
    for _ in range(MAX_FAILED_LOGINS - 1):
        with pytest.raises(LoginFailed) as failure:
            accounts.authenticate("operator", "wrong")
        assert failure.value.reason == "wrong"


def test_verify_password_for_the_idle_lock(accounts, operator):
    assert accounts.verify_password(operator.id, "op-pass")
    assert not accounts.verify_password(operator.id, "wrong")
    assert not accounts.verify_password(9999, "op-pass")


def test_wrong_passwords_at_the_idle_lock_count_towards_the_lockout(accounts, operator):
    for _ in range(MAX_FAILED_LOGINS):
        assert not accounts.verify_password(operator.id, "wrong")
    assert not accounts.verify_password(operator.id, "op-pass")
    with pytest.raises(LoginFailed) as failure:
        accounts.authenticate("operator", "op-pass")
    assert failure.value.reason == "locked"


def test_operator_cannot_list_users_admin_can(accounts, admin, operator):
    with pytest.raises(AccessDenied):
        accounts.list(operator)
    assert [account.username for account in accounts.list(admin)] == ["admin", "operator"]


def test_admin_sets_a_password(accounts, admin, operator):
    with pytest.raises(AccessDenied):
        accounts.set_password(operator, operator.id, "mine")
    accounts.set_password(admin, operator.id, "new-pass")
    with pytest.raises(LoginFailed):
        accounts.authenticate("operator", "op-pass")
    assert accounts.authenticate("operator", "new-pass").id == operator.id


def test_audit_records_who_created_whom(db, accounts, admin, operator):
    accounts.create(SYSTEM_ACTOR, "manager", "Сапаров Ерлан", Role.MANAGER, "pw")
    log = actions(db)
    assert log[:3] == [
        ("", Action.USER_CREATED, "admin"),
        ("admin", Action.USER_CREATED, "operator"),
        ("cli", Action.USER_CREATED, "manager"),
    ]


def test_screens_by_role():
    assert SCREENS_BY_ROLE == {
        Role.OPERATOR: (Screen.INTAKE, Screen.RESULTS, Screen.CATALOG),
        Role.MANAGER: (Screen.HANDOFF, Screen.RESULTS, Screen.CATALOG, Screen.REPORTS),
        Role.ADMIN: (Screen.SETTINGS, Screen.CATALOG, Screen.REPORTS),
    }
    operator = SYSTEM_ACTOR.__class__(1, "op", "Op", Role.OPERATOR, "1", False)
    assert can_open(operator, Screen.INTAKE)
    assert not can_open(operator, Screen.SETTINGS)
    require(operator, Screen.CATALOG)
    with pytest.raises(AccessDenied):
        require(operator, Screen.HANDOFF)
    assert not can_open(SYSTEM_ACTOR, Screen.INTAKE)  # an administrator does not take applications
