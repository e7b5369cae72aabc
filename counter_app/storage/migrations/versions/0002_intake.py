"""Intake: receipt counters, applications, packages, intake drafts, issued documents (printed receipts).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "receipt_counters",
        sa.Column("department", sa.String(50), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("department", "day", name="pk_receipt_counters"),
    )
    op.create_table(
        "applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("receipt_number", sa.String(40), nullable=False),
        sa.Column("decision", sa.String(20), nullable=False),
        sa.Column("status", sa.String(40), nullable=False),
        sa.Column("service_code", sa.String(100), nullable=False),
        sa.Column("version_from", sa.Date(), nullable=False),
        sa.Column("department", sa.String(50), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("window", sa.String(20), nullable=False),
        sa.Column("applicant_iin", sa.String(12), nullable=False),
        sa.Column("applicant_name", sa.String(400), nullable=False),
        sa.Column("applicant_name_folded", sa.String(400), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("checklist", sa.Text(), nullable=False),
        sa.Column("missing", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_applications_user_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_applications"),
        sa.UniqueConstraint("receipt_number", name="uq_applications_receipt_number"),
    )
    op.create_index("ix_applications_service_code", "applications", ["service_code"])
    op.create_index("ix_applications_day", "applications", ["day"])
    op.create_index("ix_applications_applicant_iin", "applications", ["applicant_iin"])
    op.create_index("ix_applications_applicant_name_folded", "applications", ["applicant_name_folded"])
    op.create_table(
        "packages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("documents", sa.Text(), nullable=False),
        sa.Column("handoff_due", sa.Date(), nullable=False),
        sa.Column("result_due", sa.Date(), nullable=False),
        sa.Column("status", sa.String(40), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"], ["applications.id"], name="fk_packages_application_id_applications"
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["service_providers.id"], name="fk_packages_provider_id_service_providers"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_packages"),
        sa.UniqueConstraint("application_id", name="uq_packages_application_id"),
    )
    op.create_index("ix_packages_handoff_due", "packages", ["handoff_due"])
    op.create_table(
        "intake_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("window", sa.String(20), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_intake_drafts"),
        sa.UniqueConstraint("user_id", "window", name="uq_intake_drafts_user_id_window"),
    )
    op.create_table(
        "issued_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("is_copy", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"], ["applications.id"], name="fk_issued_documents_application_id_applications"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_issued_documents_user_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_issued_documents"),
    )
    op.create_index("ix_issued_documents_application_id", "issued_documents", ["application_id"])


def downgrade() -> None:
    op.drop_index("ix_issued_documents_application_id", table_name="issued_documents")
    op.drop_table("issued_documents")
    op.drop_table("intake_drafts")
    op.drop_index("ix_packages_handoff_due", table_name="packages")
    op.drop_table("packages")
    op.drop_index("ix_applications_applicant_name_folded", table_name="applications")
    op.drop_index("ix_applications_applicant_iin", table_name="applications")
    op.drop_index("ix_applications_day", table_name="applications")
    op.drop_index("ix_applications_service_code", table_name="applications")
    op.drop_table("applications")
    op.drop_table("receipt_counters")
