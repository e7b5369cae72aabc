"""``counter-app db ...`` and ``counter-app user ...`` run through ``counter_app.cli.main``."""

from __future__ import annotations

import io

import pytest

from counter_app.cli import main
from counter_app.core.domain.account_rules import LoginFailed
from counter_app.core.usecases.accounts import Accounts
from counter_app.core.usecases.audit import AuditLog
from counter_app.storage.db import Database


@pytest.fixture
def stdin(monkeypatch):
    def feed(text: str) -> None:
        monkeypatch.setattr("sys.stdin", io.StringIO(text))

    return feed


def test_db_upgrade_then_info(db_url, capsys):
    assert main(["--db", db_url, "db", "info"]) == 0
    assert "none (empty database)" in capsys.readouterr().out
    assert main(["--db", db_url, "db", "upgrade"]) == 0
    db = Database(db_url)
    try:
        head = db.head_revision()
        assert db.current_revision() == head
    finally:
        db.dispose()
    assert f"revision {head}" in capsys.readouterr().out
    assert main(["--db", db_url, "db", "info"]) == 0
    out = capsys.readouterr().out
    assert f"Revision: {head}" in out
    assert "Newest revision" not in out


def test_db_upgrade_reports_an_unreachable_database(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'missing' / 'counter.sqlite3'}"
    assert main(["--db", url, "db", "upgrade"]) == 1
    assert "Cannot reach the database" in capsys.readouterr().err


ADMIN_PASSWORD = "Kilt-Orange-77"


def add_user(db_url, stdin, username, role, password="op-secret-1", *extra, admin="admin"):
    """``user add`` with the new password on stdin, after the administrator's once one exists."""
    db = Database(db_url)
    try:
        has_admin = db.current_revision() is not None and Accounts(db).has_admin()
    finally:
        db.dispose()
    stdin((ADMIN_PASSWORD + "\n" if has_admin else "") + password + "\n")
    return main(
        [
            "--db",
            db_url,
            "user",
            "add",
            username,
            "--role",
            role,
            "--full-name",
            "Имя Фамилия",
            "--password-stdin",
            *(["--as", admin] if has_admin else []),
            *extra,
        ]
    )


def admin_cli(db_url, stdin, *command, password=ADMIN_PASSWORD):
    stdin(password + "\n")
    return main(["--db", db_url, "user", *command, "--as", "admin"])


