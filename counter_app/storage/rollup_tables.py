"""The roll-up's tables (see ``storage.rollup`` for what they count and the triggers that keep them).

Declared on the same ``Base`` as ``storage/models.py``; migration ``0013_rollup`` creates exactly these. Every
column but ``n`` is the key.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Index, Integer, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.storage.models import Base

DAY, MONTH = 0, 1  # ``span``: a day's counts, or a calendar month's (``day`` its first day)
NOT_YET, ON_TIME, LATE = 0, 1, 2  # ``delivered`` / ``received``


class _Who:
    """The application's department, service and operator (every roll-up but the cancelled intakes)."""

    department: Mapped[str] = mapped_column(String(50), primary_key=True, sort_order=-10)
    service_code: Mapped[str] = mapped_column(String(100), primary_key=True, sort_order=-10)
    username: Mapped[str] = mapped_column(String(100), primary_key=True, sort_order=-10)
    n: Mapped[int] = mapped_column(Integer, sort_order=10)


class _Days(_Who):
    """Counted per day and per month (``span``), keyed by the application's day first."""

    span: Mapped[int] = mapped_column(SmallInteger, primary_key=True, sort_order=-30)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True, sort_order=-20)


class RollupIntakeRow(_Days, Base):
    """Applications (accepted or refused) per day, department, service, operator and decision."""

    __tablename__ = "rollup_intakes"

    decision: Mapped[str] = mapped_column(String(20), primary_key=True)


class RollupHourRow(_Days, Base):
    """Applications per day, department, service, operator and the UTC hour (0-23) of their receipt."""

    __tablename__ = "rollup_hours"

    utc_hour: Mapped[int] = mapped_column(SmallInteger, primary_key=True)


class RollupTimeRow(_Days, Base):
    """How many applications waited (``measure`` "wait") or were served ("service") ``minutes`` (rounded up)."""

    __tablename__ = "rollup_times"

    measure: Mapped[str] = mapped_column(String(10), primary_key=True)
    minutes: Mapped[int] = mapped_column(Integer, primary_key=True)


class RollupRefusalRow(_Days, Base):
    """Refused document items (the law's item number in the catalog version applied)."""

    __tablename__ = "rollup_refusals"

    version_from: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    item_number: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_key: Mapped[str] = mapped_column(String(100), primary_key=True)
    reason: Mapped[str] = mapped_column(String(20), primary_key=True)


class RollupResultRow(_Days, Base):
    """Packages per their application's day, department, service and operator, by status."""

    __tablename__ = "rollup_results"
    __table_args__ = (Index("ix_rollup_results_status", "status", "waiting_since"),)

    status: Mapped[str] = mapped_column(String(40), primary_key=True)
    received: Mapped[int] = mapped_column(SmallInteger, primary_key=True)  # 0 | 1: a result came
    waiting_since: Mapped[dt.date] = mapped_column(
        Date, primary_key=True
    )  # a waiting result's day, else ``day``


class RollupCancelledRow(Base):
    """Intakes thrown away unfinished per day, service (empty when none was chosen) and operator."""

    __tablename__ = "rollup_cancelled"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    service_code: Mapped[str] = mapped_column(String(100), primary_key=True)
    username: Mapped[str] = mapped_column(String(100), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class RollupHandoffRow(_Who, Base):
    """Packages per the day they are due to the provider."""

    __tablename__ = "rollup_handoff"
    __table_args__ = (Index("ix_rollup_handoff_queued", "queued", "provider_id", "handoff_due"),)

    handoff_due: Mapped[dt.date] = mapped_column(Date, primary_key=True, sort_order=-20)
    provider_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    delivered: Mapped[int] = mapped_column(SmallInteger, primary_key=True)  # NOT_YET | ON_TIME | LATE
    queued: Mapped[int] = mapped_column(SmallInteger, primary_key=True)  # 1: still in the handoff queue


class RollupResultDueRow(_Who, Base):
    """Packages per the day their result is due."""

    __tablename__ = "rollup_result_due"

    result_due: Mapped[dt.date] = mapped_column(Date, primary_key=True, sort_order=-20)
    received: Mapped[int] = mapped_column(SmallInteger, primary_key=True)  # NOT_YET | ON_TIME | LATE
    returned: Mapped[int] = mapped_column(SmallInteger, primary_key=True)  # 1: returned by the provider
