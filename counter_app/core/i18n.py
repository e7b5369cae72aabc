"""Gettext for the whole application; English is the source language, Kazakh and Russian are translated.

The catalogs are the ``.po`` files in ``i18n/<lang>/LC_MESSAGES/counter.po`` (managed with Babel); they are
compiled in memory with Babel when first needed, so no compiled ``.mo`` files are kept in the repository.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Callable
from functools import cache
from typing import Self

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from counter_app.paths import i18n_dir

DOMAIN = "counter"
LANGUAGES: tuple[str, ...] = ("kk", "ru", "en")
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
# Babel/CLDR locales used for dates and numbers (ru_KZ prints ₸, not KZT).
BABEL_LOCALES = {"kk": "kk_KZ", "ru": "ru_KZ", "en": "en_GB"}

_current = "en"
_listeners: list[Callable[[str], None]] = []


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The gettext translations of one language (English returns the source strings)."""
    if lang == "en":
        return gettext.NullTranslations()
    po_path = i18n_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po_path.exists():
        return gettext.NullTranslations()
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def set_language(lang: str) -> None:
    """Switch the UI language at runtime and tell every listener (screens re-translate themselves)."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    _current = lang
    # A copy: a listener whose widget is gone removes itself while the others are told (ruff's PERF101 would
    # iterate the live list, and every listener after a removed one would then be skipped).
    for listener in list(_listeners):  # noqa: PERF101
        listener(lang)


def current_language() -> str:
    return _current


def on_language_changed(listener: Callable[[str], None]) -> None:
    _listeners.append(listener)


def remove_language_listener(listener: Callable[[str], None]) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


class Message(str):
    """A translated text that remembers its English source and format arguments, so that a line left on the
    screen can be said again when the UI language changes (``again()``). It is an ordinary ``str`` otherwise;
    a text built by concatenation is a plain ``str`` and is not re-translated."""

    __slots__ = ("args", "kwargs", "source")

    def __new__(cls, text: str, source: str, args: tuple = (), kwargs: dict | None = None) -> Self:
        made = super().__new__(cls, text)
        made.source, made.args, made.kwargs = source, args, kwargs or {}
        return made

    def format(self, *args: object, **kwargs: object) -> Message:  # type: ignore[override]
        return Message(str.format(self, *args, **kwargs), self.source, args, kwargs)

    def again(self) -> str:
        """The same text in the current UI language (its arguments re-translated too, where they are Messages)."""
        text = _(self.source)
        if not (self.args or self.kwargs):
            return text
        args = [again(a) for a in self.args]
        kwargs = {k: again(v) for k, v in self.kwargs.items()}
        return text.format(*args, **kwargs)


def again(value: object) -> object:
    """``value`` in the current UI language if it is a Message, else as it is."""
    return value.again() if isinstance(value, Message) else value


def _(message: str) -> str:
    """Translate ``message`` into the current UI language (a :class:`Message`, which can be said again)."""
    return Message(translations(_current).gettext(message), message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current).ngettext(singular, plural, n)


def gettext_in(lang: str, message: str) -> str:
    """Translate into a given language, whatever the UI language is (used for messages to the citizen)."""
    return translations(lang).gettext(message)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now."""
    return message
