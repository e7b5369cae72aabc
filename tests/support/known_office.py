"""A known set of applications made through the real use-cases, on SQLite and PostgreSQL.

The office (demo data) gets a second operator. Between 16.11.2026 and 30.12.2026 (the report's "today" is
31.12.2026):

| receipt | day | operator | service | waited / served | what happened |
|---|---|---|---|---|---|
| a3 | 16.11 | operator2 | school-transport | 25 / 14 min | delivered 17.11 on time, result 20.11, never issued (unclaimed) |
| a4 | 16.11 | operator2 | guardian-benefit | 3 / 9 min | delivered 17.11 on time, returned by the provider 18.11 |
| r2 | 16.11 | operator2 | school-transport | 16 / 20 min | refused: items 1 and 2 missing |
| a1 | 01.12 | operator | guardian-benefit | 5 / 10 min | delivered 02.12 on time, result 02.12, issued 03.12 |
| a2 | 01.12 | operator | guardian-benefit | 20 / 12 min | delivered 04.12 late, result 04.12 (kept until 04.01: ends within 7 days) |
| r1 | 01.12 | operator | guardian-benefit | 2 / 4 min | refused: item 2 missing |
| -- | 01.12 | operator | guardian-benefit | | intake cancelled |
| a6 | 29.12 | operator2 | guardian-benefit | 1 / 16 min | not handed over: overdue since 30.12 |
| a5 | 30.12 | operator | guardian-benefit | 10 / 5 min | due 31.12: not yet |
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from counter_app.core.domain.intake_draft import ItemMark, Mark
from counter_app.core.domain.office_time import office_zone
from counter_app.core.domain.packages import RecipientKind, ResultKind
from counter_app.core.domain.permissions import Role
from counter_app.core.usecases import custody, manifests, results
from counter_app.core.usecases.accounts import Accounts
from counter_app.core.usecases.applications import load_application
from counter_app.core.usecases.demo import seed_demo
from counter_app.core.usecases.drafts import Drafts
from counter_app.core.usecases.intake import accept, refuse
from counter_app.core.usecases.results import Recipient
from tests.support.databases import desk_account

TODAY = dt.date(2026, 12, 31)
PERIOD = (dt.date(2026, 11, 16), dt.date(2026, 12, 31))


@dataclass
class Office:
    db: object
    manager: object
    admin: object
    operator: object
    operator2: object
    numbers: dict[str, str]
    refused_items: dict[str, list[int]]


def _local(day: dt.date, hour: int, minute: int) -> dt.datetime:
    """A moment of the office's wall clock (the reports' hours are the office's, whatever this computer's)."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=office_zone())


def _draft(catalog, code: str, waited: int, day: dt.date):
    from tests.support.intake_helpers import complete_draft

    draft = complete_draft(catalog, code)
    started = _local(day, 10, 0)
    draft.started_at = started.astimezone(dt.UTC)
    draft.queue_time = (started - dt.timedelta(minutes=waited)).time()  # the ticket shows the office's clock
    return draft


def _clock(day: dt.date, served: int):
    moment = (_local(day, 10, 0) + dt.timedelta(minutes=served)).astimezone(dt.UTC)
    return lambda: moment


def build_office(db, catalog) -> Office:
    seed_demo(db)
    accounts = Accounts(db)
    admin, manager, operator = accounts.find("admin"), accounts.find("manager"), accounts.find("operator")
    operator2 = accounts.create(
        admin, "operator2", "Омаров Данияр Серикович", Role.OPERATOR, "Operator-2-password!", window="2"
    )
    numbers: dict[str, str] = {}
    refused_items: dict[str, list[int]] = {}

    def take(name, who, code, day, waited, served, missing=()):
        draft = _draft(catalog, code, waited, day)
        if missing:
            keys = list(draft.marks)
            for number in missing:
                draft.marks[keys[number - 1]] = ItemMark(mark=Mark.MISSING)
            numbers[name] = refuse(db, who, draft, day, catalog=catalog, clock=_clock(day, served))
            refused_items[name] = list(missing)
        else:
            numbers[name] = accept(db, who, draft, day, catalog=catalog, clock=_clock(day, served))

    nov16, dec1 = dt.date(2026, 11, 16), dt.date(2026, 12, 1)
    take("a3", operator2, "school-transport", nov16, 25, 14)
    take("a4", operator2, "guardian-benefit", nov16, 3, 9)
    take("r2", operator2, "school-transport", nov16, 16, 20, missing=(1, 2))
    take("a1", operator, "guardian-benefit", dec1, 5, 10)
    take("a2", operator, "guardian-benefit", dec1, 20, 12)
    take("r1", operator, "guardian-benefit", dec1, 2, 4, missing=(2,))
    drafts = Drafts(db)
    cancelled = _draft(catalog, "guardian-benefit", 1, dec1)
    drafts.save(operator, cancelled)
    drafts.discard(operator, clock=_clock(dec1, 3))
    take("a6", operator2, "guardian-benefit", dt.date(2026, 12, 29), 1, 16)
    take("a5", operator, "guardian-benefit", dt.date(2026, 12, 30), 10, 5)

    def deliver(names, day):
        receipts = [numbers[n] for n in names]
        provider = load_application(db, receipts[0], desk_account(db)).package.provider_id
        manifest = manifests.build_manifest(db, manager, provider, day, receipts)
        custody.record_pickup(
            db,
            manager,
            manifest,
            "Курьер Жанибеков Д.",
            dt.datetime.combine(day, dt.time(6), tzinfo=dt.UTC),
            receipts,
            now=dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC),
        )
        custody.record_delivery(db, manager, manifest, day, "Иванова А.", today=day)

    deliver(["a3"], dt.date(2026, 11, 17))
    deliver(["a4"], dt.date(2026, 11, 17))
    deliver(["a1"], dt.date(2026, 12, 2))
    deliver(["a2"], dt.date(2026, 12, 4))
    for name, day in (
        ("a3", dt.date(2026, 11, 20)),
        ("a1", dt.date(2026, 12, 2)),
        ("a2", dt.date(2026, 12, 4)),
    ):
        results.register_result(db, operator, numbers[name], ResultKind.DECISION, f"№ {name}", day, today=day)
    results.record_return_by_provider(
        db, operator2, numbers["a4"], "Неполный пакет", dt.date(2026, 11, 18), today=dt.date(2026, 11, 18)
    )
    results.issue_result(
        db,
        operator,
        numbers["a1"],
        Recipient(RecipientKind.APPLICANT, "Сәрсенбаева Ә.", "ID 1"),
        dt.date(2026, 12, 3),
        today=dt.date(2026, 12, 3),
    )
    return Office(db, manager, admin, operator, operator2, numbers, refused_items)
