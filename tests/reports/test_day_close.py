"""The day's close over the known applications: a gap in the receipt series, a package left behind, the results
whose storage ended, the cancelled intakes; closed once, journaled, printed again identically."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from counter_app.core.domain.i18n import gettext_in
from counter_app.core.domain.permissions import AccessDenied
from counter_app.core.usecases import manifests as manifests_uc
from counter_app.core.usecases import package_reads
from counter_app.core.usecases.day_close import DayAlreadyClosed, DayNotOver, close_day, closed_day, findings
from counter_app.core.usecases.numbering import next_receipt_number
from counter_app.printing.day_close_pdf import day_close_pdf
from counter_app.storage.models import AuditEntryRow

DEC1, DEC30, DEC31 = dt.date(2026, 12, 1), dt.date(2026, 12, 30), dt.date(2026, 12, 31)


def text_of(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_complete_day_with_a_cancelled_intake(office):
    found = findings(office.db, DEC1)
    assert (found.counter, found.receipts, found.gaps, found.strays) == (3, 3, [], [])
    assert found.series_complete and (found.accepted, found.refused) == (2, 1)
    assert found.on_manifest == 2  # a1 and a2 went on manifests
    assert [(c.username, c.service_code) for c in found.cancelled] == [("operator", "guardian-benefit")]


def test_the_close_finds_a_gap_and_a_package_left_behind_and_is_kept(office):
    with office.db.write() as session:  # a number issued with nothing stored behind it (e.g. a restore)
        burned = next_receipt_number(session, "1", DEC30)
    assert burned == "1-20261230-0002"
    found = findings(office.db, DEC30)
    assert (found.counter, found.receipts, found.gaps) == (2, 1, [2]) and not found.series_complete
    assert [(x.receipt_number, x.status, x.manifest) for x in found.left_behind] == [
        (office.numbers["a6"], "awaiting_handoff", "")
    ]
    assert [r.receipt_number for r in found.storage_ended] == [office.numbers["a3"]]
    assert found.open_manifests == [] and found.cancelled == []

    with pytest.raises(AccessDenied):
        close_day(office.db, office.operator, DEC30, DEC31)
    with pytest.raises(DayNotOver):
        close_day(office.db, office.manager, DEC31 + dt.timedelta(days=1), DEC31)
    moment = dt.datetime(2026, 12, 30, 15, 0, tzinfo=dt.UTC)
    closed = close_day(office.db, office.manager, DEC30, DEC31, clock=lambda: moment)
    assert closed.closed and closed.closed_by == "manager" and closed.gaps == [2]
    with pytest.raises(DayAlreadyClosed):
        close_day(office.db, office.manager, DEC30, DEC31)
    with office.db.read() as session:
        entry = session.scalars(select(AuditEntryRow).where(AuditEntryRow.action == "day_closed")).one()
    assert entry.subject == "1 2026-12-30" and "gaps [2]" in entry.detail

    sheets = {lang: day_close_pdf(closed_day(office.db, DEC30), lang) for lang in ("kk", "ru")}
    # the data change after the close; the closed day's sheet does not
    provider = package_reads.package_line(office.db, office.numbers["a6"], DEC31).provider_id
    manifests_uc.build_manifest(office.db, office.manager, provider, DEC31, [office.numbers["a6"]])
    assert findings(office.db, DEC30).left_behind[0].manifest.endswith("M01")
    for lang, pdf in sheets.items():
        assert day_close_pdf(closed_day(office.db, DEC30), lang) == pdf
    ru = text_of(sheets["ru"])
    for expected in (
        "Лист закрытия дня 30.12.2026",
        office.numbers["a6"],
        office.numbers["a3"],
        "не в реестре",
        "Номера без заявления: 2",
        "Сапаров Ерлан Маратович",
    ):
        assert expected in ru
    kk = text_of(sheets["kk"])
    assert "30.12.2026 күнін жабу парағы" in kk and office.numbers["a6"] in kk


def test_a_day_without_intakes_says_no_number_was_issued_on_the_sheet(office):
    quiet = findings(office.db, dt.date(2026, 12, 2))  # no intake on that day
    assert quiet.counter == 0 and quiet.series_complete
    for lang in ("ru", "kk"):
        text = " ".join(text_of(day_close_pdf(quiet, lang)).split())
        expected = gettext_in(lang, "No receipt number was issued this day.")
        assert expected != "No receipt number was issued this day." and expected in text
        assert "1 to 0" not in text and " 1 — 0" not in text and "1-ден 0" not in text
