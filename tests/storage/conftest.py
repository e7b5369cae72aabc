"""A real database per test: a SQLite file in tmp_path, and PostgreSQL when COUNTER_TEST_PG_URL is set."""

from __future__ import annotations

import pytest

from tests.support.databases import backend_params, database_url, postgres_base_url, scratch_database


@pytest.fixture(params=backend_params())
def backend(request) -> str:
    return request.param


@pytest.fixture
def db_url(backend, tmp_path):
    """The URL of an empty database (not yet upgraded)."""
    if backend == "postgresql" and postgres_base_url() is None:
        pytest.skip("COUNTER_TEST_PG_URL is not set")
    with database_url(backend, tmp_path) as url:
        yield url


@pytest.fixture
def empty_db(backend, tmp_path):
    """An upgraded database."""
    with scratch_database(backend, tmp_path) as database:
        yield database
