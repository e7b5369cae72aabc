"""Intake tests: the demo office on a seeded SQLite file and on PostgreSQL; builders live in tests/support/intake_helpers.py."""

from __future__ import annotations

import shutil

import pytest

from counter_app.core.usecases.accounts import Accounts
from counter_app.core.usecases.demo import seed_demo
from counter_app.storage.db import open_database
from counter_app.ui.kit import operations
from tests.support.databases import backend_params, scratch_database


@pytest.fixture(scope="session")
def seeded_file(tmp_path_factory):
    """A migrated SQLite file with the demo office and users (hashing passwords is slow: done once)."""
    path = tmp_path_factory.mktemp("template") / "counter.sqlite3"
    database = open_database(f"sqlite:///{path}")
    seed_demo(database)
    database.dispose()
    return path


@pytest.fixture(params=backend_params())
def db(request, tmp_path, seeded_file):
    """The demo office on a copy of the seeded SQLite file, or on a fresh PostgreSQL schema."""
    if request.param == "postgresql":
        with scratch_database("postgresql", tmp_path) as database:
            seed_demo(database)
            yield database
            operations.shutdown()  # no background work still uses the database as it is closed
        return
    for suffix in ("", "-wal", "-shm"):
        source = seeded_file.with_name(seeded_file.name + suffix)
        if source.exists():
            shutil.copy(source, tmp_path / ("counter.sqlite3" + suffix))
    database = open_database(f"sqlite:///{tmp_path / 'counter.sqlite3'}")
    yield database
    operations.shutdown()
    database.dispose()


@pytest.fixture
def operator(db):
    return Accounts(db).find("operator")
