"""The intake's last step as one use-case: accept, refuse or cancel for want of consent, dated by the clock; the
same for the wizard and any other front end.

A closed centre or a missing provider is said before any number is used: ``accept`` and ``refuse`` check both in
their write transaction, on the office and calendar they read there, before the day's counter is bumped. When
the database went away during a commit (``progress.in_doubt``), pressed again ``commit_intake`` finds the intake
stored meanwhile instead of storing it twice (``core.intake_recovery.committed_intake``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from counter_app.core.domain.catalog import Catalog
from counter_app.core.domain.clock import Clock
from counter_app.core.domain.i18n import _
from counter_app.core.domain.intake_draft import Decision, IntakeDraft
from counter_app.core.domain.intake_errors import ProblemReason
from counter_app.core.domain.intake_rules import problems_of, service_version
from counter_app.core.domain.office import Office
from counter_app.core.domain.permissions import Account
from counter_app.core.usecases.applications import StoredApplication, load_application
from counter_app.core.usecases.drafts import window_of
from counter_app.core.usecases.intake import accept, cancel_without_consent, refuse
from counter_app.core.usecases.intake_recovery import committed_intake
from counter_app.core.usecases.office_settings import OfficeSettings
from counter_app.storage.db import Database, DatabaseUnavailable


@dataclass(frozen=True)
class Outcome:
    number: str
    accepted: bool
    application: StoredApplication | None  # None: cancelled for want of consent (nothing was stored)
    cancelled: bool = False


@dataclass
class CommitProgress:
    """What a commit found out, kept across attempts (the receipt number once stored, whether an attempt's
    answer was lost) and the office read on the way."""

    committed: str | None = None
    in_doubt: bool = False
    office: Office | None = None


def commit_intake(
    db: Database,
    account: Account,
    window: str | None,
    catalog: Catalog,
    office: Office | None,
    draft: IntakeDraft,
    today: dt.date,
    clock: Clock,
    progress: CommitProgress,
) -> Outcome:
    version = service_version(catalog, draft.service_code, today)[1]
    problems = problems_of(draft, version, today)
    if not draft.consent and progress.committed is None:
        # No consent: the counter neither accepts nor refuses (core.intake.cancel_without_consent).
        cancel_without_consent(db, account, draft, today, window=window, catalog=catalog, clock=clock)
        progress.office = office or OfficeSettings(db).load()
        return Outcome("", False, None, cancelled=True)
    if problems:
        reasons = {p.reason for p in problems}
        if not reasons & {ProblemReason.MISSING, ProblemReason.EXPIRED}:
            raise ValueError(_("The consent or a document date is missing."))
    if progress.committed is None and progress.in_doubt:
        progress.committed = committed_intake(db, account, window_of(account, window), draft, today)
        progress.in_doubt = False
    if progress.committed is None:
        store = refuse if problems else accept
        try:
            progress.committed = store(db, account, draft, today, window=window, catalog=catalog, clock=clock)
        except DatabaseUnavailable:
            progress.in_doubt = True
            raise
    application = load_application(db, progress.committed, account)
    assert application is not None  # stored a moment ago (or found stored): it is there
    progress.office = office or OfficeSettings(db).load()
    return Outcome(progress.committed, application.decision is Decision.ACCEPTED, application)
