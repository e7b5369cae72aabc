"""Helpers for tests that run against a real database: a SQLite file, or a throw-away PostgreSQL schema.

Tests parametrise over ``BACKENDS``; the PostgreSQL case needs ``COUNTER_TEST_PG_URL`` (a database the test
user may create schemas in, e.g. ``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``) and is skipped
without it. Each PostgreSQL test gets its own schema, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from counter_app.storage.db import Database, open_database

PG_URL_VARIABLE = "COUNTER_TEST_PG_URL"
BACKENDS = ("sqlite", "postgresql")


def postgres_base_url() -> str | None:
    return os.environ.get(PG_URL_VARIABLE) or None


@contextmanager
def temporary_postgres_schema(base_url: str) -> Iterator[str]:
    """A URL whose connections use a new, empty schema; the schema is dropped on exit."""
    schema = f"counter_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = make_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"})
        try:
            yield url.render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        admin.dispose()


@contextmanager
def database_url(backend: str, directory: Path) -> Iterator[str]:
    """A URL of an empty database of ``backend`` ("sqlite": a file in ``directory``; "postgresql")."""
    if backend == "sqlite":
        yield f"sqlite:///{directory / 'counter-test.sqlite3'}"
        return
    if backend != "postgresql":
        raise ValueError(backend)
    base_url = postgres_base_url()
    if base_url is None:
        raise LookupError(f"{PG_URL_VARIABLE} is not set")
    with temporary_postgres_schema(base_url) as url:
        yield url


def backend_params() -> list:
    """``pytest.param`` for each backend; the PostgreSQL one carries the ``postgres`` marker."""
    import pytest

    return [
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
    ]


@contextmanager
def scratch_database(backend: str, directory: Path) -> Iterator[Database]:
    """An empty, upgraded database of ``backend`` for one test; skips the test when PostgreSQL is not set up."""
    import pytest

    if backend == "postgresql" and postgres_base_url() is None:
        pytest.skip(f"{PG_URL_VARIABLE} is not set")
    with database_url(backend, directory) as url:
        db = open_database(url)
        try:
            yield db
        finally:
            db.dispose()
