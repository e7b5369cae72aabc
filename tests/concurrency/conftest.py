"""Concurrency tests: window processes (``window_worker.py``) writing one database at once."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "intake"))  # intake_helpers
