"""Background work: runs off the UI thread, resumes on it, and a failure is shown to the user."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QMessageBox, QWidget

from counter_app.ui import background

from .conftest import wait_done


def test_work_runs_off_the_ui_thread_and_resumes_on_it(qtbot, loop):
    seen = {}
    busy = []
    background.activity.busy_changed.connect(busy.append)

    async def job():
        seen["worker"] = await background.run_in_background(threading.current_thread)
        seen["after"] = threading.current_thread()

    task = background.start(job())
    wait_done(qtbot, task)
    background.activity.busy_changed.disconnect(busy.append)
    assert seen["worker"] is not threading.main_thread()
    assert seen["after"] is threading.main_thread()
    assert busy == [True, False]


def test_a_failure_is_shown_to_the_user(qtbot, loop):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()

    def fails():
        raise OSError("disk full")

    async def job():
        await background.run_in_background(fails)

    task = background.start(job(), parent)
    wait_done(qtbot, task)
    qtbot.waitUntil(lambda: bool(parent.findChildren(QMessageBox)))
    box = parent.findChildren(QMessageBox)[0]
    assert box.text() == "The operation could not be completed."
    assert box.informativeText() == "disk full"
    box.close()
