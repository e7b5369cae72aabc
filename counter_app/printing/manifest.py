"""The courier manifest on paper: packages handed to a provider (handoff) or unclaimed results handed back
to it (return), in Kazakh or Russian.

Input is plain data (:class:`ManifestPrint`); the texts are the project's wording in
``forms/printed/manifest.yaml``. One PDF holds two copies (the State Corporation's and the provider's), each
starting on a new page, labelled, numbered "page X of Y" on its own, with the table header repeated on every
page and the totals at the end of the table. The same data gives the same bytes (ReportLab invariant mode).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle

from counter_app.core.domain.law import default_law
from counter_app.core.domain.office import Bilingual, Office, ServiceProvider
from counter_app.core.domain.printed_forms import ManifestFile, ManifestText
from counter_app.printing.keep import KeepEnd, balanced_title
from counter_app.printing.layout import (
    FONT,
    FONT_BOLD,
    FRAME_WIDTH,
    MARGIN_BOTTOM,
    MARGIN_RIGHT,
    PAGE_WIDTH,
    PageState,
    build_pdf,
    datetime_text,
    numeric_date,
    paragraph,
    plain,
    styles,
)
from counter_app.printing.reportlab_import import Code128
from counter_app.printing.texts import LANGS, load_texts

ManifestPrintKind = Literal["handoff", "return"]


# --- the data -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ManifestPrintLine:
    """One package (handoff) or one unclaimed result (return) on the manifest."""

    receipt_number: str
    applicant: str  # full name, as on the receipt
    service: Bilingual
    documents: int = 0  # handoff: documents in the package
    accepted_on: dt.date | None = None  # handoff
    result_due: dt.date | None = None  # handoff: the day the result is due to the citizen
    result_kind: str = (
        ""  # return: a core.domain.packages.ResultKind value (decision, order, certificate, ...)
    )
    result_reference: str = ""  # return: the result's number and date as the provider wrote them
    result_received_on: dt.date | None = None  # return: the day the result came to the State Corporation


@dataclass(frozen=True)
class ManifestPrint:
    number: str
    kind: ManifestPrintKind
    day: dt.date
    office: Office
    provider: ServiceProvider
    lines: tuple[ManifestPrintLine, ...]
    handed_over_by: str = ""  # the State Corporation employee (full name); blank: written by hand
    courier: str = ""
    picked_up_at: dt.datetime | None = None
    clerk: str = ""  # the provider's receiving clerk
    delivered_on: dt.date | None = None

    @property
    def documents(self) -> int:
        return sum(line.documents for line in self.lines)


# --- the texts ----------------------------------------------------------------------------------------------


def manifest_texts() -> ManifestFile:
    """The shipped texts (``forms/printed/manifest.yaml``), read once with the whole of ``forms/``."""
    return default_law().printed.manifest


# --- the page -----------------------------------------------------------------------------------------------


@cache
def _cell_styles() -> dict[str, ParagraphStyle]:
    cell = ParagraphStyle("manifest_cell", parent=styles()["cell"], fontSize=7.5, leading=9.2)
    return {
        "cell": cell,
        "head": ParagraphStyle("manifest_head", parent=cell, fontName=FONT_BOLD, fontSize=7, leading=8.8),
        "total": ParagraphStyle("manifest_total", parent=cell, fontName=FONT_BOLD),
    }


CELL_LIMIT = 160  # characters: more would make one row taller than a page (no row may stop a manifest)


def fit(text: str, limit: int = CELL_LIMIT) -> str:
    """``text`` cut with "…" when longer than a cell can show."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _cell(text: str, style: str = "cell") -> Paragraph:
    return Paragraph(escape(fit(text)), _cell_styles()[style])


_CELL_FONT_SIZE, _CELL_PADDING = 7.5, 3 + 3  # as in _GRID (font size, left + right padding)


def _wrapped(text: str, width: float) -> str | Paragraph:
    """A body cell as plain lines, wrapped once here as a Paragraph would wrap it.

    A table that splits across pages measures every Paragraph cell again at each split (about three times for a
    500-package manifest); plain lines are measured once. A word wider than the column stays a Paragraph, which
    breaks long words.
    """
    room = width - _CELL_PADDING
    lines = simpleSplit(text, FONT, _CELL_FONT_SIZE, room)
    if any(stringWidth(line, FONT, _CELL_FONT_SIZE) > room for line in lines):
        return _cell(text)
    return "\n".join(lines)


