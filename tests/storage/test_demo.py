"""The demo installation: an Astana department, two districts' providers, three users who can log in."""

from __future__ import annotations

from counter_app.core.accounts import SYSTEM_ACTOR, Accounts, Role
from counter_app.core.catalog import ProviderKind
from counter_app.core.office import Bilingual, Office
from counter_app.core.office_settings import OfficeSettings
from counter_app.storage.demo import DEMO_PASSWORDS, seed_demo


def test_demo_office_and_users(db):
    seed_demo(db)
    office = OfficeSettings(db).load()
    assert "Астана" in office.branch_name.ru and "Астана" in office.branch_name.kk
    assert office.department_number == "1"
    assert office.windows == ("1", "2", "3", "4")
    districts = {provider.district.ru for provider in office.providers}
    assert len(districts) == 2
    for district in districts:
        kinds = {provider.kind for provider in office.providers if provider.district.ru == district}
        assert kinds == {ProviderKind.LOCAL_EXECUTIVE_BODY, ProviderKind.EDUCATION_DEPARTMENT}
    accounts = Accounts(db)
    roles = {
        username: accounts.authenticate(username, password).role
        for username, password in DEMO_PASSWORDS.items()
    }
    assert roles == {"admin": Role.ADMIN, "manager": Role.MANAGER, "operator": Role.OPERATOR}


def test_seeding_twice_changes_nothing(db):
    seed_demo(db)
    office = OfficeSettings(db).load()
    users = Accounts(db).list(SYSTEM_ACTOR)
    seed_demo(db)
    assert OfficeSettings(db).load() == office
    assert Accounts(db).list(SYSTEM_ACTOR) == users


def test_seeding_keeps_an_office_already_set_up(db):
    admin = Accounts(db).create(None, "boss", "Начальник", Role.ADMIN, "pw")
    settings = OfficeSettings(db)
    name = Bilingual("Менің филиалым", "Мой филиал")
    mine = settings.save(admin, Office(branch_name=name, department_number="7", address=name))
    seed_demo(db)
    assert settings.load() == mine
    assert {account.username for account in Accounts(db).list(admin)} == {"boss", *DEMO_PASSWORDS}
