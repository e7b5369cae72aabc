"""Trust: deactivated users and the must-change-password flag, a login delay per user name, the journal's
hash chain (every existing entry chained in id order), the retention policy, and an intake key that stores an
intake sent twice only once.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS = "0" * 64


def _entry_hash(previous: str, row: sa.Row) -> str:
    """A frozen copy of core.audit.entry_hash as it was at this revision."""
    at = row.at if row.at.tzinfo is not None else row.at.replace(tzinfo=dt.UTC)
    payload = json.dumps(
        [
            row.id,
            at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            row.user_id,
            row.username,
            row.action,
            row.subject,
            row.detail,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256((previous + payload).encode("utf-8")).hexdigest()


class _Entry:
    def __init__(self, id, at, user_id, username, action, subject, detail):
        self.id, self.at, self.user_id, self.username = id, at, user_id, username
        self.action, self.subject, self.detail = action, subject, detail


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy): other tables refer to users and applications by foreign key.
    op.add_column("users", sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()))
    op.add_column(
        "users", sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_login_throttle"),
    )
    op.add_column("audit_entries", sa.Column("entry_hash", sa.String(64), nullable=True))
    op.create_table(
        "audit_chain_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_entry_id", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_chain_head"),
    )
    op.create_table(
        "retention_policy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("drafts_days", sa.Integer(), nullable=False),
        sa.Column("local_copies_days", sa.Integer(), nullable=False),
        sa.Column("previews_days", sa.Integer(), nullable=False),
        sa.Column("logs_days", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_retention_policy"),
    )
    op.add_column("applications", sa.Column("intake_key", sa.String(36), nullable=True))
    op.create_index("ix_applications_intake_key", "applications", ["intake_key"], unique=True)

    bind = op.get_bind()
    entries = sa.table(
        "audit_entries",
        sa.column("id", sa.Integer),
        sa.column("at", sa.DateTime(timezone=True)),
        sa.column("user_id", sa.Integer),
        sa.column("username", sa.String),
        sa.column("action", sa.String),
        sa.column("subject", sa.String),
        sa.column("detail", sa.Text),
        sa.column("entry_hash", sa.String),
    )
    previous, last_id = GENESIS, 0
    rows = bind.execute(
        sa.select(
            entries.c.id,
            entries.c.at,
            entries.c.user_id,
            entries.c.username,
            entries.c.action,
            entries.c.subject,
            entries.c.detail,
        ).order_by(entries.c.id)
    ).all()
    for row in rows:
        previous, last_id = _entry_hash(previous, row), row.id
        bind.execute(sa.update(entries).where(entries.c.id == row.id).values(entry_hash=previous))
    # The users as they stand when the chain starts: ``audit verify`` takes them as created with these roles.
    users = sa.table("users", sa.column("username", sa.String), sa.column("role", sa.String))
    roster = dict(bind.execute(sa.select(users.c.username, users.c.role).order_by(users.c.username)).all())
    at = dt.datetime.now(dt.UTC)
    last_application = bind.execute(sa.text("SELECT max(id) FROM applications")).scalar() or 0
    last_document = bind.execute(sa.text("SELECT max(id) FROM issued_documents")).scalar() or 0
    detail = json.dumps(
        {"users": roster, "applications_before": last_application, "documents_before": last_document},
        ensure_ascii=False,
        sort_keys=True,
    )
    new_id = bind.execute(
        sa.insert(entries)
        .values(at=at, user_id=None, username="", action="journal_chained", subject="", detail=detail)
        .returning(entries.c.id)
    ).scalar_one()
    link = _entry_hash(previous, _Entry(new_id, at, None, "", "journal_chained", "", detail))
    bind.execute(sa.update(entries).where(entries.c.id == new_id).values(entry_hash=link))
    previous, last_id = link, new_id
    head = sa.table(
        "audit_chain_head",
        sa.column("id", sa.Integer),
        sa.column("last_entry_id", sa.Integer),
        sa.column("last_hash", sa.String),
    )
    bind.execute(sa.insert(head).values(id=1, last_entry_id=last_id, last_hash=previous))


def downgrade() -> None:
    op.drop_index("ix_applications_intake_key", "applications")
    with op.batch_alter_table("applications") as batch:
        batch.drop_column("intake_key")
    op.drop_table("retention_policy")
    op.drop_table("audit_chain_head")
    with op.batch_alter_table("audit_entries") as batch:
        batch.drop_column("entry_hash")
    op.drop_table("login_throttle")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("must_change_password")
        batch.drop_column("active")