_CELL_LEADING, _PAD_LEFT, _PAD_RIGHT, _PAD_TOP, _PAD_BOTTOM = 9.2, 3, 3, 2, 3  # as in _GRID


def _row_height(cells: list[Any], widths: list[float]) -> float:
    """A row's height as the table computes it (``Table._calc_height``, the same arithmetic): plain lines at the
    cells' leading, a Paragraph at its wrapped height, plus the paddings.

    Given with the rows, the heights are never computed again: a table split across pages (and measured ahead
    by ``KeepEnd``) otherwise measures every row left at each page, wrapping its Paragraphs again.
    """
    height = 0.0
    for cell, width in zip(cells, widths, strict=True):
        if isinstance(cell, str):
            cell_height = _CELL_LEADING * len(cell.split("\n"))
        else:
            cell_height = cell.wrap(width - _PAD_LEFT - _PAD_RIGHT, 72000 - _PAD_TOP - _PAD_BOTTOM)[1]
        cell_height += _PAD_BOTTOM + _PAD_TOP
        height = max(height, cell_height)
    return height


def _page_label(lang: str) -> str:
    return manifest_texts().text(lang).page


def _numbered_canvas(lang: str) -> type[Canvas]:
    """A canvas that keeps each page until the end, then writes "page X of Y" counted within each copy
    (the copy a page belongs to is the label :class:`PageState` left on the canvas)."""
    template = _page_label(lang)

    class CopyNumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._kept_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._kept_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            labels = [page.get("_counter_copy_label", "") for page in self._kept_pages]
            for position, state in enumerate(self._kept_pages):
                label = labels[position]
                page = labels[: position + 1].count(label)  # pages of one copy follow each other
                self.__dict__.update(state)
                self.saveState()
                self.setFont(FONT, 7.5)
                self.setFillColor(colors.HexColor("#555555"))
                self.drawRightString(
                    PAGE_WIDTH - MARGIN_RIGHT,
                    MARGIN_BOTTOM / 2,
                    template.format(page=page, pages=labels.count(label)),
                )
                self.restoreState()
                Canvas.showPage(self)
            super().save()

    return CopyNumberedCanvas


def _barcode(value: str) -> Flowable:
    return Code128(value, barHeight=10 * mm, barWidth=0.25 * mm, humanReadable=True, quiet=False)


def _values(data: ManifestPrint, lang: str) -> dict[str, str]:
    office, provider = data.office, data.provider
    return {
        "number": data.number,
        "date": numeric_date(data.day, lang),
        "branch": office.branch_name.get(lang),
        "department": office.department_number,
        "address": office.address.get(lang),
        "provider": provider.name.get(lang),
        "provider_address": provider.address.get(lang),
        "packages": str(len(data.lines)),
        "documents": str(data.documents),
    }


def _line(template: str, values: dict[str, str]) -> str:
    """A filled project text; a trailing empty placeholder leaves no dangling comma."""
    return plain(template, values).strip().rstrip(",").strip()


def _heading(
    data: ManifestPrint, text: ManifestText, values: dict[str, str], copy_label: str
) -> list[Flowable]:
    title = Table(
        [
            [
                [
                    paragraph(escape(balanced_title(text.title(data.kind))), "title"),
                    paragraph(f"<b>{escape(plain(text.number, values))}</b>", "title"),
                ],
                _barcode(data.number),
            ]
        ],
        colWidths=[FRAME_WIDTH - 62 * mm, 62 * mm],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("RIGHTPADDING", (1, 0), (1, 0), 0),
            ]
        ),
    )
    return [
        PageState(copy_label),
        paragraph(f"<b>{escape(copy_label)}</b>", "copy_label"),
        title,
        paragraph(escape(_line(text.sender, values)), "small"),
        paragraph(escape(_line(text.recipient, values)), "small"),
        Spacer(1, 3 * mm),
    ]


_GRID = [
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
    ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ("TOPPADDING", (0, 0), (-1, -1), 2),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ("FONTNAME", (0, 0), (-1, -1), FONT),  # the plain-text cells (numbers, dates): no Paragraph, faster
    ("FONTSIZE", (0, 0), (-1, -1), 7.5),
    ("LEADING", (0, 0), (-1, -1), 9.2),
]
_TOTALS = [entry for entry in _GRID if entry[0] != "BACKGROUND"]
_INDEX, _RECEIPT, _APPLICANT, _DATE = 8 * mm, 28 * mm, 34 * mm, 18.5 * mm


