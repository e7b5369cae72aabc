"""ReportLab imported without two start-up costs that a print never uses (together 70-100 ms of each print).

1. ``reportlab.platypus.paragraph`` compiles, when imported, a case-insensitive pattern for web addresses over
   the whole Unicode range (``uri_pat``): 50-80 ms; it is used only when a paragraph splits a long word that is a
   web address (``_uri_split_pairs``). ``reportlab.lib.textsplit``, which it imports, compiles one for CJK
   characters (``rx``, 7-10 ms), used only by ``cjkwrap``, which nothing calls. The paragraph module is imported
   here with those two patterns made stand-ins that compile them on first use; every other pattern is compiled
   as usual.
2. ``reportlab.graphics.barcode``'s package imports every symbology and chart widget it knows (about 15 ms);
   the receipts and manifests draw only Code 128. :data:`Code128` is read from its own module with the package
   not run; a later ``import reportlab.graphics.barcode`` runs the package as usual and gets the same class.

The laid-out PDFs are the same bytes. Imported by :mod:`counter_app.printing` before anything of platypus;
without effect for what was imported already.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
from typing import Any

# How reportlab.platypus.paragraph's ``uri_pat`` begins (ReportLab 4 and 5, from Django's URL validator).
_WEB_ADDRESS_PATTERN_START = "(^(?:[a-z0-9\\.\\-\\+]*)://)"
_CJK_PATTERN = "([\u2e80-\uffff])"  # reportlab.lib.textsplit's ``rx``
_BARCODES = "reportlab.graphics.barcode"


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
        if isinstance(pattern, str) and (
            pattern.startswith(_WEB_ADDRESS_PATTERN_START) or pattern == _CJK_PATTERN
        ):
            return PatternOnFirstUse(pattern, flags)
        return compile_now(pattern, flags)

    re.compile = compile_or_defer  # type: ignore[assignment]
    try:
        import reportlab.platypus.paragraph  # noqa: F401
    finally:
        re.compile = compile_now  # type: ignore[assignment]


def _code128_module() -> Any:
    name = f"{_BARCODES}.code128"
    if _BARCODES in sys.modules or name in sys.modules:
        return importlib.import_module(name)
    import reportlab.graphics  # noqa: F401  (the parent, as an import would)

    spec = importlib.util.find_spec(_BARCODES)
    assert spec is not None
    sys.modules[_BARCODES] = importlib.util.module_from_spec(spec)  # the package, its __init__ not run
    try:
        return importlib.import_module(name)
    finally:
        del sys.modules[_BARCODES]


_import_platypus()
Code128: Any = _code128_module().Code128
