"""The released 0002 schema (tests/fixtures/db/schema-0002.sqlite3) upgrades with its intake rows usable."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest

from counter_app.core.domain.intake_draft import Decision, IssuedKind
from counter_app.core.usecases.accounts import Accounts
from counter_app.core.usecases.applications import load_application, search_applications
from counter_app.core.usecases.drafts import Drafts
from counter_app.core.usecases.intake import accept
from counter_app.core.usecases.receipts import issued_documents
from counter_app.storage.db import Database
from tests.support.databases import desk_account
from tests.support.intake_helpers import complete_draft

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "db" / "schema-0002.sqlite3"


@pytest.fixture
def upgraded(tmp_path):
    copy = tmp_path / "counter.sqlite3"
    shutil.copyfile(FIXTURE, copy)
    db = Database(f"sqlite:///{copy}")
    db.upgrade()
    accounts = Accounts(db)
    accounts.unlock(
        accounts.authenticate("admin", "fixture-admin"), accounts.find("operator").id
    )  # old lockout
    yield db
    db.dispose()


def test_applications_drafts_and_numbering_survive_the_upgrade(upgraded, catalog):
    stored = load_application(upgraded, "2-20261120-0001", desk_account(upgraded))
    assert stored.decision is Decision.ACCEPTED and stored.draft.children[0].first_name == "Айым"
    assert stored.package.handoff_due == dt.date(2026, 11, 23)
    assert [s.receipt_number for s in search_applications(upgraded, "7183")] == ["2-20261120-0001"]
    assert search_applications(upgraded, "оспанов")[0].iin_masked.endswith("7183")

    (printed,) = issued_documents(upgraded, "2-20261120-0001")
    assert (printed.kind, printed.language, printed.is_copy) == (IssuedKind.ACCEPTANCE, "kk", False)
    assert printed.pdf.startswith(b"%PDF") and printed.sha256 == hashlib.sha256(printed.pdf).hexdigest()

    operator = Accounts(upgraded).find("operator")
    assert Drafts(upgraded).load(operator).service_code == "school-transport"

    draft = complete_draft(catalog, "guardian-benefit")
    draft.applicant.district = draft.children[0].district = "район «Сарыарка»"
    assert accept(upgraded, operator, draft, dt.date(2026, 11, 20), catalog=catalog) == "2-20261120-0002"
