"""Trust tests: the demo office with one accepted intake and its printed receipt, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from counter_app.core.usecases.accounts import Accounts
from counter_app.core.usecases.demo import seed_demo
from tests.support.databases import backend_params, scratch_database

TODAY = dt.date(2026, 11, 23)
OPERATOR_PASSWORD = "Tulip-Desk-31"
MANAGER_PASSWORD = "Courier-Day-24"
ADMIN_PASSWORD = "Kilt-Orange-77"


@pytest.fixture(params=backend_params())
def backend(request) -> str:
    return request.param


@pytest.fixture
def db(backend, tmp_path, monkeypatch):
    with scratch_database(backend, tmp_path) as database:
        seed_demo(database)
        accounts = Accounts(database)
        for name, password in (
            ("operator", OPERATOR_PASSWORD),
            ("manager", MANAGER_PASSWORD),
            ("admin", ADMIN_PASSWORD),
        ):
            accounts.change_own_password(accounts.find(name).id, name, password)
        monkeypatch.setenv("COUNTER_DB_URL", database.url)
        yield database


@pytest.fixture
def operator(db):
    return Accounts(db).find("operator")


@pytest.fixture
def manager(db):
    return Accounts(db).find("manager")


@pytest.fixture
def admin(db):
    return Accounts(db).find("admin")


@pytest.fixture
def accepted(db, operator, catalog):
    """One accepted guardian-benefit intake with its receipt printed and archived."""
    from counter_app.core.usecases.intake import accept
    from counter_app.printing.receipts import issue_receipt
    from tests.support.intake_helpers import complete_draft

    number = accept(db, operator, complete_draft(catalog, "guardian-benefit"), TODAY, catalog=catalog)
    issue_receipt(db, catalog, operator, number, "kk", copy=False)
    return number
