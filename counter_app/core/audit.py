"""The audit log: who did what and when, written in the same transaction as the change it records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.storage.db import Database, as_utc
from counter_app.storage.models import AuditEntryRow

if TYPE_CHECKING:
    from counter_app.core.accounts import Account


class Action:
    """The actions recorded (stored as these strings; the UI translates them for display)."""

    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    ACCOUNT_LOCKED = "account_locked"
    ACCOUNT_UNLOCKED = "account_unlocked"
    USER_CREATED = "user_created"
    PASSWORD_SET = "password_set"
    SETTINGS_CHANGED = "settings_changed"
    CALENDAR_OVERRIDE_ADDED = "calendar_override_added"
    CALENDAR_OVERRIDE_REMOVED = "calendar_override_removed"


@dataclass(frozen=True)
class AuditEntry:
    at: dt.datetime  # aware, UTC
    username: str
    action: str
    subject: str
    detail: str


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def record(session: Session, actor: Account | None, action: str, subject: str = "", detail: str = "") -> None:
    """Add an audit entry to ``session``'s transaction (it is kept only if the transaction commits).

    ``actor`` None means nobody signed in (a failed login, the first administrator); an actor with id 0 is
    the system itself (the command line), recorded under its username without a user id.
    """
    session.add(
        AuditEntryRow(
            at=_now(),
            user_id=actor.id if actor is not None and actor.id else None,
            username=actor.username if actor is not None else "",
            action=action,
            subject=subject,
            detail=detail,
        )
    )


class AuditLog:
    def __init__(self, db: Database) -> None:
        self._db = db

    def recent(self, limit: int = 100) -> list[AuditEntry]:
        """The newest entries first."""
        with self._db.read() as session:
            rows = session.scalars(
                select(AuditEntryRow).order_by(AuditEntryRow.at.desc(), AuditEntryRow.id.desc()).limit(limit)
            )
            return [
                AuditEntry(as_utc(row.at), row.username, row.action, row.subject, row.detail) for row in rows
            ]
