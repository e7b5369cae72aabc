"""Receipt numbers handed out (their format: ``core.domain.receipt_numbers``), gap-free per department and
day, never reused.

A counter row per (department, day) is bumped by ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` inside the
caller's transaction, so a rolled-back intake gives its number back (no gaps, unlike a sequence), and two desks
writing at once queue on the row (PostgreSQL) or on the write lock (SQLite, ``BEGIN IMMEDIATE``). The UNIQUE
constraint on ``applications.receipt_number`` is the last guard.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from sqlalchemy import Table, bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import ReturningInsert

from counter_app.core.domain.receipt_numbers import format_receipt_number
from counter_app.storage.intake_tables import ReceiptCounterRow


def _bump_statement(dialect: str) -> ReturningInsert[int]:
    # SQLite's and PostgreSQL's INSERT … ON CONFLICT are two classes with the same methods.
    insert: Any = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}[dialect]
    table = cast(Table, ReceiptCounterRow.__table__)
    return cast(
        ReturningInsert[int],
        insert(table)
        .values(department=bindparam("department"), day=bindparam("day"), last_number=1)
        .on_conflict_do_update(
            index_elements=[table.c.department, table.c.day],
            set_={"last_number": table.c.last_number + 1},
        )
        .returning(table.c.last_number),
    )


_BUMP = {dialect: _bump_statement(dialect) for dialect in ("sqlite", "postgresql")}


def next_serial(session: Session, department: str, day: dt.date) -> int:
    """Bump and return the department's counter for ``day`` (1 for the first receipt of the day)."""
    statement = _BUMP[session.get_bind().dialect.name]
    return int(session.execute(statement, {"department": department, "day": day}).scalar_one())


def next_receipt_number(session: Session, department: str, day: dt.date) -> str:
    """The next receipt number of ``department`` on ``day``, allocated in ``session``'s transaction."""
    if not department.strip():
        raise ValueError("the office has no department number: configure the office first")
    return format_receipt_number(department.strip(), day, next_serial(session, department.strip(), day))
