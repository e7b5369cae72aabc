"""The office this installation serves (branch, windows, service providers) and the calendar overrides.

Read by anyone; changed by an administrator only. Providers are never deleted, because applications refer to
them: a provider left out of a saved office is made inactive.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Row, Table, delete, literal_column, null, select, true, type_coerce, union_all
from sqlalchemy.orm import Session
from sqlalchemy.sql.selectable import CompoundSelect

from counter_app.core.domain import dates
from counter_app.core.domain import text as texts
from counter_app.core.domain.calendar import CalendarOverride, OverrideKind
from counter_app.core.domain.catalog import ProviderKind
from counter_app.core.domain.i18n import _
from counter_app.core.domain.office import (
    Bilingual,
    Office,
    ServiceProvider,
    office_problems,
    provider_problems,
)
from counter_app.core.domain.permissions import AccessDenied, Account, Role
from counter_app.core.usecases import audit
from counter_app.core.usecases.accounts import acting
from counter_app.core.usecases.audit import Action
from counter_app.storage.db import Database, InTransaction
from counter_app.storage.models import CalendarOverrideRow, OfficeSettingsRow, ServiceProviderRow, WindowRow

_SETTINGS_ID = 1
_Rows = tuple[Row[*tuple[Any, ...]], ...]  # hashable: the key of the values made of them
EMPTY_OFFICE = Office(branch_name=Bilingual("", ""), department_number="", address=Bilingual("", ""))


def _require_admin(actor: Account) -> None:
    if actor.role is not Role.ADMIN:
        raise AccessDenied(_("Only an administrator can change the office settings."))


def _admin(session: Session, actor: Account) -> Account:
    """The actor re-read in this transaction: still an active administrator."""
    _require_admin(actor)
    current = acting(session, actor)
    _require_admin(current)
    return current


def _fill_provider(row: ServiceProviderRow, provider: ServiceProvider) -> None:
    row.kind = ProviderKind(provider.kind).value
    row.district_kk, row.district_ru = provider.district.kk, provider.district.ru
    row.name_kk, row.name_ru = provider.name.kk, provider.name.ru
    row.address_kk, row.address_ru = provider.address.kk, provider.address.ru
    row.active = provider.active


# Built once, on the tables (plain Core, no ORM): the office and the calendar overrides are read at every intake.
_SETTINGS_TABLE = cast(Table, OfficeSettingsRow.__table__)
_WINDOWS = cast(Table, WindowRow.__table__)
_PROVIDERS = cast(Table, ServiceProviderRow.__table__)
_OVERRIDES_TABLE = cast(Table, CalendarOverrideRow.__table__)
_OVERRIDE_COLUMNS = (
    _OVERRIDES_TABLE.c.day,
    _OVERRIDES_TABLE.c.kind,
    _OVERRIDES_TABLE.c.reference,
    _OVERRIDES_TABLE.c.name,
)
# The settings row with each provider beside it (one statement; no provider yet: one row of NULLs beside it).
_SETTINGS_AND_PROVIDERS = (
    select(_SETTINGS_TABLE, _PROVIDERS)
    .select_from(_SETTINGS_TABLE.outerjoin(_PROVIDERS, true()))
    .where(_SETTINGS_TABLE.c.id == _SETTINGS_ID)
    .order_by(_PROVIDERS.c.id)
)
_WINDOW_LABELS = select(_WINDOWS.c.label).order_by(_WINDOWS.c.position, _WINDOWS.c.id)
_OVERRIDES = select(*_OVERRIDE_COLUMNS).order_by(_OVERRIDES_TABLE.c.day)
# What a commit reads, in one statement: the settings and provider rows as above, then one row per calendar override
# (the columns of the other part NULL; the first column says which part a row is of).
_OFFICE_AND_OVERRIDES: CompoundSelect[*tuple[Any, ...]] = union_all(
    select(
        literal_column("0"),
        _SETTINGS_TABLE,
        _PROVIDERS,
        *(type_coerce(null(), column.type) for column in _OVERRIDE_COLUMNS),
    )
    .select_from(_SETTINGS_TABLE.outerjoin(_PROVIDERS, true()))
    .where(_SETTINGS_TABLE.c.id == _SETTINGS_ID),
    select(
        literal_column("1"),
        *(null() for _column in (*_SETTINGS_TABLE.c, *_PROVIDERS.c)),
        *_OVERRIDE_COLUMNS,
    ),
)
# Where each column is in a row of _SETTINGS_AND_PROVIDERS (a row of _OFFICE_AND_OVERRIDES without its first column).
_S = {column.name: index for index, column in enumerate(_SETTINGS_TABLE.c)}
_P = {column.name: index + len(_S) for index, column in enumerate(_PROVIDERS.c)}
_OVERRIDE_AT = len(_S) + len(_P)


def _office_of(rows: Sequence[Sequence[Any]], labels: tuple[str, ...]) -> Office:
    """The office made of its settings row with each provider beside it (``_SETTINGS_AND_PROVIDERS``; providers in
    the order of their ids) and its window labels."""
    settings, s, p = rows[0], _S, _P
    providers = tuple(
        ServiceProvider(
            id=row[p["id"]],
            kind=ProviderKind(row[p["kind"]]),
            district=Bilingual(row[p["district_kk"]], row[p["district_ru"]]),
            name=Bilingual(row[p["name_kk"]], row[p["name_ru"]]),
            address=Bilingual(row[p["address_kk"]], row[p["address_ru"]]),
            active=row[p["active"]],
        )
        for row in sorted(rows, key=lambda row: row[p["id"]] or 0)
        if row[p["id"]] is not None
    )
    return Office(
        branch_name=Bilingual(settings[s["branch_name_kk"]], settings[s["branch_name_ru"]]),
        department_number=settings[s["department_number"]],
        address=Bilingual(settings[s["address_kk"]], settings[s["address_ru"]]),
        windows=labels,
        providers=providers,
        idle_lock_minutes=settings[s["idle_lock_minutes"]],
    )


def _overrides_of(rows: Iterable[Sequence[Any]]) -> tuple[CalendarOverride, ...]:
    """The overrides made of their rows (day, kind, reference, name), in the order of their days."""
    return tuple(
        CalendarOverride(day, OverrideKind(kind), reference, name)
        for day, kind, reference, name in sorted(rows, key=lambda row: row[0])
    )


# The office and the overrides are read at every intake and change rarely: rows equal to the last ones give back
# the same (frozen) values instead of making them anew (each ``_made`` function keeps its last answer). The rows
# themselves are read every time, in the caller's transaction, so that a change saved by any window is seen at
# once: only the making of the values is spared, never the read.
@lru_cache(maxsize=1)
def _office_made(rows: _Rows, labels: tuple[str, ...]) -> Office:
    return _office_of(rows, labels)


@lru_cache(maxsize=1)
def _overrides_made(rows: _Rows) -> tuple[CalendarOverride, ...]:
    return _overrides_of(rows)


@lru_cache(maxsize=1)
def _commit_read_made(rows: _Rows) -> tuple[Office, tuple[CalendarOverride, ...]]:
    office_rows = [row[1:] for row in rows if row[0] == 0]
    return (
        _office_of(office_rows, ()) if office_rows else EMPTY_OFFICE,
        _overrides_of(row[1 + _OVERRIDE_AT :] for row in rows if row[0] == 1),
    )


def read_office(session: InTransaction, *, windows: bool = True) -> Office:
    """The saved office, read in the caller's transaction (``windows=False``: one statement, no windows).

    Plain rows (SQLAlchemy Core), not ORM objects.
    """
    rows = tuple(session.execute(_SETTINGS_AND_PROVIDERS).all())
    if not rows:
        return EMPTY_OFFICE
    labels = tuple(session.scalars(_WINDOW_LABELS)) if windows else ()
    return _office_made(rows, labels)


def read_calendar_overrides(session: InTransaction) -> list[CalendarOverride]:
    """The administrator's calendar overrides, read in the caller's transaction."""
    return list(_overrides_made(tuple(session.execute(_OVERRIDES).all())))


def read_office_and_overrides(session: InTransaction) -> tuple[Office, list[CalendarOverride]]:
    """The saved office (without its windows) and the calendar overrides, read in the caller's transaction with
    one statement: what an intake's commit needs."""
    office, overrides = _commit_read_made(tuple(session.execute(_OFFICE_AND_OVERRIDES).all()))
    return office, list(overrides)


