"""A report on A4 (ReportLab) in Kazakh or Russian: the parameters, the charts, then every table.

A table of more than six columns (the two waiting- and service-time tables, eleven and ten columns) is printed
on A4 turned landscape: on the portrait page its headers broke inside words («Қабыл/дау/лар», «Ожида/ние»)
whatever the font; on its side every header word and figure fits whole at a readable size, the wording and the
columns stay those of the screen and the spreadsheet (no abbreviated catalog text, no table split in two).

The charts are ReportLab drawings of the same series the screen draws with QPainter (intakes by hour, the
share handed over on time by due day, refusals by item). Same report, same bytes (invariant mode).
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Spacer, Table, TableStyle

from counter_app.core.domain.i18n import N_, gettext_in
from counter_app.core.usecases.report_tables import ReportTable, Seconds, Share, period_text, report_tables
from counter_app.core.usecases.reports import Report, share
from counter_app.printing.keep import balanced_title, keep_start
from counter_app.printing.layout import (
    FONT,
    FONT_BOLD,
    FRAME_WIDTH,
    LANDSCAPE,
    LANDSCAPE_FRAME_WIDTH,
    build_pdf,
    paragraph,
    styles,
)

CHART_HEIGHT = 45 * mm
WIDE = 6  # a table of more columns goes on a landscape page
WIDE_SIZES = (8.0, 7.5, 7.0, 6.5)  # its font sizes, tried from the largest
BAR = colors.HexColor("#3A6EA5")


def _cell_text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, dt.date):
        return f"{cell:%d.%m.%Y}"
    if isinstance(cell, Seconds | Share):
        return cell.text()
    return str(cell)


PADDING = 12  # a cell's left and right padding (ReportLab's Table: 6 points each)
WIDE_PADDING = 6  # 3 points each in a landscape table: eleven columns


def _unbroken_words(
    widths: list[float],
    table: ReportTable,
    head_size: float,
    size: float,
    *,
    whole_cells: bool = False,
    padding: float = PADDING,
) -> list[float] | None:
    """The columns widened to hold their longest word (a header's in bold, a cell's), taking the room from the
    columns that have some to spare, so no word is broken across lines (``whole_cells``: no cell either); None
    when the page is too narrow."""
    rows = [[_cell_text(c) for c in row] for row in table.rows[:200]]
    needed = [
        max(
            [stringWidth(w, FONT_BOLD, head_size) for w in header.split()]
            + [
                stringWidth(w, FONT, size)
                for row in rows
                for w in ([row[column]] if whole_cells else row[column].split())
            ]
            + [0]
        )
        + padding
        for column, header in enumerate(table.headers)
    ]
    if sum(needed) > sum(widths):
        return None
    out = list(widths)
    for _ in range(len(out)):
        short = [i for i, w in enumerate(out) if w < needed[i] - 0.01]
        if not short:
            break
        deficit = sum(needed[i] - out[i] for i in short)
        for i in short:
            out[i] = needed[i]
        spare = {i: out[i] - needed[i] for i in range(len(out)) if i not in short and out[i] > needed[i]}
        room = sum(spare.values())
        for i, slack in spare.items():
            out[i] -= deficit * slack / room
    return out


def wide(table: ReportTable) -> bool:
    return len(table.headers) > WIDE


def _table(table: ReportTable, lang: str) -> list[Flowable]:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    small = wide(table)
    frame_width = LANDSCAPE_FRAME_WIDTH if small else FRAME_WIDTH
    total = sum(table.widths) or len(table.headers)
    shares = [frame_width * (w / total) for w in (table.widths or [1] * len(table.headers))]
    # On a landscape page: the largest size (8 down to 6.5 points) at which every cell runs on one line (a name,
    # a service) and no header word breaks; else the largest at which no word at all breaks.
    widths = None
    for whole_cells in (True, False) if small else (False,):
        for size in WIDE_SIZES if small else (8.5,):
            padding = WIDE_PADDING if small else PADDING
            widths = _unbroken_words(shares, table, size, size, whole_cells=whole_cells, padding=padding)
            if widths is not None:
                break
        if widths is not None:
            break
    leading = size * 1.2 if small else 10.5
    cell_style = ParagraphStyle("report_cell", parent=styles()["cell"], fontSize=size, leading=leading)
    head_style = ParagraphStyle("report_head", parent=cell_style, fontName=FONT_BOLD)
    widths = widths or shares
    data = [[Paragraph(escape(h), head_style) for h in table.headers]]
    for row in table.rows:
        data.append([Paragraph(escape(_cell_text(c)), cell_style) for c in row])
    if len(data) == 1:
        data.append(
            [Paragraph(escape(gettext_in(lang, N_("nothing in this period"))), cell_style)]
            + [""] * (len(table.headers) - 1)
        )
    grid = Table(data, colWidths=widths, repeatRows=1)
    grid.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#888888")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8E8E8")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                *(
                    [("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
                    if small
                    else []
                ),
            ]
        )
    )
    return [*keep_start([paragraph(escape(table.title), "heading"), Spacer(0, 2)], grid), Spacer(0, 6)]


def _bar_chart(title: str, labels: list[str], values: list[int]) -> Drawing:
    drawing = Drawing(FRAME_WIDTH, CHART_HEIGHT)
    drawing.add(String(0, CHART_HEIGHT - 10, title, fontName=FONT_BOLD, fontSize=9))
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 25, 18, FRAME_WIDTH - 35, CHART_HEIGHT - 38
    chart.data = [values or [0]]
    chart.categoryAxis.categoryNames = labels or [""]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 6.5
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    drawing.add(chart)
    return drawing


def _share_chart(title: str, report: Report) -> Drawing:
    drawing = Drawing(FRAME_WIDTH, CHART_HEIGHT)
    drawing.add(String(0, CHART_HEIGHT - 10, title, fontName=FONT_BOLD, fontSize=9))
    points = [
        (float(i), 100 * (share(d.on_time, d.due) or 0.0))
        for i, d in enumerate(report.handoff_by_day)
        if d.due
    ]
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 25, 18, FRAME_WIDTH - 35, CHART_HEIGHT - 38
    plot.data = [points or [(0.0, 0.0)]]
    plot.lines[0].strokeColor = BAR
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax, plot.yValueAxis.valueStep = 0, 100, 25
    plot.yValueAxis.labels.fontName = plot.xValueAxis.labels.fontName = FONT
    plot.yValueAxis.labels.fontSize = plot.xValueAxis.labels.fontSize = 7
    days = [d.day for d in report.handoff_by_day if d.due]
    plot.xValueAxis.labelTextFormat = lambda v: f"{days[int(v)]:%d.%m}" if 0 <= int(v) < len(days) else ""
    plot.xValueAxis.valueMin = 0
    plot.xValueAxis.valueMax = max(len(days) - 1, 1)
    drawing.add(plot)
    return drawing


def charts(report: Report, lang: str) -> list[Flowable]:
    t = lambda m: gettext_in(lang, m)
    hours = list(range(8, 21))
    counts = [report.intakes_by_hour.get(h, 0) for h in hours]
    refusals = report.refusals[:12]
    return [
        _bar_chart(t(N_("Applications by hour")), [f"{h}:00" for h in hours], counts),
        _share_chart(t(N_("Share handed over on time, by due day (%)")), report),
        _bar_chart(
            t(N_("Refusals by document item")),
            [
                f"{report.service_names.get(r.service_code, {}).get(lang, r.service_code)[:14]} {r.item_number}"
                for r in refusals
            ],
            [r.count for r in refusals],
        ),
        Spacer(0, 4),
    ]


def report_pdf(report: Report, lang: str) -> bytes:
    t = lambda m: gettext_in(lang, m)
    title = t(N_("Report of the service department"))
    story: list[Flowable] = [paragraph(escape(balanced_title(title)), "title")]
    heading = Table(
        [
            [paragraph(escape(label), "small"), paragraph(f"<b>{escape(value)}</b>", "small")]
            for label, value in period_text(report, lang)
        ],
        colWidths=[40 * mm, FRAME_WIDTH - 40 * mm],
    )
    heading.setStyle(
        TableStyle([("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)])
    )
    story += [heading, Spacer(0, 6), *charts(report, lang)]
    turned = False  # on landscape pages now
    for table in report_tables(report, lang):
        if wide(table) != turned:  # the wide tables on landscape pages, the others back on portrait ones
            turned = wide(table)
            story += [NextPageTemplate(LANDSCAPE if turned else "page"), PageBreak()]
        story += _table(table, lang)
    f = report.filter
    reference = f"{f.date_from:%d.%m.%Y}–{f.date_to:%d.%m.%Y}"
    return build_pdf(
        story,
        lang=lang,
        title=title,
        author="Counter",
        reference=reference,
        copy_mark=False,
        landscape_pages=True,
    )
