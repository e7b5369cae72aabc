"""Concurrency tests: window processes (``window_worker.py``) writing one database at once."""

from __future__ import annotations
