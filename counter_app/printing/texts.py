"""The texts of the printed forms: validated with the rest of ``forms/`` by :mod:`counter_app.core.domain.law`.

The models live in :mod:`counter_app.core.domain.printed_forms`; this module is the printing side's way to them.
"""

from __future__ import annotations

from counter_app.core.domain.law import default_law
from counter_app.core.domain.law_text import LANGS
from counter_app.core.domain.printed_forms import (
    PLACEHOLDER,
    SIGNATURE,
    AcceptanceFile,
    AcceptanceText,
    CommonFile,
    FormText,
    Line,
    PrintedTexts,
    Variant,
    VariantFile,
)

__all__ = [
    "LANGS",
    "PLACEHOLDER",
    "SIGNATURE",
    "AcceptanceFile",
    "AcceptanceText",
    "CommonFile",
    "FormText",
    "Line",
    "PrintedTexts",
    "Variant",
    "VariantFile",
    "load_texts",
]


def load_texts() -> PrintedTexts:
    """The shipped texts (``forms/printed/``), read once with the whole of ``forms/``."""
    return default_law().printed
