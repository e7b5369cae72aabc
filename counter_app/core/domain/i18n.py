"""Gettext for the whole application; English is the source language, Kazakh and Russian are translated.

The catalogs are the ``.po`` files in ``i18n/<lang>/LC_MESSAGES/counter.po`` (managed with Babel); they are
compiled with Babel when first needed, so no compiled ``.mo`` files are kept in the repository. The compiled
catalog is kept in the data directory's ``cache/`` under the hash of the ``.po`` file's bytes, so that a start
reads it instead of importing Babel and parsing the ``.po`` again (a changed ``.po`` has another hash and is
compiled afresh; a cache that cannot be written or read only costs the compilation).
"""

from __future__ import annotations

import gettext
import hashlib
import io
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Self

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
    return gettext.GNUTranslations(io.BytesIO(compiled_catalog(po_path, lang)))


def compile_po(source: bytes, lang: str) -> bytes:
    """The ``.mo`` bytes of a ``.po`` file's bytes (fuzzy entries left out), compiled with Babel."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(source), locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def _cache_dir() -> Path | None:
    from counter_app.paths import private_dir, user_data_dir

    try:
        return private_dir(user_data_dir() / "cache")
    except OSError:  # DataDirectoryError included: no cache, the catalog is compiled each time
        return None


def compiled_catalog(po_path: Path, lang: str) -> bytes:
    """The compiled catalog of ``po_path``: from the cache when one was made from the same bytes, else compiled
    (and cached, replacing the catalogs of older ``.po`` files of the language)."""
    source = po_path.read_bytes()
    name = f"{DOMAIN}-{lang}-{hashlib.blake2b(source, digest_size=16).hexdigest()}.mo"
    folder = _cache_dir()
    if folder is not None:
        try:
            return (folder / name).read_bytes()
        except OSError:
            pass
    mo = compile_po(source, lang)
    if folder is not None:
        try:
            for old in folder.glob(f"{DOMAIN}-{lang}-*.mo"):
                old.unlink(missing_ok=True)
            partial = folder / f"{name}.{os.getpid()}.part"
            partial.write_bytes(mo)
            os.replace(partial, folder / name)  # whole or not at all, even with two windows starting at once
        except OSError:
            pass
    return mo


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

    __slots__ = ("args", "context", "kwargs", "source")
    source: str
    args: tuple[object, ...]
    kwargs: dict[str, object]
    context: str | None

    def __new__(
        cls,
        text: str,
        source: str,
        args: tuple[object, ...] = (),
        kwargs: dict[str, object] | None = None,
        context: str | None = None,
    ) -> Self:
        made = super().__new__(cls, text)
        made.source, made.args, made.kwargs, made.context = source, args, kwargs or {}, context
        return made

    def format(self, *args: object, **kwargs: object) -> Message:
        return Message(str.format(self, *args, **kwargs), self.source, args, kwargs, self.context)

    def again(self) -> str:
        """The same text in the current UI language (its arguments re-translated too, where they are Messages)."""
        text = pgettext(self.context, self.source) if self.context else _(self.source)
        if not (self.args or self.kwargs):
            return text
        args = [again(a) for a in self.args]
        kwargs = {k: again(v) for k, v in self.kwargs.items()}
        return text.format(*args, **kwargs)


def again(value: object) -> object:
    """``value`` in the current UI language if it is a Message, else as it is."""
    return value.again() if isinstance(value, Message) else value


def _(message: str) -> str:
    """Translate ``message`` into the current UI language (a :class:`Message`, which can be said again).

    An empty message stays empty (gettext would answer the catalog's header for it)."""
    return Message(translations(_current).gettext(message) if message else "", message)


def pgettext(context: str, message: str) -> str:
    """Translate ``message`` as meant in ``context``, where one English word has several meanings:
    ``pgettext("manifest status", "open")``, ``pgettext("provider kind", "Other")``."""
    return Message(translations(_current).pgettext(context, message), message, context=context)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a counted noun for ``n`` in the current language (Russian has three, Kazakh two)."""
    return translations(_current).ngettext(singular, plural, n)


def gettext_in(lang: str, message: str) -> str:
    """Translate into a given language, whatever the UI language is (used for messages to the citizen)."""
    return translations(lang).gettext(message) if message else ""


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now."""
    return message


def NP_(context: str, message: str) -> tuple[str, str]:
    """Mark a string with its context for extraction; translate it later with ``pgettext(*marked)``."""
    return context, message
