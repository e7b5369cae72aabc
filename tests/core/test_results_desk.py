"""The results desk's rules (``core.results_desk``): which step each status allows, when a result is late, what the
desk has to do and in which order — the same answers for the Results screen and any other front end."""

from __future__ import annotations

import datetime as dt

import pytest

from counter_app.core.domain.packages import PackageStatus as S
from counter_app.core.domain.results_desk import (
    DeskStep,
    DeskTodo,
    desk_order,
    desk_todo,
    result_late,
    step_allowed,
)

DUE = dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        (S.AWAITING_HANDOFF, set()),
        (S.WITH_COURIER, set()),
        (S.DELIVERED, {DeskStep.REGISTER, DeskStep.RETURNED}),
        (S.RESULT_RECEIVED, {DeskStep.ISSUE}),
        (S.ON_RETURN_MANIFEST, {DeskStep.ISSUE}),  # registered again only by leaving the return manifest
        (S.RETURNED_BY_PROVIDER, {DeskStep.INFORMED}),
        (S.ISSUED, set()),
    ],
)
def test_each_status_allows_its_desk_steps(status, allowed):
    assert {step for step in DeskStep if step_allowed(step, status)} == allowed


def test_a_result_is_late_only_when_delivered_and_past_due():
    assert not result_late(S.DELIVERED, DUE, DUE)
    assert result_late(S.DELIVERED, DUE, DUE + dt.timedelta(days=1))
    assert not result_late(S.RESULT_RECEIVED, DUE, DUE + dt.timedelta(days=30))


def test_what_the_desk_does_and_in_which_order():
    later = DUE + dt.timedelta(days=1)
    todos = {
        status: desk_todo(status, DUE, later)
        for status in (S.RETURNED_BY_PROVIDER, S.RESULT_RECEIVED, S.ON_RETURN_MANIFEST, S.DELIVERED)
    }
    assert todos == {
        S.RETURNED_BY_PROVIDER: DeskTodo.INFORM_CITIZEN,
        S.RESULT_RECEIVED: DeskTodo.ISSUE,
        S.ON_RETURN_MANIFEST: DeskTodo.ISSUE_OR_RETURN,
        S.DELIVERED: DeskTodo.LATE,
    }
    assert desk_todo(S.DELIVERED, DUE, DUE) is DeskTodo.AWAIT
    assert {todo for todo in DeskTodo if todo.alert} == {DeskTodo.INFORM_CITIZEN, DeskTodo.LATE}
    statuses = [S.DELIVERED, S.RESULT_RECEIVED, S.RETURNED_BY_PROVIDER]
    assert sorted(statuses, key=desk_order) == [S.RETURNED_BY_PROVIDER, S.RESULT_RECEIVED, S.DELIVERED]
