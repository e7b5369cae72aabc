"""What changed in the shared data, by topic, so that a screen reloads only on the changes that concern it.

A topic's stamp is the newest row of the tables that record its changes (primary-key maxima: cheap): every
package move writes a package event (accept, manifest, courier, delivery, result, return), every manifest is a
row, every application is a row, every intake in progress saves its draft. Sign-ins, prints and settings write
only the journal, so they no longer make the Handoff or Results screens reload. On PostgreSQL the same topics
are also announced with NOTIFY on the ``counter_changes`` channel (triggers of migration 0014), so a window
that LISTENs hears a change at once; polling the stamps stays as the fallback.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, func, select

from counter_app.storage.db import Database
from counter_app.storage.handoff_tables import ManifestRow, PackageEventRow
from counter_app.storage.intake_tables import ApplicationRow, IntakeDraftRow
from counter_app.storage.models import AuditEntryRow

CHANNEL = "counter_changes"  # the PostgreSQL NOTIFY channel; the payload is the topic's value


class Topic(enum.Enum):
    PACKAGES = "packages"  # a package accepted or moved (its status history)
    MANIFESTS = "manifests"  # a manifest built (its steps move packages: PACKAGES)
    APPLICATIONS = "applications"  # an application accepted or refused
    DRAFTS = "drafts"  # an intake in progress saved
    JOURNAL = (
        "journal"  # anything journaled (a sign-in, a print, a citizen marked informed…): the widest topic
    )


_NEWEST: dict[Topic, ColumnElement[Any]] = {
    Topic.PACKAGES: func.max(PackageEventRow.id),
    Topic.MANIFESTS: func.max(ManifestRow.id),
    Topic.APPLICATIONS: func.max(ApplicationRow.id),
    Topic.DRAFTS: func.max(IntakeDraftRow.saved_at),
    Topic.JOURNAL: func.max(AuditEntryRow.id),
}


def topic_stamp(db: Database, topics: Iterable[Topic]) -> tuple[str, ...]:
    """The stamps of ``topics`` (in their order), read in one transaction: a different tuple means a change."""
    topics = list(topics)
    with db.read() as session:
        return tuple(str(session.scalar(select(_NEWEST[topic])) or "") for topic in topics)


def change_stamp(db: Database) -> tuple[int, int]:
    """Changes whenever any window accepts, refuses, or moves a package (cheap: two primary-key maxima).

    Every change of the shared data writes an audit entry and every package move a history entry, so a screen
    that polls this knows when to reload.
    """
    with db.read() as session:
        audit_id = session.scalar(select(func.max(AuditEntryRow.id))) or 0
        event_id = session.scalar(select(func.max(PackageEventRow.id))) or 0
    return int(audit_id), int(event_id)
