"""The live board over the known office (counted on the daily roll-up), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from counter_app.core.usecases.applications import load_application
from counter_app.core.usecases.board import load_board
from tests.support.databases import desk_account

TODAY = dt.date(2026, 12, 31)


def test_the_board_counts_what_needs_action_today(office):
    board = load_board(office.db, TODAY)
    provider = load_application(office.db, office.numbers["a6"], desk_account(office.db)).package.provider_id
    assert [(p.provider_id, p.due_today, p.overdue, p.oldest_due) for p in board.providers] == [
        (provider, 1, 1, dt.date(2026, 12, 30))  # a5 due today, a6 overdue since 30.12
    ]
    assert (board.due_today, board.overdue) == (1, 1)
    # a2's result came on 04.12 (kept until 04.01: ends within 7 days), a3's on 20.11 (unclaimed since 20.12)
    assert (board.results_to_issue, board.storage_ending, board.unclaimed) == (1, 1, 1)
    assert board.couriers == []  # every manifest was signed for
    narrow = load_board(office.db, TODAY, storage_days=3)
    assert (narrow.results_to_issue, narrow.storage_ending) == (1, 0)
    later = load_board(office.db, dt.date(2027, 1, 5))
    assert (later.results_to_issue, later.unclaimed, later.overdue, later.due_today) == (0, 2, 2, 0)
