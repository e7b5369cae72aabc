"""A small chart drawn with QPainter: bars (counts) or a line (a share in %), with a title and axis labels.

QtCharts is deprecated since Qt 6.10 and comes with PySide6-Addons (large); Qt Graphs' 2D charts need QML. A
manager's three charts (intakes by hour, the share on time, refusals by item) need a few dozen lines of
painting, in the UI language, and print the same way (the PDF draws the same series with ReportLab).
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR = QColor("#3A6EA5")
BAR_ACTIVE = QColor("#1F4E79")
GRID = QColor("#D0D0D0")


class Chart(QWidget):
    """``set_series(title, labels, values, percent=False)``; bars for counts, a line for a percentage."""

    bar_activated = Signal(int)  # a double-clicked bar's index (the screen drills down)

    def __init__(self, line: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = line
        self.title = ""
        self.labels: list[str] = []
        self.values: list[float] = []
        self.empty_text = ""
        self.setMinimumSize(220, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(400, 220)

    def set_series(self, title: str, labels: list[str], values: list[float], empty_text: str = "") -> None:
        self.title, self.labels, self.values, self.empty_text = title, list(labels), list(values), empty_text
        self.setToolTip(
            "\n".join(f"{label}: {_number(v, self.line)}" for label, v in zip(labels, values, strict=True))
        )
        self.update()

    def _plot_area(self) -> QRectF:
        metrics = QFontMetrics(self.font())
        top = metrics.height() * 1.6
        left = metrics.horizontalAdvance("100 %") + 8
        bottom = metrics.height() * 1.8
        return QRectF(left, top, max(self.width() - left - 8, 10), max(self.height() - top - bottom, 10))

    def _bar_at(self, x: float) -> int | None:
        area = self._plot_area()
        if not self.values or not area.left() <= x <= area.right():
            return None
        return min(int((x - area.left()) / (area.width() / len(self.values))), len(self.values) - 1)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        index = self._bar_at(event.position().x())
        if index is not None:
            self.bar_activated.emit(index)
        super().mouseDoubleClickEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.base())
        metrics = QFontMetrics(self.font())
        title_font = self.font()
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(palette.text().color())
        painter.drawText(
            QRectF(4, 2, self.width() - 8, metrics.height() * 1.4),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            QFontMetrics(title_font).elidedText(self.title, Qt.TextElideMode.ElideRight, self.width() - 8),
        )
        painter.setFont(self.font())
        area = self._plot_area()
        top_value = 100.0 if self.line else max([*self.values, 1.0])
        if not self.line:
            top_value = _nice(top_value)
        painter.setPen(QPen(GRID, 1))
        for step in range(5):
            y = area.bottom() - area.height() * step / 4
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(palette.text().color())
            value = top_value * step / 4
            painter.drawText(
                QRectF(0, y - metrics.height() / 2, area.left() - 4, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{value:.0f} %" if self.line else f"{value:g}",
            )
            painter.setPen(QPen(GRID, 1))
        if not self.values or (not self.line and not any(self.values)):
            painter.setPen(palette.placeholderText().color())
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self.empty_text)
            painter.end()
            return
        slot = area.width() / len(self.values)
        label_every = max(1, int(metrics.horizontalAdvance("00.00 ") * len(self.values) / area.width()) + 1)
        points = []
        for index, value in enumerate(self.values):
            x = area.left() + slot * index
            height = area.height() * value / top_value
            if self.line:
                points.append(QPointF(x + slot / 2, area.bottom() - height))
            else:
                painter.fillRect(QRectF(x + slot * 0.15, area.bottom() - height, slot * 0.7, height), BAR)
            if index % label_every == 0:
                painter.setPen(palette.text().color())
                text = metrics.elidedText(
                    self.labels[index], Qt.TextElideMode.ElideRight, int(slot * label_every)
                )
                painter.drawText(
                    QRectF(x, area.bottom() + 2, slot * label_every, metrics.height()),
                    Qt.AlignmentFlag.AlignLeft if self.line else Qt.AlignmentFlag.AlignHCenter,
                    text,
                )
        if self.line:
            painter.setPen(QPen(BAR, 2))
            for a, b in itertools.pairwise(points):
                painter.drawLine(a, b)
            painter.setBrush(BAR_ACTIVE)
            for point in points:
                painter.drawEllipse(point, 2.5, 2.5)
        painter.end()


def _nice(value: float) -> float:
    """The least of 1, 2, 2.5, 5 × 10^k that is at least ``value`` (a round top for the axis)."""
    magnitude = 1.0
    while magnitude * 10 <= value:
        magnitude *= 10
    for factor in (1, 2, 2.5, 5, 10):
        if factor * magnitude >= value:
            return factor * magnitude
    return 10 * magnitude


def _number(value: float, percent: bool) -> str:
    return f"{value:.1f} %" if percent else f"{value:g}"
