"""What a screen polls to know that another window changed the shared data."""

from __future__ import annotations

from sqlalchemy import func, select

from counter_app.storage.db import Database
from counter_app.storage.handoff_tables import PackageEventRow
from counter_app.storage.models import AuditEntryRow


def change_stamp(db: Database) -> tuple[int, int]:
    """Changes whenever any window accepts, refuses, or moves a package (cheap: two primary-key maxima).

    Every change of the shared data writes an audit entry and every package move a history entry, so a screen
    that polls this knows when to reload.
    """
    with db.read() as session:
        audit_id = session.scalar(select(func.max(AuditEntryRow.id))) or 0
        event_id = session.scalar(select(func.max(PackageEventRow.id))) or 0
    return int(audit_id), int(event_id)
