"""Test settings shared by every test: offscreen Qt, PySide6 for qasync, a private data directory."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["QT_API"] = "pyside6"
# argon2 at its cheapest settings: the tests check behaviour, not the hash's cost.
os.environ["COUNTER_FAST_PASSWORD_HASHES"] = "1"

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory, monkeypatch):
    """Every test gets its own per-user data directory, so no test touches a real user's database."""
    monkeypatch.setenv("COUNTER_DATA_DIR", str(tmp_path_factory.mktemp("userdata")))
    monkeypatch.delenv("COUNTER_DB_URL", raising=False)
