"""Reports tests: the known applications of known_office.py on a real SQLite file and on PostgreSQL."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from counter_app.core.domain.catalog import load_catalog
from tests.support.databases import backend_params, scratch_database

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: known_office
sys.path.insert(0, str(Path(__file__).parents[1] / "intake"))  # and intake_helpers

from known_office import build_office


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@pytest.fixture(params=backend_params(), scope="module")
def office(request, tmp_path_factory, catalog):
    with scratch_database(request.param, tmp_path_factory.mktemp("reports")) as database:
        yield build_office(database, catalog)
