"""No English (or other Latin words) on any screen in the Kazakh and Russian UI: every screen of every role,
every page of the intake wizard, read widget by widget (labels, buttons, tabs, headers, placeholders, tooltips,
titles, list and combo items). Key names printed on the keys (F9, Ctrl, Enter, Esc…) and a few fixed tokens
are allowed; data typed by people are not looked at."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QTabWidget,
    QTextBrowser,
    QWidget,
    QWizard,
)

from counter_app.core.domain import i18n
from counter_app.core.domain.clock import SettableClock
from counter_app.core.domain.permissions import Role, Screen
from counter_app.ui.app import follow_qt_language
from counter_app.ui.main_window import MainWindow

from .conftest import demo_account

MONDAY = dt.date(2026, 11, 23)
# Printed on the keys, or a name of a thing that has no other name.
ALLOWED = {
    "F1",
    "F2",
    "F3",
    "F4",
    "F5",
    "F6",
    "F7",
    "F8",
    "F9",
    "F10",
    "F11",
    "F12",
    "Ctrl",
    "Shift",
    "Alt",
    "Enter",
    "Esc",
    "Tab",
    "Del",
    "Delete",
    "Insert",
    "Ins",
    "Space",
    "Backspace",
    "Home",
    "End",
    "PgUp",
    "PgDown",
    "D",
    "PDF",
    "CSV",
    "XLSX",
    "JSON",
    "SHA",
    "ID",
    "Counter",
}
# A word written in Latin letters only (a Kazakh word of the law typed with a Latin "i" is the law's own text).
WORD = re.compile(r"[^\W_]+")
ROLES = (Role.OPERATOR, Role.MANAGER, Role.ADMIN)


def texts_of(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for everything a person reads on ``root`` and its visible children."""
    found: list[tuple[str, str]] = []

    def add(widget: QWidget, text: str) -> None:
        if text:
            found.append((f"{type(widget).__name__} {widget.objectName()}".strip(), text))

    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        add(widget, widget.toolTip())
        if widget.isWindow():
            add(widget, widget.windowTitle())
        if isinstance(widget, (QLabel, QAbstractButton)):
            add(widget, widget.text())
        elif isinstance(widget, QLineEdit):
            add(widget, widget.placeholderText())
        elif isinstance(widget, QGroupBox):
            add(widget, widget.title())
        elif isinstance(widget, QTabWidget):
            for index in range(widget.count()):
                add(widget, widget.tabText(index))
        elif isinstance(widget, QComboBox):
            for index in range(widget.count()):
                add(widget, widget.itemText(index))
        elif isinstance(widget, QWizard):
            page = widget.currentPage()
            if page is not None:
                add(widget, page.title())
                add(widget, page.subTitle())
        if (
            isinstance(widget, QAbstractItemView)
            and widget.model() is not None
            and not isinstance(widget, QTextBrowser)
        ):
            model = widget.model()
            try:
                columns = model.columnCount()
            except TypeError:  # a list model takes the parent
                columns = 1
            for column in range(columns):
                add(widget, str(model.headerData(column, Qt.Orientation.Horizontal) or ""))
            if isinstance(widget, QListWidget):
                for row in range(widget.count()):
                    add(widget, widget.item(row).text())
    return found


def latin_words(text: str) -> list[str]:
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))  # rich-text tags and entities (&nbsp;)
    text = re.sub(r"\b(?:Ctrl|Shift|Alt)\+\S+", " ", text)  # shortcuts
    text = re.sub(r"counter-app[^\s,;)]*( [-\w]+)*", " ", text)  # a command line quoted for the administrator
    # Latin-only words; one with a digit is a key (F9) or data (a queue ticket A017), not English.
    latin = [w for w in WORD.findall(text) if re.fullmatch(r"[A-Za-z]+", w)]
    return [w for w in latin if w not in ALLOWED]


def english_on(root: QWidget) -> list[str]:
    return sorted({f"{where}: {text!r}" for where, text in texts_of(root) if latin_words(text)})


@pytest.fixture
def window_in(qtbot, qapp, loop, demo_ctx):
    follow_qt_language(qapp)  # Qt's own kk/ru texts (the wizard's Back/Next), as the program loads them

    def _open(role: Role, lang: str) -> MainWindow:
        i18n.set_language(lang)
        window = MainWindow(demo_ctx, demo_account(demo_ctx, role), clock=SettableClock.on(MONDAY))
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        qtbot.waitUntil(window.office_task.done)
        return window

    return _open


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize("role", ROLES, ids=[r.value for r in ROLES])
def test_every_screen_of_every_role_speaks_the_ui_language(qtbot, window_in, role, lang):
    window = window_in(role, lang)
    left = []
    for screen in list(window.screen_actions):
        window.open_screen(screen)
        widget = window.screens[screen]
        qtbot.wait(50)
        if isinstance(widget, QTabWidget) or widget.findChildren(QTabWidget):
            for tabs in widget.findChildren(QTabWidget):
                for index in range(tabs.count()):
                    tabs.setCurrentIndex(index)
                    left += english_on(window)
        left += english_on(window)
    assert not sorted(set(left)), "\n".join(sorted(set(left)))


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_page_of_the_intake_wizard_speaks_the_ui_language(qtbot, window_in, lang):
    window = window_in(Role.OPERATOR, lang)
    window.open_screen(Screen.INTAKE)
    wizard = window.screens[Screen.INTAKE].wizard
    from counter_app.ui.intake.pages import PageId
    from tests.support.intake_helpers import complete_draft

    left = english_on(window)
    draft = complete_draft(window.ctx.catalog, "guardian-benefit")
    for page in (
        PageId.APPLICANT,
        PageId.REGISTRATION,
        PageId.REPRESENTATIVE,
        PageId.CHILDREN,
        PageId.QUESTIONS,
        PageId.CHECKLIST,
        PageId.CONSENT,
        PageId.DECISION,
    ):
        draft.page = page
        wizard.start(draft.model_copy(deep=True))
        left += english_on(window)
    assert not sorted(set(left)), "\n".join(sorted(set(left)))
