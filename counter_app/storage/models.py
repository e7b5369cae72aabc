"""The database tables (SQLAlchemy 2 typed models); migrations in ``storage/migrations`` create exactly these.

Enumerations are stored as short strings (their ``.value``) so that SQLite and PostgreSQL hold the same thing
and a new member never needs an ``ALTER TYPE``. Times are stored in UTC.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Named constraints, so that later migrations (batch mode on SQLite) can refer to them by name.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class OfficeSettingsRow(Base):
    """The one row describing this installation's branch and department (id is always 1)."""

    __tablename__ = "office_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    branch_name_kk: Mapped[str] = mapped_column(String(500))
    branch_name_ru: Mapped[str] = mapped_column(String(500))
    department_number: Mapped[str] = mapped_column(String(50))
    address_kk: Mapped[str] = mapped_column(String(500))
    address_ru: Mapped[str] = mapped_column(String(500))
    idle_lock_minutes: Mapped[int] = mapped_column(Integer)


class WindowRow(Base):
    """A service window of the department ("1", "2", "4a"), in display order."""

    __tablename__ = "windows"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(String(20), unique=True)
    position: Mapped[int] = mapped_column(Integer)


class ServiceProviderRow(Base):
    """A body the office hands packages to; never deleted (applications refer to it), only made inactive."""

    __tablename__ = "service_providers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))  # core.catalog.ProviderKind value
    district_kk: Mapped[str] = mapped_column(String(200))
    district_ru: Mapped[str] = mapped_column(String(200))
    name_kk: Mapped[str] = mapped_column(String(500))
    name_ru: Mapped[str] = mapped_column(String(500))
    address_kk: Mapped[str] = mapped_column(String(500))
    address_ru: Mapped[str] = mapped_column(String(500))
    active: Mapped[bool] = mapped_column(Boolean)


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    full_name: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))  # core.accounts.Role value
    window: Mapped[str | None] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))  # argon2id, PHC string format
    failed_logins: Mapped[int] = mapped_column(Integer)
    locked: Mapped[bool] = mapped_column(
        Boolean
    )  # locked by an administrator (or by an old version's lockout)
    # Added by 0011_trust: a deactivated user cannot sign in and no session of theirs can write.
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)  # after a reset, demo users


class LoginThrottleRow(Base):
    """Wrong passwords typed for one user name (known or not), keyed by a hash of the name: the delay grows.

    The name itself is not stored, so a password typed into the user-name field is kept nowhere.
    """

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)  # hex SHA-256 of the normalised name
    failures: Mapped[int] = mapped_column(Integer)
    last_failed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class CalendarOverrideRow(Base):
    """A day decreed different from the holidays package (core.calendar.CalendarOverride)."""

    __tablename__ = "calendar_overrides"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # core.calendar.OverrideKind value
    reference: Mapped[str] = mapped_column(String(500))
    name: Mapped[str] = mapped_column(String(300))


class AuditEntryRow(Base):
    """Who did what and when; ``username`` is kept as it was at the time (empty when nobody was signed in)."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    username: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(50))
    subject: Mapped[str] = mapped_column(String(300))
    detail: Mapped[str] = mapped_column(Text)
    # Added by 0011_trust: SHA-256 over the previous entry's hash and this entry (core.audit.entry_hash).
    entry_hash: Mapped[str | None] = mapped_column(String(64))


class AuditChainHeadRow(Base):
    """The newest journal entry's id and hash (one row, id 1): locked while an entry is added, so the chain
    never forks, and deleting the newest entries is noticed."""

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_entry_id: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))


class RetentionRow(Base):
    """How long personal data left outside the applications is kept, in days (one row, id 1; defaults when
    absent: core.retention.DEFAULTS)."""

    __tablename__ = "retention_policy"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    drafts_days: Mapped[int] = mapped_column(Integer)  # unfinished intakes in the database
    local_copies_days: Mapped[int] = mapped_column(Integer)  # the wizard's local draft copies (JSON files)
    previews_days: Mapped[int] = mapped_column(Integer)  # print previews left in the data directory
    logs_days: Mapped[int] = mapped_column(Integer)  # error logs


class CounterReleaseRow(Base):
    """The one row (id 1) naming the Counter release that last upgraded the schema, and to which revision."""

    __tablename__ = "counter_release"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[str] = mapped_column(String(40))
    revision: Mapped[str] = mapped_column(String(40))
    upgraded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


# Modules that declare more tables on ``Base`` (imported by ``all_tables`` for migrations and their tests).
TABLE_MODULES = (
    "counter_app.storage.intake_tables",
    "counter_app.storage.handoff_tables",
    "counter_app.storage.report_tables",
    "counter_app.storage.rollup_tables",
)


def all_tables() -> MetaData:
    """``Base.metadata`` with the tables of every module in ``TABLE_MODULES`` declared on it."""
    import importlib

    for name in TABLE_MODULES:
        importlib.import_module(name)
    return Base.metadata
