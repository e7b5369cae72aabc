"""An intake sent again after its commit answer was lost is stored once (the draft's intake key), even after
the clock was set back; a clock set back before the department's last receipt is refused with a message."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from counter_app.core.domain.intake_draft import Mark, new_intake_key
from counter_app.core.domain.intake_errors import ClockBehind
from counter_app.core.usecases.intake import accept, refuse
from counter_app.core.usecases.intake_recovery import committed_intake
from counter_app.storage.intake_tables import ApplicationRow
from tests.support.intake_helpers import complete_draft

TODAY = dt.date(2026, 11, 23)


def count(db) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(ApplicationRow))


def test_the_same_intake_sent_twice_is_stored_once(db, operator, catalog):
    draft = complete_draft(catalog, "guardian-benefit")
    draft.intake_key = new_intake_key()
    first = accept(db, operator, draft, TODAY, catalog=catalog)
    assert (
        committed_intake(db, operator, "1", draft, TODAY) == first
    )  # what the wizard asks after a lost answer
    again = accept(db, operator, draft, TODAY, catalog=catalog)
    assert again == first and count(db) == 1


def test_a_refusal_sent_twice_is_stored_once(db, operator, catalog):
    draft = complete_draft(catalog, "guardian-benefit")
    first_key = next(iter(draft.marks))
    draft.marks[first_key].mark = Mark.MISSING  # one document missing: a refusal
    draft.intake_key = new_intake_key()
    first = refuse(db, operator, draft, TODAY, catalog=catalog)
    assert refuse(db, operator, draft, TODAY, catalog=catalog) == first and count(db) == 1


def test_a_clock_set_back_is_refused_and_stores_nothing(db, operator, catalog):
    accept(db, operator, complete_draft(catalog, "guardian-benefit"), TODAY, catalog=catalog)
    friday = TODAY - dt.timedelta(days=3)
    with pytest.raises(ClockBehind, match="23.11.2026"):
        accept(
            db,
            operator,
            complete_draft(catalog, "guardian-benefit"),
            friday,
            catalog=catalog,
            clock=lambda: dt.datetime.combine(friday, dt.time(10), dt.UTC),
        )
    assert count(db) == 1
