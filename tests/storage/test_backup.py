"""``db backup`` / ``db restore`` and the daily backup, on real SQLite files.

The backup is taken while two window processes write intakes (``tests/concurrency/window_worker.py``): every
copy is a whole, consistent database (gap-free numbers, a package and an audit entry for each acceptance).
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from counter_app.cli import main
from counter_app.core.domain.permissions import Role
from counter_app.core.usecases.accounts import Accounts
from counter_app.core.usecases.backups import restore
from counter_app.core.usecases.demo import seed_demo
from counter_app.storage.backup import BackupError, check_backup, daily_backup, daily_backups
from counter_app.storage.db import Database, open_database
from tests.support.databases import intake_problems

TESTS = Path(__file__).resolve().parents[1]
WORKER = (
    "-m",
    "tests.concurrency.window_worker",
)  # run from the repository, as a module of the tests package
FIXTURES = TESTS / "fixtures" / "db"
INTAKES_PER_WINDOW = 120


@pytest.fixture
def desk(tmp_path, monkeypatch):
    """A desk's SQLite database with the demo office, named by COUNTER_DB_URL as the CLI reads it."""
    path = tmp_path / "desk" / "counter.sqlite3"
    path.parent.mkdir()
    url = f"sqlite:///{path}"
    monkeypatch.setenv("COUNTER_DB_URL", url)
    db = open_database(url)
    seed_demo(db)
    yield db, path
    db.dispose()


