"""Fault tests: a killed process, a database server that stops, a printer that fails."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "intake"))  # intake_helpers

import pytest

from counter_app.core.domain.catalog import load_catalog


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()
