"""The bundled fonts (DejaVu Sans: every Kazakh letter and ₸), registered with ReportLab once per process.

ReportLab reads a TrueType file whole at registration — every glyph's width and position, about 0.05 s a
font — although a receipt uses a hundred characters. The font as ReportLab holds it after that reading is kept
in the data directory's ``cache/`` (``fonts-<hash>.pickle``, 0600), under a hash of the font files' paths,
sizes and times, of ReportLab's and Python's versions and of this module: the next process registers the same
font objects from it (a quarter of the time), and writes the same PDF (the subsets embedded are made from the
same font bytes and tables). Anything that cannot be cached, read or written only costs the reading.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import operator
import os
import pickle
import sys
from functools import cache, partial
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from reportlab import Version as REPORTLAB_VERSION
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from counter_app.paths import fonts_dir

log = logging.getLogger(__name__)

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf"}

_FORMAT = "fonts-1"  # how the cache is written: another way is another hash
# The state of a TTFont that is not the font's: made afresh, never cached.
_PER_PROCESS = ("state",)


def _scale(units_per_em: int) -> Any:
    """ReportLab's glyph-unit scale (a local lambda in its reader, which pickle cannot keep)."""
    return (lambda x: x) if units_per_em == 1000 else partial(operator.mul, 1000 / units_per_em)


def _plain(value: object) -> bool:
    """Whether marshal keeps ``value`` as it is: built-in types only, all the way down (it would turn a
    subclass of bytes, as ReportLab's font names are, into bytes)."""
    kind = type(value)
    if kind in (int, float, str, bytes, bool, type(None)):
        return True
    if kind in (list, tuple):
        return all(_plain(item) for item in value)  # type: ignore[attr-defined]
    if kind is dict:
        return all(_plain(k) and _plain(v) for k, v in value.items())  # type: ignore[attr-defined]
    return False


def _font_state(font: TTFont) -> tuple[bytes, bytes] | None:
    """What to cache of a font just read — its attributes and its face's: the large tables of plain numbers
    marshalled (ten times faster to read back than pickled), the rest pickled — or None if it cannot be kept."""
    face = dict(font.face.__dict__)
    if not callable(face.pop("_pdfScale", None)):
        return None
    if any(callable(value) for value in face.values()):
        return None  # another ReportLab: something this module does not know how to rebuild
    plain = {k: v for k, v in face.items() if _plain(v)}
    rest = {k: v for k, v in face.items() if k not in plain}
    attributes = {k: v for k, v in font.__dict__.items() if k not in _PER_PROCESS and k != "face"}
    return pickle.dumps((attributes, rest), protocol=pickle.HIGHEST_PROTOCOL), marshal.dumps(plain)


def _restored(state: tuple[bytes, bytes]) -> TTFont:
    attributes, rest = pickle.loads(state[0])  # noqa: S301 - our own file in the 0700 data directory
    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(marshal.loads(state[1]))
    face.__dict__.update(rest)
    face._pdfScale = _scale(face.unitsPerEm)
    font = TTFont.__new__(TTFont)
    font.__dict__.update(attributes)
    font.face = face
    font.state = WeakKeyDictionary()
    return font


def _cache_file(paths: list[Path]) -> Path | None:
    from counter_app.paths import private_dir, user_data_dir

    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{_FORMAT} {REPORTLAB_VERSION} {sys.version}".encode())
    module = Path(__file__)
    try:
        for path in [module, *paths] if module.is_file() else paths:  # a frozen build has no sources
            stat = path.stat()
            digest.update(f"{path} {stat.st_size} {stat.st_mtime_ns}".encode())
        return private_dir(user_data_dir() / "cache") / f"fonts-{digest.hexdigest()}.pickle"
    except OSError:  # no data directory (DataDirectoryError) or a missing font: no cache
        return None


def _load_cached(cached: Path) -> dict[str, TTFont] | None:
    try:
        states = pickle.loads(cached.read_bytes())  # noqa: S301 - our own file in the 0700 data directory
        return {name: _restored(states[name]) for name in FILES}
    except Exception as error:  # noqa: BLE001 - a damaged or outdated cache is only read again
        log.warning("the cached fonts %s cannot be read (%s): the fonts are read again", cached, error)
        return None


def _store(cached: Path, fonts: dict[str, TTFont]) -> None:
    from counter_app.paths import write_private

    try:
        states = {name: _font_state(font) for name, font in fonts.items()}
        if any(state is None for state in states.values()):
            return
        data = pickle.dumps(states, protocol=pickle.HIGHEST_PROTOCOL)
        for old in cached.parent.glob("fonts-*.pickle"):
            old.unlink(missing_ok=True)
        partial_file = cached.with_name(f"{cached.name}.{os.getpid()}.part")
        write_private(partial_file, data)
        os.replace(partial_file, cached)
    except (OSError, pickle.PicklingError, TypeError, ValueError, AttributeError) as error:
        log.warning("the fonts cannot be cached in %s: %s", cached.parent, error)


def read_fonts() -> dict[str, TTFont]:
    """The bundled fonts, as ReportLab reads them: from the cache when it was made from the same files."""
    paths = [fonts_dir() / FILES[name] for name in FILES]
    cached = _cache_file(paths)
    if cached is not None and cached.is_file():
        fonts = _load_cached(cached)
        if fonts is not None:
            return fonts
    fonts = {name: TTFont(name, str(path)) for name, path in zip(FILES, paths, strict=True)}
    if cached is not None:
        _store(cached, fonts)
    return fonts


@cache
def register_fonts() -> None:
    """Register DejaVu Sans (every Kazakh letter and ₸); ReportLab's own fonts have no Cyrillic."""
    for font in read_fonts().values():
        pdfmetrics.registerFont(font)
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
