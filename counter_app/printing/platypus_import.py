"""ReportLab's platypus imported without compiling its web-address pattern up front.

``reportlab.platypus.paragraph`` compiles, when imported, a case-insensitive pattern for web addresses over
the whole Unicode range (``uri_pat``): 50-80 ms of every print's start, a third of the process. The pattern is
used only when a paragraph splits a long word that is a web address (``_uri_split_pairs``), which a form
rarely does. Here the paragraph module is imported with that one pattern made a stand-in that compiles it on
its first use; every other pattern is compiled as usual, and the laid-out PDF is the same. Imported by
:mod:`counter_app.printing` before anything of platypus; without effect if platypus was imported already.
"""

from __future__ import annotations

import re
import sys
from typing import Any

# How reportlab.platypus.paragraph's ``uri_pat`` begins (ReportLab 4 and 5, from Django's URL validator).
_WEB_ADDRESS_PATTERN_START = "(^(?:[a-z0-9\\.\\-\\+]*)://)"


class PatternOnFirstUse:
    """A compiled pattern's stand-in: compiles ``pattern`` when one of its attributes is first asked for."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._pattern = pattern
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = re.compile(self._pattern, self._flags)
        return getattr(self._compiled, name)


def _import_platypus() -> None:
    if "reportlab.platypus.paragraph" in sys.modules:
        return
    compile_now = re.compile

    def compile_or_defer(pattern: Any, flags: Any = 0) -> Any:
        if isinstance(pattern, str) and pattern.startswith(_WEB_ADDRESS_PATTERN_START):
            return PatternOnFirstUse(pattern, flags)
        return compile_now(pattern, flags)

    re.compile = compile_or_defer  # type: ignore[assignment]
    try:
        import reportlab.platypus.paragraph  # noqa: F401
    finally:
        re.compile = compile_now  # type: ignore[assignment]


_import_platypus()
