"""How the printed forms break across pages (issue #13, item 6), on ReportLab's own flowables.

- A paragraph or a table row moves whole to the next page when that leaves little blank (at most
  :data:`MAX_BLANK`); only a longer one is split (at a line, never leaving a single line on either page), so no
  third of a page stays blank before a long row of the law's wording.
- A signature block never starts a page: :class:`KeepEnd` carries the last lines (or row) of what precedes it
  over with it.
- A heading stays with the first rows of its table (:class:`KeepStart`).
- A title never leaves one word on its own line (:func:`balanced`).
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.pagesizes import A4
from reportlab.platypus import Flowable, Paragraph, Spacer, Table
from reportlab.platypus.doctemplate import FrameBreak
from reportlab.platypus.flowables import CondPageBreak, KeepTogether

MAX_BLANK = A4[1] / 6  # the most a page may leave blank to keep a paragraph or a row whole (about 50 mm)
MAX_CARRY = 60.0  # points (about four lines): what of a long paragraph goes over with the signature block
START_ROWS = 2  # rows of a table kept with its heading (after the header row)
FUZZ = 3.0  # points of room kept when measuring ahead of the frame
NBSP = "\u00a0"  # ReportLab never breaks a line at a no-break space


def balanced(line: str) -> str:
    """``line`` with its last two words bound by a no-break space, so the last printed line of a title holds at
    least two words; the words themselves are unchanged (the law's text is printed verbatim)."""
    head, space, last = line.rstrip().rpartition(" ")
    if not space or not head.strip():
        return line
    return f"{head}{NBSP}{last}"


def balanced_title(text: str) -> str:
    """Every line of a (possibly multi-line) title balanced."""
    return "\n".join(balanced(line) for line in text.split("\n"))


class Unbroken(Paragraph):
    """A paragraph that moves whole to the next page rather than being split, unless moving it would leave more
    than :data:`MAX_BLANK` blank (a long paragraph of the law's wording then splits between lines)."""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803 - ReportLab's names
        if availHeight <= MAX_BLANK:
            return []
        return super().split(availWidth, availHeight)


# flowables measured (kept, so that their ids stay theirs) and their heights, by id and width
_Heights = dict[tuple[int, float], tuple[Flowable, float]]


class _Measure:
    """Heights of flowables at one width, each wrapped once (a long table is measured once per page)."""

    def __init__(self, width: float, canv: object, known: _Heights | None = None) -> None:
        self.width, self.canv = width, canv
        self._heights: _Heights = {} if known is None else known

    def one(self, flowable: Flowable) -> float:
        key = (id(flowable), self.width)
        if key not in self._heights:
            self._heights[key] = (flowable, flowable.wrapOn(self.canv, self.width, 0xFFFFFFF)[1])
        return self._heights[key][1]

    def height(self, flowables: Sequence[Flowable]) -> float:
        """The height they take one after another in a frame (between two of them the larger of the first's
        space after and the second's space before, as Frame lays them out)."""
        total, space_after = 0.0, None
        for flowable in flowables:
            if space_after is not None:
                total += max(space_after, flowable.getSpaceBefore())
            total += self.one(flowable)
            space_after = flowable.getSpaceAfter()
        return total

    def take(self, flowables: Sequence[Flowable], height: float) -> tuple[list[Flowable], list[Flowable]]:
        """What fits in ``height`` (the last of it split where it allows) and the rest."""
        used, space_after = 0.0, None
        for index, flowable in enumerate(flowables):
            gap = 0.0 if space_after is None else max(space_after, flowable.getSpaceBefore())
            if used + gap + self.one(flowable) <= height:
                used += gap + self.one(flowable)
                space_after = flowable.getSpaceAfter()
                continue
            if isinstance(flowable, KeepStart) and used + flowable.needed(self.width, self.canv) > height:
                return list(flowables[:index]), list(flowables[index:])  # a heading starts the next page
            room = height - used - gap
            parts = flowable.splitOn(self.canv, self.width, room) if room > 0 else []
            if len(parts) >= 2:
                return [*flowables[:index], parts[0]], [*parts[1:], *flowables[index + 1 :]]
            return list(flowables[:index]), list(flowables[index:])
        return list(flowables), []


class KeepEnd(Flowable):
    """``body`` followed by ``end`` (a signature block, kept together): the end never stands alone at the top
    of a page. When it does not fit after the body, the body's last piece goes over with it: the last row of a
    table, or a short last paragraph, or else the last :data:`MAX_CARRY` points of it (its last lines);
    everything before flows as usual, so the page left behind keeps at most that piece blank."""

    def __init__(
        self, body: Sequence[Flowable], end: Sequence[Flowable], _known: _Heights | None = None
    ) -> None:
        super().__init__()
        self._body = list(body)
        self._end = list(end)
        # the end's heights (and the body's) as measured at the pages before: a long table splits page by
        # page with the same end, which is measured once
        self._known: _Heights = {} if _known is None else _known

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return availWidth, 0xFFFFFF  # always split: the parts are laid out by the frame itself

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        body, end = self._body, self._end
        whole = [*body, KeepTogether(end)]
        measure = _Measure(availWidth, self.canv, self._known)
        body_height = measure.height(body)
        if not body or measure.height([*body, *end]) + FUZZ <= availHeight:
            return whole
        shown = [i for i, f in enumerate(body) if not isinstance(f, Spacer) and measure.one(f) > 0]
        last = shown[-1] if shown else len(body) - 1  # the last flowable that shows something
        spaces = measure.height(body[last:]) - measure.one(body[last])  # after it (and the gap before)
        rows = getattr(body[last], "_rowHeights", None)  # a Table's (or a plain_table.PlainTable's)
        piece = rows[-1] if rows else measure.one(body[last])  # a table's last row, else the flowable
        carry = min(piece, MAX_CARRY) + spaces
        head, rest = measure.take(body, min(availHeight, body_height - carry + 0.01))
        if not rest:  # rounding: something goes over with the end all the same
            head, rest = measure.take(body, min(availHeight, body_height - carry - 1))
        if not rest:
            head, rest = head[:-1], head[-1:]
        if head:  # the rest goes on with the end (to the next page when little room is left here)
            return [*head, KeepEnd(rest, end, self._known)]
        if getattr(getattr(self, "_frame", None), "_atTop", False):
            return whole  # not even a whole page holds the body's tail with the end: let it flow
        return [FrameBreak(), KeepEnd(rest, end, self._known)]


class KeepStart(CondPageBreak):
    """A new page before ``heading`` unless it fits together with the first :data:`START_ROWS` rows of
    ``table`` (or the whole of a shorter table)."""

    def __init__(self, heading: Sequence[Flowable], table: Table) -> None:
        super().__init__(0)
        self._heading = list(heading)
        self._table = table

    def needed(self, width: float, canv: object) -> float:
        """The heading's height with the first rows of the table."""
        measure = _Measure(width, canv)
        heading = measure.height(self._heading)
        table = measure.one(self._table)
        rows = getattr(self._table, "_rowHeights", None)  # ReportLab's row heights, known once wrapped
        if rows:
            table = min(table, sum(rows[: 1 + START_ROWS]))
        return heading + table + self._table.getSpaceBefore()

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.height = self.needed(availWidth, self.canv)
        return super().wrap(availWidth, availHeight)


def keep_start(heading: Sequence[Flowable], table: Table) -> list[Flowable]:
    """``heading`` then ``table``, the heading never alone at the foot of a page."""
    return [KeepStart(heading, table), *heading, table]


__all__ = ["KeepEnd", "KeepStart", "Unbroken", "balanced", "balanced_title", "keep_start"]
