"""Tables of the manager's desk: the day's close (what was found and signed, kept to print again identically).

Declared on the same ``Base`` as ``storage/models.py``; migration ``0004_reports`` creates it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.storage.models import Base


class DayCloseRow(Base):
    """A department's day, closed by a manager: the findings as they were at the close (JSON)."""

    __tablename__ = "day_closes"
    __table_args__ = (UniqueConstraint("department", "day", name="uq_day_closes_department_day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    department: Mapped[str] = mapped_column(String(50))
    day: Mapped[dt.date] = mapped_column(Date)
    closed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    username: Mapped[str] = mapped_column(String(100))
    full_name: Mapped[str] = mapped_column(String(300))
    findings: Mapped[str] = mapped_column(Text)  # core.day_close.DayClose as JSON
