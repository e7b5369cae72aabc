"""A database upgraded by a newer Counter is refused; a shared database is upgraded once, by the administrator.

Every fixture database of a past schema (tests/fixtures/db) is upgraded to the newest and records the release
that did it; the newer-schema cases are made from such a copy.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from counter_app import __version__
from counter_app.cli import main
from counter_app.storage.db import (
    Database,
    DatabaseTooNew,
    SchemaUpgradeNeeded,
    open_database,
    shipped_head_revision,
)
from tests.support.databases import postgres_base_url, temporary_postgres_schema

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "db"
SCHEMA_FILES = sorted(FIXTURES.glob("schema-*.sqlite3"))


@pytest.fixture(params=SCHEMA_FILES, ids=[path.stem for path in SCHEMA_FILES])
def old_copy(request, tmp_path):
    copy = tmp_path / "counter.sqlite3"
    shutil.copyfile(request.param, copy)
    return copy


@pytest.fixture
def old_revision(old_copy, request):
    return request.node.callspec.params["old_copy"].stem.removeprefix("schema-")


def newer(path: Path, version: str | None) -> None:
    """Make ``path`` look upgraded by a future Counter (a revision this one does not ship)."""
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '0999'")
    if version is None:
        connection.execute("DROP TABLE counter_release")
    else:
        connection.execute("UPDATE counter_release SET version = ?", (version,))
    connection.commit()
    connection.close()


def test_every_past_schema_upgrades_on_a_desk_after_a_backup(old_copy, old_revision):
    backed_up = []
    db = open_database(
        f"sqlite:///{old_copy}", before_upgrade=lambda d: backed_up.append(d.stored_revision())
    )
    try:
        assert backed_up == [old_revision]
        assert old_revision != shipped_head_revision()
        assert db.current_revision() == db.head_revision()
        assert db.upgraded_by() == __version__
    finally:
        db.dispose()


@pytest.mark.parametrize("version", ["3.2.0", None])
def test_a_database_of_a_newer_counter_is_refused_with_the_version_to_install(
    old_copy, monkeypatch, capsys, version
):
    url = f"sqlite:///{old_copy}"
    open_database(url).dispose()
    newer(old_copy, version)
    wanted = f"install version {version} or newer" if version else "install the newest version"
    with pytest.raises(DatabaseTooNew, match=wanted):
        open_database(url)
    monkeypatch.setenv("COUNTER_DB_URL", url)
    assert main(["db", "info"]) == 2
    assert f"This database was upgraded by a newer Counter: {wanted}" in capsys.readouterr().out.replace(
        " (schema 0999)", ""
    )
    assert main(["db", "upgrade"]) == 1
    assert "upgraded by a newer Counter" in capsys.readouterr().err
    connection = sqlite3.connect(old_copy)
    assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [("0999",)]
    connection.close()


@pytest.mark.postgres
def test_a_shared_database_waits_for_the_administrators_upgrade(monkeypatch, capsys):
    base = postgres_base_url()
    if base is None:
        pytest.skip("COUNTER_TEST_PG_URL is not set")
    with temporary_postgres_schema(base) as url:
        old = Database(url)
        old.upgrade("0003")  # a centre's database made by the previous release
        old.dispose()
        with pytest.raises(SchemaUpgradeNeeded, match="counter-app db upgrade"):
            open_database(url)
        monkeypatch.setenv("COUNTER_DB_URL", url)
        assert main(["db", "info"]) == 0
        assert "Newest revision: " in capsys.readouterr().out
        assert main(["db", "upgrade"]) == 0  # the administrator, once
        db = open_database(url)  # now every window starts
        try:
            assert db.current_revision() == db.head_revision()
        finally:
            db.dispose()


@pytest.mark.postgres
def test_an_empty_shared_database_is_created_by_the_first_start():
    base = postgres_base_url()
    if base is None:
        pytest.skip("COUNTER_TEST_PG_URL is not set")
    with temporary_postgres_schema(base) as url:
        db = open_database(url)
        try:
            assert db.current_revision() == db.head_revision()
        finally:
            db.dispose()


def test_the_window_refuses_a_newer_database_with_the_version_to_install(tmp_path):
    import os
    import subprocess
    import sys

    path = tmp_path / "counter.sqlite3"
    open_database(f"sqlite:///{path}").dispose()
    newer(path, "4.0.1")
    env = dict(os.environ, COUNTER_DB_URL=f"sqlite:///{path}", QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-m", "counter_app", "--self-test", "--lang", "en"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "install version 4.0.1 or newer" in result.stderr
    assert "Traceback" not in result.stderr
