"""A reprint is the archived original with the copy mark stamped on every page (pypdf merges a ReportLab
overlay), after the original was checked against its SHA-256 and the journal entry of its print."""

from __future__ import annotations

import hashlib
import io

from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen.canvas import Canvas

from counter_app.printing.layout import PAGE_HEIGHT, PAGE_WIDTH, draw_copy_mark, register_fonts
from counter_app.printing.texts import load_texts


def _overlay(text: str) -> PdfReader:
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT))
    draw_copy_mark(canvas, text)
    canvas.showPage()
    canvas.save()
    buffer.seek(0)
    return PdfReader(buffer)


def stamp_copy(original: bytes, lang: str) -> bytes:
    """``original`` with the copy mark of ``lang`` on every page; its text and layout untouched."""
    mark = _overlay(load_texts().common.text(lang).copy_mark).pages[0]
    writer = PdfWriter(clone_from=io.BytesIO(original))
    for page in writer.pages:
        page.merge_page(mark)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def matches(pdf: bytes, sha256: str) -> bool:
    return hashlib.sha256(pdf).hexdigest() == sha256
