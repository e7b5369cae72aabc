"""The real program on a real X server, driven through the X server as an operator's keyboard drives it.

``XServer`` starts Xvfb (1366x768, a free display number chosen by Xvfb itself), optionally a minimal window
manager (openbox), and a keyboard layout with Russian and Kazakh letters (```setxkbmap us,kz``) so that
xdotool types Cyrillic with real keys. ``Counter`` starts ``python -m counter_app`` on that display with its own
data directory and reads the focus trace the program writes (``COUNTER_FOCUS_TRACE``, see ``ui/focus.py``) to
wait for the program instead of sleeping. Keys go to whatever has the focus; nothing is sent to a widget.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

SCREEN = "1366x768x24"
LAYOUTS = "us,kz"  # the Kazakh layout has every Russian letter too: one group, no switching per letter
TOOLS = ("Xvfb", "xdotool", "setxkbmap", "openbox", "xprop", "faketime")
# The program runs on a fixed working Monday (libfaketime sets its clock, which then runs on): the centre does
# not take applications on Sundays and holidays, and the tests must not depend on the day they run.
DESK_DAY = dt.date(2026, 11, 23)
WAIT = float(os.environ.get("COUNTER_E2E_TIMEOUT", "60"))  # generous: a loaded 2-core machine


def require_tools() -> None:
    """The real-window tests need these programs; in CI (CI=true) a missing one fails the run."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if not missing:
        return
    message = f"real-window tests need {', '.join(missing)} (packaging/test installs them)"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message)
    pytest.skip(message)


def libfaketime() -> str:
    """The libfaketime library the `faketime` package installs (the wrapper's own, preloaded directly)."""
    for pattern in (
        "/usr/lib/*/faketime/libfaketime.so.1",
        "/usr/lib/faketime/libfaketime.so.1",
        "/usr/local/lib/faketime/libfaketime.so.1",
    ):
        found = sorted(Path("/").glob(pattern.lstrip("/")))
        if found:
            return str(found[0])
    pytest.fail("libfaketime.so.1 not found (packaging/test installs the faketime package)")


