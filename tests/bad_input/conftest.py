"""Fixtures of the bad-input suite (the world itself is built in bad_input_world.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make bad_input_world importable
from bad_input_world import _build_world

from counter_app.core.domain import i18n
from counter_app.core.domain.catalog import load_catalog
from tests.support.databases import backend_params, database_url, postgres_base_url


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module", params=backend_params())
def world(request, tmp_path_factory, catalog):
    backend = request.param
    if backend == "postgresql" and postgres_base_url() is None:
        pytest.skip("COUNTER_TEST_PG_URL is not set")
    with database_url(backend, tmp_path_factory.mktemp("bad-input")) as url:
        built = _build_world(backend, url, catalog)
        try:
            yield built
        finally:
            built.db.dispose()


@pytest.fixture
def in_language(world):
    previous = i18n.current_language()
    i18n.set_language(world.language)
    yield world.language
    i18n.set_language(previous)
