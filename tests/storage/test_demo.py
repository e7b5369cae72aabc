"""The demo installation: an Astana department, two districts' providers, three users who must change their
passwords; only ever into an empty database."""

from __future__ import annotations

import pytest

from counter_app.core.domain.catalog import ProviderKind
from counter_app.core.domain.office import Bilingual, Office
from counter_app.core.domain.permissions import Role
from counter_app.core.usecases.accounts import Accounts
from counter_app.core.usecases.audit import AuditLog
from counter_app.core.usecases.demo import DEMO_PASSWORDS, DemoRefused, seed_demo
from counter_app.core.usecases.office_settings import OfficeSettings


def test_demo_office_and_users(empty_db):
    seed_demo(empty_db)
    office = OfficeSettings(empty_db).load()
    assert "Астана" in office.branch_name.ru and "Астана" in office.branch_name.kk
    assert office.department_number == "1"
    assert office.windows == ("1", "2", "3", "4")
    districts = {provider.district.ru for provider in office.providers}
    assert len(districts) == 2
    for district in districts:
        kinds = {provider.kind for provider in office.providers if provider.district.ru == district}
        assert kinds == {ProviderKind.LOCAL_EXECUTIVE_BODY, ProviderKind.EDUCATION_DEPARTMENT}
    accounts = Accounts(empty_db)
    signed_in = {
        username: accounts.authenticate(username, password) for username, password in DEMO_PASSWORDS.items()
    }
    assert {name: a.role for name, a in signed_in.items()} == {
        "admin": Role.ADMIN,
        "manager": Role.MANAGER,
        "operator": Role.OPERATOR,
    }
    assert all(account.must_change_password for account in signed_in.values())


def test_seeding_twice_is_refused_and_changes_nothing(empty_db):
    seed_demo(empty_db)
    office = OfficeSettings(empty_db).load()
    entries = len(AuditLog(empty_db).recent(1000))
    with pytest.raises(DemoRefused, match="not empty"):
        seed_demo(empty_db)
    assert OfficeSettings(empty_db).load() == office
    assert len(AuditLog(empty_db).recent(1000)) == entries


def test_a_database_with_users_or_an_office_gets_no_demo_users(empty_db):
    admin = Accounts(empty_db).create(None, "boss", "Начальник", Role.ADMIN, "Steppe-Wind-42")
    name = Bilingual("Менің филиалым", "Мой филиал")
    mine = OfficeSettings(empty_db).save(
        admin, Office(branch_name=name, department_number="7", address=name, windows=("1",))
    )
    with pytest.raises(DemoRefused):
        seed_demo(empty_db)
    assert OfficeSettings(empty_db).load() == mine
    assert {account.username for account in Accounts(empty_db).list(admin)} == {"boss"}
