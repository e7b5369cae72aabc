"""Without a display, or without libxcb-cursor0, the window says what is wrong instead of Qt aborting."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from counter_app.ui.display import display_problem

ROOT = Path(__file__).resolve().parents[2]


def test_no_display_is_named_and_the_fix_given():
    problem = display_problem({}, "linux")
    assert "no graphical display" in problem and "ssh -X" in problem


def test_a_missing_xcb_cursor_library_is_named_with_its_package():
    problem = display_problem({"DISPLAY": ":0"}, "linux", find_library=lambda name: None)
    assert "libxcb-cursor0" in problem and "apt-get install libxcb-cursor0" in problem


def test_nothing_is_said_when_the_window_can_open():
    assert display_problem({"DISPLAY": ":0"}, "linux", find_library=lambda name: f"lib{name}.so.0") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux", find_library=lambda name: None) is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem({}, "win32") is None


def test_the_real_command_exits_with_the_message_and_no_traceback(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(ROOT)
    env["COUNTER_DATA_DIR"] = str(tmp_path)
    start = "import sys; from counter_app.cli import main; sys.exit(main([]))"
    result = subprocess.run(
        [sys.executable, "-c", start], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 2
    assert "no graphical display" in result.stderr and "Traceback" not in result.stderr
