"""Test settings shared by every test: offscreen Qt, PySide6 for qasync, a private data directory."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["QT_API"] = "pyside6"
# No database work on the UI thread: a screen that asks for the database on the main thread raises in every test
# (and in the programs the tests start), see counter_app.storage.db.check_not_ui_thread.
os.environ["COUNTER_CHECK_UI_THREAD"] = "1"

import pytest
from argon2 import PasswordHasher, profiles

from counter_app.core.domain import passwords
from counter_app.core.domain.catalog import load_catalog

# argon2 at its cheapest settings for the hashes the tests create: they check behaviour, not the hash's cost
# (in this process only; the program has no switch for it, and never rehashes a stored hash downwards).
passwords.set_hasher(PasswordHasher.from_parameters(profiles.CHEAPEST))


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory, monkeypatch):
    """Every test gets its own per-user data directory, so no test touches a real user's database."""
    monkeypatch.setenv("COUNTER_DATA_DIR", str(tmp_path_factory.mktemp("userdata")))
    monkeypatch.delenv("COUNTER_DB_URL", raising=False)


@pytest.fixture(scope="session")
def catalog():
    """The service catalog of forms/, loaded once."""
    return load_catalog()


@pytest.fixture
def loop(qapp):
    """A qasync loop marked as running: tasks advance whenever Qt processes events (qtbot.waitUntil)."""
    import asyncio

    import qasync

    from counter_app.ui.kit import operations

    event_loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(event_loop)
    yield event_loop
    for task in operations.pending():
        task.cancel()
    qapp.processEvents()
    operations.shutdown()
    event_loop._QEventLoop__is_running = False  # stop() would call app.exit()
    asyncio.events._set_running_loop(None)
    event_loop.close()
    asyncio.set_event_loop(None)


@pytest.fixture
def check_models(request):
    """``check_models(a, b, …)``: pytest-qt's model tester on each model, one tester per model (the
    ``qtmodeltester`` fixture follows only the last model it checked, while the others' signals still reach it)."""
    from pytestqt.modeltest import ModelTester

    testers = []

    def check(*models) -> None:
        for model in models:
            tester = ModelTester(request.config)
            tester.check(model, force_py=True)
            testers.append(tester)

    yield check
    for tester in testers:
        tester._cleanup()