@cache
def _date(day: dt.date | None, lang: str) -> str:
    return numeric_date(day, lang) if day else ""


def _handoff_table(
    data: ManifestPrint, text: ManifestText, values: dict[str, str], lang: str
) -> tuple[Table, Table]:
    columns = text.columns
    head = [
        columns.index,
        columns.receipt,
        columns.applicant,
        columns.service,
        columns.documents,
        columns.accepted_on,
        columns.result_due,
    ]
    widths = [_INDEX, _RECEIPT, _APPLICANT, 0.0, 13 * mm, _DATE, _DATE]
    widths[3] = FRAME_WIDTH - sum(widths)
    rows: list[list[Any]] = [[_cell(h, "head") for h in head]]
    for index, line in enumerate(data.lines, start=1):
        rows.append(
            [
                str(index),
                _wrapped(line.receipt_number, widths[1]),
                _wrapped(line.applicant, widths[2]),
                _wrapped(line.service.get(lang), widths[3]),
                str(line.documents),
                _date(line.accepted_on, lang),
                _date(line.result_due, lang),
            ]
        )
    heights = [_row_height(row, widths) for row in rows]
    totals = [
        [
            _cell(plain(text.handoff_totals, values), "total"),
            "",
            "",
            "",
            _cell(values["documents"], "total"),
            "",
            "",
        ]
    ]
    return (
        Table(
            rows,
            colWidths=widths,
            rowHeights=heights,
            repeatRows=1,
            style=TableStyle(
                [
                    *_GRID,
                    ("ALIGN", (0, 1), (0, -1), "RIGHT"),
                    ("ALIGN", (4, 1), (-1, -1), "CENTER"),
                ]
            ),
        ),
        Table(
            totals,
            colWidths=widths,
            style=TableStyle([*_TOTALS, ("SPAN", (0, 0), (3, 0)), ("SPAN", (5, 0), (6, 0))]),
        ),
    )


def _return_table(
    data: ManifestPrint, text: ManifestText, values: dict[str, str], lang: str
) -> tuple[Table, Table]:
    columns = text.columns
    head = [
        columns.index,
        columns.receipt,
        columns.applicant,
        columns.service,
        columns.result,
        columns.result_received_on,
    ]
    widths = [_INDEX, _RECEIPT, _APPLICANT, 0.0, 36 * mm, _DATE]
    widths[3] = FRAME_WIDTH - sum(widths)
    rows: list[list[Any]] = [[_cell(h, "head") for h in head]]
    for index, line in enumerate(data.lines, start=1):
        result = ", ".join(
            p for p in (text.result_kinds.get(line.result_kind, line.result_kind), line.result_reference) if p
        )
        rows.append(
            [
                str(index),
                _wrapped(line.receipt_number, widths[1]),
                _wrapped(line.applicant, widths[2]),
                _wrapped(line.service.get(lang), widths[3]),
                _wrapped(result, widths[4]),
                _date(line.result_received_on, lang),
            ]
        )
    heights = [_row_height(row, widths) for row in rows]
    totals = [[_cell(plain(text.return_totals, values), "total"), "", "", "", "", ""]]
    return (
        Table(
            rows,
            colWidths=widths,
            rowHeights=heights,
            repeatRows=1,
            style=TableStyle(
                [
                    *_GRID,
                    ("ALIGN", (0, 1), (0, -1), "RIGHT"),
                    ("ALIGN", (-1, 1), (-1, -1), "CENTER"),
                ]
            ),
        ),
        Table(totals, colWidths=widths, style=TableStyle([*_TOTALS, ("SPAN", (0, 0), (-1, 0))])),
    )


