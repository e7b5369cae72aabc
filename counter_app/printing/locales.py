"""The CLDR locales the forms' dates are written in (kk_KZ, ru_KZ), as Babel loads them, once per process.

Babel reads a locale's data at its first date — the whole of CLDR's root and language files, unpickled and merged,
about 0.02 s — although a form needs a dozen month names. The :class:`babel.Locale` so loaded is kept in the
data directory's ``cache/`` (``locale-<name>-<hash>.pickle``, 0600, under Babel's and Python's versions), and
the next process formats its dates with it: the same Locale, the same words (a test compares every day of
2018–2031 in every pattern of the forms). Anything that cannot be cached, read or written only costs Babel's own
reading.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
from functools import cache

from babel import Locale
from babel import __version__ as BABEL_VERSION

from counter_app.core.domain.i18n import BABEL_LOCALES

log = logging.getLogger(__name__)

_FORMAT = "locale-1"  # how the cache is written: another way is another hash


def _loaded(name: str) -> Locale:
    locale = Locale.parse(name)
    _ = locale.months  # Babel reads the locale's data at its first use: now, so that it is pickled with it
    return locale


@cache
def print_locale(lang: str) -> Locale:
    """The Babel locale of a print language (``kk``, ``ru``), from the cache when it was made by this Babel."""
    from counter_app.paths import private_dir, user_data_dir, write_private

    name = BABEL_LOCALES[lang]
    key = hashlib.blake2b(f"{_FORMAT} {BABEL_VERSION} {sys.version} {name}".encode(), digest_size=12)
    try:
        cached = private_dir(user_data_dir() / "cache") / f"locale-{name}-{key.hexdigest()}.pickle"
    except OSError:  # no data directory (DataDirectoryError): no cache
        return _loaded(name)
    if cached.is_file():
        try:
            locale = pickle.loads(cached.read_bytes())  # noqa: S301 - our own file in the 0700 data directory
        except Exception as error:  # noqa: BLE001 - a damaged or outdated cache is only read again
            log.warning("the cached locale %s cannot be read (%s): Babel reads it again", cached, error)
        else:
            if isinstance(locale, Locale) and str(locale) == name:
                return locale
    locale = _loaded(name)
    try:
        data = pickle.dumps(locale, protocol=pickle.HIGHEST_PROTOCOL)
        for old in cached.parent.glob(f"locale-{name}-*.pickle"):
            old.unlink(missing_ok=True)
        partial = cached.with_name(f"{cached.name}.{os.getpid()}.part")
        write_private(partial, data)
        os.replace(partial, cached)
    except (OSError, pickle.PicklingError, TypeError, AttributeError) as error:
        log.warning("the locale %s cannot be cached in %s: %s", name, cached.parent, error)
    return locale
