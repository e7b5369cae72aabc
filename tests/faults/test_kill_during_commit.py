"""A window process SIGKILLed at random moments while it accepts intakes one after another: after every kill
the database is sound, each intake is all there (application, number, package, audit entry) or not at all,
the numbers stay gap-free, and every number the process reported before it died is stored."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from counter_app.core.usecases.demo import seed_demo
from counter_app.storage.db import open_database
from counter_app.storage.intake_tables import ApplicationRow
from tests.support.databases import backend_params, intake_problems, scratch_database

ROOT = Path(__file__).resolve().parents[2]
WORKER = ("-m", "tests.concurrency.window_worker")  # run from ROOT, as a module of the tests package
KILLS = 10


def accept_until_killed(url: str, window: str, rng: random.Random) -> list[str]:
    """Start a window accepting without end, SIGKILL it after a random moment, return the numbers it reported."""
    worker = subprocess.Popen(
        [sys.executable, *WORKER, url, window, "1000000"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert worker.stdout.readline().strip() == "ready"
    worker.stdin.write("go\n")
    worker.stdin.flush()
    # The kill falls at a random moment after the first intake was reported, so that a loaded machine (a slow
    # start) cannot leave a window killed before it accepted anything.
    first = worker.stdout.readline()
    time.sleep(rng.uniform(0.05, 0.5))
    os.kill(worker.pid, signal.SIGKILL)
    assert worker.wait() == -signal.SIGKILL
    lines = [first, *worker.stdout.read().splitlines()]
    reported = [line.split()[1] for line in lines if line.strip().count(" ") == 2]
    worker.stdout.close()
    worker.stdin.close()
    return reported


@pytest.mark.parametrize("backend", backend_params())
def test_a_window_killed_during_commits_leaves_whole_intakes_only(tmp_path, monkeypatch, backend):
    rng = random.Random(20261123)
    with scratch_database(backend, tmp_path) as db:
        seed_demo(db)
        url = db.url
        db.dispose()
        reported: list[str] = []
        for kill in range(KILLS):
            reported += accept_until_killed(url, str(kill % 4 + 1), rng)
            if backend == "sqlite":
                with sqlite3.connect(make_url(url).database) as check:
                    assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            restarted = open_database(url)  # as the program does at start-up
            try:
                assert intake_problems(restarted) == [], f"after kill {kill + 1}"
                with restarted.read() as session:
                    stored = set(session.scalars(select(ApplicationRow.receipt_number)))
                assert set(reported) <= stored, "a number reported as issued was lost"
            finally:
                restarted.dispose()
        assert len(stored) >= KILLS  # every window accepted before it was killed
        print(f"\n{backend}: {KILLS} kills, {len(stored)} intakes stored, {len(reported)} reported")