class InvalidOffice(ValueError):
    """The office cannot be saved as it is; the message says why, in the user's language."""


def _check_texts(office: Office) -> None:
    """Every text of the office and its providers: no control characters, within its column (InvalidText)."""
    for field, label, value, limit in (
        (
            "branch_name",
            _("The branch name"),
            max(office.branch_name.kk, office.branch_name.ru, key=len),
            texts.ADDRESS,
        ),
        ("department_number", _("The department number"), office.department_number, texts.WINDOW),
        ("address", _("The address"), max(office.address.kk, office.address.ru, key=len), texts.ADDRESS),
        *(("windows", _("The window"), window, texts.WINDOW) for window in office.windows),
        *(
            ("provider.name", _("The provider's name"), max(p.name.kk, p.name.ru, key=len), texts.ADDRESS)
            for p in office.providers
        ),
        *(
            (
                "provider.district",
                _("The district"),
                max(p.district.kk, p.district.ru, key=len),
                texts.REFERENCE,
            )
            for p in office.providers
        ),
        *(
            ("provider.address", _("The address"), max(p.address.kk, p.address.ru, key=len), texts.ADDRESS)
            for p in office.providers
        ),
    ):
        texts.limited(field, label, value, limit)
    for text in (office.branch_name.kk, office.branch_name.ru, office.address.kk, office.address.ru):
        texts.limited("office", _("This text"), text, texts.ADDRESS)