def wait_for(condition, what: str, timeout: float = WAIT, poll: float = 0.05):
    """Poll ``condition()`` until it returns something true; fail naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(poll)


class XServer:
    def __init__(self, window_manager: bool, log_dir: Path) -> None:
        self.window_manager = window_manager
        self.log_dir = log_dir
        self.processes: list[subprocess.Popen] = []
        read_end, write_end = os.pipe()
        with open(log_dir / "xvfb.log", "wb") as log:
            self.xvfb = subprocess.Popen(
                [
                    "Xvfb",
                    "-displayfd",
                    str(write_end),
                    "-screen",
                    "0",
                    SCREEN,
                    "-nolisten",
                    "tcp",
                    "-noreset",
                ],
                pass_fds=(write_end,),
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
        self.processes.append(self.xvfb)
        os.close(write_end)
        number = b""
        deadline = time.monotonic() + WAIT
        while not number.endswith(b"\n"):
            ready, _w, _x = select.select([read_end], [], [], max(deadline - time.monotonic(), 0))
            if not ready:
                self.stop()
                raise AssertionError("Xvfb did not start")
            chunk = os.read(read_end, 16)
            if not chunk:
                self.stop()
                raise AssertionError("Xvfb exited: " + (log_dir / "xvfb.log").read_text(errors="replace"))
            number += chunk
        os.close(read_end)
        self.display = ":" + number.decode().strip()
        self.env = {**os.environ, "DISPLAY": self.display}
        self.run("setxkbmap", "-layout", LAYOUTS)
        if window_manager:
            with open(log_dir / "openbox.log", "wb") as log:
                self.processes.append(
                    subprocess.Popen(
                        ["openbox", "--sm-disable"], env=self.env, stdout=subprocess.DEVNULL, stderr=log
                    )
                )
            wait_for(self._wm_running, "openbox to manage the screen")

    def _wm_running(self) -> bool:
        out = subprocess.run(
            ["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"],
            check=False,
            env=self.env,
            capture_output=True,
            text=True,
        )
        return "window id" in out.stdout

    def run(self, *args: str) -> str:
        done = subprocess.run(args, check=False, env=self.env, capture_output=True, text=True, timeout=WAIT)
        if done.returncode != 0:
            raise AssertionError(f"{' '.join(args)} failed: {done.stderr}")
        return done.stdout

    def screenshot(self, path: Path) -> Path:
        """The whole screen as a PNG (ImageMagick's ``import`` when there, else xwd is not needed: Qt-free)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self.run("import", "-window", "root", str(path))
        return path

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


class Counter:
    """One ``counter-app`` window process on ``xserver``. Counts the keys pressed (not the characters typed)."""

    def __init__(
        self,
        xserver: XServer,
        data_dir: Path,
        lang: str = "ru",
        print_dir: Path | None = None,
        day: dt.date = DESK_DAY,
    ) -> None:
        self.x = xserver
        self.data_dir = data_dir
        self.trace = data_dir / f"focus-trace-{time.monotonic_ns()}.txt"
        self.trace.write_text("", encoding="utf-8")
        self.print_dir = print_dir or data_dir / "printed"
        self.log = data_dir / "counter.log"
        env = {
            **xserver.env,
            "QT_QPA_PLATFORM": "xcb",
            "QT_API": "pyside6",
            "COUNTER_DATA_DIR": str(data_dir),
            "COUNTER_FOCUS_TRACE": str(self.trace),
            "COUNTER_PRINT_TO_DIR": str(self.print_dir),
            # libfaketime preloaded directly, not through the `faketime` wrapper: the wrapper keeps a named
            # semaphore per process id in /dev/shm, and one left by a killed run makes a later start with the
            # same id fail ("sem_open: File exists")
            "LD_PRELOAD": libfaketime(),
            "FAKETIME": f"@{day.isoformat()} 10:00:00",
            "FAKETIME_DONT_FAKE_MONOTONIC": "1",  # Qt's timers keep the real pace
            "PYTHONPATH": os.pathsep.join(
                p for p in (str(Path(__file__).parents[2]), os.environ.get("PYTHONPATH")) if p
            ),
        }
        env.pop("COUNTER_DB_URL", None)
        env.pop("QT_QPA_PLATFORMTHEME", None)
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "counter_app",
                    # demo data goes only into an empty database: a test that prepared one starts without it
                    *([] if (data_dir / "counter.sqlite3").exists() else ["--demo"]),
                    "--lang",
                    lang,
                ],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=log,
                start_new_session=True,
            )
        self.presses = 0
        self.characters = 0

    # ------------------------------------------------------------------------------------------ state

    def lines(self, kind: str) -> list[str]:
        prefix = kind + " "
        return [
            line[len(prefix) :]
            for line in self.trace.read_text(encoding="utf-8").splitlines()
            if line.startswith(prefix)
        ]

    def focus(self) -> str:
        """Where the program says the keyboard focus is (the last focus line of its trace)."""
        lines = self.lines("focus")
        return lines[-1] if lines else ""

    def busy_count(self) -> int:
        """How many times background work has finished so far."""
        return self.lines("busy").count("0")

    def wait_idle(self, after: int) -> None:
        """Wait until background work started after ``after`` finishes (``after`` from ``busy_count()``)."""

        def idle() -> bool:
            self.alive()
            states = self.lines("busy")
            return states.count("0") > after and states[-1] == "0"

        wait_for(idle, "the program's background work to end")

    def alive(self) -> None:
        if self.process.poll() is not None:
            raise AssertionError(f"counter-app exited ({self.process.returncode}):\n{self.log_text()}")

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""

    def wait_focus(self, pattern: str, timeout: float = WAIT) -> str:
        """Wait until the focus is on a widget whose place matches the regular expression ``pattern``."""
        regex = re.compile(pattern)

        def there() -> str | None:
            self.alive()
            where = self.focus()
            return where if regex.search(where) else None

        try:
            return wait_for(there, f"the focus on {pattern!r}", timeout)
        except AssertionError as error:
            raise self.failure(str(error)) from None

    def failure(self, what: str) -> AssertionError:
        """``what`` went wrong: with where the focus is, its last moves, a screenshot and the program's log."""
        trail = "\n".join(self.trace.read_text(encoding="utf-8").splitlines()[-15:])
        shot = self.data_dir / f"failed-{time.monotonic_ns()}.png"
        if shutil.which("import"):
            self.x.screenshot(shot)
        return AssertionError(
            f"{what}; the focus is on {self.focus()!r} (screen: {shot})\nlast lines of the trace:\n{trail}\n"
            f"{self.log_text()}"
        )

    # ---------------------------------------------------------------------------------------- keyboard

    def key(self, *keys: str) -> None:
        """Press keys (xdotool names: Tab, Return, space, F9, ctrl+f); each one counts as a key press."""
        self.alive()
        self.x.run("xdotool", "key", "--delay", "30", *keys)
        self.presses += len(keys)

    def type(self, text: str) -> None:
        """Type ``text`` into whatever has the focus (the characters are not counted as key presses)."""
        self.alive()
        self.x.run("xdotool", "type", "--delay", "25", text)
        self.characters += len(text)

    def press_until(self, key: str, pattern: str, attempts: int = 5, each: float = 10) -> str:
        """Press ``key`` until the focus matches ``pattern`` (a screen still loading ignores the key)."""
        for attempt in range(attempts):
            self.key(key)
            try:
                return self.wait_focus(pattern, timeout=each if attempt < attempts - 1 else WAIT)
            except AssertionError:
                if attempt == attempts - 1:
                    raise
        raise AssertionError("unreachable")

    def tab_to(self, pattern: str, backwards: bool = False, limit: int = 12) -> str:
        """Tab (or Shift+Tab) through the fields until the focus matches ``pattern``."""
        regex = re.compile(pattern)
        for _ in range(limit):
            if regex.search(self.focus()):
                return self.focus()
            before = len(self.lines("focus"))
            self.key("shift+Tab" if backwards else "Tab")
            try:
                wait_for(lambda b=before: len(self.lines("focus")) > b, "the focus to move", timeout=10)
            except AssertionError as error:
                raise self.failure(str(error)) from None
        return self.wait_focus(pattern, timeout=1)

    # ------------------------------------------------------------------------------------------ ending

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
