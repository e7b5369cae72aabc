"""The window's top-level handler: an exception no screen caught is logged (0600, in the data directory) and
shown in the UI language; no traceback reaches the person."""

from __future__ import annotations

import os
import stat
import sys

import pytest
from PySide6.QtCore import QTimer

from counter_app.core.domain import i18n
from counter_app.ui import fault_handler


@pytest.fixture
def russian():
    previous = i18n.current_language()
    i18n.set_language("ru")
    yield
    i18n.set_language(previous)


@pytest.fixture
def installed():
    previous = sys.excepthook
    fault_handler.install()
    yield
    sys.excepthook = previous
    for box in list(fault_handler._boxes):
        box.close()


@pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")
def test_an_exception_in_a_slot_is_logged_and_told_in_the_ui_language(
    qtbot, qapp, russian, installed, tmp_path, monkeypatch
):
    monkeypatch.setenv("COUNTER_DATA_DIR", str(tmp_path / "data"))

    def broken_slot() -> None:
        raise RuntimeError("SELECT * FROM applications WHERE applicant_iin = '061211600012'")

    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: bool(fault_handler._boxes), timeout=5_000)
    box = fault_handler._boxes[-1]
    assert box.isVisible()
    assert box.text().startswith("Произошла непредвиденная ошибка.")
    assert "SELECT" not in box.text() and "061211600012" not in box.text()
    log = tmp_path / "data" / "logs" / "errors.log"
    assert "RuntimeError" in log.read_text(encoding="utf-8")
    if os.name == "posix":
        assert stat.S_IMODE(log.stat().st_mode) == 0o600