def applications(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT count(*) FROM applications").fetchone()[0]
    finally:
        connection.close()


def test_backups_taken_while_windows_write_are_whole(desk, tmp_path, capsys):
    db, path = desk
    windows = [
        subprocess.Popen(
            [sys.executable, *WORKER, db.url, window, str(INTAKES_PER_WINDOW)],
            cwd=TESTS.parent,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for window in ("1", "2")
    ]
    for window in windows:
        assert window.stdout.readline().strip() == "ready"
    for window in windows:
        window.stdin.write("go\n")
        window.stdin.close()
    copies = []
    for index in range(3):
        for window in windows:  # let some intakes be written between the copies
            for _ in range(15):
                window.stdout.readline()
        out = tmp_path / f"during-{index}.sqlite3"
        assert main(["db", "backup", "--out", str(out)]) == 0
        assert str(out) in capsys.readouterr().out
        copies.append(out)
    for window in windows:
        window.stdout.read()
        window.stdout.close()
        assert window.wait() == 0
    counts = [applications(copy) for copy in copies]
    assert 0 < counts[0] <= counts[1] <= counts[2] < 2 * INTAKES_PER_WINDOW, counts
    for copy in copies:
        assert not Path(f"{copy}-wal").exists()  # one self-contained file
        assert check_backup(copy).applications == applications(copy)
        copied = Database(f"sqlite:///{copy}")
        try:
            assert intake_problems(copied) == []
        finally:
            copied.dispose()
    assert applications(path) == 2 * INTAKES_PER_WINDOW


def test_restore_keeps_the_previous_database_and_brings_the_backup_back(desk, tmp_path, capsys):
    db, path = desk
    saved = tmp_path / "saved.sqlite3"
    assert main(["db", "backup", "--out", str(saved)]) == 0
    accounts = Accounts(db)
    accounts.create(
        accounts.find("admin"), "later", "Added after the backup", Role.OPERATOR, "Added-after-77", window="1"
    )
    capsys.readouterr()

    assert main(["db", "restore", str(saved)]) == 0
    out = capsys.readouterr().out
    assert "The previous database is kept in" in out
    (kept,) = path.parent.glob("counter.sqlite3.before-restore-*")
    assert Accounts(db).find("later") is None  # the open database sees the restored content
    previous = Database(f"sqlite:///{kept}")
    try:
        assert Accounts(previous).find("later") is not None
    finally:
        previous.dispose()


@pytest.mark.parametrize("damage", ["not a database", "truncated", "newer schema", "not counter"])
def test_a_bad_backup_is_refused_and_nothing_is_replaced(desk, tmp_path, capsys, damage):
    db, path = desk
    bad = tmp_path / "bad.sqlite3"
    assert main(["db", "backup", "--out", str(bad)]) == 0
    if damage == "not a database":
        bad.write_bytes(b"this is a text file, not a database\n" * 100)
    elif damage == "truncated":
        data = bad.read_bytes()
        bad.write_bytes(data[: len(data) // 2])
    elif damage == "newer schema":
        connection = sqlite3.connect(bad)
        connection.execute("UPDATE alembic_version SET version_num = '0999'")
        connection.execute("UPDATE counter_release SET version = '7.3.0'")
        connection.commit()
        connection.close()
    else:
        bad.unlink()
        sqlite3.connect(bad).execute("CREATE TABLE notes (text TEXT)").connection.close()
    before = applications(path), Accounts(db).list(Accounts(db).find("admin"))
    capsys.readouterr()

    assert main(["db", "restore", str(bad)]) == 1
    error = capsys.readouterr().err
    assert error.startswith("Nothing was restored.")
    if damage == "newer schema":
        assert "install version 7.3.0" in error
    assert "Traceback" not in error
    assert not list(path.parent.glob("*.before-restore-*"))
    assert (applications(path), Accounts(db).list(Accounts(db).find("admin"))) == before


def test_an_old_backup_is_restored_and_upgraded(desk, tmp_path):
    db, _path = desk
    old = tmp_path / "schema-0001.sqlite3"
    shutil.copyfile(FIXTURES / "schema-0001.sqlite3", old)
    checked, _kept = restore(db, old, dt.datetime(2026, 11, 29, 18, 0))
    assert checked.revision == "0001"
    assert db.current_revision() == db.head_revision()
    assert Accounts(db).authenticate("admin", "fixture-admin").role is Role.ADMIN


def test_postgresql_is_backed_up_by_its_server():
    db = Database("postgresql+psycopg://counter@db-host/counter")
    with pytest.raises(BackupError, match="pg_dump"):
        restore(db, Path("whatever.sqlite3"), dt.datetime(2026, 11, 29))


def test_daily_backup_once_a_day_keeping_the_newest(desk, tmp_path):
    db, _path = desk
    folder = tmp_path / "backups"
    made = [daily_backup(db, folder, keep=3, now=dt.datetime(2026, 11, day, 9, 0)) for day in range(20, 26)]
    assert all(path is not None for path in made)
    assert daily_backup(db, folder, keep=3, now=dt.datetime(2026, 11, 25, 17, 30)) is None  # today's exists
    assert [path.name for path in daily_backups(folder)] == [
        "counter-20261123-090000.sqlite3",
        "counter-20261124-090000.sqlite3",
        "counter-20261125-090000.sqlite3",
    ]
    assert check_backup(daily_backups(folder)[-1]).revision == db.head_revision()


@pytest.fixture
def computer_in_new_york(monkeypatch):
    """The computer's clock set to another time zone than the office's (UTC-5 against Almaty's UTC+5)."""
    import time

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def stamp_of(name: str) -> dt.datetime:
    return dt.datetime.strptime(name.removeprefix("counter-").removesuffix(".sqlite3")[:15], "%Y%m%d-%H%M%S")


def test_backups_are_named_on_the_offices_clock_not_the_computers(desk, tmp_path, computer_in_new_york):
    """20:30 UTC on 29.11 is 01:30 on 30.11 at the office: the daily backup and the copy kept before a restore
    are named by the office's day and time, whatever the computer's time zone (they were named by its clock)."""
    from counter_app.core.domain.office_time import office_now

    db, _path = desk
    folder = tmp_path / "backups"
    evening_utc = dt.datetime(2026, 11, 29, 20, 30, tzinfo=dt.UTC)
    made = daily_backup(db, folder, keep=3, now=evening_utc)
    assert made is not None and made.name == "counter-20261130-013000.sqlite3"
    assert (
        daily_backup(db, folder, keep=3, now=dt.datetime(2026, 11, 30, 4, 0, tzinfo=dt.UTC)) is None
    )  # same day

    later = tmp_path / "later"
    (today,) = [daily_backup(db, later, keep=3)]  # this moment
    office, computer = office_now().replace(tzinfo=None), dt.datetime.now()
    assert abs(stamp_of(today.name) - office) < dt.timedelta(minutes=2)
    assert abs(stamp_of(today.name) - computer) > dt.timedelta(hours=9)  # the computer's clock names nothing

    _checked, kept = restore(db, made, evening_utc)
    assert kept.name.endswith(".before-restore-20261130-013000")
