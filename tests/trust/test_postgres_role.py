"""On PostgreSQL the windows connect as an application role that may add to the journal, the package history
and the archive but neither change nor delete them (the owner runs the migrations and ``db grant``)."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from counter_app.cli import main
from counter_app.core.usecases.applications import search_words
from counter_app.core.usecases.integrity import verify
from counter_app.storage import search
from counter_app.storage.db import Database

pytestmark = pytest.mark.postgres


@pytest.fixture
def app_role(db, backend):
    if backend != "postgresql":
        pytest.skip("PostgreSQL only")
    role = f"counter_app_{uuid.uuid4().hex[:8]}"
    admin = create_engine(db.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE ROLE "{role}" NOLOGIN'))
    yield role
    with admin.connect() as connection:
        connection.execute(text(f'DROP OWNED BY "{role}"'))
        connection.execute(text(f'DROP ROLE "{role}"'))
    admin.dispose()


def as_role(url: str, role: str) -> str:
    parsed = make_url(url)
    options = parsed.query.get("options", "") + f" -crole={role}"
    return parsed.update_query_dict({"options": options.strip()}).render_as_string(hide_password=False)


def test_the_application_role_appends_but_cannot_rewrite_history(db, app_role, accepted, operator, capsys):
    assert main(["db", "grant", app_role]) == 0
    assert "GRANT SELECT, INSERT ON" in capsys.readouterr().out
    windows = Database(as_role(db.url, app_role))
    try:
        # The program works as the role: an intake, its journal entries, its history.
        import datetime as dt

        from counter_app.core.domain.catalog import load_catalog
        from counter_app.core.usecases.intake import accept
        from tests.support.intake_helpers import complete_draft

        catalog = load_catalog()
        accept(
            windows,
            operator,
            complete_draft(catalog, "guardian-benefit"),
            dt.date(2026, 11, 23),
            catalog=catalog,
        )
        assert verify(windows).ok
        with db.engine.begin() as connection:  # as autovacuum does, as the owner
            connection.execute(text("ANALYZE applications"))
        with (
            windows.engine.connect() as connection
        ):  # the digits' statistics and a search by them, as the role
            common = connection.execute(
                text(f"SELECT count(*) FROM {search.COMMON_DIGITS_FUNCTION}(current_schema())")
            ).scalar_one()
            assert common > 0  # the pieces of the one application's IIN and number: in all of them
            id_, number, name = connection.execute(
                text("SELECT id, receipt_number, applicant_name_folded FROM applications ORDER BY id DESC")
            ).first()
            typed = f"{name.split()[0]} {number[-4:]}"
            assert search.matching_ids(connection, search_words(typed), typed, 50) == [id_]
        for statement in (
            "UPDATE audit_entries SET detail = 'x'",
            "DELETE FROM audit_entries",
            "UPDATE package_events SET detail = '{}'",
            "DELETE FROM package_events",
            "UPDATE issued_documents SET pdf = NULL",
            "DELETE FROM issued_documents",
        ):
            with (
                pytest.raises(ProgrammingError, match="permission denied"),
                windows.engine.begin() as connection,
            ):
                connection.execute(text(statement))
    finally:
        windows.dispose()
    assert verify(db).ok


def test_an_upgrade_gives_the_application_role_the_tables_it_adds(db, app_role, operator):
    """A centre granted its windows' role, then upgraded to a release whose migrations add tables (here the name
    words and receipt suffixes the triggers on applications write): the windows work on without anybody
    running ``db grant`` again (before, the next intake failed with "permission denied")."""
    import datetime as dt

    from alembic import command

    from counter_app.core.domain.catalog import load_catalog
    from counter_app.core.usecases.intake import accept
    from tests.support.intake_helpers import complete_draft

    assert main(["db", "grant", app_role]) == 0
    with db.engine.begin() as connection:  # the centre's database as the release before 0016 left it
        command.downgrade(db._alembic_config(connection), "0015")
    db.upgrade()
    windows = Database(as_role(db.url, app_role))
    try:
        catalog = load_catalog()
        receipt = accept(
            windows,
            operator,
            complete_draft(catalog, "guardian-benefit"),
            dt.date(2026, 11, 23),
            catalog=catalog,
        )
        with (
            windows.engine.connect() as connection
        ):  # stored, and found by its name words as the windows search
            stored = connection.execute(
                text(
                    "SELECT count(*) FROM applications a JOIN application_name_word w ON w.application_id = a.id "
                    "WHERE a.receipt_number = :n"
                ),
                {"n": receipt},
            ).scalar_one()
        assert stored > 0
    finally:
        windows.dispose()
