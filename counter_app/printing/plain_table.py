"""A long table of plain text (the rows of a manifest) drawn straight on the canvas, a page at a time.

It is laid out, split across pages and looks as a ReportLab ``Table`` with its header row repeated on every page,
a grid, top-aligned cells and the header row shaded. The difference is the drawing: a ``Table`` draws each line of
each cell as a text object of its own (choosing the font, encoding the text for the embedded font subset) and
makes a new ``Table`` at every page; here the rows are wrapped once, and each page's cells are one text object and
its rules one path. A piece of the table that comes again (the second copy of a manifest has the same rows on the
same pages) is drawn from the operators already made for it.

The cells' lines are given: :func:`wrap_cell` wraps a text as a ``Paragraph`` in the cell would (and as a
``Table`` would draw it), so the pages and their text are those of the ``Table``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.platypus import Flowable, Paragraph

from counter_app.printing.layout import escape

LEFT, RIGHT, CENTER = "LEFT", "RIGHT", "CENTER"


@dataclass(frozen=True)
class Cell:
    """A cell's printed lines, its font and how they stand in the column."""

    lines: tuple[str, ...]
    font: str
    size: float
    leading: float
    align: str = LEFT


def paragraph_lines(text: str, style: ParagraphStyle, width: float) -> tuple[str, ...]:
    """The lines a ``Paragraph`` of ``text`` (no markup) makes at ``width`` (breaking a word wider than that)."""
    paragraph = Paragraph(escape(text), style)
    paragraph.wrap(width, 0x7FFFFFFF)
    lines = paragraph.blPara.lines
    if paragraph.blPara.kind != 0:  # pragma: no cover - a paragraph of one plain text has one font
        raise ValueError(f"not plain text: {text!r}")
    return tuple(" ".join(words) for _space, words in lines)


@dataclass
class Grid:
    """The table's columns, paddings and look (what a ``TableStyle`` would say)."""

    widths: Sequence[float]
    aligns: Sequence[str]  # of the body's plain cells, per column
    font: str
    size: float
    leading: float
    padding: tuple[float, float, float, float] = (3, 3, 2, 3)  # left, right, top, bottom
    rule: float = 0.5  # the grid's line width (black)
    header_background: Color | None = None
    _splits: dict[tuple[str, float], tuple[str, ...] | None] = field(default_factory=dict, repr=False)

    @property
    def room(self) -> list[float]:
        """Each column's width for text (less the paddings)."""
        left, right, _top, _bottom = self.padding
        return [width - left - right for width in self.widths]

    def plain_lines(self, text: str, column: int) -> tuple[str, ...] | None:
        """``text`` wrapped at column ``column`` as a ``Paragraph`` would wrap it (``simpleSplit``: whole
        words, at spaces), or None when a word is wider than the column (a ``Paragraph`` breaks it)."""
        room = self.room[column]
        key = (text, room)
        if key not in self._splits:
            font, size = self.font, self.size
            words = text.split()
            if words and "\n" not in text and stringWidth(text, font, size) < room - 0.01:
                # it fits whole (with room to spare for the rounding of simpleSplit's sums): one line
                self._splits[key] = (" ".join(words),)
                return self._splits[key]
            lines = simpleSplit(text, font, size, room)
            wide = any(stringWidth(line, font, size) > room for line in lines)
            self._splits[key] = None if wide else tuple(lines)
        return self._splits[key]


