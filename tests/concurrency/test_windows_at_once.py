"""Many windows accepting at once, in separate processes, on PostgreSQL (16) and on one SQLite file (4), while
the manager's process builds hand-off manifests (and cancels some): every receipt number is unique and gap-free
per department and day, every accepted application has exactly one package, no intake is lost or doubled,
every package is on at most one manifest, and its status says so."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from counter_app.core.domain.receipt_numbers import format_receipt_number
from counter_app.core.usecases.demo import seed_demo
from counter_app.storage.handoff_tables import ManifestPackageRow, ManifestRow
from counter_app.storage.intake_tables import ApplicationRow, PackageRow
from tests.support.databases import intake_problems, scratch_database
from tests.support.intake_helpers import TODAY

ROOT = Path(__file__).resolve().parents[2]  # the workers run from here, as modules of the tests package
WORKER = ("-m", "tests.concurrency.window_worker")
MANAGER = ("-m", "tests.concurrency.manager_worker")
INTAKES_PER_WINDOW = 150
HANDOFF_DAY = TODAY + dt.timedelta(days=14)  # every package accepted today is due by then


def start_manager(url: str) -> subprocess.Popen:
    manager = subprocess.Popen(
        [sys.executable, *MANAGER, url, HANDOFF_DAY.isoformat()],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert manager.stdout.readline().strip() == "ready"
    return manager


def stop_manager(manager: subprocess.Popen) -> tuple[dict[str, int], set[str]]:
    """Ask the manager to finish; the manifests it built (number: packages) and those it cancelled."""
    manager.stdin.write("finish\n")
    manager.stdin.close()
    built: dict[str, int] = {}
    cancelled: set[str] = set()
    for line in manager.stdout.read().splitlines():
        what, number, *count = line.split()
        if what == "built":
            built[number] = int(count[0])
        else:
            cancelled.add(number)
    manager.stdout.close()
    assert manager.wait() == 0, "the manager's process failed (its traceback is above)"
    return built, cancelled


def start_windows(url: str, count: int) -> list[subprocess.Popen]:
    windows = [
        subprocess.Popen(
            [sys.executable, *WORKER, url, f"{n + 1:02d}", str(INTAKES_PER_WINDOW)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(count)
    ]
    for window in windows:  # every window imported and connected: now they all start at once
        assert window.stdout.readline().strip() == "ready"
    for window in windows:
        window.stdin.write("go\n")
        window.stdin.close()
    return windows


def collect(windows: list[subprocess.Popen]) -> list[tuple[str, str, str]]:
    """(decision, receipt number, queue ticket) of every intake the windows report as done."""
    done = []
    for window in windows:
        done += [tuple(line.split()) for line in window.stdout.read().splitlines()]
        window.stdout.close()
        assert window.wait() == 0, "a window process failed (its traceback is above)"
    return done


@pytest.mark.parametrize(
    ("backend", "windows"),
    [
        pytest.param("postgresql", 16, id="postgresql-16", marks=pytest.mark.postgres),
        pytest.param("sqlite", 4, id="sqlite-4"),
    ],
)
def test_windows_accepting_at_once_lose_nothing(tmp_path, monkeypatch, backend, windows):
    with scratch_database(backend, tmp_path) as db:
        seed_demo(db)
        manager = start_manager(db.url)
        began = time.perf_counter()
        try:
            done = collect(start_windows(db.url, windows))
        finally:
            built, cancelled = stop_manager(manager)
        print(
            f"\n{backend}: {len(done)} intakes from {windows} windows and {len(built)} manifests "
            f"({len(cancelled)} cancelled) in {time.perf_counter() - began:.1f} s"
        )

        total = windows * INTAKES_PER_WINDOW
        assert len(done) == total
        reported = {number: (decision, ticket) for decision, number, ticket in done}
        assert sorted(reported) == [format_receipt_number("1", TODAY, n) for n in range(1, total + 1)]
        with db.read() as session:
            stored = {
                row.receipt_number: (row.decision, json.loads(row.payload)["queue_ticket"])
                for row in session.execute(
                    select(ApplicationRow.receipt_number, ApplicationRow.decision, ApplicationRow.payload)
                )
            }
        assert stored == reported  # each reported intake stored once, under its number, and nothing else
        assert intake_problems(db) == []

        assert len(built) > len(db_providers(db))  # manifests were built while the windows accepted
        assert sorted(built, key=lambda n: int(n.rsplit("M", 1)[1])) == [
            f"1-{HANDOFF_DAY:%Y%m%d}-M{n:02d}" for n in range(1, len(built) + 1)
        ]  # manifest numbers too are gap-free
        accepted = sum(1 for decision, _number, _ticket in done if decision == "accepted")
        with db.read() as session:
            on_manifests = session.execute(
                select(ManifestPackageRow.package_id, ManifestRow.number, ManifestRow.status).join(
                    ManifestRow, ManifestRow.id == ManifestPackageRow.manifest_id
                )
            ).all()
            statuses = dict(session.execute(select(PackageRow.id, PackageRow.status)).all())
            manifest_statuses = dict(session.execute(select(ManifestRow.number, ManifestRow.status)).all())
        packages = [package for package, _number, _status in on_manifests]
        assert len(packages) == len(set(packages))  # no package on two manifests
        assert len(statuses) == accepted and set(packages) == set(statuses)  # the last round took every one
        assert {statuses[p] for p in packages} == {"on_manifest"}
        assert {status for _p, _n, status in on_manifests} == {"open"}
        assert manifest_statuses == {n: "cancelled" if n in cancelled else "open" for n in built}
        lines = {n: sum(1 for _p, number, _s in on_manifests if number == n) for n in built}
        assert lines == {n: 0 if n in cancelled else count for n, count in built.items()}


def db_providers(db) -> list[int]:
    from counter_app.core.usecases.office_settings import OfficeSettings

    return [p.id for p in OfficeSettings(db).load().providers]
