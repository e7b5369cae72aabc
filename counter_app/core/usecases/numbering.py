"""Receipt numbers handed out (their format: ``core.domain.receipt_numbers``), gap-free per department and
day, never reused.

A counter row per (department, day) is bumped by ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` inside the
caller's transaction, so a rolled-back intake gives its number back (no gaps, unlike a sequence), and two desks
writing at once queue on the row (PostgreSQL) or on the write lock (SQLite, ``BEGIN IMMEDIATE``). The UNIQUE
constraint on ``applications.receipt_number`` is the last guard.

A receipt is never dated before the department's last one (a computer's clock set back): the same statement
bumps the counter only when the department has no counter for a later day (beyond a day's slack), so the check
costs no statement of its own and holds the counter row no longer; the last day is read only to say so.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from sqlalchemy import Date, String, Table, bindparam, exists, func, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import ReturningInsert

from counter_app.core.domain.intake_errors import ClockBehind
from counter_app.core.domain.receipt_numbers import format_receipt_number
from counter_app.storage.db import InTransaction, dialect_of
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

CLOCK_SLACK = dt.timedelta(days=1)  # windows of one department whose dates differ by a day around midnight
_COUNTERS = cast(Table, ReceiptCounterRow.__table__)


def _receipt_bump_statement(dialect: str) -> ReturningInsert[int]:
    """The bump of a receipt counter, made only when the department has no counter after ``latest``."""
    insert: Any = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}[dialect]
    department, day = bindparam("department", type_=String), bindparam("day", type_=Date)
    later = select(_COUNTERS.c.day).where(
        _COUNTERS.c.department == department, _COUNTERS.c.day > bindparam("latest", type_=Date)
    )
    return cast(
        ReturningInsert[int],
        insert(_COUNTERS)
        .from_select(
            ["department", "day", "last_number"], select(department, day, literal(1)).where(~exists(later))
        )
        .on_conflict_do_update(
            index_elements=[_COUNTERS.c.department, _COUNTERS.c.day],
            set_={"last_number": _COUNTERS.c.last_number + 1},
        )
        .returning(_COUNTERS.c.last_number),
    )


_RECEIPT_BUMP = {dialect: _receipt_bump_statement(dialect) for dialect in ("sqlite", "postgresql")}
_LAST_DAY = select(func.max(_COUNTERS.c.day)).where(_COUNTERS.c.department == bindparam("department"))


def next_serial(session: InTransaction, department: str, day: dt.date) -> int:
    """Bump and return the department's counter for ``day`` (1 for the first receipt of the day)."""
    statement = _BUMP[dialect_of(session)]
    return int(session.execute(statement, {"department": department, "day": day}).scalar_one())


def next_receipt_number(session: InTransaction, department: str, day: dt.date) -> str:
    """The next receipt number of ``department`` on ``day``, allocated in ``session``'s transaction; raises
    ClockBehind (nothing bumped) when the department already has receipts of a day after ``day`` + the slack."""
    department = department.strip()
    if not department:
        raise ValueError("the office has no department number: configure the office first")
    statement = _RECEIPT_BUMP[dialect_of(session)]
    parameters = {"department": department, "day": day, "latest": day + CLOCK_SLACK}
    serial = session.execute(statement, parameters).scalar_one_or_none()
    if serial is None:
        raise ClockBehind(day, session.scalar(_LAST_DAY, {"department": department}))
    return format_receipt_number(department, day, int(serial))