class Rows:
    """The laid-out rows of one table, shared by its pieces on the pages (and by a second copy of it).

    Keeps, for the document being built, each text's encoding for the embedded font subsets and the operators
    of each piece drawn (the same piece of the same rows comes out the same).
    """

    def __init__(self, grid: Grid, header: Sequence[Cell], body: Sequence[Sequence[Cell]]) -> None:
        self.grid = grid
        self.header = list(header)
        self.body = [list(row) for row in body]
        self.header_height = self._height(self.header)
        self.heights = [self._height(row) for row in self.body]
        self._doc: object = None
        self._encoded: dict[tuple[str, str], list[tuple[int, bytes]]] = {}
        self._widths: dict[tuple[str, str, float], float] = {}
        self._pieces: dict[tuple[int, int], str] = {}

    def _height(self, row: Sequence[Cell]) -> float:
        """A row's height as ``Table._calc_height`` makes it: the tallest cell's lines at their leading, plus
        the paddings."""
        _left, _right, top, bottom = self.grid.padding
        return max(cell.leading * len(cell.lines) + (bottom + top) for cell in row)

    # --- drawing ------------------------------------------------------------------------------------------

    def piece(self, canvas: Any, start: int, stop: int) -> str:
        """The operators drawing the header and body rows ``start:stop`` with the table's top left at the origin
        (in the canvas's document; the same for the same rows)."""
        doc = canvas._doc
        if doc is not self._doc:  # another document: another assignment of characters to subsets
            self._doc, self._encoded, self._pieces = doc, {}, {}
        key = (start, stop)
        if key not in self._pieces:
            self._pieces[key] = self._draw(doc, start, stop)
        return self._pieces[key]

    def _width(self, text: str, font: str, size: float) -> float:
        key = (text, font, size)
        width = self._widths.get(key)
        if width is None:
            width = self._widths[key] = stringWidth(text, font, size)
        return width

    def _draw(self, doc: object, start: int, stop: int) -> str:
        grid = self.grid
        left, right, top, _bottom = grid.padding
        rows = [self.header, *self.body[start:stop]]
        heights = [self.header_height, *self.heights[start:stop]]
        columns = [0.0]
        for width in grid.widths:
            columns.append(columns[-1] + width)
        tops = _row_positions(heights)  # from the table's top (its height) down to 0
        code: list[str] = []
        if grid.header_background is not None:
            background = grid.header_background
            code.append(f"{fp_str(background.red, background.green, background.blue)} rg")
            code.append(f"n {fp_str(0, tops[0], columns[-1], tops[1] - tops[0])} re f*")
        code.append("0 0 0 rg BT")
        current = ("", 0.0)
        emit = code.append
        for row, row_foot, row_height in zip(rows, tops[1:], heights, strict=True):
            for cell, x0, width in zip(row, columns, grid.widths, strict=False):
                y = row_foot + row_height - top - cell.size
                for line in cell.lines:
                    if cell.align == LEFT:
                        x = x0 + left
                    elif cell.align == RIGHT:
                        x = x0 + width - right - self._width(line, cell.font, cell.size)
                    else:
                        x = x0 + (width + left - right) * 0.5 - self._width(line, cell.font, cell.size) * 0.5
                    emit(f"1 0 0 1 {fp_str(x, y)} Tm")
                    for name, chunk in self._encode(doc, line, cell.font):
                        if (name, cell.size) != current:
                            emit(f"{name} {fp_str(cell.size)} Tf")
                            current = (name, cell.size)
                        emit(f"({chunk}) Tj")
                    y -= cell.leading
        emit("ET")
        # the grid: the outer box, then the inner rules (as a Table's GRID), one path
        emit(f"0 0 0 RG {fp_str(grid.rule)} w 1 J 1 j n")
        bottom, height = 0.0, tops[0]
        for y in (tops[0], bottom, *tops[1:-1]):
            emit(f"{fp_str(0, y)} m {fp_str(columns[-1], y)} l")
        for x in (columns[0], columns[-1], *columns[1:-1]):
            emit(f"{fp_str(x, height)} m {fp_str(x, bottom)} l")
        emit("S")
        return " ".join(code)

    def _encode(self, doc: object, text: str, font_name: str) -> list[tuple[str, str]]:
        """``text`` as (subset font name, escaped bytes) pieces in the document's subsets of the font."""
        key = (text, font_name)
        encoded = self._encoded.get(key)
        if encoded is None:
            font = getFont(font_name)
            encoded = self._encoded[key] = [
                (font.getSubsetInternalName(subset, doc), escapePDF(chunk))
                for subset, chunk in font.splitString(text, doc)
            ]
        return encoded


def _row_positions(heights: Sequence[float]) -> list[float]:
    """The rows' top edges from the table's top down to its foot, summed as ``Table._calc_height`` sums them
    (bottom up, compensated), so the height is the ``Table``'s to the last bit."""
    positions: list[float] = []
    height = carry = 0.0
    for row_height in reversed(heights):
        positions.append(height)
        y = row_height - carry
        total = height + y
        carry = (total - height) - y
        height = total
    positions.append(height)
    positions.reverse()
    return positions


class PlainTable(Flowable):
    """Rows ``start:stop`` of ``rows`` under the header row: a flowable that wraps and splits as a ``Table``
    with ``repeatRows=1`` and the same row heights would (the header row goes on every page)."""

    def __init__(self, rows: Rows, start: int = 0, stop: int | None = None) -> None:
        super().__init__()
        self.rows = rows
        self.start = start
        self.stop = len(rows.body) if stop is None else stop
        self.hAlign = "CENTER"  # as a Table: centred in the frame
        self._rowHeights = [rows.header_height, *rows.heights[self.start : self.stop]]  # noqa: N815 - a Table's
        self.width = sum(rows.grid.widths)
        self.height = _row_positions(self._rowHeights)[0]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - ReportLab's
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        """As ``Table.split`` by rows: the rows that fit (the header and at least one row), and the rest under
        the header again; nothing when not one row fits."""
        used, fitting = 0.0, 0
        for height in self._rowHeights:
            if used + height > availHeight:
                break
            used += height
            fitting += 1
        if fitting <= 1:
            return []
        if fitting == len(self._rowHeights):
            return [self]
        middle = self.start + fitting - 1
        return [PlainTable(self.rows, self.start, middle), PlainTable(self.rows, middle, self.stop)]

    def draw(self) -> None:
        self.canv._code.append(self.rows.piece(self.canv, self.start, self.stop))


__all__ = ["CENTER", "LEFT", "RIGHT", "Cell", "Grid", "PlainTable", "Rows", "paragraph_lines"]
