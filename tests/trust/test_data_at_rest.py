"""Personal data at rest, on real files under umask 022: the data directory 0700, the database, its WAL files,
drafts, previews and logs 0600; the retention policy deletes what outlived its period (and nothing else)."""

from __future__ import annotations

import datetime as dt
import os
import stat

import pytest

from counter_app import paths
from counter_app.core.domain.intake_draft import IntakeDraft
from counter_app.core.usecases import retention
from counter_app.core.usecases.drafts import Drafts
from counter_app.core.usecases.intake_recovery import LocalDraftCopy
from counter_app.errors import log_exception
from counter_app.storage.db import open_database

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_the_data_directory_and_every_file_are_private(tmp_path, monkeypatch, umask_022):
    data = tmp_path / "data"
    monkeypatch.setenv("COUNTER_DATA_DIR", str(data))
    db = open_database()  # the default SQLite file in the data directory
    try:
        with db.write() as session:  # a write: the WAL and shared-memory files appear
            session.execute(__import__("sqlalchemy").text("CREATE TABLE t (x INTEGER)"))
        files = [data / "counter.sqlite3", data / "counter.sqlite3-wal", data / "counter.sqlite3-shm"]
        assert mode(data) == 0o700
        for path in files:
            assert path.exists() and mode(path) == 0o600, path
    finally:
        db.dispose()
    LocalDraftCopy(data, "operator", "1").save(IntakeDraft(service_code="guardian-benefit"))
    assert mode(data / "drafts") == 0o700
    assert all(mode(p) == 0o600 for p in (data / "drafts").iterdir())
    log = log_exception(RuntimeError("boom"))
    assert mode(data / "logs") == 0o700 and mode(log) == 0o600
    preview_dir = paths.private_dir(data / "previews")
    paths.write_private(preview_dir / "document.pdf", b"%PDF")
    assert mode(preview_dir) == 0o700 and mode(preview_dir / "document.pdf") == 0o600


def test_an_existing_world_readable_database_is_made_private(tmp_path, umask_022):
    path = tmp_path / "old.sqlite3"
    db = open_database(f"sqlite:///{path}")
    db.dispose()
    path.chmod(0o644)
    db = open_database(f"sqlite:///{path}")
    db.dispose()
    assert mode(path) == 0o600


def test_a_data_directory_that_cannot_be_created_is_a_message(tmp_path, monkeypatch, capsys):
    from counter_app.cli import main

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("COUNTER_DATA_DIR", str(blocker / "data"))
    assert main(["db", "info"]) != 0
    err = capsys.readouterr().err
    assert "data directory" in err and "Traceback" not in err


def age(path, days: float) -> None:
    moment = (dt.datetime.now() - dt.timedelta(days=days)).timestamp()
    os.utime(path, (moment, moment))


def test_retention_clean_up_on_real_files_and_drafts(tmp_path, monkeypatch):
    from counter_app.core.domain.permissions import AccessDenied, Role
    from counter_app.core.usecases.accounts import Accounts

    data = tmp_path / "data"
    db = open_database(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    try:
        admin = Accounts(db).create(None, "admin", "Админ", Role.ADMIN, "Kilt-Orange-77")
        operator = Accounts(db).create(
            admin, "operator", "Оператор", Role.OPERATOR, "Tulip-Desk-31", window="1"
        )
        assert retention.load(db) == retention.DEFAULTS
        with pytest.raises(retention.InvalidRetention):
            retention.save(db, admin, retention.Retention(drafts_days=0))
        with pytest.raises(AccessDenied):  # an operator may not change the policy
            retention.save(db, operator, retention.Retention(drafts_days=10))
        retention.save(
            db, admin, retention.Retention(drafts_days=10, local_copies_days=2, previews_days=1, logs_days=30)
        )
        Drafts(db).save(operator, IntakeDraft(service_code="guardian-benefit"))
        old_copy = LocalDraftCopy(data, "old", "1")
        old_copy.save(IntakeDraft())
        new_copy = LocalDraftCopy(data, "new", "1")
        new_copy.save(IntakeDraft())
        age(old_copy.path, 3)
        old_preview = paths.private_dir(data / "previews" / "counter-print-old")
        paths.write_private(old_preview / "document.pdf", b"%PDF")
        age(old_preview, 2)
        new_preview = paths.private_dir(data / "previews" / "counter-print-new")
        logs = paths.private_dir(data / "logs")
        paths.write_private(logs / "errors.log", b"x")
        age(logs / "errors.log", 31)

        now = dt.datetime.now(dt.UTC)
        assert retention.clean_up(db, data, now) == retention.CleanUp(
            drafts=0, local_copies=1, previews=1, logs=1
        )
        assert not old_copy.path.exists() and new_copy.path.exists()
        assert not old_preview.exists() and new_preview.exists()
        assert Drafts(db).load(operator) is not None
        assert retention.clean_up(db, data, now + dt.timedelta(days=11)).drafts == 1
        assert Drafts(db).load(operator) is None
    finally:
        db.dispose()
