"""Fixtures for the Qt screens: a qasync loop over pytest-qt's QApplication, a real SQLite database, the catalog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTranslator

from counter_app.core.domain import i18n
from counter_app.core.domain.catalog import load_catalog
from counter_app.core.domain.permissions import Role
from counter_app.core.usecases.demo import DEMO_PASSWORDS, seed_demo
from counter_app.storage.db import open_database
from counter_app.ui.app import register_fonts
from counter_app.ui.context import AppContext
from counter_app.ui.kit import operations


@pytest.fixture(scope="session")
def shipped_catalog():
    return load_catalog()


@pytest.fixture(scope="session", autouse=True)
def _fonts(qapp):
    register_fonts(qapp)


@pytest.fixture(autouse=True)
def _qasync_loop(loop):
    """Every screen reads and writes in the background (``operations.Op``): the qasync loop runs in every test."""
    return loop


@pytest.fixture(autouse=True)
def english_ui(qapp):
    """Every test starts in English and leaves no language listener behind, nor Qt's own translations: a test
    that loads them (``follow_qt_language``) would otherwise leave its last language's ``qtbase`` translator on
    the session's QApplication, and the tests after it (tests/intake when run after tests/ui) would find Qt's
    buttons already in Russian."""
    listeners = list(i18n._listeners)
    translators = qapp.findChildren(QTranslator)
    i18n.set_language("en")
    yield
    i18n._listeners[:] = listeners
    i18n._current = "en"
    for translator in qapp.findChildren(QTranslator):
        if translator not in translators:
            qapp.removeTranslator(translator)
            translator.setParent(None)


@pytest.fixture
def app_db():
    """The database the program opens by default: an empty one in this test's private data directory (not the
    demo office of tests/intake's ``db``; ``demo_ctx`` seeds it)."""
    database = open_database()
    yield database
    operations.shutdown()  # no background work still uses the database as it is closed
    database.dispose()


@pytest.fixture
def ctx(app_db, shipped_catalog):
    return AppContext(app_db, shipped_catalog)


@pytest.fixture
def demo_ctx(ctx):
    seed_demo(ctx.db)
    return ctx


def demo_account(ctx: AppContext, role: Role):
    username = role.value
    return ctx.accounts.authenticate(username, DEMO_PASSWORDS[username])


def wait_done(qtbot, task) -> None:
    """Let the Qt loop run until a task started with operations.start() has finished."""
    qtbot.waitUntil(task.done, timeout=10_000)


# The offscreen platform plugin says what it cannot do; that is not a fault of the screens.
OFFSCREEN_NOTICES = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise)\(\)")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/ui/" in str(item.path).replace("\\", "/"):
            item.add_marker(OFFSCREEN_NOTICES)
