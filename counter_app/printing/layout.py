"""The page: bundled fonts, styles, A4 document with footer and reprint mark, filling of law texts, dates."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import io
from collections.abc import Callable, Mapping, Sequence
from functools import cache

from babel.dates import format_date, format_datetime
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from counter_app import __version__
from counter_app.core.domain.office_time import office_time
from counter_app.printing.fonts import FONT, FONT_BOLD, register_fonts
from counter_app.printing.keep import Unbroken
from counter_app.printing.locales import print_locale
from counter_app.printing.texts import PLACEHOLDER, SIGNATURE, load_texts

BLANK = "_" * 18  # where nothing is known, the line stays blank for a hand entry
SIGNATURE_LINE = "_" * 16
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 25 * mm, 15 * mm, 15 * mm, 18 * mm
FRAME_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
# A4 turned on its side, for a table too wide for the portrait page (``build_pdf(..., landscape=True)``, then
# ``NextPageTemplate(LANDSCAPE)`` in the story): the same margins, the binding edge on the left.
LANDSCAPE = "landscape"
LANDSCAPE_FRAME_WIDTH = PAGE_HEIGHT - MARGIN_LEFT - MARGIN_RIGHT


def escape(text: str) -> str:
    """``text`` as paragraph markup: ``&``, ``<`` and ``>`` escaped, as ``xml.sax.saxutils.escape`` does (whose
    import brings urllib's HTTP client, e-mail and SSL modules into every print)."""
    return html.escape(text, quote=False)


def draw_copy_mark(canvas: Canvas, text: str) -> None:
    """The copy mark of a reprint: large and faint across the page, and plain at the top right."""
    canvas.saveState()
    canvas.setFont(FONT_BOLD, 96)
    canvas.setFillColor(colors.Color(0.55, 0.55, 0.55, alpha=0.25))
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(50)
    canvas.drawCentredString(0, -30, text)
    canvas.rotate(-50)
    canvas.translate(-PAGE_WIDTH / 2, -PAGE_HEIGHT / 2)
    canvas.setFont(FONT_BOLD, 11)
    canvas.setFillColor(colors.Color(0.3, 0.3, 0.3))
    canvas.drawRightString(PAGE_WIDTH - MARGIN_RIGHT, PAGE_HEIGHT - MARGIN_TOP / 2 - 4, text)
    canvas.restoreState()


@cache
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    body = ParagraphStyle(
        "body", fontName=FONT, fontSize=10, leading=13.5, spaceAfter=4, alignment=TA_LEFT, allowWidows=0
    )  # a paragraph split across pages leaves no single line on either (allowOrphans is 0 by default)
    return {
        "body": body,
        "lead": ParagraphStyle("lead", parent=body, firstLineIndent=10 * mm),
        "title_block": ParagraphStyle(
            "title_block",
            parent=body,
            fontSize=8.5,
            leading=11,
            leftIndent=FRAME_WIDTH * 0.5,
            alignment=TA_CENTER,
        ),
        "form_label": ParagraphStyle("form_label", parent=body, alignment=TA_RIGHT, spaceBefore=2),
        "title": ParagraphStyle(
            "title",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=12,
            leading=15,
            alignment=TA_CENTER,
            spaceBefore=8,
            spaceAfter=10,
        ),
        "heading": ParagraphStyle("heading", parent=body, fontName=FONT_BOLD, spaceBefore=4),
        "item": ParagraphStyle("item", parent=body, leftIndent=8 * mm, firstLineIndent=-6 * mm, spaceAfter=2),
        "right": ParagraphStyle("right", parent=body, leftIndent=FRAME_WIDTH * 0.45, spaceAfter=0),
        "caption": ParagraphStyle(
            "caption",
            parent=body,
            fontSize=7,
            leading=9,
            alignment=TA_CENTER,
            textColor=colors.HexColor("#333333"),
            spaceAfter=6,
        ),
        "caption_right": ParagraphStyle(
            "caption_right",
            parent=body,
            fontSize=7,
            leading=9,
            alignment=TA_CENTER,
            leftIndent=FRAME_WIDTH * 0.45,
            textColor=colors.HexColor("#333333"),
            spaceAfter=8,
        ),
        "copy_label": ParagraphStyle(
            "copy_label", parent=body, fontSize=8, leading=10, textColor=colors.HexColor("#444444")
        ),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9, leading=11.5, spaceAfter=0),
        "small": ParagraphStyle("small", parent=body, fontSize=8.5, leading=11),
        # A mark the reader must not miss: a translation of a Kazakh-only law text, a text of the project's own.
        "mark": ParagraphStyle(
            "mark",
            parent=body,
            fontSize=8,
            leading=10,
            borderWidth=0.6,
            borderColor=colors.HexColor("#444444"),
            borderPadding=(3, 4, 3, 4),
            spaceBefore=4,
            spaceAfter=8,
            textColor=colors.HexColor("#222222"),
        ),
    }


