"""Ready for pickup: the results waiting with the phone given at intake, the "informed" mark, XLSX and CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from counter_app.core.domain.handoff_errors import UnknownPackage
from counter_app.core.domain.permissions import AccessDenied
from counter_app.core.usecases.pickup import mark_informed, ready_for_pickup
from counter_app.printing.pickup_export import pickup_csv, pickup_xlsx

MOMENT = dt.datetime(2026, 12, 31, 5, 30, tzinfo=dt.UTC)


def test_the_list_marks_and_exports(office):
    lines = ready_for_pickup(office.db)
    # a3 (result 20.11, never issued) and a2 (result 04.12); a1 was issued, a4 returned by the provider
    assert [(x.receipt_number, x.phone, x.received_on, x.keep_until) for x in lines] == [
        (office.numbers["a3"], "+7 701 123 45 67", dt.date(2026, 11, 20), dt.date(2026, 12, 20)),
        (office.numbers["a2"], "+7 701 123 45 67", dt.date(2026, 12, 4), dt.date(2027, 1, 4)),
    ]
    assert all(x.informed_at is None for x in lines)
    with pytest.raises(AccessDenied):
        mark_informed(office.db, office.admin, office.numbers["a2"], True)
    with pytest.raises(UnknownPackage):  # issued already: not on the list
        mark_informed(office.db, office.operator, office.numbers["a1"], True)
    mark_informed(office.db, office.operator, office.numbers["a2"], True, clock=lambda: MOMENT)
    lines = ready_for_pickup(office.db)
    assert [(x.informed_at, x.informed_by) for x in lines] == [(None, ""), (MOMENT, "operator")]

    names = {"guardian-benefit": "Пособие опекунам", "school-transport": "Подвоз к школе"}
    book = load_workbook(io.BytesIO(pickup_xlsx(lines, "ru", names)))
    rows = [list(r) for r in book.active.iter_rows(values_only=True)]
    assert rows[0][:7] == [
        "Номер расписки",
        "Услугополучатель",
        "Телефон",
        "Услуга",
        "Результат получен",
        "Хранится до",
        "Гражданин извещён",
    ]
    assert rows[2][:7] == [
        office.numbers["a2"],
        "Сәрсенбаева Әйгерім",
        "+7 701 123 45 67",
        "Пособие опекунам",
        dt.datetime(2026, 12, 4),
        dt.datetime(2027, 1, 4),
        "да",
    ]
    assert rows[1][6] == "нет"
    text = pickup_csv(lines, "kk", names).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][6] == "Азамат хабардар етілді" and table[2][6] == "иә" and table[2][4] == "04.12.2026"

    mark_informed(office.db, office.operator, office.numbers["a2"], False)
    assert ready_for_pickup(office.db)[1].informed_at is None
