"""The daily roll-up equals a count of the rows after a mixed run of real use-cases, on SQLite and PostgreSQL.

Kept by triggers in the same transaction as every write: the known office's intakes (accepted, refused,
cancelled), handoffs on time and late, results received, issued and returned by the provider; then a manifest
built and cancelled, a return manifest of an unclaimed result picked up and delivered, a citizen informed, a
write that fails half-way (rolled back with its roll-up counts), and rows changed and removed by hand (SQL).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from counter_app.core.usecases import custody, manifests, results
from counter_app.core.usecases.applications import load_application
from counter_app.storage import rollup
from counter_app.storage.db import Database
from tests.support.databases import desk_account

TODAY = dt.date(2026, 12, 31)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "db"


def _daily(counted, table, *columns):
    """Per value of ``columns`` (names), the day-level counts of ``table``."""
    names = [
        name for rollup_ in rollup._rollups("sqlite") if rollup_.table == table for name, _ in rollup_.keys
    ]
    out: dict = {}
    for row in counted[table]:
        if "span" in names and row[names.index("span")] != rollup.DAY:
            continue
        key = tuple(row[names.index(c)] for c in columns)
        out[key] = out.get(key, 0) + row[-1]
    return out


def _same(db) -> dict[str, set[tuple]]:
    with db.engine.connect() as connection:
        stored, counted = rollup.stored(connection), rollup.recount(connection)
    assert stored == counted
    return stored


def test_the_rollup_follows_every_use_case_and_equals_the_rows(office):
    db, numbers = office.db, office.numbers
    after_intakes = _same(db)
    assert _daily(after_intakes, "rollup_intakes") == {(): 8}
    assert _daily(after_intakes, "rollup_hours", "utc_hour") == {(5,): 8}  # 10:00 at the office is 05:00 UTC
    assert _daily(after_intakes, "rollup_cancelled") == {(): 1}
    assert _daily(after_intakes, "rollup_refusals") == {(): 3}
    assert _daily(after_intakes, "rollup_results") == _daily(after_intakes, "rollup_handoff") == {(): 6}
    assert _daily(after_intakes, "rollup_results", "status")[("issued",)] == 1
    months = {str(row[1]) for row in after_intakes["rollup_intakes"] if row[0] == rollup.MONTH}
    assert months == {"2026-11-01", "2026-12-01"}

    provider = load_application(db, numbers["a6"], desk_account(db)).package.provider_id
    manifest = manifests.build_manifest(db, office.manager, provider, dt.date(2026, 12, 31), [numbers["a6"]])
    _same(db)
    manifests.cancel_manifest(db, office.manager, manifest)
    _same(db)
    provider = load_application(db, numbers["a3"], desk_account(db)).package.provider_id
    back = manifests.build_return_manifest(db, office.manager, provider, TODAY, [numbers["a3"]])
    custody.record_pickup(
        db,
        office.manager,
        back,
        "Курьер Жанибеков Д.",
        dt.datetime.combine(TODAY, dt.time(6), tzinfo=dt.UTC),
        [numbers["a3"]],
        now=dt.datetime.combine(TODAY, dt.time(12), tzinfo=dt.UTC),
    )
    custody.record_delivery(db, office.manager, back, TODAY, "Иванова А.", today=TODAY)
    results.record_citizen_informed(db, office.operator2, numbers["a4"], "SMS", TODAY, today=TODAY)
    counted = _same(db)
    assert _daily(counted, "rollup_results", "status") == {
        ("result_returned",): 1,  # a3, back to the provider
        ("citizen_informed",): 1,  # a4
        ("issued",): 1,  # a1
        ("result_received",): 1,  # a2
        ("awaiting_handoff",): 2,  # a5, a6 (off the cancelled manifest)
    }
    assert _daily(counted, "rollup_handoff", "queued") == {(0,): 4, (1,): 2}
    assert _daily(counted, "rollup_result_due", "returned") == {(0,): 5, (1,): 1}


def test_a_write_rolled_back_leaves_the_rollup_as_it_was(office):
    before = _same(office.db)
    with pytest.raises(RuntimeError), office.db.write() as session:
        session.execute(text("UPDATE packages SET status = 'issued'"))
        raise RuntimeError("the write fails after the update")
    assert _same(office.db) == before


def test_rows_changed_or_removed_by_hand_move_their_counts(office):
    db = office.db
    with db.write() as session:
        session.execute(text("UPDATE applications SET username = 'operator3' WHERE username = 'operator2'"))
        session.execute(text("UPDATE applications SET wait_seconds = NULL WHERE username = 'operator'"))
        session.execute(text("DELETE FROM cancelled_intakes"))
    counted = _same(db)
    assert set(_daily(counted, "rollup_results", "username")) == {("operator",), ("operator3",)}
    assert set(_daily(counted, "rollup_handoff", "username")) == {("operator",), ("operator3",)}
    assert set(_daily(counted, "rollup_refusals", "username")) == {
        ("operator",),
        ("operator2",),
    }  # the item's own
    assert not counted["rollup_cancelled"]
    assert set(_daily(counted, "rollup_times", "username", "measure")) == {
        ("operator", "service"),
        ("operator3", "service"),
        ("operator3", "wait"),
    }


def test_the_statuses_the_triggers_name_are_the_packages_statuses():
    from counter_app.core.usecases.reports.measures import QUEUE, RETURNED, S

    assert (
        QUEUE,
        RETURNED,
        S.RESULT_RECEIVED.value,
    ) == (rollup.QUEUE, rollup.RETURNED, rollup.RESULT_RECEIVED)


def test_rebuilding_counts_the_same(office):
    before = _same(office.db)
    with office.db.engine.begin() as connection:
        rollup.rebuild(connection)
    assert _same(office.db) == before


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("schema-000[2-9].sqlite3")), ids=lambda p: p.stem)
def test_the_migration_back_fills_a_database_with_applications(fixture, tmp_path):
    copy = tmp_path / "counter.sqlite3"
    shutil.copyfile(fixture, copy)
    db = Database(f"sqlite:///{copy}")
    try:
        db.upgrade()
        counted = _same(db)
        assert _daily(counted, "rollup_intakes") == _daily(counted, "rollup_results") == {(): 1}
        assert _daily(counted, "rollup_handoff") == _daily(counted, "rollup_result_due") == {(): 1}
    finally:
        db.dispose()
