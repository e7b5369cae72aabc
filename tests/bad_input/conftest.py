"""Fixtures of the bad-input suite (the world itself is built in tests/support/bad_input_world.py)."""

from __future__ import annotations

import pytest

from counter_app.core.domain import i18n
from tests.support.bad_input_world import _build_world
from tests.support.databases import backend_params, database_url, postgres_base_url


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
