"""Office settings and calendar overrides: saved and loaded back, administrators only, audited."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from counter_app.core.domain import i18n
from counter_app.core.domain.calendar import CalendarOverride, OverrideKind
from counter_app.core.domain.catalog import ProviderKind
from counter_app.core.domain.office import (
    Bilingual,
    Office,
    ServiceProvider,
    office_problems,
    provider_problems,
)
from counter_app.core.domain.permissions import AccessDenied, Role
from counter_app.core.usecases.accounts import Accounts
from counter_app.core.usecases.audit import Action, AuditLog
from counter_app.core.usecases.office_settings import InvalidOffice, OfficeSettings
from tests.support.databases import backend_params, scratch_database


@pytest.fixture(autouse=True)
def _fast_password_hashes(monkeypatch):
    """Argon2's cheapest parameters: the same code path, without 64 MiB per hash."""


@pytest.fixture(params=backend_params())
def db(request, tmp_path):
    with scratch_database(request.param, tmp_path) as database:
        yield database


@pytest.fixture
def admin(db):
    return Accounts(db).create(None, "admin", "Абенова Динара", Role.ADMIN, "Kilt-Orange-77")


@pytest.fixture
def operator(db, admin):
    return Accounts(db).create(
        admin, "operator", "Жумабаева Айгерим", Role.OPERATOR, "Tulip-Desk-31", window="1"
    )


def provider(kind: ProviderKind, district_ru: str, name_ru: str, provider_id: int = 0) -> ServiceProvider:
    return ServiceProvider(
        id=provider_id,
        kind=kind,
        district=Bilingual(f"{district_ru} ауданы", f"район «{district_ru}»"),
        name=Bilingual(f"{name_ru} (kk)", name_ru),
        address=Bilingual("Астана қ.", "г. Астана"),
    )


OFFICE = Office(
    branch_name=Bilingual("Астана қаласы бойынша филиалы", "Филиал по городу Астана"),
    department_number="1",
    address=Bilingual("Астана қ., Тәуелсіздік даңғылы, 34", "г. Астана, проспект Тауелсиздик, 34"),
    windows=("1", "2", "3a"),
    providers=(
        provider(ProviderKind.LOCAL_EXECUTIVE_BODY, "Алматы", "Аппарат акима района «Алматы»"),
        provider(ProviderKind.EDUCATION_DEPARTMENT, "Алматы", "Отдел образования района «Алматы»"),
    ),
    idle_lock_minutes=10,
)


def test_nothing_saved_yet_gives_an_empty_office(db):
    settings = OfficeSettings(db)
    assert not settings.is_configured()
    office = settings.load()
    assert office.branch_name.ru == "" and office.windows == () and office.providers == ()


def test_office_round_trip_with_providers(db, admin):
    settings = OfficeSettings(db)
    saved = settings.save(admin, OFFICE)
    assert settings.is_configured()
    assert settings.load() == saved
    assert saved.windows == ("1", "2", "3a")
    assert saved.idle_lock_minutes == 10
    assert [p.id for p in saved.providers] == [1, 2] or all(p.id > 0 for p in saved.providers)
    assert [dataclasses.replace(p, id=0) for p in saved.providers] == list(OFFICE.providers)
    assert saved.provider(saved.providers[1].id).kind is ProviderKind.EDUCATION_DEPARTMENT


def test_saving_again_updates_adds_and_deactivates_providers(db, admin):
    settings = OfficeSettings(db)
    first = settings.save(admin, OFFICE)
    akimat, education = first.providers
    renamed = dataclasses.replace(akimat, name=Bilingual("Жаңа атауы", "Новое название"))
    yesil = provider(ProviderKind.LOCAL_EXECUTIVE_BODY, "Есиль", "Аппарат акима района «Есиль»")
    second = settings.save(
        admin,
        dataclasses.replace(first, windows=("4", "1"), providers=(renamed, yesil), department_number="2"),
    )
    by_id = {p.id: p for p in second.providers}
    assert by_id[akimat.id].name.ru == "Новое название"
    assert by_id[education.id].active is False  # left out: kept for old applications, but inactive
    assert len(second.providers) == 3
    assert second.windows == ("4", "1")
    assert second.department_number == "2"


def test_only_an_administrator_changes_settings(db, operator):
    settings = OfficeSettings(db)
    with pytest.raises(AccessDenied):
        settings.save(operator, OFFICE)
    with pytest.raises(AccessDenied):
        settings.add_calendar_override(
            operator, CalendarOverride(dt.date(2026, 12, 31), OverrideKind.DAY_OFF, "Decree")
        )
    with pytest.raises(AccessDenied):
        settings.remove_calendar_override(operator, dt.date(2026, 12, 31))
    assert not settings.is_configured()


