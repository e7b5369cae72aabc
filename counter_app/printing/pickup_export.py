"""The ready-for-pickup list as XLSX (XlsxWriter) or CSV (UTF-8 with BOM, for spreadsheet programs), headers
in the chosen language, one line per citizen with the "citizen informed" mark."""

from __future__ import annotations

import csv
import datetime as dt
import io

import xlsxwriter

from counter_app.core.domain.i18n import N_, gettext_in
from counter_app.core.domain.office_time import office_time
from counter_app.core.usecases.pickup import PickupLine

HEADERS = (
    N_("Receipt number"),
    N_("Applicant"),
    N_("Phone"),
    N_("Service"),
    N_("Result received"),
    N_("Kept until"),
    N_("Citizen informed"),
    N_("Informed at"),
    N_("Informed by"),
)


def _rows(lines: list[PickupLine], lang: str, names: dict[str, str]) -> list[list[object]]:
    yes, no = gettext_in(lang, N_("yes")), gettext_in(lang, N_("no"))
    return [
        [
            x.receipt_number,
            x.applicant_name,
            x.phone,
            names.get(x.service_code, x.service_code),
            x.received_on,
            x.keep_until,
            yes if x.informed_at else no,
            office_time(x.informed_at).replace(tzinfo=None) if x.informed_at else None,
            x.informed_by,
        ]
        for x in lines
    ]


def pickup_xlsx(lines: list[PickupLine], lang: str, names: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"created": dt.datetime(2000, 1, 1)})
    bold = book.add_format({"bold": True, "bg_color": "#E8E8E8", "border": 1, "text_wrap": True})
    date = book.add_format({"num_format": "dd.mm.yyyy"})
    moment = book.add_format({"num_format": "dd.mm.yyyy hh:mm"})
    sheet = book.add_worksheet(gettext_in(lang, N_("Ready for pickup"))[:31])
    for c, header in enumerate(HEADERS):
        sheet.write_string(0, c, gettext_in(lang, header), bold)
    sheet.set_column(0, 0, 18)
    sheet.set_column(1, 1, 34)
    sheet.set_column(2, 2, 18)
    sheet.set_column(3, 3, 30)
    sheet.set_column(4, 8, 14)
    sheet.freeze_panes(1, 0)
    for r, row in enumerate(_rows(lines, lang, names), start=1):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, dt.datetime):
                sheet.write_datetime(r, c, value, moment)
            elif isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date)
            else:
                sheet.write_string(r, c, str(value))
    book.close()
    return buffer.getvalue()


def pickup_csv(lines: list[PickupLine], lang: str, names: dict[str, str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([gettext_in(lang, h) for h in HEADERS])
    for row in _rows(lines, lang, names):
        writer.writerow(
            [
                v.strftime("%d.%m.%Y %H:%M")
                if isinstance(v, dt.datetime)
                else v.strftime("%d.%m.%Y")
                if isinstance(v, dt.date)
                else ("" if v is None else v)
                for v in row
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
