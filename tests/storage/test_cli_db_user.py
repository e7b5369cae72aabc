"""``counter-app db ...`` and ``counter-app user ...`` run through ``counter_app.cli.main``."""

from __future__ import annotations

import io

import pytest

from counter_app.cli import main
from counter_app.core.accounts import MAX_FAILED_LOGINS, Accounts, LoginFailed
from counter_app.core.audit import AuditLog
from counter_app.storage.db import Database


@pytest.fixture
def stdin(monkeypatch):
    def feed(text: str) -> None:
        monkeypatch.setattr("sys.stdin", io.StringIO(text))

    return feed


def add_user(db_url, stdin, username, role, password="secret", *extra):
    stdin(password + "\n")
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
            *extra,
        ]
    )


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


def test_first_admin_then_users_created_as_the_command_line(db_url, stdin, capsys):
    assert add_user(db_url, stdin, "admin", "admin", "admin-secret") == 0
    assert add_user(db_url, stdin, "operator", "operator", "op-secret", "--window", "3") == 0
    assert "User operator added." in capsys.readouterr().out

    assert main(["--db", db_url, "user", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[:3] for line in lines] == [["admin", "admin", "-"], ["operator", "operator", "3"]]

    db = Database(db_url)
    try:
        assert Accounts(db).authenticate("operator", "op-secret").window == "3"
        created = [
            (e.username, e.subject) for e in reversed(AuditLog(db).recent()) if e.action == "user_created"
        ]
        assert created == [("", "admin"), ("cli", "operator")]
    finally:
        db.dispose()


def test_the_first_user_must_be_an_administrator(db_url, stdin, capsys):
    assert add_user(db_url, stdin, "operator", "operator") == 1
    assert "administrator" in capsys.readouterr().err


def test_a_taken_username_is_refused(db_url, stdin, capsys):
    assert add_user(db_url, stdin, "admin", "admin") == 0
    assert add_user(db_url, stdin, "ADMIN", "manager") == 1
    assert "already taken" in capsys.readouterr().err


def test_password_is_asked_twice(db_url, monkeypatch, capsys):
    answers = iter(["one", "two"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    assert main(["--db", db_url, "user", "add", "admin", "--role", "admin", "--full-name", "Админ"]) == 1
    assert "do not match" in capsys.readouterr().err

    answers = iter(["same", "same"])
    assert main(["--db", db_url, "user", "add", "admin", "--role", "admin", "--full-name", "Админ"]) == 0


def test_unlock_a_locked_user(db_url, stdin, capsys):
    add_user(db_url, stdin, "admin", "admin")
    add_user(db_url, stdin, "operator", "operator", "op-secret")
    db = Database(db_url)
    try:
        accounts = Accounts(db)
        for _ in range(MAX_FAILED_LOGINS):
            with pytest.raises(LoginFailed):
                accounts.authenticate("operator", "wrong")
        assert main(["--db", db_url, "user", "list"]) == 0
        assert "locked" in capsys.readouterr().out
        assert main(["--db", db_url, "user", "unlock", "operator"]) == 0
        assert accounts.authenticate("operator", "op-secret").username == "operator"
        assert main(["--db", db_url, "user", "unlock", "nobody"]) == 1
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