def _signatures(data: ManifestPrint, text: ManifestText, lang: str) -> list[Flowable]:
    """Who handed the packages over, the courier who took them, the provider's clerk who received them."""
    columns, signers = text.signature_columns, text.signers
    date_time = load_texts().common.text(lang).date_time
    picked_up = datetime_text(data.picked_up_at, date_time, lang) if data.picked_up_at else ""
    rows = [
        [
            _cell(columns.role, "head"),
            _cell(columns.name, "head"),
            _cell(columns.signature, "head"),
            _cell(columns.time, "head"),
        ],
        [_cell(signers.handed_over), _cell(data.handed_over_by), "", _cell(picked_up)],
        [_cell(signers.courier), _cell(data.courier), "", _cell(picked_up)],
        [_cell(signers.clerk), _cell(data.clerk), "", _cell(_date(data.delivered_on, lang))],
    ]
    widths = [52 * mm, 54 * mm, 30 * mm, FRAME_WIDTH - 136 * mm]
    table = Table(
        rows, colWidths=widths, rowHeights=[None, 12 * mm, 12 * mm, 12 * mm], style=TableStyle(_GRID)
    )
    return [Spacer(1, 6 * mm), table]


def render_manifest(data: ManifestPrint, lang: str) -> bytes:
    """The manifest in ``lang`` (kk or ru): two copies, each on its own pages."""
    if lang not in LANGS:
        raise ValueError(f"print language must be one of {LANGS}, got {lang!r}")
    text = manifest_texts().text(lang)
    values = _values(data, lang)
    table = _handoff_table if data.kind == "handoff" else _return_table
    story: list[Flowable] = []
    for copy_index, copy_label in enumerate(text.copy_labels):
        if copy_index:
            story.append(PageBreak())
        rows, totals = table(data, text, values, lang)
        # the totals close the table and stay with the signatures and the last rows, so no page holds the
        # signatures alone
        story.append(
            KeepEnd(
                [*_heading(data, text, values, copy_label), rows], [totals, *_signatures(data, text, lang)]
            )
        )
    return build_pdf(
        story,
        lang=lang,
        title=f"{text.title(data.kind)} {plain(text.number, values)}",
        author=data.office.branch_name.get(lang),
        reference=f"№ {data.number}",
        copy_mark=False,
        numbered_canvas=_numbered_canvas(lang),
    )


__all__ = ["ManifestPrint", "ManifestPrintKind", "ManifestPrintLine", "manifest_texts", "render_manifest"]


_SURNAMES = ("Сәрсенбаева", "Құрманғалиев", "Иванова", "Өтеміс", "Жұмабекова-Ғабдуллина", "Үсенов", "Һашимов")
_NAMES = ("Әйгерім", "Нұрлан", "Мария", "Ұлжан", "Ғалымжан", "Іңкәр", "Болат")
_PATRONYMICS = ("Серікқызы", "", "Петровна", "Қайратұлы", "Нұрғисақызы", "Әлібекұлы", "")


def manifest_specimen(
    services: tuple[Bilingual, ...],
    packages: int,
    kind: ManifestPrintKind = "handoff",
    day: dt.date = dt.date(2026, 11, 23),
) -> ManifestPrint:
    """A manifest of ``packages`` sample packages (or results) of ``services`` (tests, benchmark, preview)."""
    from counter_app.printing.specimen import sample_office

    office = sample_office()
    lines = []
    for index in range(packages):
        accepted_on = day - dt.timedelta(days=1 + index % 3)
        name = " ".join(p for p in (_SURNAMES[index % 7], _NAMES[index % 5], _PATRONYMICS[index % 7]) if p)
        lines.append(
            ManifestPrintLine(
                receipt_number=f"{office.department_number}-{accepted_on:%Y%m%d}-{index + 1:04d}",
                applicant=name,
                service=services[index % len(services)],
                documents=3 + index % 9,
                accepted_on=accepted_on,
                result_due=accepted_on + dt.timedelta(days=7 + index % 20),
                result_kind=("decision", "order", "certificate", "reasoned_refusal", "other")[index % 5]
                if kind == "return"
                else "",
                result_reference=f"№ {100 + index}, {accepted_on:%d.%m.%Y}" if kind == "return" else "",
                result_received_on=accepted_on + dt.timedelta(days=5) if kind == "return" else None,
            )
        )
    suffix = "M" if kind == "handoff" else "R"
    return ManifestPrint(
        number=f"{office.department_number}-{day:%Y%m%d}-{suffix}01",
        kind=kind,
        day=day,
        office=office,
        provider=office.providers[0],
        lines=tuple(lines),
        handed_over_by="Байжанова Гүлнар Асқарқызы",
    )
