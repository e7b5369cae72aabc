"""Fault tests: a killed process, a database server that stops, a printer that fails."""

from __future__ import annotations
