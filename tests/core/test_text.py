"""Typed text: the control characters ``clean`` removes and ``limited`` refuses are exactly Unicode's (the checks
search one pattern instead of asking ``unicodedata`` about each character)."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.core.domain import text as texts


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cs") or ch in "\u2028\u2029"


def _reference_clean(value: str, multiline: bool) -> str:
    """``clean`` as it was written first: the category of every character asked."""
    out = []
    for ch in value:
        if ch in "\r\n\t":
            out.append("\n" if multiline and ch == "\n" else " ")
        elif _is_control(ch):
            continue
        else:
            out.append(ch)
    return "".join(out).strip()


def test_every_code_point_is_judged_as_unicode_does():
    wrong = [
        hex(code)
        for code in range(sys.maxunicode + 1)
        if texts.has_control_characters(chr(code)) != (_is_control(chr(code)) and chr(code) not in "\t\r\n")
    ]
    assert wrong == []
    assert texts.has_control_characters("Астана\x00") and not texts.has_control_characters("Астана\tЕсіл\r\n")


@pytest.mark.parametrize("multiline", [False, True])
def test_every_control_character_is_cleaned_as_before(multiline):
    controls = [chr(code) for code in range(sys.maxunicode + 1) if _is_control(chr(code))]
    assert len(controls) == 65 + 2048 + 2  # Cc, Cs, the two separators
    for ch in controls:
        value = f"  Кенесары{ch}12 "
        assert texts.clean(value, multiline) == _reference_clean(value, multiline), hex(ord(ch))


@given(st.text(st.characters(codec=None, exclude_categories=())), st.booleans())
def test_clean_is_the_reference(value, multiline):
    assert texts.clean(value, multiline) == _reference_clean(value, multiline)


def test_limited_refuses_a_nul_and_keeps_the_text_otherwise():
    assert texts.limited("address", "The address", "  ул. Кенесары, 12 ", texts.ADDRESS) == "ул. Кенесары, 12"
    with pytest.raises(texts.InvalidText):
        texts.limited("address", "The address", "ул.\x00 Кенесары", texts.ADDRESS)
