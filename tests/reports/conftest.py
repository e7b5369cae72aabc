"""Reports tests: the known applications of tests/support/known_office.py on a real SQLite file and on PostgreSQL."""

from __future__ import annotations

import pytest

from tests.support.databases import backend_params, scratch_database
from tests.support.known_office import build_office


@pytest.fixture(params=backend_params(), scope="module")
def office(request, tmp_path_factory, catalog):
    with scratch_database(request.param, tmp_path_factory.mktemp("reports")) as database:
        yield build_office(database, catalog)
