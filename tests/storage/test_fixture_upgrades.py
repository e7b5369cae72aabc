"""Every released schema version upgrades to the newest with its rows intact.

``tests/fixtures/db/schema-<revision>.sqlite3`` are databases made by ``make_fixture.py`` at each released
revision and committed; here a copy of each is upgraded to head and read back through the core modules.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from counter_app.core.domain.account_rules import LoginFailed
from counter_app.core.domain.calendar import OverrideKind
from counter_app.core.domain.catalog import ProviderKind
from counter_app.core.domain.permissions import Role
from counter_app.core.usecases.accounts import Accounts
from counter_app.core.usecases.audit import AuditLog
from counter_app.core.usecases.office_settings import OfficeSettings
from counter_app.storage.db import Database

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "db"
SCHEMA_FILES = sorted(FIXTURES.glob("schema-*.sqlite3"))


def test_there_is_a_fixture_for_the_first_release():
    assert [path.name for path in SCHEMA_FILES][:1] == ["schema-0001.sqlite3"]


@pytest.fixture(params=SCHEMA_FILES, ids=[path.stem for path in SCHEMA_FILES])
def upgraded(request, tmp_path):
    copy = tmp_path / "counter.sqlite3"
    shutil.copyfile(request.param, copy)
    db = Database(f"sqlite:///{copy}")
    try:
        db.upgrade()
        yield db
    finally:
        db.dispose()


def test_upgraded_to_the_newest_revision(upgraded):
    assert upgraded.current_revision() == upgraded.head_revision()


def test_office_windows_providers_and_overrides_survive(upgraded):
    settings = OfficeSettings(upgraded)
    office = settings.load()
    assert office.branch_name.ru.startswith("Филиал НАО")
    assert office.department_number == "2"
    assert office.windows == ("1", "2", "3a")
    assert office.idle_lock_minutes == 7
    (provider,) = office.providers
    assert provider.kind is ProviderKind.LOCAL_EXECUTIVE_BODY
    assert provider.district.kk == "Сарыарқа ауданы"
    (override,) = settings.calendar_overrides()
    assert (override.day, override.kind) == (dt.date(2026, 1, 2), OverrideKind.DAY_OFF)


def test_users_survive_and_can_still_log_in(upgraded):
    accounts = Accounts(upgraded)
    admin = accounts.authenticate("admin", "fixture-admin")
    assert admin.role is Role.ADMIN
    users = {account.username: account for account in accounts.list(admin)}
    assert users["operator"].locked and users["operator"].window == "3a"
    with pytest.raises(LoginFailed):
        accounts.authenticate("operator", "fixture-operator")
    accounts.unlock(admin, users["operator"].id)
    assert accounts.authenticate("operator", "fixture-operator").role is Role.OPERATOR


def test_audit_entries_survive(upgraded):
    oldest = AuditLog(upgraded).recent()[-1]
    assert (oldest.username, oldest.action) == ("admin", "login")
    assert oldest.at == dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)


def test_the_old_journal_is_chained_by_the_upgrade(upgraded):
    from counter_app.core.usecases.integrity import verify

    report = verify(upgraded)
    assert report.ok, report.problems
    assert report.entries >= 1
