"""The focus ring of the main window: a frame around the widget that has the keyboard, following it."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from counter_app.core.domain.permissions import Role
from counter_app.ui.focus_ring import WIDTH, FocusRing
from counter_app.ui.main_window import MainWindow

from .conftest import demo_account


def around(widget: QWidget, window: QWidget) -> QRect:
    top_left = widget.mapTo(window, widget.rect().topLeft())
    return QRect(top_left, widget.size()).adjusted(-WIDTH, -WIDTH, WIDTH, WIDTH)


def test_the_ring_surrounds_the_focused_field_and_follows_it(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    first, second = QLineEdit(), QLineEdit()
    layout = QVBoxLayout(window)
    layout.addWidget(first)
    layout.addWidget(second)
    ring = FocusRing(window)
    window.resize(400, 200)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    first.setFocus()
    qtbot.waitUntil(lambda: ring.isVisible() and ring.geometry() == around(first, window))
    qtbot.keyClick(first, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is second
    assert ring.target is second and ring.geometry() == around(second, window)
    window.resize(600, 300)  # the field grows with the window: so does the ring
    qtbot.waitUntil(lambda: ring.geometry() == around(second, window))
    second.hide()  # Qt gives the keyboard to the other field: the ring goes with it
    qtbot.waitUntil(lambda: ring.target is first and ring.geometry() == around(first, window))
    grab = window.grab().toImage()  # drawn in the highlight colour
    edge = ring.geometry().topLeft()
    assert grab.pixelColor(edge.x() + 5, edge.y()) == ring.palette().highlight().color()


def test_the_main_window_marks_the_focused_widget(qtbot, loop, demo_ctx):
    window = MainWindow(demo_ctx, demo_account(demo_ctx, Role.ADMIN))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    focused = QApplication.focusWidget()
    qtbot.waitUntil(lambda: window.focus_ring.target is focused and window.focus_ring.isVisible())