def fill(template: str, values: Mapping[str, str]) -> str:
    """Paragraph markup of a law text: the law's words as is, each ``{name}`` replaced by its value in bold,
    an empty value by a blank line for a hand entry, ``{signature}`` by a signature line."""
    out: list[str] = []
    position = 0
    for match in PLACEHOLDER.finditer(template):
        out.append(escape(template[position : match.start()]))
        name = match.group(1)
        if name == SIGNATURE:
            out.append(SIGNATURE_LINE)
        else:
            value = values.get(name, "")
            out.append(f"<b>{escape(value)}</b>" if value else BLANK)
        position = match.end()
    out.append(escape(template[position:]))
    return "".join(out).replace("\n", "<br/>")


def plain(template: str, values: Mapping[str, str]) -> str:
    """A project text with its placeholders filled, no markup (for headings and table cells)."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), ""), template)


def date_text(day: dt.date, pattern: str, lang: str) -> str:
    """A date in an explicit pattern; month names from CLDR (kk_KZ / ru_KZ)."""
    return format_date(day, pattern, locale=print_locale(lang))


def datetime_text(moment: dt.datetime, pattern: str, lang: str) -> str:
    """An aware moment on the office's clock (``office_time``), whatever the computer's time zone; a naive one is
    already the office's wall clock (a specimen's) and is printed as it is."""
    shown = office_time(moment) if moment.tzinfo is not None else moment
    return format_datetime(shown, pattern, locale=print_locale(lang))


def numeric_date(day: dt.date, lang: str) -> str:
    return date_text(day, load_texts().common.text(lang).numeric_date, lang)


class PageState(Flowable):
    """An invisible mark in the story: from here on, the footer names this copy of the document."""

    def __init__(self, copy_label: str) -> None:
        super().__init__()
        self.copy_label = copy_label
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._counter_copy_label = self.copy_label  # type: ignore[attr-defined]


def build_pdf(
    story: Sequence[Flowable],
    *,
    lang: str,
    title: str,
    author: str,
    reference: str,
    copy_mark: bool,
    after_page: Callable[[Canvas], None] | None = None,
    numbered_canvas: type[Canvas] | None = None,
    landscape_pages: bool = False,
) -> bytes:
    """Lay out ``story`` on A4 pages with a footer (reference, copy, page) and, for reprints, the copy mark.

    ``numbered_canvas``: a canvas class that numbers the pages itself once their count is known ("page X of Y");
    the footer then leaves its own page number out. ``landscape_pages``: the story may also turn to the page
    template ``LANDSCAPE`` (A4 landscape, same margins and footer) and back to ``"page"``.
    """
    register_fonts()
    common = load_texts().common.text(lang)
    buffer = io.BytesIO()

    def page_end(canvas: Canvas, document: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        parts = [reference, getattr(canvas, "_counter_copy_label", "")]
        if numbered_canvas is None:
            parts.append(common.page.format(page=document.page))
        parts.append(
            f"Counter {__version__}"
        )  # which release printed it (a reprint may come from a newer one)
        canvas.drawString(MARGIN_LEFT, MARGIN_BOTTOM / 2, "  ·  ".join(p for p in parts if p))
        if copy_mark:
            draw_copy_mark(canvas, common.copy_mark)
        canvas.restoreState()
        if after_page is not None:
            after_page(canvas)

    frame = Frame(
        MARGIN_LEFT,
        MARGIN_BOTTOM,
        FRAME_WIDTH,
        PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    templates = [PageTemplate(id="page", frames=[frame], onPageEnd=page_end)]
    if landscape_pages:
        wide = Frame(
            MARGIN_LEFT,
            MARGIN_BOTTOM,
            LANDSCAPE_FRAME_WIDTH,
            PAGE_WIDTH - MARGIN_TOP - MARGIN_BOTTOM,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="wide",
        )
        templates.append(
            PageTemplate(id=LANDSCAPE, frames=[wide], onPageEnd=page_end, pagesize=landscape(A4))
        )
    document = BaseDocTemplate(
        buffer,
        pagesize=A4,
        pageTemplates=templates,
        title=title,
        author=author,
        subject=reference,
        creator="Counter",
        lang="kk-KZ" if lang == "kk" else "ru-KZ",
        invariant=True,  # the same data gives the same bytes (and the same SHA-256)
    )
    document.build(list(story), canvasmaker=numbered_canvas or Canvas)
    return buffer.getvalue()


def paragraph(markup: str, style: str) -> Paragraph:
    """A paragraph that moves whole to the next page unless that would leave too much blank (``keep``)."""
    return Unbroken(markup, styles()[style])


def document_sha256(pdf: bytes) -> str:
    """The hex SHA-256 of a generated PDF, recorded in the archive beside the file."""
    return hashlib.sha256(pdf).hexdigest()
