"""Handoff: manifests, the packages on them, package status history; result columns on packages.

Every package that exists already gets its first history entry (accepted, at its application's time).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _package_columns() -> list[sa.Column]:
    return [
        sa.Column("status_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delivered_on", sa.Date(), nullable=True),
        sa.Column("result_kind", sa.String(30), nullable=True),
        sa.Column("result_reference", sa.String(300), nullable=True),
        sa.Column("result_received_on", sa.Date(), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("return_reason", sa.Text(), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "manifests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("created_by_name", sa.String(300), nullable=False),
        sa.Column("courier_name", sa.String(300), nullable=False),
        sa.Column("picked_up_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("clerk_name", sa.String(300), nullable=False),
        sa.Column("delivered_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["service_providers.id"], name="fk_manifests_provider_id_service_providers"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_manifests"),
        sa.UniqueConstraint("number", name="uq_manifests_number"),
    )
    op.create_index("ix_manifests_day", "manifests", ["day"])
    op.create_index("ix_manifests_status", "manifests", ["status"])
    op.create_table(
        "manifest_packages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("manifest_id", sa.Integer(), nullable=False),
        sa.Column("package_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["manifest_id"], ["manifests.id"], name="fk_manifest_packages_manifest_id_manifests"
        ),
        sa.ForeignKeyConstraint(
            ["package_id"], ["packages.id"], name="fk_manifest_packages_package_id_packages"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_manifest_packages"),
        sa.UniqueConstraint("package_id", "kind", name="uq_manifest_packages_package_id_kind"),
    )
    op.create_index("ix_manifest_packages_manifest_id", "manifest_packages", ["manifest_id"])
    op.create_table(
        "package_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("package_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status_from", sa.String(40), nullable=True),
        sa.Column("status_to", sa.String(40), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["package_id"], ["packages.id"], name="fk_package_events_package_id_packages"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_package_events_user_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_package_events"),
    )
    op.create_index("ix_package_events_package_id_id", "package_events", ["package_id", "id"])
    for column in _package_columns():
        op.add_column("packages", column)
    op.create_index(
        "ix_packages_status_provider_id_handoff_due", "packages", ["status", "provider_id", "handoff_due"]
    )
    op.execute(
        "INSERT INTO package_events (package_id, at, status_from, status_to, user_id, username, detail) "
        "SELECT p.id, a.created_at, NULL, p.status, a.user_id, a.username, '{}' "
        "FROM packages p JOIN applications a ON a.id = p.application_id"
    )
    op.execute(
        "UPDATE packages SET status_changed_at = "
        "(SELECT a.created_at FROM applications a WHERE a.id = packages.application_id)"
    )


def downgrade() -> None:
    op.drop_index("ix_packages_status_provider_id_handoff_due", table_name="packages")
    with op.batch_alter_table("packages") as batch:
        for column in reversed(_package_columns()):
            batch.drop_column(column.name)
    op.drop_index("ix_package_events_package_id_id", table_name="package_events")
    op.drop_table("package_events")
    op.drop_index("ix_manifest_packages_manifest_id", table_name="manifest_packages")
    op.drop_table("manifest_packages")
    op.drop_index("ix_manifests_status", table_name="manifests")
    op.drop_index("ix_manifests_day", table_name="manifests")
    op.drop_table("manifests")
