"""The core (and the storage and printing layers) import no Qt: checked in a fresh interpreter."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import counter_app.core


def test_core_imports_no_qt():
    modules = [m.name for m in pkgutil.walk_packages(counter_app.core.__path__, "counter_app.core.")]
    assert len(modules) >= 5
    script = (
        "import sys\n"
        f"for name in {modules!r}: __import__(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'qasync', 'PyQt5', 'PyQt6'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"core pulled in Qt: {result.stdout}"
