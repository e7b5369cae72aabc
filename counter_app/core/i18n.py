"""Gettext for the whole application; English is the source language, Kazakh and Russian are translated.

The catalogs are the ``.po`` files in ``i18n/<lang>/LC_MESSAGES/counter.po`` (managed with Babel); they are
compiled in memory with Babel when first needed, so no compiled ``.mo`` files are kept in the repository.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Callable
from functools import cache

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
    for listener in list(_listeners):
        listener(lang)


def current_language() -> str:
    return _current


def on_language_changed(listener: Callable[[str], None]) -> None:
    _listeners.append(listener)


def remove_language_listener(listener: Callable[[str], None]) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def _(message: str) -> str:
    """Translate ``message`` into the current UI language."""
    return translations(_current).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current).ngettext(singular, plural, n)


def gettext_in(lang: str, message: str) -> str:
    """Translate into a given language, whatever the UI language is (used for messages to the citizen)."""
    return translations(lang).gettext(message)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now."""
    return message
