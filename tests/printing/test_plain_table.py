"""The manifest's table drawn on the canvas (printing/plain_table.py) takes the same room and breaks at the same
rows as the ReportLab Table it stands for (header row repeated), so the manifest keeps its pages."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Table

from counter_app.printing.fonts import FONT, register_fonts
from counter_app.printing.plain_table import LEFT, RIGHT, Cell, Grid, PlainTable, Rows

WIDTHS = [8 * mm, 40 * mm, 60 * mm]


def _rows(line_counts: list[int]) -> Rows:
    register_fonts()
    grid = Grid(widths=WIDTHS, aligns=[RIGHT, LEFT, LEFT], font=FONT, size=7.5, leading=9.2)
    header = [
        Cell(("№",), FONT, 7, 8.8),
        Cell(("Receipt",), FONT, 7, 8.8),
        Cell(("Name", "of"), FONT, 7, 8.8),
    ]
    body = [
        [
            Cell((str(index),), FONT, 7.5, 9.2, RIGHT),
            Cell((f"4-20261123-{index:04d}",), FONT, 7.5, 9.2),
            Cell(tuple(f"line {n} of row {index}" for n in range(count)), FONT, 7.5, 9.2),
        ]
        for index, count in enumerate(line_counts, start=1)
    ]
    return Rows(grid, header, body)


def _table(rows: Rows) -> Table:
    return Table(
        [[""] * 3 for _ in range(1 + len(rows.body))],
        colWidths=WIDTHS,
        rowHeights=[rows.header_height, *rows.heights],
        repeatRows=1,
    )


def _pieces(flowable, heights: list[float]) -> list[int]:
    """The number of rows (header included) on each page when the pages offer ``heights`` in turn."""
    out = []
    for height in heights:
        flowable.wrap(WIDTHS[0] * 30, height)
        parts = flowable.split(WIDTHS[0] * 30, height)
        if not parts:
            out.append(0)
            continue
        out.append(len(parts[0]._rowHeights))
        if len(parts) == 1:
            break
        flowable = parts[1]
    return out


def test_it_is_as_tall_and_breaks_at_the_same_rows_as_a_table():
    counts = [1, 3, 2, 1, 1, 7, 2, 1, 4, 1, 1, 2, 5, 1, 3] * 4
    rows = _rows(counts)
    table, plain = _table(rows), PlainTable(rows)
    assert plain.wrap(500, 800) == table.wrap(500, 800)
    exact = rows.header_height + sum(rows.heights[:5])  # five rows fill the page to the last point
    for page in (40.0, 61.3, 100.0, 230.5, 500.0, 700.0, exact):
        heights = [page] * 60
        assert _pieces(PlainTable(rows), heights) == _pieces(_table(rows), heights)
    assert PlainTable(rows).split(500, rows.header_height + 1) == []  # not one row fits: nothing
    assert _pieces(PlainTable(rows), [10_000]) == [1 + len(counts)]  # all fits: the table whole


def test_every_page_repeats_the_header_and_shows_its_rows_once():
    rows = _rows([2] * 150)
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, invariant=True).build([PlainTable(rows)])
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(buffer.getvalue())).pages]
    assert len(pages) >= 3
    text = " ".join(pages)
    for page in pages:
        assert page.split()[:4] == ["№", "Receipt", "Name", "of"]
    for index in range(1, 151):
        assert text.count(f"4-20261123-{index:04d}") == 1
        assert len(re.findall(rf"line 1 of row {index}(?!\d)", text)) == 1
