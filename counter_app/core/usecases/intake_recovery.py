"""Nothing typed at the window is lost when the database goes away.

``LocalDraftCopy`` keeps the operator's draft in a JSON file on this computer as well as in the database, so
that what was typed survives a crash of the program while the database server cannot be reached; it is
removed when the intake ends (accepted, refused or discarded).

``committed_intake`` answers the one question a lost connection leaves open: the database went away while it
was committing an intake, so did the commit happen? It finds the application this operator stored at this
window for this draft, so that pressing Accept again never stores the intake twice.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError
from sqlalchemy import select

from counter_app.core.domain.intake_draft import IntakeDraft
from counter_app.paths import private_dir
from counter_app.storage.db import Database, as_utc
from counter_app.storage.intake_tables import ApplicationRow

if TYPE_CHECKING:
    from counter_app.core.domain.permissions import Account


def _safe(part: str) -> str:
    return re.sub(r"[^\w.-]", "_", part) or "_"


class LocalDraftCopy:
    """The draft of one user at one window, as a JSON file in ``directory`` (the per-user data directory)."""

    def __init__(self, directory: Path, username: str, window: str) -> None:
        self.path = directory / "drafts" / f"{_safe(username)}@window-{_safe(window)}.json"

    def save(self, draft: IntakeDraft) -> None:
        """Write the draft atomically (a new file renamed over the old one): a crash leaves one or the other."""
        private_dir(self.path.parent)  # 0700; mkstemp creates the file 0600
        handle, name = tempfile.mkstemp(dir=self.path.parent, prefix=".draft-", suffix=".json")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(draft.to_json())
                file.flush()
                os.fsync(file.fileno())
            os.replace(name, self.path)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise

    def load(self) -> IntakeDraft | None:
        """The saved draft, or None when there is none (or the file is unreadable)."""
        try:
            return IntakeDraft.from_json(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError, ValidationError):
            return None

    def remove(self) -> None:
        self.path.unlink(missing_ok=True)


def committed_intake(
    db: Database, actor: Account, window: str, draft: IntakeDraft, today: dt.date
) -> str | None:
    """The receipt number of the application stored for ``draft`` by ``actor`` at ``window`` today, if any.

    An intake is this draft's when the same operator at the same window stored the same service for the same
    applicant after the draft was started. Raises DatabaseUnavailable like any read.
    """
    if draft.intake_key:  # the draft's own key: exact, whatever the clock did meanwhile
        with db.read() as session:
            stored: str | None = session.scalar(
                select(ApplicationRow.receipt_number).where(ApplicationRow.intake_key == draft.intake_key)
            )
        return stored
    if draft.started_at is None:
        return None
    started = as_utc(draft.started_at)
    with db.read() as session:
        rows = session.execute(
            select(ApplicationRow.receipt_number, ApplicationRow.created_at).where(
                ApplicationRow.username == actor.username,
                ApplicationRow.window == window,
                ApplicationRow.day == today,
                ApplicationRow.service_code == draft.service_code,
                ApplicationRow.applicant_iin == draft.applicant.iin.strip(),
            )
        ).all()
    found = sorted((as_utc(created), number) for number, created in rows if as_utc(created) >= started)
    return found[-1][1] if found else None
