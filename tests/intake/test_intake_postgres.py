"""The same receipt numbering and one-transaction intake on PostgreSQL (skipped without COUNTER_TEST_PG_URL)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from counter_app.core.domain.intake_draft import Decision, ItemMark, Mark
from counter_app.core.usecases import intake
from counter_app.core.usecases.accounts import Accounts
from counter_app.core.usecases.applications import load_application
from counter_app.core.usecases.demo import seed_demo
from counter_app.core.usecases.intake import accept, refuse
from counter_app.storage.intake_tables import ApplicationRow, ReceiptCounterRow
from tests.support.databases import desk_account, scratch_database
from tests.support.intake_helpers import TODAY, complete_draft

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(tmp_path, monkeypatch):
    with scratch_database("postgresql", tmp_path) as database:
        seed_demo(database)
        yield database


def test_accept_refuse_and_a_crash_on_postgresql(pg, catalog, monkeypatch):
    operator = Accounts(pg).find("operator")
    draft = complete_draft(catalog, "guardian-benefit")
    assert accept(pg, operator, draft, TODAY, catalog=catalog) == "1-20261123-0001"

    monkeypatch.setattr(intake.audit, "record", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("crash")))
    with pytest.raises(RuntimeError):
        accept(pg, operator, draft, TODAY, catalog=catalog)
    monkeypatch.undo()
    with pg.read() as session:
        assert session.scalar(select(func.count()).select_from(ApplicationRow)) == 1
        assert session.scalar(select(ReceiptCounterRow.last_number)) == 1

    incomplete = draft.model_copy(deep=True)
    incomplete.marks["bank_account_contract"] = ItemMark(mark=Mark.MISSING)
    number = refuse(pg, operator, incomplete, TODAY, catalog=catalog)
    assert number == "1-20261123-0002"
    assert load_application(pg, number, desk_account(pg)).decision is Decision.REFUSED


def test_numbers_from_parallel_desks_are_unique_and_gap_free_on_postgresql(pg, catalog):
    operator = Accounts(pg).find("operator")
    draft = complete_draft(catalog, "guardian-benefit")
    numbers: list[str] = []
    errors: list[BaseException] = []

    def desk() -> None:
        try:
            for _ in range(5):
                numbers.append(accept(pg, operator, draft, TODAY, window="w", catalog=catalog))
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=desk) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(numbers) == [f"1-20261123-{n:04d}" for n in range(1, 21)]
