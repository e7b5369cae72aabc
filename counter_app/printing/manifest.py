"""The courier manifest on paper: packages handed to a provider (handoff) or unclaimed results handed back
to it (return), in Kazakh or Russian.

Input is plain data (:class:`ManifestPrint`); the texts are the project's wording in
``forms/printed/manifest.yaml``. One PDF holds two copies (the State Corporation's and the provider's), each
starting on a new page, labelled, numbered "page X of Y" on its own, with the table header repeated on every
page and the totals at the end of the table. The same data gives the same bytes (ReportLab invariant mode).

The table's rows are laid out once for both copies and drawn straight on the canvas, each page's cells in one
text object (:mod:`counter_app.printing.plain_table`): pages, lines and look as a ReportLab ``Table`` would make
them, in a fraction of its time.
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
from counter_app.printing.plain_table import (
    CENTER,
    LEFT,
    RIGHT,
    Cell,
    Grid,
    PlainTable,
    Rows,
    paragraph_lines,
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
_HANDOFF_WIDTHS = [_INDEX, _RECEIPT, _APPLICANT, 0.0, 13 * mm, _DATE, _DATE]
_RETURN_WIDTHS = [_INDEX, _RECEIPT, _APPLICANT, 0.0, 36 * mm, _DATE]
for _widths in (_HANDOFF_WIDTHS, _RETURN_WIDTHS):
    _widths[3] = FRAME_WIDTH - sum(_widths)  # the service takes what the other columns leave


@cache
def _date(day: dt.date | None, lang: str) -> str:
    return numeric_date(day, lang) if day else ""


class _Body:
    """The body table's cells (as :data:`_GRID` sets them: 7.5 pt, top-aligned, padded 3/3/2/3), laid out once
    for both copies."""

    def __init__(self, widths: list[float], aligns: list[str]) -> None:
        self.grid = Grid(
            widths=widths,
            aligns=aligns,
            font=FONT,
            size=7.5,
            leading=9.2,
            header_background=colors.HexColor("#EEEEEE"),
        )
        self.room = self.grid.room
        self._wrapped: dict[tuple[str, int], Cell] = {}  # a service's name comes again and again

    def head(self, texts: list[str]) -> list[Cell]:
        style = _cell_styles()["head"]
        return [
            Cell(paragraph_lines(text, style, room), FONT_BOLD, style.fontSize, style.leading)
            for text, room in zip(texts, self.room, strict=True)
        ]

    def plain(self, text: str, column: int) -> Cell:
        """A number or a date: one line as it is."""
        grid = self.grid
        return Cell((text,), FONT, grid.size, grid.leading, grid.aligns[column])

    def wrapped(self, text: str, column: int) -> Cell:
        """A text wrapped in its column as a Paragraph would wrap it (a word wider than the column broken, as a
        Paragraph breaks it); cut with "…" past :data:`CELL_LIMIT`."""
        key = (text, column)
        cell = self._wrapped.get(key)
        if cell is None:
            grid, text = self.grid, fit(text)
            lines = grid.plain_lines(text, column)
            if lines is None:
                lines = paragraph_lines(text, _cell_styles()["cell"], self.room[column])
            cell = self._wrapped[key] = Cell(lines, FONT, grid.size, grid.leading, LEFT)
        return cell


def _handoff_rows(data: ManifestPrint, text: ManifestText, lang: str) -> Rows:
    columns = text.columns
    body = _Body(_HANDOFF_WIDTHS, [RIGHT, LEFT, LEFT, LEFT, CENTER, CENTER, CENTER])
    head = body.head(
        [
            columns.index,
            columns.receipt,
            columns.applicant,
            columns.service,
            columns.documents,
            columns.accepted_on,
            columns.result_due,
        ]
    )
    rows = [
        [
            body.plain(str(index), 0),
            body.wrapped(line.receipt_number, 1),
            body.wrapped(line.applicant, 2),
            body.wrapped(line.service.get(lang), 3),
            body.plain(str(line.documents), 4),
            body.plain(_date(line.accepted_on, lang), 5),
            body.plain(_date(line.result_due, lang), 6),
        ]
        for index, line in enumerate(data.lines, start=1)
    ]
    return Rows(body.grid, head, rows)


def _handoff_totals(text: ManifestText, values: dict[str, str]) -> Table:
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
    return Table(
        totals,
        colWidths=_HANDOFF_WIDTHS,
        style=TableStyle([*_TOTALS, ("SPAN", (0, 0), (3, 0)), ("SPAN", (5, 0), (6, 0))]),
    )


def _return_rows(data: ManifestPrint, text: ManifestText, lang: str) -> Rows:
    columns = text.columns
    body = _Body(_RETURN_WIDTHS, [RIGHT, LEFT, LEFT, LEFT, LEFT, CENTER])
    head = body.head(
        [
            columns.index,
            columns.receipt,
            columns.applicant,
            columns.service,
            columns.result,
            columns.result_received_on,
        ]
    )
    rows = []
    for index, line in enumerate(data.lines, start=1):
        result = ", ".join(
            p for p in (text.result_kinds.get(line.result_kind, line.result_kind), line.result_reference) if p
        )
        rows.append(
            [
                body.plain(str(index), 0),
                body.wrapped(line.receipt_number, 1),
                body.wrapped(line.applicant, 2),
                body.wrapped(line.service.get(lang), 3),
                body.wrapped(result, 4),
                body.plain(_date(line.result_received_on, lang), 5),
            ]
        )
    return Rows(body.grid, head, rows)


def _return_totals(text: ManifestText, values: dict[str, str]) -> Table:
    totals = [[_cell(plain(text.return_totals, values), "total"), "", "", "", "", ""]]
    return Table(totals, colWidths=_RETURN_WIDTHS, style=TableStyle([*_TOTALS, ("SPAN", (0, 0), (-1, 0))]))


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
    if data.kind == "handoff":
        rows, totals = _handoff_rows(data, text, lang), _handoff_totals
    else:
        rows, totals = _return_rows(data, text, lang), _return_totals
    story: list[Flowable] = []
    for copy_index, copy_label in enumerate(text.copy_labels):
        if copy_index:
            story.append(PageBreak())
        # the totals close the table and stay with the signatures and the last rows, so no page holds the
        # signatures alone; both copies draw the same laid-out rows
        story.append(
            KeepEnd(
                [*_heading(data, text, values, copy_label), PlainTable(rows)],
                [totals(text, values), *_signatures(data, text, lang)],
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
