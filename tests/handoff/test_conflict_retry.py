"""PostgreSQL gives up one of two transactions that wait for each other's rows (SQLSTATE 40P01) or that cannot be
serialised (40001); the use-cases that move packages run theirs again (``storage.retry``), so the manager's
manifest is built anyway, once, with every package once. Two real connections to the real server."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, text

from counter_app.core.domain import i18n
from counter_app.core.domain.packages import PackageStatus
from counter_app.core.usecases import manifests as manifests_uc
from counter_app.storage.handoff_tables import ManifestPackageRow, ManifestRow, PackageEventRow
from counter_app.storage.intake_tables import ApplicationRow, PackageRow
from counter_app.storage.retry import DatabaseBusy, retried, sqlstate

from .test_handoff_core import FRIDAY, MONDAY, TUESDAY

POSTGRES_ONLY = pytest.mark.parametrize(
    "db", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
WEDNESDAY = TUESDAY + dt.timedelta(days=1)  # Tuesday's intake is due then: every package below is due
WAIT_S = 60  # a generous bound for a loaded machine; the test waits on the server, never on a clock


def in_thread(work: Callable[[], Any]) -> tuple[threading.Thread, dict[str, Any]]:
    out: dict[str, Any] = {}

    def run() -> None:
        try:
            out["result"] = work()
        except Exception as error:  # noqa: BLE001 - handed to the test
            out["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    return thread, out


def wait_until_blocked_by(watcher, pid: int) -> None:
    """Until some other backend waits for a lock ``pid`` holds (asked of the server, no sleeping guess)."""
    query = text("SELECT count(*) FROM pg_stat_activity WHERE :pid = ANY(pg_blocking_pids(pid))")
    for _ in range(WAIT_S * 20):
        if watcher.execute(query, {"pid": pid}).scalar():
            return
        watcher.execute(text("SELECT pg_sleep(0.05)"))
    raise AssertionError("the manifest's transaction never waited for the other connection's package")


@POSTGRES_ONLY
def test_a_manifest_whose_transaction_was_chosen_as_the_deadlock_victim_is_built_once(db, accept_on, manager):
    """The manager builds a manifest of packages of three days (locked by id) while another connection holds the
    last of them and then asks for the first: a cycle. PostgreSQL rolls the manifest's transaction back (the
    other connection waits longer before it looks for cycles); the use-case runs it again once the other
    connection has committed: one manifest, every package on it once, one history step each."""
    numbers = [accept_on(FRIDAY), accept_on(MONDAY), accept_on(TUESDAY)]
    with db.read() as session:
        ids = session.scalars(select(PackageRow.id).order_by(PackageRow.id)).all()
        (provider,) = session.scalars(select(PackageRow.provider_id).distinct()).all()
    engine = create_engine(db.url)
    try:
        with engine.connect() as other, engine.connect() as watcher:
            other.execute(text("SET deadlock_timeout = '10min'"))  # the manifest's backend finds the cycle
            other_pid = other.execute(text("SELECT pg_backend_pid()")).scalar()
            lock = text("SELECT id FROM packages WHERE id = :id FOR UPDATE")
            other.execute(lock, {"id": ids[-1]})  # holds the last package (a transaction begins)
            thread, out = in_thread(lambda: manifests_uc.build_manifest(db, manager, provider, WEDNESDAY))
            wait_until_blocked_by(watcher, other_pid)  # the manifest holds the first ones, waits for the last
            other.execute(lock, {"id": ids[0]})  # the cycle: the manifest's transaction is rolled back
            other.commit()
            thread.join(WAIT_S)
    finally:
        engine.dispose()
    assert not thread.is_alive()
    assert "error" not in out, out.get("error")
    number = out["result"]
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(ManifestRow)) == 1
        listed = session.execute(
            select(ApplicationRow.receipt_number)
            .join(PackageRow, PackageRow.application_id == ApplicationRow.id)
            .join(ManifestPackageRow, ManifestPackageRow.package_id == PackageRow.id)
            .order_by(ManifestPackageRow.position)
        ).scalars()
        assert list(listed) == numbers  # the manifest's order: due day, then receipt number
        statuses = session.scalars(select(PackageRow.status)).all()
        assert statuses == [PackageStatus.ON_MANIFEST.value] * 3
        steps = session.execute(
            select(PackageEventRow.package_id, func.count())
            .where(PackageEventRow.status_to == PackageStatus.ON_MANIFEST.value)
            .group_by(PackageEventRow.package_id)
        ).all()
        assert sorted(steps) == [(package_id, 1) for package_id in ids]
    assert number.endswith("01")  # the rolled-back attempt used no serial number


@pytest.fixture
def counter_table(db):
    """A one-row table of the test's own schema, and an engine on it."""
    engine = create_engine(db.url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE retry_probe (id int PRIMARY KEY, n int NOT NULL)"))
        connection.execute(text("INSERT INTO retry_probe VALUES (1, 0)"))
    yield engine
    engine.dispose()


def adding_one(engine, interfere: Callable[[], bool]) -> Callable[[], int]:
    """A repeatable-read transaction that adds one to the counter; ``interfere()`` says whether another connection
    changes the row between its read and its write this time (then PostgreSQL raises 40001)."""

    def work() -> int:
        with engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection:
            with connection.begin():
                n = connection.execute(text("SELECT n FROM retry_probe WHERE id = 1")).scalar()
                if interfere():
                    with engine.begin() as other:
                        other.execute(text("UPDATE retry_probe SET n = n + 10 WHERE id = 1"))
                connection.execute(text("UPDATE retry_probe SET n = :n WHERE id = 1"), {"n": n + 1})
            return n + 1

    return work


@POSTGRES_ONLY
def test_a_serialization_failure_is_run_again_and_counted_once(counter_table):
    interferences = iter([True])  # the first attempt only
    result = retried(adding_one(counter_table, lambda: next(interferences, False)))
    with counter_table.connect() as connection:
        assert connection.execute(text("SELECT n FROM retry_probe")).scalar() == 11 == result


@POSTGRES_ONLY
@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("kk", "Басқа терезелер"),
        ("ru", "Другие окна"),
    ],
)
def test_a_transaction_given_up_every_time_is_told_in_the_users_language(counter_table, lang, said):
    previous = i18n.current_language()
    try:
        i18n.set_language(lang)
        with pytest.raises(DatabaseBusy, match=said) as raised:
            retried(adding_one(counter_table, lambda: True), attempts=3)
    finally:
        i18n.set_language(previous)
    assert sqlstate(raised.value.__cause__) == "40001"
    with counter_table.connect() as connection:
        assert (
            connection.execute(text("SELECT n FROM retry_probe")).scalar() == 30
        )  # only the others' changes


def test_any_other_database_error_passes_at_once(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'probe.sqlite3'}")
    attempts: list[int] = []

    def broken() -> None:
        attempts.append(1)
        with engine.connect() as connection:
            connection.execute(text("SELECT * FROM no_such_table"))

    try:
        with pytest.raises(Exception, match="no_such_table"):
            retried(broken)
    finally:
        engine.dispose()
    assert attempts == [1]
