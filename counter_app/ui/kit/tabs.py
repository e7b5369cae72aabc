"""Tabs driven from the keyboard, the same on every tabbed screen.

``keyboard_tabs(screen, tabs, ...)``: Ctrl+Tab and Ctrl+PgDown go to the next tab, Ctrl+Shift+Tab and Ctrl+PgUp
to the previous one, from anywhere in ``screen`` (a field, a table, a button), wrapping around. Of nested tab
widgets the innermost one holding the focus turns; with the focus outside all of them (a search field above the
tabs) the first one given does. The keyboard then goes to the new tab's first field (``focus.give_focus``),
never to the tab bar: the tab bars leave the Tab chain (they are reached by Ctrl+Tab and their Alt+letter).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

from counter_app.ui.focus import focus_start, give_focus, takes_keyboard

NEXT_KEYS = ("Ctrl+Tab", "Ctrl+PgDown")
PREVIOUS_KEYS = ("Ctrl+Shift+Tab", "Ctrl+PgUp")  # Qt matches Ctrl+Shift+Backtab to Ctrl+Shift+Tab


def keyboard_tabs(screen: QWidget, *tab_widgets: QTabWidget) -> None:
    for tabs in tab_widgets:
        bar = tabs.tabBar()
        bar.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        bar.installEventFilter(TabBarPassesFocusOn(screen, tabs))
    for keys, step in ((NEXT_KEYS, 1), (PREVIOUS_KEYS, -1)):
        for key in keys:
            shortcut = QShortcut(QKeySequence(key), screen)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda s=step: turn(screen, tab_widgets, s))


class TabBarPassesFocusOn(QObject):
    """A ``QTabWidget`` hands the focus it is given to its tab bar (its focus proxy), e.g. when a screen opens on
    it: the keyboard goes on to the current tab's first field instead, as after Ctrl+Tab."""

    def __init__(self, screen: QWidget, tabs: QTabWidget) -> None:
        super().__init__(tabs)
        self._screen = screen
        self._tabs = tabs

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            QTimer.singleShot(0, self._pass_on)
        return False

    def _pass_on(self) -> None:
        if QApplication.focusWidget() is self._tabs.tabBar():
            show_tab(self._screen, self._tabs)


def turned_tabs(screen: QWidget, tab_widgets: tuple[QTabWidget, ...]) -> QTabWidget | None:
    """The tab widget that Ctrl+Tab turns now (see the module's description)."""
    focused = QApplication.focusWidget()
    inner: QTabWidget | None = None
    for tabs in tab_widgets:
        holds_focus = tabs.isVisible() and focused is not None and tabs.isAncestorOf(focused)
        if holds_focus and (inner is None or inner.isAncestorOf(tabs)):
            inner = tabs
    if inner is not None:
        return inner
    return next((tabs for tabs in tab_widgets if tabs.isVisible()), None)


def turn(screen: QWidget, tab_widgets: tuple[QTabWidget, ...], step: int) -> None:
    tabs = turned_tabs(screen, tab_widgets)
    if tabs is None or not tabs.isEnabled() or tabs.count() < 2:
        return
    index = tabs.currentIndex()
    for _ in range(tabs.count()):
        index = (index + step) % tabs.count()
        if tabs.isTabEnabled(index) and tabs.isTabVisible(index):
            break
    tabs.setCurrentIndex(index)
    show_tab(screen, tabs)


def show_tab(screen: QWidget, tabs: QTabWidget) -> None:
    """The keyboard to the current tab's first field; to the screen's start when the tab has none (a chart)."""
    page = tabs.currentWidget()
    target = focus_start(page) or (page if takes_keyboard(page) else None)  # a tab that is one table
    if target is not None:
        target.setFocus(Qt.FocusReason.OtherFocusReason)
    else:
        give_focus(screen)
