"""The one unfinished intake of each user at each window, kept in the database so that a restart resumes it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Table, bindparam, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from counter_app.core.domain.clock import Clock, system_clock, utc_now
from counter_app.core.domain.intake_draft import IntakeAction, IntakeDraft
from counter_app.core.domain.office_time import office_time
from counter_app.core.domain.permissions import Capability
from counter_app.core.usecases import audit
from counter_app.core.usecases.accounts import acting
from counter_app.storage.db import Database, InTransaction
from counter_app.storage.intake_tables import (
    CancelledIntakeRow,
    IntakeDraftRow,
)

if TYPE_CHECKING:
    from counter_app.core.domain.permissions import Account


def window_of(actor: Account, window: str | None) -> str:
    """The window an intake is taken at: the one given, else the account's."""
    return (window if window is not None else actor.window) or ""


# Built once: every intake's commit discards the draft.
_DRAFTS = cast(Table, IntakeDraftRow.__table__)
_DISCARD = delete(_DRAFTS).where(
    _DRAFTS.c.user_id == bindparam("user_id"), _DRAFTS.c.window == bindparam("window")
)


def discard_draft(session: InTransaction, actor: Account, window: str) -> None:
    session.execute(_DISCARD, {"user_id": actor.id, "window": window})


class Drafts:
    """The one unfinished intake of each user at each window, so that a restart can resume it."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def save(
        self, actor: Account, draft: IntakeDraft, window: str | None = None, *, clock: Clock = system_clock
    ) -> None:
        window_label = window_of(actor, window)
        with self._db.write() as session:
            acting(session, actor, Capability.TAKE_APPLICATIONS)
            dialect = session.get_bind().dialect.name
            # SQLite's and PostgreSQL's INSERT … ON CONFLICT are two classes with the same methods.
            insert: Any = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}[dialect]
            table = cast(Table, IntakeDraftRow.__table__)
            values = {
                "user_id": actor.id,
                "window": window_label,
                "saved_at": utc_now(clock),
                "payload": draft.to_json(),
            }
            session.execute(
                insert(table)
                .values(**values)
                .on_conflict_do_update(
                    index_elements=[table.c.user_id, table.c.window],
                    set_={"saved_at": values["saved_at"], "payload": values["payload"]},
                )
            )

    def load(self, actor: Account, window: str | None = None) -> IntakeDraft | None:
        with self._db.read() as session:
            payload = session.scalar(
                select(IntakeDraftRow.payload).where(
                    IntakeDraftRow.user_id == actor.id, IntakeDraftRow.window == window_of(actor, window)
                )
            )
        return None if payload is None else IntakeDraft.from_json(payload)

    def discard(self, actor: Account, window: str | None = None, clock: Clock = system_clock) -> None:
        """The operator cancels the unfinished intake: the draft goes, the cancellation is journaled (and kept
        in ``cancelled_intakes`` for the reports, on the centre's local day)."""
        window_label = window_of(actor, window)
        with self._db.write() as session:
            payload = session.scalar(
                select(IntakeDraftRow.payload).where(
                    IntakeDraftRow.user_id == actor.id, IntakeDraftRow.window == window_label
                )
            )
            if payload is None:
                return
            discard_draft(session, actor, window_label)
            draft = IntakeDraft.from_json(payload)
            detail = f"{draft.service_code or '-'}; {draft.applicant.full_name() or '-'}"
            audit.record(
                session, actor, IntakeAction.CANCELLED, subject=f"window {window_label}", detail=detail
            )
            now = clock()
            session.add(
                CancelledIntakeRow(
                    at=now,
                    day=office_time(now).date(),
                    service_code=draft.service_code,
                    username=actor.username,
                    window=window_label,
                    applicant_name=draft.applicant.full_name(),
                )
            )
