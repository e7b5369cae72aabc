"""Foundation: office settings, windows, service providers, users, calendar overrides, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "office_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("branch_name_kk", sa.String(500), nullable=False),
        sa.Column("branch_name_ru", sa.String(500), nullable=False),
        sa.Column("department_number", sa.String(50), nullable=False),
        sa.Column("address_kk", sa.String(500), nullable=False),
        sa.Column("address_ru", sa.String(500), nullable=False),
        sa.Column("idle_lock_minutes", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_office_settings"),
    )
    op.create_table(
        "windows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_windows"),
        sa.UniqueConstraint("label", name="uq_windows_label"),
    )
    op.create_table(
        "service_providers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("district_kk", sa.String(200), nullable=False),
        sa.Column("district_ru", sa.String(200), nullable=False),
        sa.Column("name_kk", sa.String(500), nullable=False),
        sa.Column("name_ru", sa.String(500), nullable=False),
        sa.Column("address_kk", sa.String(500), nullable=False),
        sa.Column("address_ru", sa.String(500), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_service_providers"),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("full_name", sa.String(300), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("window", sa.String(20), nullable=True),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("username", name="uq_users_username"),
    )
    op.create_table(
        "calendar_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("reference", sa.String(500), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_calendar_overrides"),
        sa.UniqueConstraint("day", name="uq_calendar_overrides_day"),
    )
    op.create_table(
        "audit_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("action", sa.String(50), nullable=False),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_audit_entries_user_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_audit_entries"),
    )
    op.create_index("ix_audit_entries_at", "audit_entries", ["at"])


def downgrade() -> None:
    op.drop_index("ix_audit_entries_at", table_name="audit_entries")
    op.drop_table("audit_entries")
    op.drop_table("calendar_overrides")
    op.drop_table("users")
    op.drop_table("service_providers")
    op.drop_table("windows")
    op.drop_table("office_settings")
