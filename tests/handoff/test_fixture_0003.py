"""The released 0003 schema (tests/fixtures/db/schema-0003.sqlite3) upgrades with its manifest usable."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from counter_app.core.domain import packages
from counter_app.core.domain.packages import PackageStatus
from counter_app.core.domain.permissions import Role
from counter_app.core.usecases import custody, manifests, package_reads
from counter_app.core.usecases.accounts import Accounts
from counter_app.storage.db import Database

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "db" / "schema-0003.sqlite3"
NUMBER, MANIFEST, DAY = "2-20261120-0001", "2-20261123-M01", dt.date(2026, 11, 23)


def test_an_open_manifest_survives_the_upgrade_and_goes_on(tmp_path):
    copy = tmp_path / "counter.sqlite3"
    shutil.copyfile(FIXTURE, copy)
    db = Database(f"sqlite:///{copy}")
    try:
        db.upgrade()
        manifest = manifests.load_manifest(db, MANIFEST, DAY)
        assert [line.receipt_number for line in manifest.lines] == [NUMBER]
        assert (manifest.status, manifest.created_by_name) == (
            packages.ManifestStatus.OPEN,
            "Fixture Manager",
        )
        history = package_reads.package_history(db, NUMBER)
        assert [e.status_to for e in history] == [PackageStatus.AWAITING_HANDOFF, PackageStatus.ON_MANIFEST]

        admin = Accounts(db).authenticate("admin", "fixture-admin")
        manager = Accounts(db).create(admin, "courier-desk", "Менеджер", Role.MANAGER, "Tulip-Desk-31")
        custody.record_pickup(
            db, manager, MANIFEST, "Курьер", dt.datetime(2026, 11, 23, 5, tzinfo=dt.UTC), [NUMBER]
        )
        assert package_reads.package_line(db, NUMBER, DAY).status is PackageStatus.WITH_COURIER
    finally:
        db.dispose()
