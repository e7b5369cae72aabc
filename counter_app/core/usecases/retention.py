"""How long personal data left outside the applications is kept, and the clean-up at every start.

Applications, packages, the journal and the archive are records the State Corporation must keep; what is
cleaned up is what only helped along the way:

| what | default | why |
|---|---|---|
| unfinished intakes (drafts in the database) | 30 days | a citizen who has not come back in a month starts again; their documents' validity would be rechecked anyway |
| local draft copies (JSON files on the computer) | 7 days | only a fallback while the database cannot be reached |
| print previews left by a crash | 1 day | a preview lives only while its dialog is open |
| error logs | 90 days | a quarter: time enough to report a fault |

Administrators change the periods in Settings (1 to 3650 days); each change is journaled.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select

from counter_app.core.domain.i18n import _
from counter_app.core.domain.permissions import Capability
from counter_app.core.usecases import audit
from counter_app.core.usecases.accounts import acting
from counter_app.storage.db import Database
from counter_app.storage.intake_tables import IntakeDraftRow
from counter_app.storage.models import RetentionRow

if TYPE_CHECKING:
    from counter_app.core.domain.permissions import Account

MIN_DAYS, MAX_DAYS = 1, 3650


class RetentionAction:
    CHANGED = "retention_changed"
    CLEANED = "retention_cleaned"


@dataclass(frozen=True)
class Retention:
    drafts_days: int = 30
    local_copies_days: int = 7
    previews_days: int = 1
    logs_days: int = 90


DEFAULTS = Retention()


class InvalidRetention(ValueError):
    pass


@dataclass(frozen=True)
class CleanUp:
    drafts: int = 0
    local_copies: int = 0
    previews: int = 0
    logs: int = 0


def load(db: Database) -> Retention:
    with db.read() as session:
        row = session.get(RetentionRow, 1)
        if row is None:
            return DEFAULTS
        return Retention(row.drafts_days, row.local_copies_days, row.previews_days, row.logs_days)


def save(db: Database, actor: Account, retention: Retention) -> Retention:
    for value in (
        retention.drafts_days,
        retention.local_copies_days,
        retention.previews_days,
        retention.logs_days,
    ):
        if not MIN_DAYS <= int(value) <= MAX_DAYS:
            raise InvalidRetention(
                _("Each period must be from {min} to {max} days.").format(min=MIN_DAYS, max=MAX_DAYS)
            )
    with db.write() as session:
        actor = acting(session, actor, Capability.ADMINISTER)
        row = session.get(RetentionRow, 1)
        if row is None:
            row = RetentionRow(id=1)
            session.add(row)
        row.drafts_days, row.local_copies_days = retention.drafts_days, retention.local_copies_days
        row.previews_days, row.logs_days = retention.previews_days, retention.logs_days
        audit.record(
            session,
            actor,
            RetentionAction.CHANGED,
            subject="retention",
            detail=f"drafts={retention.drafts_days} local_copies={retention.local_copies_days} "
            f"previews={retention.previews_days} logs={retention.logs_days}",
        )
    return retention


def _older(path: Path, cutoff: dt.datetime) -> bool:
    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC) < cutoff
    except OSError:
        return False


def clean_up(db: Database | None, data_dir: Path, now: dt.datetime | None = None) -> CleanUp:
    """Delete what has outlived its period; journaled when database drafts went. ``db`` None: files only."""
    now = now or dt.datetime.now(dt.UTC)
    retention = load(db) if db is not None else DEFAULTS
    drafts = 0
    if db is not None:
        cutoff = now - dt.timedelta(days=retention.drafts_days)
        with db.write() as session:
            drafts = (
                session.scalar(
                    select(func.count()).select_from(IntakeDraftRow).where(IntakeDraftRow.saved_at < cutoff)
                )
                or 0
            )
            if drafts:
                session.execute(delete(IntakeDraftRow).where(IntakeDraftRow.saved_at < cutoff))
                audit.record(
                    session,
                    None,
                    RetentionAction.CLEANED,
                    subject="intake_drafts",
                    detail=f"{drafts} drafts older than {retention.drafts_days} days",
                )
    counts = {}
    for key, folder, days, pattern in (
        ("local_copies", data_dir / "drafts", retention.local_copies_days, "*.json"),
        ("previews", data_dir / "previews", retention.previews_days, "counter-print-*"),
        ("logs", data_dir / "logs", retention.logs_days, "*.log"),
    ):
        cutoff = now - dt.timedelta(days=days)
        removed = 0
        if folder.is_dir():
            for path in folder.glob(pattern):
                if _older(path, cutoff):
                    if path.is_dir():
                        shutil.rmtree(path, ignore_errors=True)
                    else:
                        path.unlink(missing_ok=True)
                    removed += 1
        counts[key] = removed
    return CleanUp(drafts=drafts, **counts)
