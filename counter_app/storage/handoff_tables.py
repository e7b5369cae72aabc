"""Tables of the courier handoff: manifests, the packages on them, and every package's status history.

Declared on the same ``Base`` as ``storage/models.py``; migration ``0003_handoff`` creates exactly these and
adds the result columns to ``packages``. A package is on at most one manifest of each kind: the unique
constraint on ``(package_id, kind)`` of ``manifest_packages`` is the last guard when two desks build at once.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.storage.models import Base


class ManifestRow(Base):
    """A courier's list for one provider and day: the packages handed over (or unclaimed results returned)."""

    __tablename__ = "manifests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # core.domain.packages.ManifestKind value
    provider_id: Mapped[int] = mapped_column(ForeignKey("service_providers.id"))
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)  # core.domain.packages.ManifestStatus value
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(100))  # username
    created_by_name: Mapped[str] = mapped_column(String(300))  # the employee handing over, as printed
    courier_name: Mapped[str] = mapped_column(String(300))
    picked_up_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    clerk_name: Mapped[str] = mapped_column(String(300))  # the provider's receiving clerk
    delivered_on: Mapped[dt.date | None] = mapped_column(Date)


class ManifestPackageRow(Base):
    """A package on a manifest, in the manifest's order."""

    __tablename__ = "manifest_packages"
    __table_args__ = (UniqueConstraint("package_id", "kind", name="uq_manifest_packages_package_id_kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    manifest_id: Mapped[int] = mapped_column(ForeignKey("manifests.id"), index=True)
    package_id: Mapped[int] = mapped_column(ForeignKey("packages.id"))
    kind: Mapped[str] = mapped_column(String(20))  # the manifest's kind (a package goes out once, back once)
    position: Mapped[int] = mapped_column(Integer)


class PackageEventRow(Base):
    """One step of a package's life: from one status to the next, who did it, when, and the particulars."""

    __tablename__ = "package_events"
    __table_args__ = (Index("ix_package_events_package_id_id", "package_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    package_id: Mapped[int] = mapped_column(ForeignKey("packages.id"))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    status_from: Mapped[str | None] = mapped_column(String(40))  # None for the acceptance itself
    status_to: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    username: Mapped[str] = mapped_column(String(100))
    detail: Mapped[str] = mapped_column(Text)  # JSON object: manifest, courier, clerk, result, reason…
