"""Before Qt opens a window: is there a display to open it on, and the X11 library Qt 6.5+ needs?

Without them Qt aborts with its own messages (``could not connect to display``, ``xcb-cursor0 or libxcb-cursor0
is needed``) and a core dump; Counter says what is wrong and how to fix it instead, and exits with status 2.
The messages are in English: they go to the terminal of whoever installs Counter (see the README).
"""

from __future__ import annotations

import ctypes.util
import os
import sys
from collections.abc import Callable, Mapping


def display_problem(
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    find_library: Callable[[str], str | None] = ctypes.util.find_library,
) -> str | None:
    """What stops the window from opening on this machine, or None (only Linux and other X11/Wayland systems
    are checked; an explicit QT_QPA_PLATFORM other than xcb is left to Qt)."""
    env = os.environ if env is None else env
    platform = platform or sys.platform
    if platform.startswith(("win", "darwin")):
        return None
    chosen = env.get("QT_QPA_PLATFORM", "")
    if chosen and not chosen.startswith(("xcb", "wayland")):
        return None  # offscreen, vnc, eglfs…: the administrator chose it
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return (
            "counter-app: no graphical display (DISPLAY is not set). The window needs a desktop session: start it "
            "on the counter's desktop, or over ssh -X. The subcommands (counter-app --help) need no display."
        )
    if (
        not chosen.startswith("wayland")
        and not env.get("WAYLAND_DISPLAY")
        and find_library("xcb-cursor") is None
    ):
        return (
            "counter-app: the X11 library libxcb-cursor0, which Qt 6.5 and later need, is not installed "
            '(Qt would say: "xcb-cursor0 or libxcb-cursor0 is needed to load the Qt xcb platform plugin"). '
            "Install it: sudo apt-get install libxcb-cursor0 (Fedora, Arch: xcb-util-cursor), then start again."
        )
    return None
