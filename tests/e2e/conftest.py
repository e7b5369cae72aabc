"""Real-window tests: the real program on Xvfb (Qt's xcb platform), with and without a window manager, typed
at through the X server with xdotool. Marked ``e2e``; they need Xvfb, xdotool, openbox and setxkbmap (installed
by packaging/test) and fail, not skip, without them when CI=true."""

from __future__ import annotations

from pathlib import Path

import pytest

from counter_app.storage.db import open_database
from tests.support.xsession import Counter, XServer, require_tools


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(params=[False, True], ids=["no-wm", "openbox"])
def xserver(request, tmp_path):
    require_tools()
    server = XServer(window_manager=request.param, log_dir=tmp_path)
    yield server
    server.stop()


@pytest.fixture
def data_dir(tmp_path):
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def start_counter(xserver, data_dir):
    """Start the program on its own SQLite file (``--demo`` when the file does not exist yet); every started
    process is stopped at the end."""
    started: list[Counter] = []

    def start(lang: str = "ru", day=None) -> Counter:
        counter = Counter(xserver, data_dir, lang=lang, **({"day": day} if day else {}))
        started.append(counter)
        return counter

    yield start
    for counter in started:
        counter.stop()


@pytest.fixture
def stored(data_dir):
    """The program's SQLite file opened through the core, as another program would (after the window wrote)."""
    databases = []

    def open_stored():
        db = open_database(f"sqlite:///{data_dir / 'counter.sqlite3'}")
        databases.append(db)
        return db

    yield open_stored
    for db in databases:
        db.dispose()
