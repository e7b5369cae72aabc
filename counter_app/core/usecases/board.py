"""The manager's live board: what needs action today, read in a few aggregates cheap enough to poll.

Per provider the packages due today and overdue (still in the handoff queue); the couriers out (manifests
picked up and not yet signed for); results waiting to be issued, those whose one-month storage ends within N
days and those already unclaimed; per window the operator at work and when the current intake started (from
the wizard's saved draft). The packages are counted on the daily roll-up (``storage.rollup``: counts per status,
provider and dates, through its index that starts with the status), never row by row; the couriers through the
manifests' status index; one statement per panel.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import and_, case, func, select

from counter_app.core.domain.packages import (
    RESULT_KEEPING,
    ManifestKind,
    ManifestStatus,
    PackageStatus,
)
from counter_app.core.usecases.changes import change_stamp
from counter_app.storage.db import Database, as_utc
from counter_app.storage.handoff_tables import ManifestPackageRow, ManifestRow
from counter_app.storage.intake_tables import IntakeDraftRow
from counter_app.storage.models import ServiceProviderRow, UserRow, WindowRow
from counter_app.storage.rollup_tables import DAY, RollupHandoffRow, RollupResultRow

DEFAULT_STORAGE_DAYS = 7
# The packages counted by the roll-up's triggers: per due day, provider and whether still in the queue; per status
# and the day a waiting result came.
K, R = RollupHandoffRow, RollupResultRow


@dataclass(frozen=True)
class ProviderLine:
    provider_id: int
    name: dict[str, str]  # kk, ru
    due_today: int
    overdue: int
    oldest_due: dt.date | None  # of the overdue ones


@dataclass(frozen=True)
class CourierLine:
    number: str
    kind: ManifestKind
    provider: dict[str, str]
    courier: str
    picked_up_at: dt.datetime | None  # aware, UTC
    packages: int


@dataclass(frozen=True)
class WindowLine:
    window: str
    username: str  # "" when nobody is taking an intake there
    full_name: str
    started_at: dt.datetime | None  # aware, UTC: when the current intake started
    service_code: str


@dataclass(frozen=True)
class Board:
    today: dt.date
    providers: list[ProviderLine]
    couriers: list[CourierLine]
    results_to_issue: int  # at the centre, within their month
    storage_ending: int  # of those, the month ends within ``storage_days``
    unclaimed: int  # kept a month and over, not yet on a return manifest
    storage_days: int
    windows: list[WindowLine]

    @property
    def due_today(self) -> int:
        return sum(p.due_today for p in self.providers)

    @property
    def overdue(self) -> int:
        return sum(p.overdue for p in self.providers)


def load_board(db: Database, today: dt.date, storage_days: int = DEFAULT_STORAGE_DAYS) -> Board:
    kept_from = today - RESULT_KEEPING
    ending_by = today + dt.timedelta(days=storage_days) - RESULT_KEEPING
    late = K.handoff_due < today
    with db.read() as session:  # one transaction, one statement per panel
        names = {
            pid: {"kk": kk, "ru": ru}
            for pid, kk, ru in session.execute(
                select(ServiceProviderRow.id, ServiceProviderRow.name_kk, ServiceProviderRow.name_ru)
            )
        }
        office_windows = session.scalars(
            select(WindowRow.label).order_by(WindowRow.position, WindowRow.id)
        ).all()
        queue = session.execute(
            select(
                K.provider_id,
                func.sum(case((K.handoff_due == today, K.n), else_=0)),
                func.sum(case((late, K.n), else_=0)),
                func.min(case((and_(late, K.n != 0), K.handoff_due))),
            )
            .where(K.queued == 1)
            .group_by(K.provider_id)
        ).all()
        results = session.execute(  # every waiting result, whenever accepted: the daily counts
            select(
                func.sum(case((R.waiting_since >= kept_from, R.n), else_=0)),
                func.sum(
                    case((and_(R.waiting_since >= kept_from, R.waiting_since <= ending_by), R.n), else_=0)
                ),
                func.sum(case((R.waiting_since < kept_from, R.n), else_=0)),
            ).where(R.status == PackageStatus.RESULT_RECEIVED.value, R.received == 1, R.span == DAY)
        ).one()
        couriers = session.execute(
            select(
                ManifestRow.number,
                ManifestRow.kind,
                ManifestRow.provider_id,
                ManifestRow.courier_name,
                ManifestRow.picked_up_at,
                func.count(ManifestPackageRow.id),
            )
            .outerjoin(ManifestPackageRow, ManifestPackageRow.manifest_id == ManifestRow.id)
            .where(ManifestRow.status == ManifestStatus.WITH_COURIER.value)
            .group_by(
                ManifestRow.id,
                ManifestRow.number,
                ManifestRow.kind,
                ManifestRow.provider_id,
                ManifestRow.courier_name,
                ManifestRow.picked_up_at,
            )
            .order_by(ManifestRow.picked_up_at, ManifestRow.number)
        ).all()
        drafts = session.execute(
            select(IntakeDraftRow.window, IntakeDraftRow.payload, UserRow.username, UserRow.full_name).join(
                UserRow, UserRow.id == IntakeDraftRow.user_id
            )
        ).all()
    providers = [
        ProviderLine(int(pid), names.get(pid, {"kk": str(pid), "ru": str(pid)}), int(due), int(late), oldest)
        for pid, due, late, oldest in queue
        if due or late
    ]
    providers.sort(key=lambda p: (-p.overdue, -p.due_today, p.provider_id))
    in_progress: dict[str, WindowLine] = {}
    for window, payload, username, full_name in drafts:  # at most one per user and window: a handful
        draft = json.loads(payload)
        started = draft.get("started_at")
        in_progress[window] = WindowLine(
            window,
            username,
            full_name,
            as_utc(dt.datetime.fromisoformat(started)) if started else None,
            draft.get("service_code", ""),
        )
    windows = [in_progress.pop(w, WindowLine(w, "", "", None, "")) for w in office_windows]
    windows += sorted(in_progress.values(), key=lambda w: w.window)
    return Board(
        today=today,
        providers=providers,
        couriers=[
            CourierLine(
                number,
                ManifestKind(kind),
                names.get(pid, {"kk": str(pid), "ru": str(pid)}),
                courier,
                as_utc(picked),
                int(n),
            )
            for number, kind, pid, courier, picked, n in couriers
        ],
        results_to_issue=int(results[0] or 0),
        storage_ending=int(results[1] or 0),
        unclaimed=int(results[2] or 0),
        storage_days=storage_days,
        windows=windows,
    )


def board_stamp(db: Database) -> tuple[int, int, str]:
    """:func:`core.usecases.changes.change_stamp` plus the newest draft save: the board also follows intakes in progress."""
    audit_id, event_id = change_stamp(db)
    with db.read() as session:
        saved = session.scalar(select(func.max(IntakeDraftRow.saved_at)))
    return audit_id, event_id, str(saved or "")
