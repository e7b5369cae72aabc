"""Alembic environment for Counter's migrations.

At run time ``counter_app.storage.db.Database.upgrade()`` builds the alembic Config in code and hands over an
open connection (already inside a write transaction). A developer may also point the ``alembic`` command here
(``-x`` is not needed: ``sqlalchemy.url`` in the config, else the default database URL, is used).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from counter_app.storage.db import default_database_url
from counter_app.storage.models import all_tables
from counter_app.storage.search import is_search_index

config = context.config
target_metadata = all_tables()


def include_name(name, type_, parent_names) -> bool:
    """Autogenerate leaves the search index alone (FTS5 table, GIN index: made by migration 0011)."""
    return not is_search_index(name)


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url") or default_database_url(),
        target_metadata=target_metadata,
        render_as_batch=True,
        literal_binds=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            include_name=include_name,
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or default_database_url())
    try:
        with engine.connect() as own_connection:
            context.configure(
                connection=own_connection,
                target_metadata=target_metadata,
                render_as_batch=True,
                include_name=include_name,
            )
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
