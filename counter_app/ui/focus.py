"""Keyboard focus at the root of the main window: one keeper, so that no screen can lose the keyboard.

In a real window Qt moves the focus away from a widget that is hidden to the next widget in the window's focus
chain. ``QWizard`` hides its whole page area for a moment on every ``completeChanged`` and page change, a
stacked widget hides the screen it leaves, and a screen that refreshes while hidden may call ``setFocus`` on
one of its own fields: each of those used to throw the keyboard to the navigation list. The main window's
``focusNextPrevChild`` asks the :class:`FocusKeeper` first; the keeper keeps the focus where it was while
the widget is hidden for a moment, and once the event is handled puts it back on the last field the operator
was in, or on the current screen's first field (``focus_start``).

A screen (or the wizard) may define ``focus_start()`` returning the widget where the keyboard starts on it;
otherwise its focus proxy, the field it last had the focus in, or its first focusable field is used.

``COUNTER_FOCUS_TRACE=FILE`` makes the program append one line per focus change to FILE (``focus`` and where
the focus is, e.g. ``focus MainWindow/IntakeScreen/ServicePage.filter``) and ``busy 1``/``busy 0`` around
background work: the real-window tests read it to wait for the program instead of sleeping.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

TRACE_VARIABLE = "COUNTER_FOCUS_TRACE"
MAX_SETTLE_RETRIES = 3
# Focus moves the operator makes: these are never undone (a click on the navigation, Tab past the last field).
OPERATOR_REASONS = frozenset(
    {
        Qt.FocusReason.MouseFocusReason,
        Qt.FocusReason.TabFocusReason,
        Qt.FocusReason.BacktabFocusReason,
        Qt.FocusReason.ShortcutFocusReason,
        Qt.FocusReason.PopupFocusReason,
        Qt.FocusReason.MenuBarFocusReason,
    }
)


def takes_keyboard(widget: QWidget | None) -> bool:
    """A widget the operator can type into or press right now."""
    return (
        widget is not None
        and (widget.isVisible() or _shown_with_its_window(widget))
        and widget.isEnabled()
        and bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
    )


def _shown_with_its_window(widget: QWidget) -> bool:
    """A field of a window not shown yet that will be visible once it is (the main window being built)."""
    window = widget.window()
    return not window.isVisible() and widget.isVisibleTo(window)


def first_field(container: QWidget) -> QWidget | None:
    """The first widget in ``container``'s tab order that takes the keyboard."""
    widget = container.nextInFocusChain()
    seen = set()
    while widget is not None and id(widget) not in seen and widget is not container:
        seen.add(id(widget))
        if container.isAncestorOf(widget) and takes_keyboard(widget):
            return widget
        widget = widget.nextInFocusChain()
    return None


def focus_start(container: QWidget) -> QWidget | None:
    """Where the keyboard goes when ``container`` (a screen, a tab, the wizard) is shown."""
    own = getattr(container, "focus_start", None)
    if callable(own):
        target = own()
        if target is not None:
            return target
    proxy = container.focusProxy()
    while proxy is not None and proxy.focusProxy() is not None:  # a screen whose proxy is a tab with its own
        proxy = proxy.focusProxy()
    if proxy is not None and takes_keyboard(proxy):
        return proxy
    last = container.focusWidget()
    if last is not None and last is not container and container.isAncestorOf(last) and takes_keyboard(last):
        return last
    return first_field(container)


def give_focus(container: QWidget | None) -> None:
    """Put the keyboard where ``container`` starts (nothing happens if it has no field to take it)."""
    if container is None:
        return
    target = focus_start(container)
    if target is not None and target is not QApplication.focusWidget():
        target.setFocus(Qt.FocusReason.OtherFocusReason)


