"""The audit log: who did what and when, written in the same transaction as the change it records.

The journal is a hash chain: each entry's ``entry_hash`` is the SHA-256 of the previous entry's hash and this
entry's fields (its id included), and the one ``audit_chain_head`` row holds the newest entry's id and hash.
Adding an entry locks that row (``SELECT … FOR UPDATE``; SQLite writes are serialised anyway), so the chain
never forks. ``core.integrity.verify`` walks the chain: an entry changed, deleted or inserted by direct SQL
breaks it from that entry on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.orm import Session

from counter_app.storage.db import Database, InTransaction, as_utc
from counter_app.storage.models import AuditChainHeadRow, AuditEntryRow

if TYPE_CHECKING:
    from counter_app.core.domain.permissions import Account


class Action:
    """The actions recorded (stored as these strings; the UI translates them for display)."""

    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    ACCOUNT_LOCKED = "account_locked"
    ACCOUNT_UNLOCKED = "account_unlocked"
    USER_CREATED = "user_created"
    PASSWORD_SET = "password_set"  # by an administrator
    PASSWORD_CHANGED = "password_changed"  # by the user
    USER_CHANGED = "user_changed"  # role, window, full name, (de)activated
    AUDIT_VERIFIED = "audit_verified"
    ARCHIVE_DAMAGED = "archive_damaged"  # a reprint found the archived document altered
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


GENESIS_HASH = "0" * 64
SUBJECT_LENGTH = 300


def entry_hash(
    previous: str,
    entry_id: int,
    at: dt.datetime,
    user_id: int | None,
    username: str,
    action: str,
    subject: str,
    detail: str,
) -> str:
    """The chain link of one entry (migration 0011 has a frozen copy: change neither without the other)."""
    at = as_utc(at)
    payload = json.dumps(
        [entry_id, at.isoformat(timespec="microseconds"), user_id, username, action, subject, detail],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256((previous + payload).encode("utf-8")).hexdigest()


_HEAD = cast(Table, AuditChainHeadRow.__table__)
_ENTRIES = cast(Table, AuditEntryRow.__table__)
_LOCK_HEAD = select(_HEAD.c.last_entry_id, _HEAD.c.last_hash).where(_HEAD.c.id == 1).with_for_update()
_MOVE_HEAD = update(_HEAD).where(_HEAD.c.id == 1)
_INSERT_ENTRY = insert(_ENTRIES)


def record(
    session: InTransaction, actor: Account | None, action: str, subject: str = "", detail: str = ""
) -> None:
    """Add an audit entry to ``session``'s transaction (it is kept only if the transaction commits); on an ORM
    session, what the caller added before is flushed with it.

    ``actor`` None means nobody signed in (a failed login, the first administrator).
    """
    # Core statements, not ORM objects: an intake writes one entry per commit, and the ORM's unit of work
    # cost more than the three statements themselves.
    head = session.execute(_LOCK_HEAD).first()
    if head is None:  # a database created by create_all (tests of the models)
        last_id = session.scalar(select(func.max(AuditEntryRow.id))) or 0
        last_hash = GENESIS_HASH
        session.execute(insert(_HEAD).values(id=1, last_entry_id=last_id, last_hash=last_hash))
    else:
        last_id, last_hash = head
    # One INSERT with its hash (the windows' PostgreSQL role may not UPDATE the journal): the id is the head's
    # next, taken under the head's row lock, so ids and links stay in step.
    entry_id = last_id + 1
    at = _now()
    user_id = actor.id if actor is not None and actor.id else None
    username = actor.username if actor is not None else ""
    subject = subject[:SUBJECT_LENGTH]
    link = entry_hash(last_hash, entry_id, at, user_id, username, action, subject, detail)
    session.execute(
        _INSERT_ENTRY,
        {
            "id": entry_id,
            "at": at,
            "user_id": user_id,
            "username": username,
            "action": action,
            "subject": subject,
            "detail": detail,
            "entry_hash": link,
        },
    )
    session.execute(_MOVE_HEAD, {"last_entry_id": entry_id, "last_hash": link})
    if isinstance(session, Session):
        session.flush()


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


def verify_chain(db: Database) -> list[str]:
    """What ``counter-app audit verify`` finds wrong (empty when intact); nothing for a database whose schema
    predates the chain (before revision 0011)."""
    from sqlalchemy import inspect

    from counter_app.core.usecases.integrity import verify

    with db.engine.connect() as connection:
        if not inspect(connection).has_table("audit_chain_head"):
            return []
    return verify(db).problems
