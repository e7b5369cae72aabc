"""Changes by topic: on PostgreSQL, every statement that writes a package event, a manifest, an application,
an intake draft or a journal entry NOTIFYs ``counter_changes`` with its topic (``core.usecases.changes.Topic``), so
that the windows that LISTEN reload at once (the stamps are still polled as the fallback). Nothing on SQLite,
which has no notifications. NOTIFY is delivered on commit; repeated payloads of one transaction are sent once.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> (the topic it announces, the writes that announce it)
TRIGGERS = {
    "package_events": ("packages", "INSERT"),
    "manifests": ("manifests", "INSERT OR UPDATE"),
    "applications": ("applications", "INSERT"),
    "intake_drafts": ("drafts", "INSERT OR UPDATE OR DELETE"),
    "audit_entries": ("journal", "INSERT"),
}


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute(
        """
        CREATE OR REPLACE FUNCTION counter_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('counter_changes', TG_ARGV[0]);
            RETURN NULL;
        END
        $$
        """
    )
    for table, (topic, events) in TRIGGERS.items():
        op.execute(
            f"CREATE TRIGGER counter_{table}_changed AFTER {events} ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION counter_notify_change('{topic}')"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS counter_{table}_changed ON {table}")
    op.execute("DROP FUNCTION IF EXISTS counter_notify_change()")
