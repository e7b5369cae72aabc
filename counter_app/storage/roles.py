"""PostgreSQL: the windows connect as an application role that cannot rewrite history.

The owner of the database (who runs the migrations: ``counter-app db upgrade``) grants the application role
everything it needs, except UPDATE and DELETE on the journal, the package history and the archived documents:
those can only grow. The search tables kept by triggers on applications are granted as the triggers write them. ``counter-app db grant ROLE`` runs these statements as the owner.
"""

from __future__ import annotations

from sqlalchemy import text

from counter_app.storage.db import Database
from counter_app.storage.models import all_tables
from counter_app.storage.search import PG_TRIGGER_TABLES

APPEND_ONLY = ("audit_entries", "package_events", "issued_documents")
READ_ONLY = ("alembic_version",)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def grant_statements(role: str, schema: str) -> list[str]:
    """The GRANTs for ``role`` on ``schema``'s tables (SQL text, identifiers quoted)."""
    r, s = _quote(role), _quote(schema)
    statements = [f"GRANT USAGE ON SCHEMA {s} TO {r}"]
    for table in sorted(all_tables().tables):
        t = f"{s}.{_quote(table)}"
        statements.append(f"REVOKE ALL ON {t} FROM {r}")
        if table in APPEND_ONLY:
            statements.append(f"GRANT SELECT, INSERT ON {t} TO {r}")
        else:
            statements.append(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {t} TO {r}")
    for table in READ_ONLY:
        statements.append(f"GRANT SELECT ON {s}.{_quote(table)} TO {r}")
    for table in PG_TRIGGER_TABLES:  # written by the triggers on applications, as the role that writes those
        statements.append(f"GRANT SELECT, INSERT, DELETE ON {s}.{_quote(table)} TO {r}")
    statements.append(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {r}")
    return statements


def grant(db: Database, role: str) -> list[str]:
    """Run the GRANTs as the connected owner; the statements run."""
    if db.is_sqlite:
        raise ValueError("roles exist only on PostgreSQL")
    with db.engine.begin() as connection:
        schema = connection.execute(text("SELECT current_schema()")).scalar_one()
        statements = grant_statements(role, schema)
        for statement in statements:
            connection.execute(text(statement))
    return statements
