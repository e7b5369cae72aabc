"""A demo installation: an Astana department with four windows, two districts' providers and three users.

Only for trying the program out (``counter-app --demo``); the passwords are the usernames.
"""

from __future__ import annotations

from dataclasses import replace

from counter_app.core.accounts import SYSTEM_ACTOR, Accounts, Role
from counter_app.core.catalog import ProviderKind
from counter_app.core.office import Bilingual, Office, ServiceProvider
from counter_app.core.office_settings import OfficeSettings
from counter_app.storage.db import Database

DEMO_PASSWORDS = {"admin": "admin", "manager": "manager", "operator": "operator"}

# The demo data is written by the system, recorded in the audit log as "demo".
_DEMO_ACTOR = replace(SYSTEM_ACTOR, username="demo", full_name="Demo data")

DEMO_USERS = (
    ("admin", "Абенова Динара Кайратовна", Role.ADMIN, None),
    ("manager", "Сапаров Ерлан Маратович", Role.MANAGER, None),
    ("operator", "Жумабаева Айгерим Серикбаевна", Role.OPERATOR, "1"),
)

_ALMATY = Bilingual("Алматы ауданы", "район «Алматы»")
_YESIL = Bilingual("Есіл ауданы", "район «Есиль»")

DEMO_OFFICE = Office(
    branch_name=Bilingual(
        kk="«Азаматтарға арналған үкімет» мемлекеттік корпорациясы» КЕАҚ Астана қаласы бойынша филиалы",
        ru="Филиал НАО «Государственная корпорация «Правительство для граждан» по городу Астана",
    ),
    department_number="1",
    address=Bilingual(
        kk="Астана қ., Алматы ауданы, Тәуелсіздік даңғылы, 34",
        ru="г. Астана, район «Алматы», проспект Тауелсиздик, 34",
    ),
    windows=("1", "2", "3", "4"),
    providers=(
        ServiceProvider(
            id=0,
            kind=ProviderKind.LOCAL_EXECUTIVE_BODY,
            district=_ALMATY,
            name=Bilingual(
                kk="«Астана қаласы Алматы ауданы әкімінің аппараты» ММ",
                ru="ГУ «Аппарат акима района «Алматы» города Астаны»",
            ),
            address=Bilingual(
                kk="Астана қ., Алматы ауданы, Абылай хан даңғылы, 5",
                ru="г. Астана, район «Алматы», проспект Абылай хана, 5",
            ),
        ),
        ServiceProvider(
            id=0,
            kind=ProviderKind.EDUCATION_DEPARTMENT,
            district=_ALMATY,
            name=Bilingual(
                kk="«Астана қаласы білім басқармасының Алматы ауданы бойынша білім бөлімі» ММ",
                ru="ГУ «Отдел образования по району «Алматы» управления образования города Астаны»",
            ),
            address=Bilingual(
                kk="Астана қ., Алматы ауданы, Шәкәрім Құдайбердіұлы даңғылы, 17",
                ru="г. Астана, район «Алматы», проспект Шакарима Кудайбердиулы, 17",
            ),
        ),
        ServiceProvider(
            id=0,
            kind=ProviderKind.LOCAL_EXECUTIVE_BODY,
            district=_YESIL,
            name=Bilingual(
                kk="«Астана қаласы Есіл ауданы әкімінің аппараты» ММ",
                ru="ГУ «Аппарат акима района «Есиль» города Астаны»",
            ),
            address=Bilingual(
                kk="Астана қ., Есіл ауданы, Сығанақ көшесі, 10",
                ru="г. Астана, район «Есиль», улица Сыганак, 10",
            ),
        ),
        ServiceProvider(
            id=0,
            kind=ProviderKind.EDUCATION_DEPARTMENT,
            district=_YESIL,
            name=Bilingual(
                kk="«Астана қаласы білім басқармасының Есіл ауданы бойынша білім бөлімі» ММ",
                ru="ГУ «Отдел образования по району «Есиль» управления образования города Астаны»",
            ),
            address=Bilingual(
                kk="Астана қ., Есіл ауданы, Қабанбай батыр даңғылы, 29",
                ru="г. Астана, район «Есиль», проспект Кабанбай батыра, 29",
            ),
        ),
    ),
    idle_lock_minutes=5,
)


def seed_demo(db: Database) -> None:
    """Fill in the demo office (if no office is saved yet) and the demo users (those not there yet)."""
    settings = OfficeSettings(db)
    if not settings.is_configured():
        settings.save(_DEMO_ACTOR, DEMO_OFFICE)
    accounts = Accounts(db)
    for username, full_name, role, window in DEMO_USERS:
        if accounts.find(username) is None:
            accounts.create(_DEMO_ACTOR, username, full_name, role, DEMO_PASSWORDS[username], window=window)
