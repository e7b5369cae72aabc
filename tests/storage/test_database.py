"""The database layer: migrations match the models, SQLite's WAL / busy timeout / BEGIN IMMEDIATE, errors."""

from __future__ import annotations

import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import event, select, text

from counter_app.storage.db import (
    Database,
    DatabaseUnavailable,
    default_database_url,
    open_database,
    shipped_head_revision,
)
from counter_app.storage.models import WindowRow, all_tables
from counter_app.storage.search import is_search_index


# SQLite's reflection cannot read an index on an expression (the reversed IIN of migration 0012): it is the
# migration's, not the models', like the other search indexes, so only that warning is let through.
@pytest.mark.filterwarnings(
    "ignore:Skipped unsupported reflection of expression-based index ix_applications_search_"
)
def test_migrations_create_exactly_the_models(empty_db):
    with empty_db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "include_name": lambda name, _type, _parent: not is_search_index(name),
            },
        )
        assert compare_metadata(context, all_tables()) == []


def test_database_is_at_the_newest_revision_and_upgrading_again_changes_nothing(empty_db):
    head = empty_db.head_revision()
    assert head is not None
    assert empty_db.current_revision() == head
    empty_db.upgrade()
    assert empty_db.current_revision() == head


def test_empty_database_has_no_revision(db_url):
    db = Database(db_url)
    try:
        assert db.current_revision() is None
    finally:
        db.dispose()


def test_default_url_is_a_file_in_the_data_directory(tmp_path, monkeypatch):
    monkeypatch.setenv("COUNTER_DATA_DIR", str(tmp_path))
    assert default_database_url() == f"sqlite:///{tmp_path / 'counter.sqlite3'}"
    monkeypatch.setenv("COUNTER_DB_URL", "postgresql+psycopg://counter@db.example/counter")
    assert default_database_url() == "postgresql+psycopg://counter@db.example/counter"


def test_write_commits_and_an_error_rolls_back(empty_db):
    with empty_db.write() as session:
        session.add(WindowRow(label="1", position=0))
    with pytest.raises(RuntimeError), empty_db.write() as session:
        session.add(WindowRow(label="2", position=1))
        session.flush()
        raise RuntimeError("stop")
    with empty_db.read() as session:
        assert list(session.scalars(select(WindowRow.label))) == ["1"]


def test_read_never_keeps_what_was_written_in_it(empty_db):
    with empty_db.read() as session:
        session.add(WindowRow(label="9", position=0))
        session.flush()
    with empty_db.read() as session:
        assert list(session.scalars(select(WindowRow.label))) == []


def test_a_read_without_a_transaction_opens_none_on_postgresql(empty_db, backend):
    """A search's reads: on PostgreSQL no BEGIN (nor ROLLBACK) is sent; SQLite keeps its transaction."""
    for transaction in (True, False):
        with empty_db.read(transaction=transaction) as session:
            assert list(session.scalars(select(WindowRow.label))) == []
            driver = session.connection().connection.driver_connection
            if backend == "postgresql":
                from psycopg.pq import TransactionStatus

                assert (driver.info.transaction_status == TransactionStatus.INTRANS) is transaction
            else:
                assert driver.in_transaction


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(empty_db):
    with empty_db.read() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_sqlite_write_transactions_begin_immediate(empty_db):
    statements: list[str] = []

    def remember(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(empty_db.engine, "before_cursor_execute", remember)
    try:
        with empty_db.read() as session:
            session.execute(select(WindowRow))
        assert statements[0] == "BEGIN"
        statements.clear()
        with empty_db.write() as session:
            session.execute(select(WindowRow))
        assert statements[0] == "BEGIN IMMEDIATE"
    finally:
        event.remove(empty_db.engine, "before_cursor_execute", remember)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_two_threads_writing_one_sqlite_file_do_not_hit_database_is_locked(empty_db):
    """Read-then-write transactions in two threads: each must wait for the other, not fail."""
    with empty_db.write() as session:
        session.add(WindowRow(label="counter", position=0))
    rounds = 40
    errors: list[BaseException] = []
    start = threading.Barrier(2)
    # A second Database on the same file, as a second desk or process would have.
    other = Database(empty_db.url)

    def bump(database: Database) -> None:
        try:
            start.wait()
            for _ in range(rounds):
                with database.write() as session:
                    row = session.scalars(select(WindowRow).where(WindowRow.label == "counter")).one()
                    row.position = row.position + 1
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=bump, args=(database,)) for database in (empty_db, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    other.dispose()
    assert errors == []
    with empty_db.read() as session:
        assert session.scalars(select(WindowRow.position)).one() == 2 * rounds


def test_unreachable_sqlite_file_raises_database_unavailable(tmp_path):
    url = f"sqlite:///{tmp_path / 'no such directory' / 'counter.sqlite3'}"
    with pytest.raises(DatabaseUnavailable):
        open_database(url)


def test_unreachable_postgresql_server_raises_database_unavailable():
    db = Database("postgresql+psycopg://counter@127.0.0.1:1/counter?connect_timeout=2")
    try:
        with pytest.raises(DatabaseUnavailable):
            db.upgrade()
        with pytest.raises(DatabaseUnavailable), db.read():
            pass
    finally:
        db.dispose()


def test_display_url_hides_the_password():
    db = Database("postgresql+psycopg://counter:secret@db.example/counter")
    try:
        assert "secret" not in db.display_url()
    finally:
        db.dispose()


def test_the_head_read_from_the_migration_files_is_alembics(empty_db):
    assert shipped_head_revision() == empty_db.head_revision()


def test_a_database_at_the_newest_revision_is_opened_without_alembic(empty_db):
    statements: list[str] = []

    def remember(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(empty_db.engine, "before_cursor_execute", remember)
    try:
        empty_db.upgrade()
    finally:
        event.remove(empty_db.engine, "before_cursor_execute", remember)
    assert [s for s in statements if "alembic_version" in s] == ["SELECT version_num FROM alembic_version"]
    assert empty_db.current_revision() == empty_db.head_revision()


def test_a_database_behind_the_newest_revision_is_still_upgraded(db_url):
    db = Database(db_url)
    try:
        db.upgrade("0002")
        assert db.current_revision() == "0002"
        db.upgrade()
        assert db.current_revision() == shipped_head_revision()
    finally:
        db.dispose()
