"""Reports: phone and the counter's times on applications, refusal items, cancelled intakes, day closes.

The new application columns and the refusal items are filled for the applications already stored, from their
saved draft and their list of missing items.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _application_columns() -> list[sa.Column]:
    return [
        sa.Column("phone", sa.String(20), nullable=True),
        sa.Column("wait_seconds", sa.Integer(), nullable=True),
        sa.Column("service_seconds", sa.Integer(), nullable=True),
    ]


def upgrade() -> None:
    for column in _application_columns():
        op.add_column("applications", column)
    op.create_index(
        "ix_applications_day_service_code_decision", "applications", ["day", "service_code", "decision"]
    )
    op.create_index("ix_packages_result_due", "packages", ["result_due"])
    op.create_table(
        "refusal_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("service_code", sa.String(100), nullable=False),
        sa.Column("version_from", sa.Date(), nullable=False),
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("item_number", sa.Integer(), nullable=False),
        sa.Column("document_key", sa.String(100), nullable=False),
        sa.Column("reason", sa.String(20), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"], ["applications.id"], name="fk_refusal_items_application_id_applications"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_refusal_items"),
    )
    op.create_index("ix_refusal_items_application_id", "refusal_items", ["application_id"])
    op.create_index("ix_refusal_items_day_service_code", "refusal_items", ["day", "service_code"])
    op.create_table(
        "cancelled_intakes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("service_code", sa.String(100), nullable=False),
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("window", sa.String(20), nullable=False),
        sa.Column("applicant_name", sa.String(400), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_cancelled_intakes"),
    )
    op.create_index("ix_cancelled_intakes_day", "cancelled_intakes", ["day"])
    op.create_table(
        "day_closes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("department", sa.String(50), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("username", sa.String(100), nullable=False),
        sa.Column("full_name", sa.String(300), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_day_closes"),
        sa.UniqueConstraint("department", "day", name="uq_day_closes_department_day"),
    )
    _fill_existing()


def _fill_existing() -> None:
    """Phone, times and refusal items of the applications stored before this revision."""
    from counter_app.core.domain.intake_draft import IntakeDraft
    from counter_app.core.domain.intake_rules import counter_times
    from counter_app.core.domain.phone import InvalidPhone, parse_mobile

    connection = op.get_bind()
    applications = sa.table(
        "applications",
        sa.column("id"),
        sa.column("payload"),
        sa.column("missing"),
        sa.column("decision"),
        sa.column("day"),
        sa.column("service_code"),
        sa.column("version_from"),
        sa.column("username"),
        sa.column("created_at"),
        sa.column("phone"),
        sa.column("wait_seconds"),
        sa.column("service_seconds"),
    )
    items = sa.table(
        "refusal_items",
        sa.column("application_id"),
        sa.column("day"),
        sa.column("service_code"),
        sa.column("version_from"),
        sa.column("username"),
        sa.column("item_number"),
        sa.column("document_key"),
        sa.column("reason"),
    )
    rows = connection.execute(sa.select(applications)).all()
    for row in rows:
        draft = IntakeDraft.from_json(row.payload)
        try:
            phone: str | None = parse_mobile(draft.applicant.phone)
        except InvalidPhone:
            phone = None
        created = row.created_at
        if isinstance(created, str):
            created = dt.datetime.fromisoformat(created)
        wait, service = counter_times(draft, created)
        connection.execute(
            applications.update()
            .where(applications.c.id == row.id)
            .values(phone=phone, wait_seconds=wait, service_seconds=service)
        )
        if row.decision == "refused":
            day = row.day if isinstance(row.day, dt.date) else dt.date.fromisoformat(row.day)
            version_from = (
                row.version_from
                if isinstance(row.version_from, dt.date)
                else dt.date.fromisoformat(row.version_from)
            )
            for missing in json.loads(row.missing or "[]"):
                if missing.get("reason") not in ("missing", "expired"):
                    continue
                connection.execute(
                    items.insert().values(
                        application_id=row.id,
                        day=day,
                        service_code=row.service_code,
                        version_from=version_from,
                        username=row.username,
                        item_number=int(missing["number"]),
                        document_key=str(missing["key"]).split("#")[0],
                        reason=missing["reason"],
                    )
                )


def downgrade() -> None:
    op.drop_table("day_closes")
    op.drop_index("ix_cancelled_intakes_day", table_name="cancelled_intakes")
    op.drop_table("cancelled_intakes")
    op.drop_index("ix_refusal_items_day_service_code", table_name="refusal_items")
    op.drop_index("ix_refusal_items_application_id", table_name="refusal_items")
    op.drop_table("refusal_items")
    op.drop_index("ix_packages_result_due", table_name="packages")
    op.drop_index("ix_applications_day_service_code_decision", table_name="applications")
    with op.batch_alter_table("applications") as batch:
        for column in reversed(_application_columns()):
            batch.drop_column(column.name)