class OfficeSettings:
    def __init__(self, db: Database) -> None:
        self._db = db

    def load(self) -> Office:
        """The saved office (an empty Office, with no name, when nothing has been saved yet)."""
        with self._db.read() as session:
            return read_office(session)

    def is_configured(self) -> bool:
        with self._db.read() as session:
            return session.get(OfficeSettingsRow, _SETTINGS_ID) is not None

    def save(self, actor: Account, office: Office) -> Office:
        """Save the office; providers with id 0 are added, the others updated, missing ones made inactive."""
        _require_admin(actor)
        _check_texts(office)
        problems = office_problems(office) or next(
            (found for provider in office.providers if (found := provider_problems(provider))), {}
        )
        if problems:
            raise InvalidOffice(next(iter(problems.values())))
        if office.idle_lock_minutes < 1:
            raise InvalidOffice(_("The screen lock time must be at least one minute."))
        windows = [label.strip() for label in office.windows if label.strip()]
        if len(set(windows)) != len(windows):
            raise InvalidOffice(_("Each window number may appear only once."))
        with self._db.write() as session:
            actor = _admin(session, actor)
            settings = session.get(OfficeSettingsRow, _SETTINGS_ID)
            if settings is None:
                settings = OfficeSettingsRow(id=_SETTINGS_ID)
                session.add(settings)
            settings.branch_name_kk, settings.branch_name_ru = office.branch_name.kk, office.branch_name.ru
            settings.department_number = office.department_number
            settings.address_kk, settings.address_ru = office.address.kk, office.address.ru
            settings.idle_lock_minutes = office.idle_lock_minutes

            session.execute(delete(WindowRow))
            session.flush()
            session.add_all(WindowRow(label=label, position=index) for index, label in enumerate(windows))

            existing = {row.id: row for row in session.scalars(select(ServiceProviderRow))}
            kept: set[int] = set()
            for provider in office.providers:
                if provider.id == 0:
                    row = ServiceProviderRow()
                    session.add(row)
                else:
                    if provider.id not in existing:
                        raise KeyError(provider.id)
                    row = existing[provider.id]
                    kept.add(provider.id)
                _fill_provider(row, provider)
            for provider_id, row in existing.items():
                if provider_id not in kept:
                    row.active = False
            audit.record(
                session,
                actor,
                Action.SETTINGS_CHANGED,
                subject="office",
                detail=f"department={office.department_number}; windows={','.join(windows)}; "
                f"providers={len(office.providers)}",
            )
        return self.load()

    def calendar_overrides(self) -> list[CalendarOverride]:
        with self._db.read() as session:
            return read_calendar_overrides(session)

    def add_calendar_override(self, actor: Account, override: CalendarOverride) -> None:
        """Add an override, or replace the one already saved for that day."""
        _require_admin(actor)
        texts.limited("reference", _("The legal reference"), override.reference, texts.ADDRESS)
        texts.limited("name", _("The name"), override.name, texts.PERSON_NAME)
        dates.in_range("day", override.day)
        with self._db.write() as session:
            actor = _admin(session, actor)
            row = session.scalar(select(CalendarOverrideRow).where(CalendarOverrideRow.day == override.day))
            if row is None:
                row = CalendarOverrideRow(day=override.day)
                session.add(row)
            row.kind = OverrideKind(override.kind).value
            row.reference = override.reference
            row.name = override.name
            audit.record(
                session,
                actor,
                Action.CALENDAR_OVERRIDE_ADDED,
                subject=override.day.isoformat(),
                detail=f"{row.kind}; {override.reference}",
            )

    def remove_calendar_override(self, actor: Account, day: dt.date) -> None:
        _require_admin(actor)
        with self._db.write() as session:
            actor = _admin(session, actor)
            removed = session.execute(delete(CalendarOverrideRow).where(CalendarOverrideRow.day == day))
            if removed.rowcount:  # type: ignore[attr-defined]
                audit.record(session, actor, Action.CALENDAR_OVERRIDE_REMOVED, subject=day.isoformat())