def test_duplicate_windows_are_refused(db, admin):
    with pytest.raises(ValueError):
        OfficeSettings(db).save(admin, dataclasses.replace(OFFICE, windows=("1", "1")))


def test_calendar_overrides_add_replace_remove(db, admin):
    settings = OfficeSettings(db)
    day_off = CalendarOverride(
        dt.date(2026, 12, 18), OverrideKind.DAY_OFF, "Government Decree No. 1 of 01.12.2025", "Transfer"
    )
    working = CalendarOverride(dt.date(2026, 12, 12), OverrideKind.WORKING_DAY, "Government Decree No. 1")
    settings.add_calendar_override(admin, day_off)
    settings.add_calendar_override(admin, working)
    assert settings.calendar_overrides() == [working, day_off]

    corrected = dataclasses.replace(working, reference="Government Decree No. 2")
    settings.add_calendar_override(admin, corrected)
    assert settings.calendar_overrides() == [corrected, day_off]

    settings.remove_calendar_override(admin, working.day)
    assert settings.calendar_overrides() == [day_off]


def test_changes_are_audited(db, admin):
    settings = OfficeSettings(db)
    settings.save(admin, OFFICE)
    settings.add_calendar_override(admin, CalendarOverride(dt.date(2026, 12, 18), OverrideKind.DAY_OFF, "D"))
    settings.remove_calendar_override(admin, dt.date(2026, 12, 18))
    recent = AuditLog(db).recent(3)
    assert [(e.username, e.action) for e in recent] == [
        ("admin", Action.CALENDAR_OVERRIDE_REMOVED),
        ("admin", Action.CALENDAR_OVERRIDE_ADDED),
        ("admin", Action.SETTINGS_CHANGED),
    ]
    assert all(e.at.tzinfo is not None for e in recent)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"department_number": " "}, "department_number"),
        ({"branch_name": Bilingual("Филиал", "")}, "branch_name"),
        ({"address": Bilingual("", "г. Астана")}, "address"),
        ({"windows": ()}, "windows"),
    ],
)
def test_an_office_missing_a_required_field_is_refused_by_the_use_case_as_by_settings(
    db, admin, change, field
):
    """The rule is the domain's (``office_problems``): Settings shows it, and nothing else can save around it."""
    office = dataclasses.replace(OFFICE, **change)
    problems = office_problems(office)
    assert list(problems) == [field]
    with pytest.raises(InvalidOffice, match=re.escape(problems[field])):
        OfficeSettings(db).save(admin, office)
    assert not OfficeSettings(db).is_configured()
    assert provider_problems(dataclasses.replace(OFFICE.providers[0], name=Bilingual("", "x"))) == {
        "name": "Enter the provider's name in Kazakh and in Russian."
    }


@pytest.mark.parametrize(
    ("windows", "lang", "message"),
    [
        (("1", "x"), "en", "This is not a window number: x. A window number is digits"),
        (("1", "x"), "ru", "Это не номер окна: x. Номер окна — цифры"),
        (("1", "x"), "kk", "Бұл терезе нөмірі емес: x. Терезе нөмірі — сандар"),
        (("окно 1", "2", "3 4"), "ru", "Это не номера окон: окно 1, 3 4."),
        (("12-", "A"), "kk", "Бұлар терезе нөмірі емес: 12-, A."),
    ],
)
def test_what_is_not_a_window_number_is_refused_and_nothing_is_saved(db, admin, windows, lang, message):
    """ "Windows: 1, x" was saved as the windows 1 and x (an operator could then be seated at window x)."""
    previous = i18n.current_language()
    try:
        i18n.set_language(lang)
        problems = office_problems(dataclasses.replace(OFFICE, windows=windows))
        assert list(problems) == ["windows"]
        assert problems["windows"].startswith(message)
        with pytest.raises(InvalidOffice, match=re.escape(problems["windows"])):
            OfficeSettings(db).save(admin, dataclasses.replace(OFFICE, windows=windows))
    finally:
        i18n.set_language(previous)
    assert not OfficeSettings(db).is_configured()


def test_window_numbers_with_a_letter_after_them_are_window_numbers(db, admin):
    saved = OfficeSettings(db).save(admin, dataclasses.replace(OFFICE, windows=("1", "12", "3A", "3Б", "4ә")))
    assert saved.windows == ("1", "12", "3A", "3Б", "4ә")
