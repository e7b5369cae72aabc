"""Changes by topic (``core.usecases.changes``): a topic's stamp moves when what it covers changes, and a sign-in (only
journaled) moves none but the journal's; on PostgreSQL the same changes are announced with NOTIFY."""

from __future__ import annotations

import datetime as dt

import pytest

from counter_app.core.usecases.accounts import Accounts
from counter_app.core.usecases.changes import CHANNEL, Topic, topic_stamp
from counter_app.core.usecases.demo import DEMO_PASSWORDS
from counter_app.core.usecases.manifests import build_manifest
from counter_app.core.usecases.package_reads import package_line

MONDAY = dt.date(2026, 11, 23)
TUESDAY = dt.date(2026, 11, 24)
WATCHED = (Topic.PACKAGES, Topic.MANIFESTS, Topic.APPLICATIONS)


def test_each_topic_moves_with_its_own_changes_and_a_sign_in_moves_only_the_journal(db, accept_on, manager):
    before = topic_stamp(db, WATCHED)
    journal = topic_stamp(db, [Topic.JOURNAL])
    Accounts(db).authenticate("manager", DEMO_PASSWORDS["manager"])  # a sign-in: journaled, nothing else
    assert topic_stamp(db, WATCHED) == before
    assert topic_stamp(db, [Topic.JOURNAL]) != journal

    number = accept_on(MONDAY)
    accepted = topic_stamp(db, WATCHED)
    assert [a != b for a, b in zip(before, accepted, strict=True)] == [True, False, True]

    provider_id = package_line(db, number, TUESDAY).provider_id
    build_manifest(db, manager, provider_id, TUESDAY)
    built = topic_stamp(db, WATCHED)
    assert [a != b for a, b in zip(accepted, built, strict=True)] == [True, True, False]


def test_postgresql_announces_the_changes_to_the_windows_that_listen(db, accept_on):
    if db.is_sqlite:
        pytest.skip("SQLite has no notifications: the stamps are polled")
    import psycopg

    conninfo = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as listening:
        listening.execute(f"LISTEN {CHANNEL}")
        accept_on(MONDAY)
        wanted, heard = {Topic.PACKAGES.value, Topic.APPLICATIONS.value, Topic.JOURNAL.value}, set()
        for notify in listening.notifies(timeout=10):  # sent on commit: already waiting
            heard.add(notify.payload)
            if wanted <= heard:
                break
    assert wanted <= heard and Topic.MANIFESTS.value not in heard


def test_a_window_listening_on_postgresql_hears_a_change_at_once(qtbot, db, accept_on):
    if db.is_sqlite:
        pytest.skip("SQLite has no notifications: the stamps are polled")
    from counter_app.ui.refresh import ChangeListener

    listener = ChangeListener.acquire(db)
    try:
        qtbot.waitUntil(listener.listening.is_set, timeout=10_000)
        with qtbot.waitSignal(
            listener.notified, check_params_cb=lambda topic: topic == "packages", timeout=10_000
        ):
            accept_on(MONDAY)
    finally:
        listener.release()
    assert ChangeListener.acquire(db) is not listener  # the last release stopped it; a new one starts
    ChangeListener._listeners[db.url].release()