class FocusKeeper(QObject):
    """Keeps the keyboard inside ``window``'s current screen (see the module's description).

    ``area`` is the part of the window the keyboard must stay in (the screen shown), ``fallback`` what
    receives it when nothing in the area can (e.g. the lock screen's password field)."""

    def __init__(self, window: QWidget, area: Callable[[], QWidget | None]) -> None:
        super().__init__(window)
        self._window = window
        self._area = area
        self._last: QWidget | None = None  # the last field in the area that had the focus and was visible
        self._settle_pending = False
        self._settle_retries = 0
        app = QApplication.instance()
        app.focusChanged.connect(self._focus_changed)
        app.installEventFilter(self)
        window.destroyed.connect(self._disconnect)

    def _disconnect(self, *_args) -> None:
        app = QApplication.instance()
        app.removeEventFilter(self)
        with contextlib.suppress(RuntimeError, TypeError):
            app.focusChanged.disconnect(self._focus_changed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A widget of the window outside the current screen got the focus without the operator asking (the
        window was activated, a screen was switched): the keyboard goes back into the screen."""
        if (
            event.type() == QEvent.Type.FocusIn
            and isinstance(event, QFocusEvent)
            and event.reason() not in OPERATOR_REASONS
            and isinstance(watched, QWidget)
            and watched.window() is self._window
        ):
            area = self._area()
            if area is not None and not area.isAncestorOf(watched):
                self.settle_later()
        return False

    def hiding(self) -> bool:
        """Called from the window's ``focusNextPrevChild``: True when the focused widget is being hidden, so
        Qt must not move the keyboard to the next widget of the window (the focus is settled afterwards)."""
        focused = QApplication.focusWidget()
        if focused is None or focused.isVisible() or not self._window.isAncestorOf(focused):
            return False
        self.settle_later()
        return True

    def settle_later(self) -> None:
        if not self._settle_pending:
            self._settle_pending = True
            QTimer.singleShot(0, self.settle)

    def settle(self) -> None:
        """Make sure a visible field of the current area has the focus (if the window has it at all)."""
        self._settle_pending = False
        area = self._area()
        if area is None or not area.isVisible():
            return
        if not self._window.isActiveWindow():
            return  # a dialog or another window has the keyboard; Qt gives it back on activation
        focused = QApplication.focusWidget()
        if focused is not None and area.isAncestorOf(focused):
            if focused.isVisible():
                self._settle_retries = 0
                return
            if self._settle_retries < MAX_SETTLE_RETRIES and not focused.testAttribute(
                Qt.WidgetAttribute.WA_WState_ExplicitShowHide
            ):
                self._settle_retries += (
                    1  # a field just built, that its layout shows in a moment: wait for it
                )
                self.settle_later()
                return
        self._settle_retries = 0
        last = self._last
        if last is not None and area.isAncestorOf(last) and takes_keyboard(last):
            last.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            give_focus(area)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is None or new.window() is not self._window:
            return
        area = self._area()
        if new.isVisible():
            if area is not None and area.isAncestorOf(new):
                self._last = new
            return
        # The focus went to a hidden widget: a page that is being set up, or a screen that is not shown.
        self.settle_later()


class FocusTrace(QObject):
    """Appends ``focus <where>`` to the file named by ``COUNTER_FOCUS_TRACE`` on every focus change, and
    ``busy 1`` / ``busy 0`` when background work starts and ends."""

    def __init__(self, path: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from counter_app.ui.kit import operations

        self._file = open(path, "a", encoding="utf-8", buffering=1)  # noqa: SIM115 - open while the app runs
        QApplication.instance().focusChanged.connect(self._changed)
        operations.activity.busy_changed.connect(self._busy)

    def _busy(self, busy: bool) -> None:
        self._file.write(f"busy {int(busy)}\n")

    def _changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        self._file.write(f"focus {describe(new)}\n")


def install_trace() -> FocusTrace | None:
    path = os.environ.get(TRACE_VARIABLE)
    if not path:
        return None
    return FocusTrace(path, QApplication.instance())


def describe(widget: QWidget | None) -> str:
    """Where ``widget`` is, by the attribute names the code gives it: ``MainWindow/IntakeScreen/ServicePage.filter``."""
    if widget is None:
        return "-"
    owner: QWidget | None = None
    name = type(widget).__name__
    if isinstance(widget, QAbstractButton):
        name += f"[{widget.text()}]"
    parent = widget.parentWidget()
    while parent is not None:
        attribute = _attribute_name(parent, widget)
        if attribute:
            owner, name = parent, f"{type(parent).__name__}.{attribute}"
            break
        parent = parent.parentWidget()
    path: list[str] = []
    parent = (owner or widget).parentWidget()
    while parent is not None:
        if type(parent).__module__.startswith("counter_app"):
            path.append(type(parent).__name__)
        parent = parent.parentWidget()
    return "/".join([*reversed(path), name])


def _attribute_name(owner: QWidget, widget: QWidget) -> str:
    """The name under which ``owner`` (or a plain object it holds, one level down) keeps ``widget``."""
    if not type(owner).__module__.startswith("counter_app"):
        return ""
    for key, value in vars(owner).items():
        if value is widget:
            return key
    for key, value in vars(owner).items():
        if isinstance(value, (list, tuple)):
            for index, entry in enumerate(value):
                if entry is widget or (isinstance(entry, tuple) and any(part is widget for part in entry)):
                    return f"{key}[{index}]"
    for key, value in vars(owner).items():
        if type(value).__module__.startswith("counter_app") and not isinstance(value, QObject):
            for inner, inner_value in vars(value).items():
                if inner_value is widget:
                    return f"{key}.{inner}"
    return ""
