"""Bad input on the command line: each case ends with a message in the user's language (``--lang``), a
non-zero exit, no traceback, and nothing stored."""

from __future__ import annotations

import io
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from counter_app.cli import main
from tests.support.bad_input_world import PASSWORDS, World, assert_clear, snapshot

MANAGER, ADMIN = PASSWORDS["manager"], PASSWORDS["admin"]


def _sqlite_with(tmp: Path, content: bytes) -> str:
    path = tmp / "given.sqlite3"
    path.write_bytes(content)
    return f"sqlite:///{path}"


def _newer_database(tmp: Path) -> str:
    path = tmp / "newer.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
    connection.execute("INSERT INTO alembic_version VALUES ('9999')")
    connection.commit()
    connection.close()
    return f"sqlite:///{path}"


def _nested_catalog(tmp: Path) -> str:
    forms = tmp / "forms"
    shutil.copytree(Path(__file__).resolve().parents[2] / "forms", forms)
    (forms / "services" / "nested.yaml").write_text("code: " + "[" * 100_000 + "\n", encoding="utf-8")
    return str(forms)


# name: (arguments, stdin, setup(tmp, world) -> extra arguments prefix or None)
CASES = {
    "calendar due 9999-12-31": (["calendar", "due", "9999-12-31", "--no-db"], None),
    "calendar due 0001-01-01": (["calendar", "due", "0001-01-01", "--no-db"], None),
    "calendar due --days -3": (["calendar", "due", "2026-11-23", "--days", "-3", "--no-db"], None),
    "calendar due --days 100000": (["calendar", "due", "2026-11-23", "--days", "100000", "--no-db"], None),
    "manifest --return --date 0001-01-01": (
        [
            "manifest",
            "--as",
            "manager",
            "--return",
            "--date",
            "0001-01-01",
            "--provider",
            "{provider}",
            "--out",
            "{tmp}/m.pdf",
        ],
        MANAGER,
    ),
    "manifest --out into a missing folder": (
        [
            "manifest",
            "--as",
            "manager",
            "--date",
            "{today}",
            "--provider",
            "{provider}",
            "--out",
            "{tmp}/missing/m.pdf",
        ],
        MANAGER,
    ),
    "manifest --out a folder": (
        ["manifest", "--as", "manager", "--date", "{today}", "--provider", "{provider}", "--out", "{tmp}"],
        MANAGER,
    ),
    "manifest --number unknown": (
        ["manifest", "--as", "manager", "--number", "1-20260101-M99", "--out", "{tmp}/m.pdf"],
        MANAGER,
    ),
    "manifest for provider 9999": (
        ["manifest", "--as", "manager", "--date", "{today}", "--provider", "9999", "--out", "{tmp}/m.pdf"],
        MANAGER,
    ),
    "manifest with a wrong password": (
        [
            "manifest",
            "--as",
            "manager",
            "--date",
            "{today}",
            "--provider",
            "{provider}",
            "--out",
            "{tmp}/m.pdf",
        ],
        "not-the-password",
    ),
    "manifest by an operator": (
        [
            "manifest",
            "--as",
            "operator",
            "--date",
            "{today}",
            "--provider",
            "{provider}",
            "--out",
            "{tmp}/m.pdf",
        ],
        PASSWORDS["operator"],
    ),
    "manifest with no terminal and no --as": (
        ["manifest", "--date", "{today}", "--provider", "{provider}", "--out", "{tmp}/m.pdf"],
        "",
    ),
    "user add: a name with a space": (
        [
            "user",
            "add",
            "two words",
            "--role",
            "operator",
            "--full-name",
            "Аты",
            "--window",
            "1",
            "--password-stdin",
            "--as",
            "admin",
        ],
        ADMIN + "\nFresh-Pass-77",
    ),
    "user add: weak password": (
        [
            "user",
            "add",
            "newuser",
            "--role",
            "operator",
            "--full-name",
            "Аты",
            "--window",
            "1",
            "--password-stdin",
            "--as",
            "admin",
        ],
        ADMIN + "\n123",
    ),
    "user add: 10,000-letter full name": (
        [
            "user",
            "add",
            "newuser",
            "--role",
            "operator",
            "--full-name",
            "Ж" * 10_000,
            "--window",
            "1",
            "--password-stdin",
            "--as",
            "admin",
        ],
        ADMIN + "\nFresh-Pass-77",
    ),
    "user add: no new password on stdin": (
        [
            "user",
            "add",
            "newuser",
            "--role",
            "operator",
            "--full-name",
            "Аты",
            "--password-stdin",
            "--as",
            "admin",
        ],
        ADMIN,
    ),
    "user add: without signing in": (
        ["user", "add", "newuser", "--role", "admin", "--full-name", "Аты", "--password-stdin"],
        "Fresh-Pass-77",
    ),
    "user list: stdin closed": (["user", "list", "--as", "admin"], "<closed>"),
    "user list: wrong password": (["user", "list", "--as", "admin"], "wrong-password"),
    "user list: as an operator": (["user", "list", "--as", "operator"], PASSWORDS["operator"]),
    "user set: unknown user": (["user", "set", "nobody", "--role", "manager", "--as", "admin"], ADMIN),
    "user set: the last administrator deactivated": (
        ["user", "set", "admin", "--deactivate", "--as", "admin"],
        ADMIN,
    ),
    "user unlock: unknown user": (["user", "unlock", "nobody", "--as", "admin"], ADMIN),
    "user add: non-UTF-8 name": (
        ["user", "add", "b\udcffad", "--role", "operator", "--full-name", "X", "--password-stdin"],
        "",
    ),
    "db info: mysql URL": (["--db", "mysql://u@h/d", "db", "info"], None),
    "db info: URL that is no URL": (["--db", "::not a url::", "db", "info"], None),
    "db info: driver not installed": (["--db", "postgresql+asyncpg://u@127.0.0.1/d", "db", "info"], None),
    "db info: damaged SQLite file": (["--db", "{damaged}", "db", "info"], None),
    "db upgrade: a text file as database": (["--db", "{text_file}", "db", "upgrade"], None),
    "user list: on a damaged SQLite file": (["--db", "{damaged}", "user", "list"], ""),
    "db upgrade: a newer Counter's database": (["--db", "{newer}", "db", "upgrade"], None),
    "audit verify: a newer Counter's database": (["--db", "{newer}", "audit", "verify"], None),
    "db info: a data directory that cannot be created": (["db", "info"], "<no url>"),
    "catalog validate: 100,000 nested brackets": (["catalog", "validate", "{nested}"], None),
    "catalog show: unknown service": (["catalog", "show", "no-such-service"], None),
    "print specimen: unknown service": (
        [
            "print",
            "specimen",
            "acceptance",
            "--service",
            "no-such-service",
            "--lang",
            "kk",
            "--out",
            "{tmp}/s.pdf",
        ],
        None,
    ),
    "print specimen: --out into a missing folder": (
        [
            "print",
            "specimen",
            "acceptance",
            "--service",
            "guardian-benefit",
            "--lang",
            "kk",
            "--out",
            "{tmp}/missing/s.pdf",
        ],
        None,
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_command_line_refuses_with_a_clear_message(
    world: World, in_language, name, tmp_path, monkeypatch, capsys
):
    arguments, stdin = CASES[name]
    values = {"tmp": str(tmp_path), "today": world.today.isoformat(), "provider": str(world.provider)}
    if any("{damaged}" in a for a in arguments):
        values["damaged"] = _sqlite_with(tmp_path, b"SQLite format 3\x00" + bytes(range(256)) * 40)
    if any("{text_file}" in a for a in arguments):
        values["text_file"] = _sqlite_with(tmp_path, "Бұл дерекқор емес.\n".encode() * 100)
    if any("{newer}" in a for a in arguments):
        values["newer"] = _newer_database(tmp_path)
    if any("{nested}" in a for a in arguments):
        values["nested"] = _nested_catalog(tmp_path)
    monkeypatch.setenv("COUNTER_DB_URL", world.db.url)
    if stdin == "<no url>":
        monkeypatch.delenv("COUNTER_DB_URL")
        blocker = tmp_path / "file"
        blocker.write_text("not a folder")
        monkeypatch.setenv("COUNTER_DATA_DIR", str(blocker / "data"))
        stdin = None
    if stdin == "<closed>":
        closed = io.StringIO()
        closed.close()
        monkeypatch.setattr("sys.stdin", closed)
    else:
        monkeypatch.setattr("sys.stdin", io.StringIO("" if stdin is None else stdin + "\n"))
    before = snapshot(world.db)
    argv = [
        "--lang",
        world.language,
        *(a.format(**values) if "{" in a and "}" in a and len(a) < 200 else a for a in arguments),
    ]
    try:
        code = main(argv)
    except SystemExit as stopped:  # argparse and catalog validate stop this way, with a code and a message
        code = stopped.code
    err = capsys.readouterr().err
    assert code != 0, err
    assert_clear(err, world.language)
    assert snapshot(world.db) == before
    assert not (tmp_path / "m.pdf").exists() and not (tmp_path / "missing").exists()


def test_demo_on_a_database_with_users_stops_before_any_window(world: World, tmp_path):
    before = snapshot(world.db)
    env = {
        **__import__("os").environ,
        "COUNTER_DB_URL": world.db.url,
        "QT_QPA_PLATFORM": "offscreen",
        "COUNTER_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "counter_app", "--demo", "--lang", world.language],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 2, result.stderr
    assert_clear(result.stderr, world.language)
    assert snapshot(world.db) == before