def test_first_admin_then_users_created_by_the_signed_in_admin(db_url, stdin, capsys):
    assert add_user(db_url, stdin, "admin", "admin", ADMIN_PASSWORD) == 0
    assert add_user(db_url, stdin, "operator", "operator", "op-secret-1", "--window", "3") == 0
    assert "User operator added." in capsys.readouterr().out

    assert admin_cli(db_url, stdin, "list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[:3] for line in lines] == [["admin", "admin", "-"], ["operator", "operator", "3"]]

    db = Database(db_url)
    try:
        account = Accounts(db).authenticate("operator", "op-secret-1")
        assert account.window == "3" and account.must_change_password
        created = [
            (e.username, e.subject) for e in reversed(AuditLog(db).recent()) if e.action == "user_created"
        ]
        assert created == [("", "admin"), ("admin", "operator")]
    finally:
        db.dispose()


def test_user_commands_need_the_administrators_password(db_url, stdin, capsys):
    assert add_user(db_url, stdin, "admin", "admin", ADMIN_PASSWORD) == 0
    assert admin_cli(db_url, stdin, "list", password="wrong-password") == 1
    assert "Wrong username or password." in capsys.readouterr().err
    stdin("")  # no terminal, nothing on stdin
    assert main(["--db", db_url, "user", "list", "--as", "admin"]) == 1
    assert "No password given" in capsys.readouterr().err
    stdin("")
    assert main(["--db", db_url, "user", "list"]) == 1  # no --as and no terminal to ask
    assert "--as" in capsys.readouterr().err


def test_closed_stdin_fails_cleanly(db_url, stdin, monkeypatch, capsys):
    assert add_user(db_url, stdin, "admin", "admin", ADMIN_PASSWORD) == 0
    closed = io.StringIO("")
    closed.close()
    monkeypatch.setattr("sys.stdin", closed)
    assert main(["--db", db_url, "user", "unlock", "admin", "--as", "admin"]) == 1
    assert "standard input is closed" in capsys.readouterr().err


def test_the_first_user_must_be_an_administrator(db_url, stdin, capsys):
    assert add_user(db_url, stdin, "operator", "operator") == 1
    assert "administrator" in capsys.readouterr().err


def test_a_taken_username_is_refused(db_url, stdin, capsys):
    assert add_user(db_url, stdin, "admin", "admin", ADMIN_PASSWORD) == 0
    assert add_user(db_url, stdin, "ADMIN", "manager") == 1
    assert "already taken" in capsys.readouterr().err


def test_a_weak_password_is_refused(db_url, stdin, capsys):
    for weak in (" ", "1", "admin", "admin123456", "aaaaaaaaaa"):
        assert add_user(db_url, stdin, "admin", "admin", weak) == 1
        assert "password" in capsys.readouterr().err


def test_password_is_asked_twice(db_url, monkeypatch, capsys):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr("sys.stdin", Terminal())
    answers = iter(["one-password", "two-password"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["--db", db_url, "user", "add", "admin", "--role", "admin", "--full-name", "Админ"]) == 1
    assert "do not match" in capsys.readouterr().err

    answers = iter(["same-password", "same-password"])
    assert main(["--db", db_url, "user", "add", "admin", "--role", "admin", "--full-name", "Админ"]) == 0


def test_lock_unlock_deactivate_and_change_role_from_the_command_line(db_url, stdin, capsys):
    add_user(db_url, stdin, "admin", "admin", ADMIN_PASSWORD)
    add_user(db_url, stdin, "operator", "operator", "op-secret-1", "--window", "2")
    db = Database(db_url)
    try:
        accounts = Accounts(db)
        assert admin_cli(db_url, stdin, "lock", "operator") == 0
        with pytest.raises(LoginFailed) as failed:
            accounts.authenticate("operator", "op-secret-1")
        assert failed.value.reason == "locked"
        assert admin_cli(db_url, stdin, "list") == 0
        assert "locked" in capsys.readouterr().out
        assert admin_cli(db_url, stdin, "unlock", "operator") == 0
        assert accounts.authenticate("operator", "op-secret-1").username == "operator"
        assert admin_cli(db_url, stdin, "unlock", "nobody") == 1
        assert admin_cli(db_url, stdin, "set", "operator", "--role", "manager", "--window", "") == 0
        assert (accounts.find("operator").role.value, accounts.find("operator").window) == ("manager", None)
        assert admin_cli(db_url, stdin, "set", "operator", "--deactivate") == 0
        assert not accounts.find("operator").active
        assert admin_cli(db_url, stdin, "set", "admin", "--deactivate") == 1  # the last administrator
        assert "At least one active administrator" in capsys.readouterr().err
        changes = [e.detail for e in AuditLog(db).recent() if e.action == "user_changed"]
        assert changes == ["deactivated", "role operator -> manager; window - -> -"] or len(changes) == 2
    finally:
        db.dispose()


@pytest.mark.parametrize(
    "command", [["db"], ["db", "upgrade"], ["user"], ["user", "add"], ["user", "unlock"]]
)
def test_help_texts(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([*command, "--help"])
    assert exit_.value.code == 0
    assert "usage: counter-app" in capsys.readouterr().out


def test_user_add_help_mentions_the_script_option(capsys):
    with pytest.raises(SystemExit):
        main(["user", "add", "--help"])
    out = capsys.readouterr().out
    assert "--password-stdin" in out and "operator,manager,admin" in out


def test_the_command_line_refuses_an_operator_without_a_window_as_settings_does(db_url, stdin, capsys):
    assert add_user(db_url, stdin, "admin", "admin", ADMIN_PASSWORD) == 0
    assert add_user(db_url, stdin, "operator", "operator", "op-secret-1") == 1
    assert "An operator works at a window" in capsys.readouterr().err
    db = Database(db_url)
    try:
        assert Accounts(db).find("operator") is None
    finally:
        db.dispose()
