"""A demo installation: an Astana department with four windows, two districts' providers and three users.

Only for trying the program out (``counter-app --demo``), and only into an empty database: a database with a
user or an office already set up is refused (a centre's shared PostgreSQL must never get admin/admin). The
passwords are the usernames and must be changed at the first sign-in.
"""

from __future__ import annotations

import secrets

from sqlalchemy import exists, select, update

from counter_app.core.domain.catalog import ProviderKind
from counter_app.core.domain.i18n import _
from counter_app.core.domain.office import Bilingual, Office, ServiceProvider
from counter_app.core.domain.permissions import Role
from counter_app.core.usecases.accounts import Accounts
from counter_app.core.usecases.office_settings import OfficeSettings
from counter_app.storage.db import Database
from counter_app.storage.intake_tables import ApplicationRow
from counter_app.storage.models import OfficeSettingsRow, UserRow

DEMO_PASSWORDS = {"admin": "admin", "manager": "manager", "operator": "operator"}


class DemoRefused(Exception):
    """The database is not empty: demo data would mix with real users and applications."""

    @staticmethod
    def message() -> str:
        return _(
            "The database is not empty (it has users, an office or applications): demo data goes only into "
            "an empty database. Start without --demo, or give an empty database with --db."
        )


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


def is_empty(db: Database) -> bool:
    """No user, no office settings and no application yet."""
    with db.read() as session:
        return not any(
            session.scalar(select(exists().where(column.is_not(None))))
            for column in (UserRow.id, OfficeSettingsRow.id, ApplicationRow.id)
        )


def seed_demo(db: Database) -> None:
    """Fill an empty database with the demo office and users; ``DemoRefused`` (saying why) for any other."""
    if not is_empty(db):
        raise DemoRefused(DemoRefused.message())
    accounts = Accounts(db)
    (admin_name, admin_full, _role, _window), *others = DEMO_USERS
    admin = accounts.create(
        None,
        admin_name,
        admin_full,
        Role.ADMIN,
        secrets.token_urlsafe(16) + "-1a",
        must_change_password=False,
    )
    OfficeSettings(db).save(admin, DEMO_OFFICE)
    for username, full_name, role, window in others:
        accounts.create(admin, username, full_name, role, secrets.token_urlsafe(16) + "-1a", window=window)
    # The demo passwords are the usernames, too short for the policy: set directly, to be changed at once.
    from counter_app.core.domain import passwords

    with db.write() as session:
        for username, password in DEMO_PASSWORDS.items():
            session.execute(
                update(UserRow)
                .where(UserRow.username == username)
                .values(password_hash=passwords.hash_password(password), must_change_password=True)
            )
