"""Handoff tests: the demo office on a real SQLite file and on PostgreSQL, packages accepted through intake."""

from __future__ import annotations

import datetime as dt

import pytest

from counter_app.core.usecases.accounts import Accounts
from counter_app.core.usecases.demo import seed_demo
from tests.support.databases import backend_params, scratch_database


@pytest.fixture(params=backend_params())
def db(request, tmp_path):
    with scratch_database(request.param, tmp_path) as database:
        seed_demo(database)
        yield database


@pytest.fixture
def operator(db):
    return Accounts(db).find("operator")


@pytest.fixture
def manager(db):
    return Accounts(db).find("manager")


@pytest.fixture
def accept_on(db, operator, catalog):
    """Accept a complete application on a day; returns its receipt number."""
    from counter_app.core.usecases.intake import accept
    from tests.support.intake_helpers import complete_draft

    def _accept(day: dt.date, code: str = "guardian-benefit", last_name: str = "") -> str:
        draft = complete_draft(catalog, code)
        if last_name:
            draft.applicant.last_name = last_name
        return accept(db, operator, draft, day, catalog=catalog)

    return _accept
