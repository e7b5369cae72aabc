"""The focus ring: a frame in the highlight colour around the widget that has the keyboard, so that whoever
works with the keyboard sees where the next key goes (the platform style's own mark on a focused field, a button
or a table is faint or missing).

One ring per main window, a child of it drawn above its widgets; it follows the focused widget as the focus
moves and as the widget or one of its parents moves or is resized, is clipped to what is visible of the widget
(a field scrolled half out of view), takes no mouse and no focus, and hides when the focus leaves the window.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QWidget

WIDTH = 2  # px of the frame, drawn around (outside) the widget
FOLLOWED = frozenset({QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide})


class FocusRing(QWidget):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self.target: QWidget | None = None
        self._watched: list[QWidget] = []
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hide()
        app = QApplication.instance()
        app.focusChanged.connect(self._focus_changed)
        window.destroyed.connect(self._disconnect)

    def _disconnect(self, *_args) -> None:
        with contextlib.suppress(RuntimeError, TypeError):
            QApplication.instance().focusChanged.disconnect(self._focus_changed)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        self._follow(new if new is not None and new.window() is self._window else None)

    def _follow(self, widget: QWidget | None) -> None:
        for watched in self._watched:
            with contextlib.suppress(RuntimeError):
                watched.removeEventFilter(self)
        self._watched = []
        self.target = widget
        while widget is not None and widget is not self._window:
            widget.installEventFilter(self)
            self._watched.append(widget)
            widget = widget.parentWidget()
        self.place()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in FOLLOWED:
            self.place()
        return False

    def place(self) -> None:
        target = self.target
        try:
            shown = target is not None and target.isVisible() and self._window.isVisible()
        except RuntimeError:  # the widget was deleted
            shown, self.target = False, None
        if not shown or target is None:
            self.hide()
            return
        visible = target.visibleRegion().boundingRect()
        if visible.isEmpty():
            self.hide()
            return
        top_left = target.mapTo(self._window, visible.topLeft())
        area = QRect(top_left, visible.size()).adjusted(-WIDTH, -WIDTH, WIDTH, WIDTH)
        self.setGeometry(area.intersected(self._window.rect()))
        self.raise_()
        self.show()
        self.update()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        colour = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        pen = QPen(colour, WIDTH)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        painter.drawRect(self.rect().adjusted(WIDTH // 2, WIDTH // 2, -WIDTH // 2, -WIDTH // 2))
        painter.end()
