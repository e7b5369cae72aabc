"""A report as an XLSX workbook (XlsxWriter): one sheet per table, numbers as numbers, dates as dates.

Durations are Excel times (``[m]:ss``), shares percentages; the headers and the first sheet's parameters are in
the chosen language (kk, ru or en).
"""

from __future__ import annotations

import datetime as dt
import io

import xlsxwriter

from counter_app.core.domain.i18n import N_, gettext_in
from counter_app.core.usecases.report_tables import Seconds, Share, period_text, report_tables
from counter_app.core.usecases.reports import Report

SHEET_NAME_LIMIT = 31  # Excel's


def _sheet_name(title: str, used: set[str]) -> str:
    name = "".join(c for c in title if c not in "[]:*?/\\")[:SHEET_NAME_LIMIT].strip()
    base, n = name, 2
    while name.casefold() in used:
        suffix = f" ({n})"
        name = base[: SHEET_NAME_LIMIT - len(suffix)] + suffix
        n += 1
    used.add(name.casefold())
    return name


def report_xlsx(report: Report, lang: str) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties(
        {"title": gettext_in(lang, N_("Report")), "author": "Counter", "created": dt.datetime(2000, 1, 1)}
    )  # the same report gives the same file
    bold = book.add_format(
        {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#E8E8E8", "border": 1}
    )
    date = book.add_format({"num_format": "dd.mm.yyyy"})
    percent = book.add_format({"num_format": "0.0%"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    used: set[str] = set()

    summary = book.add_worksheet(_sheet_name(gettext_in(lang, N_("Report")), used))
    summary.set_column(0, 0, 22)
    summary.set_column(1, 1, 50)
    for row, (label, value) in enumerate(period_text(report, lang)):
        summary.write_string(row, 0, label, bold)
        summary.write_string(row, 1, value)

    for table in report_tables(report, lang):
        sheet = book.add_worksheet(_sheet_name(table.sheet, used))
        for column, header in enumerate(table.headers):
            sheet.write_string(0, column, header, bold)
            width = table.widths[column] if column < len(table.widths) else 1
            sheet.set_column(column, column, max(10, min(80, width * 12)), wrap if width >= 4 else None)
        sheet.freeze_panes(1, 0)
        for r, cells in enumerate(table.rows, start=1):
            for c, cell in enumerate(cells):
                if cell is None:
                    continue
                if isinstance(cell, bool):
                    sheet.write_boolean(r, c, cell)
                elif isinstance(cell, int):
                    sheet.write_number(r, c, cell)
                elif isinstance(cell, dt.date):
                    sheet.write_datetime(r, c, dt.datetime.combine(cell, dt.time()), date)
                elif isinstance(cell, Seconds):
                    minutes = cell.minutes()
                    if minutes is not None:
                        sheet.write_number(r, c, minutes)
                elif isinstance(cell, Share):
                    if cell.value is not None:
                        sheet.write_number(r, c, cell.value, percent)
                else:
                    sheet.write_string(r, c, str(cell))
    book.close()
    return buffer.getvalue()
