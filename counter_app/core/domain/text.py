"""Free text typed by people: control characters removed, lengths limited — the same rule for the CLI and the UI.

``clean`` removes NUL and every other control character (a line break becomes a space in one-line fields);
``limited`` refuses a text with a control character or longer than its field's limit, with a message in the
user's language naming the field.
"""

from __future__ import annotations

import re
import unicodedata

from counter_app.core.domain.i18n import _

# Limits of what people type (the database columns are at least this long).
NAME_PART = 100  # a last name, first name or patronymic
PERSON_NAME = 300  # a whole name: courier, clerk, recipient, user's full name
REFERENCE = 200  # a result's number and date, a document number, a power of attorney
ADDRESS = 500
PHONE = 30
REASON = 2000  # the provider's written reason, how the citizen was told
SEARCH = 100
USERNAME = 50
WINDOW = 20


class InvalidText(ValueError):
    """A text that cannot be stored; ``field`` names it, the message says why in the user's language."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


# Unicode's control characters (category Cc, fixed by Unicode's stability policy: U+0000–U+001F and U+007F–U+009F),
# lone surrogates (Cs: U+D800–U+DFFF) and the line and paragraph separators, as one pattern: a text is searched once
# instead of asking for the category of each of its characters (every field of every intake is checked).
# ``tests/core/test_text.py`` compares both with ``unicodedata`` over every code point.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")
_UNTYPABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029]")  # tab, CR, LF typed


def clean(value: str, multiline: bool = False) -> str:
    """``value`` without control characters (kept: line breaks in multi-line fields), spaces at the ends trimmed."""
    if _CONTROL.search(value) is None:  # nearly always: nothing to remove or replace
        return value.strip()
    out = []
    for ch in value:
        if ch in "\r\n\t":
            out.append("\n" if multiline and ch == "\n" else " ")
        elif unicodedata.category(ch) in ("Cc", "Cs") or ch in "\u2028\u2029":
            continue
        else:
            out.append(ch)
    return "".join(out).strip()


def too_long(label: str, limit: int, length: int) -> str:
    return _("{field} is too long: at most {limit} characters, {length} given.").format(
        field=label, limit=limit, length=length
    )


def has_control_characters(value: str) -> bool:
    """NUL and other control characters, which no keyboard types (tabs and line breaks do not count)."""
    return _UNTYPABLE.search(value) is not None


def limited(field: str, label: str, value: str, limit: int, multiline: bool = False) -> str:
    """The cleaned text; ``InvalidText`` when it has a control character or is longer than ``limit``."""
    if has_control_characters(value):
        raise InvalidText(
            field,
            _("{field} contains a control character (such as NUL) that cannot be stored.").format(
                field=label
            ),
        )
    text = clean(value, multiline)
    if len(text) > limit:
        raise InvalidText(field, too_long(label, limit, len(text)))
    return text
