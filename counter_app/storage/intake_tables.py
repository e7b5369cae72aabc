"""Tables of the intake desk: receipt counters, applications (accepted or refused), packages, drafts, and the
archive of the receipts printed for them.

Declared on the same ``Base`` as ``storage/models.py``; migration ``0002_intake`` creates exactly these.
The typed draft (everything the operator entered) is kept as JSON in ``payload``; the columns beside it are
what lists and searches need.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.storage.models import Base


class ReceiptCounterRow(Base):
    """The last receipt number issued by a department on a day (bumped by an upsert, never decremented)."""

    __tablename__ = "receipt_counters"

    department: Mapped[str] = mapped_column(String(50), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer)


class ApplicationRow(Base):
    """One intake: an accepted application or a refusal to accept, each with its receipt number."""

    __tablename__ = "applications"
    __table_args__ = (
        # Covers every report over a period (added by 0005_report_index; the rows themselves are wide).
        Index(
            "ix_applications_report",
            "day",
            "service_code",
            "username",
            "decision",
            "wait_seconds",
            "service_seconds",
            "created_at",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    receipt_number: Mapped[str] = mapped_column(String(40), unique=True)
    decision: Mapped[str] = mapped_column(String(20))  # core.domain.intake_draft.Decision value
    status: Mapped[str] = mapped_column(String(40))  # core.domain.intake_draft.ApplicationStatus value
    service_code: Mapped[str] = mapped_column(String(100), index=True)
    version_from: Mapped[dt.date] = mapped_column(Date)  # effective_from of the catalog version applied
    department: Mapped[str] = mapped_column(String(50))
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    username: Mapped[str] = mapped_column(String(100))
    window: Mapped[str] = mapped_column(String(20))
    applicant_iin: Mapped[str] = mapped_column(String(12), index=True)
    applicant_name: Mapped[str] = mapped_column(String(400))
    applicant_name_folded: Mapped[str] = mapped_column(String(400), index=True)  # casefolded, for search
    payload: Mapped[str] = mapped_column(Text)  # the IntakeDraft as JSON
    checklist: Mapped[str] = mapped_column(Text)  # JSON: every required item with its mark and dates
    missing: Mapped[str] = mapped_column(Text)  # JSON: the missing/expired items (refusals)
    # Added by 0004_reports: what the manager's reports aggregate without reading the JSON.
    phone: Mapped[str | None] = mapped_column(String(20))  # core.phone stored form, +77XXXXXXXXX
    wait_seconds: Mapped[int | None] = mapped_column(Integer)  # queue ticket taken -> service started
    service_seconds: Mapped[int | None] = mapped_column(Integer)  # service started -> receipt number issued
    # Added by 0008_trust: the draft's own id, so that an intake sent again (its commit answer lost) is stored once.
    intake_key: Mapped[str | None] = mapped_column(String(36), index=True, unique=True)


class PackageRow(Base):
    """The documents of an accepted application, to be handed by courier to its provider."""

    __tablename__ = "packages"
    __table_args__ = (
        Index("ix_packages_status_provider_id_handoff_due", "status", "provider_id", "handoff_due"),
        Index("ix_packages_status_result_received_on", "status", "result_received_on"),  # 0006_board_index
        Index(
            "ix_packages_result_due_result_received_on", "result_due", "result_received_on", "status"
        ),  # 0009
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), unique=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("service_providers.id"))
    documents: Mapped[str] = mapped_column(Text)  # JSON: the documents kept in the package
    handoff_due: Mapped[dt.date] = mapped_column(Date, index=True)
    result_due: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(40))  # core.domain.packages.PackageStatus value
    # Added by 0003_handoff: where the package stands after the courier (see core.domain.packages).
    status_changed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    delivered_on: Mapped[dt.date | None] = mapped_column(Date)
    result_kind: Mapped[str | None] = mapped_column(String(30))  # core.domain.packages.ResultKind value
    result_reference: Mapped[str | None] = mapped_column(String(300))  # number and date of the decision…
    result_received_on: Mapped[dt.date | None] = mapped_column(Date)
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    return_reason: Mapped[str | None] = mapped_column(Text)  # the provider's written reason for a return
    # Added by 0008_pickup_informed: the citizen was told the result is ready (by phone or a message).
    ready_informed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    ready_informed_by: Mapped[str | None] = mapped_column(String(100))  # username


class IntakeDraftRow(Base):
    """What an operator has typed so far at a window, saved after every page (at most one per user+window)."""

    __tablename__ = "intake_drafts"
    __table_args__ = (UniqueConstraint("user_id", "window", name="uq_intake_drafts_user_id_window"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer)
    window: Mapped[str] = mapped_column(String(20))
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    payload: Mapped[str] = mapped_column(Text)


class IssuedDocumentRow(Base):
    """A receipt PDF exactly as it was printed for an application (the original, then any reprinted copies)."""

    __tablename__ = "issued_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    kind: Mapped[str] = mapped_column(
        String(20)
    )  # core.domain.intake_draft.IssuedKind value: acceptance | refusal
    language: Mapped[str] = mapped_column(String(2))  # the print language: kk | ru
    sha256: Mapped[str] = mapped_column(String(64))  # hex SHA-256 of ``pdf``
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    username: Mapped[str] = mapped_column(String(100))
    is_copy: Mapped[bool] = mapped_column(Boolean)  # printed with the copy mark (a reprint)


class RefusalItemRow(Base):
    """One missing or expired document item of a refusal to accept (the law's item number), for the reports."""

    __tablename__ = "refusal_items"
    __table_args__ = (Index("ix_refusal_items_day_service_code", "day", "service_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    day: Mapped[dt.date] = mapped_column(Date)
    service_code: Mapped[str] = mapped_column(String(100))
    version_from: Mapped[dt.date] = mapped_column(Date)  # the catalog version whose item numbers these are
    username: Mapped[str] = mapped_column(String(100))
    item_number: Mapped[int] = mapped_column(Integer)
    document_key: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(
        String(20)
    )  # core.domain.intake_errors.ProblemReason value: missing | expired


class CancelledIntakeRow(Base):
    """An intake the operator threw away unfinished (no receipt number was issued)."""

    __tablename__ = "cancelled_intakes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    service_code: Mapped[str] = mapped_column(String(100))  # empty when no service was chosen yet
    username: Mapped[str] = mapped_column(String(100))
    window: Mapped[str] = mapped_column(String(20))
    applicant_name: Mapped[str] = mapped_column(String(400))
