"""Stored applications read back, and the search of the applications list."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from sqlalchemy import Integer, Select, bindparam, select

from counter_app.core.domain import text as texts
from counter_app.core.domain.i18n import _
from counter_app.core.domain.intake_draft import ApplicationStatus, Decision, IntakeDraft, IssuedKind
from counter_app.core.domain.packages import PackageStatus
from counter_app.core.domain.permissions import Capability
from counter_app.core.domain.receipt_numbers import RECEIPT_NUMBER
from counter_app.core.usecases.accounts import acting
from counter_app.storage.db import Database, as_utc
from counter_app.storage.intake_tables import (
    ApplicationRow,
    PackageRow,
)
from counter_app.storage.search import MIN_CHARACTERS, among, fold, matching_ids

if TYPE_CHECKING:
    from counter_app.core.domain.permissions import Account


@dataclass(frozen=True)
class StoredPackage:
    provider_id: int
    documents: list[dict[str, object]]
    handoff_due: dt.date
    result_due: dt.date
    status: PackageStatus


@dataclass(frozen=True)
class StoredApplication:
    receipt_number: str
    decision: Decision
    status: ApplicationStatus
    service_code: str
    day: dt.date
    username: str
    window: str
    applicant_iin: str
    applicant_name: str
    draft: IntakeDraft
    checklist: list[dict[str, object]]
    missing: list[dict[str, object]]
    package: StoredPackage | None
    created_at: dt.datetime | None = None  # aware, UTC: when the receipt number was issued

    @property
    def receipt_kind(self) -> IssuedKind:
        return IssuedKind.ACCEPTANCE if self.decision is Decision.ACCEPTED else IssuedKind.REFUSAL


@dataclass(frozen=True)
class ApplicationSummary:
    receipt_number: str
    decision: Decision
    status: ApplicationStatus
    service_code: str
    day: dt.date
    applicant_name: str
    iin_masked: str
    package_status: PackageStatus | None = None  # accepted applications: where the package stands
    handoff_due: dt.date | None = None


def load_application(db: Database, receipt_number: str, actor: Account) -> StoredApplication | None:
    """The whole application (the full IIN included): for the intake and results desks and reports only."""
    with db.read() as session:
        acting(
            session,
            actor,
            Capability.TAKE_APPLICATIONS,
            Capability.DEAL_WITH_RESULTS,
            Capability.READ_REPORTS,
        )
        row = session.scalar(select(ApplicationRow).where(ApplicationRow.receipt_number == receipt_number))
        if row is None:
            return None
        package_row = session.scalar(select(PackageRow).where(PackageRow.application_id == row.id))
        package = None
        if package_row is not None:
            package = StoredPackage(
                provider_id=package_row.provider_id,
                documents=json.loads(package_row.documents),
                handoff_due=package_row.handoff_due,
                result_due=package_row.result_due,
                status=PackageStatus(package_row.status),
            )
        return StoredApplication(
            receipt_number=row.receipt_number,
            decision=Decision(row.decision),
            status=ApplicationStatus(row.status),
            service_code=row.service_code,
            day=row.day,
            username=row.username,
            window=row.window,
            applicant_iin=row.applicant_iin,
            applicant_name=row.applicant_name,
            draft=IntakeDraft.from_json(row.payload),
            checklist=json.loads(row.checklist),
            missing=json.loads(row.missing),
            package=package,
            created_at=as_utc(row.created_at),
        )


def mask_iin(value: str) -> str:
    """Every digit hidden but the last four (for a valid IIN what ``ParsedIIN.masked`` gives, without checking
    it again for every row of a list)."""
    return "•" * max(len(value) - 4, 0) + value[-4:]


class SearchTooShort(ValueError):
    """A search with no word of three characters: a trigram index cannot answer it, and a scan is not made."""


def search_words(text: str) -> list[str]:
    """The folded words of a search (case and ё/е folded, as names are stored)."""
    return [word for word in re.split(r"\s+", fold(text)) if word]


def search_too_short(text: str) -> bool:
    """True when ``text`` has something but no word of at least three characters (say so, do not search)."""
    words = search_words(text)
    return bool(words) and all(len(word) < MIN_CHARACTERS for word in words)


def search_applications(db: Database, text: str, limit: int = 50) -> list[ApplicationSummary]:
    """Applications by IIN (whole or its last digits), receipt number, or words of the applicant's name
    (Kazakh or Russian, case and ё/е folded), the newest first.

    Whole IINs and receipt numbers use their unique/plain indexes; IIN digits the reversed-IIN index, the start
    of a receipt number its b-tree, name words the trigram index (SQLite FTS5, PostgreSQL pg_trgm), each giving
    the newest page without sorting every match (``storage.search.matching_ids``), so a word needs three
    characters: ``SearchTooShort`` otherwise.
    ``InvalidText`` for a search with a control character (NUL …) or longer than ``text.SEARCH``.
    """
    text = texts.limited("search", _("The search text"), text, texts.SEARCH)
    if not text:
        return []
    words = search_words(text)
    if search_too_short(text):
        raise SearchTooShort(text)
    with db.read(transaction=False) as session:  # its ids, then their rows: no transaction needed
        connection = session.connection()
        dialect = connection.dialect.name
        if RECEIPT_NUMBER.match(text):
            rows = connection.execute(_page("number", dialect), {"number": text, "limit": limit})
        elif text.isdigit() and len(text) == 12:
            rows = connection.execute(_page("iin", dialect), {"iin": text, "limit": limit})
        else:  # IIN digits, the start of a receipt number, name words: the ids by the indexes, newest first
            ids = matching_ids(connection, words, text, limit)
            rows = connection.execute(_page("ids", dialect), {"ids": ids, "limit": limit})
        return [
            ApplicationSummary(
                receipt_number=row.receipt_number,
                decision=_DECISIONS[row.decision],
                status=_STATUSES[row.status],
                service_code=row.service_code,
                day=row.day,
                applicant_name=row.applicant_name,
                iin_masked=mask_iin(row.applicant_iin),
                package_status=_PACKAGE_STATUSES[row.package_status] if row.package_status else None,
                handoff_due=row.handoff_due,
            )
            for row in rows.all()  # plain rows, fetched at once: no ORM needed
        ]


# a page's rows turned into a list's: the enums by their stored values (a dict, not the enum's call, for 50 rows)
_DECISIONS = {d.value: d for d in Decision}
_STATUSES = {s.value: s for s in ApplicationStatus}
_PACKAGE_STATUSES = {s.value: s for s in PackageStatus}


@cache
def _page(kind: str, dialect: str) -> Select[str, str, str, str, dt.date, str, str, str, dt.date]:
    """A page of a search, the newest first, at most the parameter ``limit``: the applications of the receipt
    number ``number``, of the IIN ``iin``, or of the ``ids`` found (``storage.search.among``). The columns a list
    shows, not whole rows (their JSON is large); built once (a search runs as the operator types)."""
    a = ApplicationRow
    condition = (
        a.receipt_number == bindparam("number")
        if kind == "number"
        else a.applicant_iin == bindparam("iin")
        if kind == "iin"
        else among(a.id, dialect)
    )
    return (
        select(
            a.receipt_number,
            a.decision,
            a.status,
            a.service_code,
            a.day,
            a.applicant_name,
            a.applicant_iin,
            PackageRow.status.label("package_status"),
            PackageRow.handoff_due,
        )
        .outerjoin(PackageRow, PackageRow.application_id == a.id)
        .where(condition)
        .order_by(a.id.desc())
        .limit(bindparam("limit", type_=Integer))
    )
