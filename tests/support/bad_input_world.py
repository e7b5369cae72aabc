"""The bad-input suite's world (helpers; fixtures in conftest.py): one demo office per backend (SQLite file, PostgreSQL schema) with a package
awaiting handoff, one delivered, stale accounts (deactivated, demoted), and a snapshot of everything stored.

Every case is tried against it and must end in a message of Counter's own in the user's language (Kazakh on
SQLite, Russian on PostgreSQL, so both catalogs are exercised), with the stored data unchanged.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import func, select

from counter_app.core.domain.catalog import Catalog
from counter_app.core.domain.permissions import Account, Role
from counter_app.core.usecases import custody, manifests
from counter_app.core.usecases.accounts import Accounts
from counter_app.core.usecases.applications import load_application
from counter_app.core.usecases.demo import seed_demo
from counter_app.core.usecases.intake import accept
from counter_app.storage.db import Database
from counter_app.storage.models import all_tables
from tests.support.intake_helpers import complete_draft

TODAY = dt.date(2026, 11, 23)  # a Monday: the centre works (a Sunday would refuse every intake)
PICKUP = dt.datetime(2026, 11, 23, 10, tzinfo=dt.UTC)
PASSWORDS = {"admin": "Kilt-Orange-77", "manager": "Courier-Day-24", "operator": "Tulip-Desk-31"}
LANGUAGE = {"sqlite": "kk", "postgresql": "ru"}
# Tables that may grow when a refused action is journaled (a failed sign-in) or throttled.
JOURNAL_TABLES = {"audit_entries", "audit_chain_head", "login_throttle"}
LEAKS = re.compile(
    r"Traceback|\[SQL|SELECT |INSERT |UPDATE |psycopg\.|sqlite3\.|StringDataRight|parameters", re.IGNORECASE
)
CYRILLIC = re.compile(r"[А-Яа-яӘәҒғҚқҢңӨөҰұҮүҺһІіЁё]")


@dataclass
class World:
    backend: str
    db: Database
    catalog: Catalog
    today: dt.date
    admin: Account
    manager: Account
    operator: Account
    deactivated: Account  # an operator deactivated after signing in (the window still holds the object)
    demoted: Account  # an administrator made an operator after signing in
    ghost: Account  # id 0: the old "command line" actor
    awaiting: str  # receipt number of a package awaiting handoff
    delivered: str  # receipt number of a delivered package
    open_manifest: str
    with_courier: str  # a manifest with the courier
    provider: int

    @property
    def language(self) -> str:
        return LANGUAGE[self.backend]


def snapshot(db: Database) -> dict[str, tuple]:
    """Row counts and a digest of every table except the journal's: what a refused action must not change."""
    import hashlib

    result = {}
    with db.read() as session:
        for name, table in sorted(all_tables().tables.items()):
            if name in JOURNAL_TABLES:
                continue
            # A failed sign-in counts on the user's row (failed_logins): that is journaling, not storing.
            columns = [c for c in table.columns if not (name == "users" and c.name == "failed_logins")]
            rows = session.execute(select(*columns)).all()
            digest = hashlib.sha256(repr(sorted(map(repr, rows))).encode()).hexdigest()
            result[name] = (len(rows), digest)
    return result


def _build_world(backend: str, url: str, catalog: Catalog) -> World:
    db = Database(url)
    db.upgrade()
    seed_demo(db)
    accounts = Accounts(db)
    for name, password in PASSWORDS.items():
        accounts.change_own_password(accounts.find(name).id, name, password)
    admin = accounts.find("admin")
    manager, operator = accounts.find("manager"), accounts.find("operator")
    deactivated = accounts.create(
        admin, "leaver", "Кеткен Оператор", Role.OPERATOR, "Lake-Stone-19", window="2"
    )
    accounts.update(admin, deactivated.id, active=False)
    demoted = accounts.create(admin, "former", "Бұрынғы Әкімші", Role.ADMIN, "Steppe-Wind-42")
    accounts.update(admin, demoted.id, role=Role.OPERATOR, window="3")
    today = TODAY
    numbers = [
        accept(db, operator, complete_draft(catalog, "guardian-benefit"), today, catalog=catalog)
        for _ in range(3)
    ]
    provider = load_application(db, numbers[0], operator).package.provider_id
    first = manifests.build_manifest(db, manager, provider, today, [numbers[1]])
    custody.record_pickup(db, manager, first, "Курьер Ерлан", PICKUP, [numbers[1]])
    custody.record_delivery(db, manager, first, today, "Кеңсе қызметкері", today=today)
    second = manifests.build_manifest(db, manager, provider, today, [numbers[2]])
    custody.record_pickup(db, manager, second, "Курьер Ерлан", PICKUP, [numbers[2]])
    third_number = accept(db, operator, complete_draft(catalog, "guardian-benefit"), today, catalog=catalog)
    opened = manifests.build_manifest(db, manager, provider, today, [third_number])
    return World(
        backend,
        db,
        catalog,
        today,
        admin,
        manager,
        operator,
        deactivated,
        demoted,
        Account(0, "cli", "Command line", Role.ADMIN, None, False),
        numbers[0],
        numbers[1],
        opened,
        second,
        provider,
    )


def assert_clear(message: str, language: str) -> None:
    """A message of Counter's own, in the user's (Kazakh or Russian) words, leaking nothing technical."""
    assert message.strip(), "empty message"
    assert not LEAKS.search(message), message
    assert CYRILLIC.search(message), f"not in {language}: {message}"
    assert " the " not in f" {message.lower()} ", f"English left in a {language} message: {message}"


def count_rows(db: Database, table: str) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(all_tables().tables[table]))
