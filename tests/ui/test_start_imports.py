"""The sign-in window comes first and cheap: when the login dialog is first shown, nothing heavy is imported yet.

The catalog, the database (SQLAlchemy, Alembic, the models), pydantic, YAML, argon2, ReportLab and the screens
are read beside the sign-in window, once it is on screen (``ui.app``). Each check starts the real program in a
fresh interpreter (this test session has long imported everything) and lists ``sys.modules`` at the dialog's
first show.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Whole packages the sign-in window must not wait for, and Counter's own modules that bring them.
HEAVY = ("sqlalchemy", "alembic", "pydantic", "yaml", "reportlab", "holidays", "argon2", "psycopg", "babel")
NOT_YET = (
    "counter_app.storage",
    "counter_app.printing",
    "counter_app.core.usecases.accounts",
    "counter_app.core.domain.catalog",
    "counter_app.ui.main_window",
    "counter_app.ui.context",
    "counter_app.ui.setup_wizard",
    "counter_app.ui.intake",
)

AT_FIRST_SHOW = """
import json, os, sys
from PySide6.QtCore import QTimer
from counter_app.ui import login
_shown = login.LoginDialog.showEvent
def showEvent(self, event):
    _shown(self, event)
    print(json.dumps(sorted(sys.modules)), flush=True)
    QTimer.singleShot(0, lambda: os._exit(0))
login.LoginDialog.showEvent = showEvent
from counter_app.cli import main
main(sys.argv[1:])
os._exit(3)
"""


def modules_at_login(tmp_path: Path, *arguments: str) -> set[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH")))),
        "COUNTER_DATA_DIR": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    env.pop("COUNTER_DB_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", AT_FIRST_SHOW, *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.splitlines()[-1]))


def heavy(modules: set[str]) -> set[str]:
    return {
        name
        for name in modules
        if name.split(".")[0] in HEAVY or any(name == m or name.startswith(m + ".") for m in NOT_YET)
    }


def test_the_login_dialog_is_shown_before_anything_heavy_is_imported(tmp_path):
    for lang in ("kk", "ru"):
        modules_at_login(tmp_path, "--lang", lang)  # the first start compiles the translations once (cached)
        modules = modules_at_login(tmp_path, "--lang", lang)
        assert "counter_app.ui.login" in modules and "PySide6.QtWidgets" in modules
        assert heavy(modules) == set()
