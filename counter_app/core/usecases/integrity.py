"""``audit verify``: is the journal intact, and does every archived document still match its hash?

Read-only. Checks, in order:

1. the journal's hash chain (``core.audit.entry_hash``) from the first entry to the newest, and that the newest
   is the one the chain head names — an entry changed, deleted or inserted by direct SQL breaks the chain there;
2. every archived receipt: its PDF against its SHA-256, and that SHA-256 against the journal entry of the print;
3. every application against the digest its journal entry recorded (an IIN or name changed later is found);
4. every user against the journal: created through Counter, and with the role the journal last gave it.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.core.domain.i18n import _
from counter_app.core.usecases.audit import GENESIS_HASH, entry_hash
from counter_app.storage.db import Database, as_utc
from counter_app.storage.intake_tables import ApplicationRow, IssuedDocumentRow
from counter_app.storage.models import AuditChainHeadRow, AuditEntryRow, UserRow

BATCH = 2000
_DIGEST = re.compile(r"\bsha256=([0-9a-f]{64})\b")
_ROLE_CHANGE = re.compile(r"role (\w+) -> (\w+)")


def application_digest(
    receipt_number: str, iin: str, name: str, payload: str, checklist: str, missing: str
) -> str:
    """What the journal entry of an intake records about the application it stored."""
    text = json.dumps(
        [receipt_number, iin, name, payload, checklist, missing], ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Report:
    entries: int = 0
    documents: int = 0
    applications: int = 0
    users: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _check_chain(session: Session, report: Report) -> dict[tuple[str, str], list[str]]:
    """Walk the chain; returns (action, subject) → details of the entries, for the other checks."""
    details: dict[tuple[str, str], list[str]] = {}
    previous, last_id, broken = GENESIS_HASH, 0, False
    query = select(AuditEntryRow).order_by(AuditEntryRow.id).execution_options(yield_per=BATCH)
    for row in session.scalars(query):
        report.entries += 1
        details.setdefault((row.action, row.subject), []).append(row.detail)
        if broken:
            continue
        expected = entry_hash(
            previous, row.id, as_utc(row.at), row.user_id, row.username, row.action, row.subject, row.detail
        )
        if row.entry_hash != expected:
            broken = True
            report.problems.append(
                _(
                    "Journal entry {id} ({at:%d.%m.%Y %H:%M}, {action}) does not follow from the one before: an entry "
                    "was changed, deleted or inserted here."
                ).format(id=row.id, at=as_utc(row.at), action=row.action)
            )
            continue
        previous, last_id = row.entry_hash, row.id
    head = session.get(AuditChainHeadRow, 1)
    if not broken and head is not None and (head.last_entry_id, head.last_hash) != (last_id, previous):
        report.problems.append(
            _(
                "The newest journal entries are missing: the journal ends at entry {id}, but entry {head} was "
                "written."
            ).format(id=last_id, head=head.last_entry_id)
        )
    return details


def verify(db: Database) -> Report:
    report = Report()
    with db.read() as session:
        details = _check_chain(session, report)
        chained = details.get(("journal_chained", ""), [])
        before: dict[str, Any] = json.loads(chained[-1]) if chained else {}
        roster: dict[str, str] = before.get("users", {})  # the users when the chain started (migration 0011)
        receipts = dict(session.execute(select(ApplicationRow.id, ApplicationRow.receipt_number)).all())
        documents = select(IssuedDocumentRow).order_by(IssuedDocumentRow.id).execution_options(yield_per=100)
        for doc in session.scalars(documents):
            report.documents += 1
            number = receipts.get(doc.application_id, "?")
            actual = hashlib.sha256(doc.pdf).hexdigest()
            journaled = {
                d.split()[-1]
                for action in ("print", "reprint")
                for d in details.get((action, number), [])
                if d
            }
            unjournaled_ok = doc.id <= before.get("documents_before", 0)
            if actual != doc.sha256 or (doc.sha256 not in journaled and not unjournaled_ok):
                report.problems.append(
                    _("The archived receipt {number} (document {id}) no longer matches its hash.").format(
                        number=number, id=doc.id
                    )
                )
        apps = select(ApplicationRow).order_by(ApplicationRow.id).execution_options(yield_per=BATCH)
        for app in session.scalars(apps):
            report.applications += 1
            action = "intake_accepted" if app.decision == "accepted" else "intake_refused"
            recorded = [
                m.group(1)
                for d in details.get((action, app.receipt_number), [])
                for m in [_DIGEST.search(d)]
                if m
            ]
            if not details.get((action, app.receipt_number)) and app.id > before.get(
                "applications_before", 0
            ):
                report.problems.append(
                    _("Application {number} has no journal entry: it was not stored by Counter.").format(
                        number=app.receipt_number
                    )
                )
            elif recorded and recorded[-1] != application_digest(
                app.receipt_number,
                app.applicant_iin,
                app.applicant_name,
                app.payload,
                app.checklist,
                app.missing,
            ):
                report.problems.append(
                    _("Application {number} was changed after it was stored.").format(
                        number=app.receipt_number
                    )
                )
        for user in session.scalars(select(UserRow).order_by(UserRow.id)):
            report.users += 1
            created = details.get(("user_created", user.username), [])
            if not created and user.username in roster:
                created = ["role=" + roster[user.username]]
            if not created:
                report.problems.append(
                    _("User {username} has no journal entry: the account was not created by Counter.").format(
                        username=user.username
                    )
                )
                continue
            role = created[-1].removeprefix("role=")
            for detail in details.get(("user_changed", user.username), []):
                match = _ROLE_CHANGE.search(detail)
                if match:
                    role = match.group(2)
            if role != user.role:
                report.problems.append(
                    _("User {username} has the role {role}, which no journal entry gave.").format(
                        username=user.username, role=user.role
                    )
                )
    return report
