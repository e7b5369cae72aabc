"""Reports: the daily and monthly roll-up (counts per day, service, operator, …) kept in step by triggers,
back-filled here from the rows.

The tables, the triggers (SQLite triggers; PostgreSQL PL/pgSQL trigger functions) and the back-fill are those of
``storage.rollup``: the triggers count every insert, update and delete of applications, refused items,
cancelled intakes and packages in the same transaction as the change. Every column but ``n`` is the key.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from counter_app.storage import rollup

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_DAYS = (("span", sa.SmallInteger()), ("day", sa.Date()))
_WHO = (("department", sa.String(50)), ("service_code", sa.String(100)), ("username", sa.String(100)))
KEYS = {
    "rollup_intakes": (*_DAYS, *_WHO, ("decision", sa.String(20))),
    "rollup_hours": (*_DAYS, *_WHO, ("utc_hour", sa.SmallInteger())),
    "rollup_times": (*_DAYS, *_WHO, ("measure", sa.String(10)), ("minutes", sa.Integer())),
    "rollup_refusals": (
        *_DAYS,
        *_WHO,
        ("version_from", sa.Date()),
        ("item_number", sa.Integer()),
        ("document_key", sa.String(100)),
        ("reason", sa.String(20)),
    ),
    "rollup_cancelled": (("day", sa.Date()), ("service_code", sa.String(100)), ("username", sa.String(100))),
    "rollup_results": (
        *_DAYS,
        *_WHO,
        ("status", sa.String(40)),
        ("received", sa.SmallInteger()),
        ("waiting_since", sa.Date()),
    ),
    "rollup_handoff": (
        ("handoff_due", sa.Date()),
        *_WHO,
        ("provider_id", sa.Integer()),
        ("delivered", sa.SmallInteger()),
        ("queued", sa.SmallInteger()),
    ),
    "rollup_result_due": (
        ("result_due", sa.Date()),
        *_WHO,
        ("received", sa.SmallInteger()),
        ("returned", sa.SmallInteger()),
    ),
}
INDEXES = (
    ("ix_rollup_results_status", "rollup_results", ["status", "waiting_since"]),
    ("ix_rollup_handoff_queued", "rollup_handoff", ["queued", "provider_id", "handoff_due"]),
)


def upgrade() -> None:
    for table, keys in KEYS.items():
        op.create_table(
            table,
            *(sa.Column(name, type_, nullable=False) for name, type_ in keys),
            sa.Column("n", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint(*(name for name, _ in keys), name=f"pk_{table}"),
        )
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
    connection = op.get_bind()
    rollup.rebuild(connection)
    rollup.install(connection)


def downgrade() -> None:
    rollup.uninstall(op.get_bind())
    for table in reversed(KEYS):
        op.drop_table(table)
