"""Free text typed by people: control characters removed, lengths limited — the same rule for the CLI and the UI.

``clean`` removes NUL and every other control character (a line break becomes a space in one-line fields);
``limited`` refuses a text with a control character or longer than its field's limit, with a message in the
user's language naming the field.
"""

from __future__ import annotations

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


def clean(value: str, multiline: bool = False) -> str:
    """``value`` without control characters (kept: line breaks in multi-line fields), spaces at the ends trimmed."""
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
    return any(
        (unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\t\r\n") or ch in "\u2028\u2029"
        for ch in value
    )


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
