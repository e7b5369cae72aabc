"""Finding a service by a word's stem, in Kazakh or Russian: "опека" finds "пособие опекунам и попечителям".

An operator types what the citizen says, in whatever form the word comes: "опека", "опекуну", "қорғаншылыққа",
"тамақтандыруға". A typed word matches a text when it occurs in it as it stands, when one of its stems begins
a word of the text, or when the stem of a word of the text begins the typed word's stem (a derived word:
"попечительство" → "попечител…"). Russian stems come from the Snowball stemmer (``snowballstemmer``); Snowball has no Kazakh,
so Kazakh endings (case, possession, plural, and the "-лық" of abstract nouns) are stripped here, from the end,
longest first, never leaving fewer than :data:`MIN_STEM` letters. A stem shorter than that is not used, so that
two typed letters never match half the catalog by a stem.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

MIN_STEM = 4

# Kazakh endings, grouped by the layer they belong to; a word loses at most one of each layer, outermost first.
_KAZAKH_LAYERS: tuple[tuple[str, ...], ...] = (
    # case endings (dative, accusative, locative, ablative, genitive, instrumental)
    (
        "ларға",
        "лерге",
        "дарға",
        "дерге",
        "тарға",
        "терге",
        "нан",
        "нен",
        "дан",
        "ден",
        "тан",
        "тен",
        "ның",
        "нің",
        "дың",
        "дің",
        "тың",
        "тің",
        "мен",
        "бен",
        "пен",
        "ға",
        "ге",
        "қа",
        "ке",
        "на",
        "не",
        "а",
        "е",
        "ны",
        "ні",
        "ды",
        "ді",
        "ты",
        "ті",
        "н",
        "да",
        "де",
        "та",
        "те",
        "нда",
        "нде",
    ),
    # possession (his/her, my, our …)
    ("сы", "сі", "ы", "і", "ым", "ім", "м", "мыз", "міз"),
    # plural
    ("лар", "лер", "дар", "дер", "тар", "тер"),
    # abstract nouns and the action noun: қорғаншылық → қорғаншы, тамақтандыру stays whole
    ("лық", "лік", "дық", "дік", "тық", "тік"),
)


@cache
def _russian() -> Any:  # snowballstemmer has no type hints
    """Snowball's Russian stemmer, made when a word is first stemmed (not when a receipt is printed)."""
    import snowballstemmer

    return snowballstemmer.stemmer("russian")


_WORD = re.compile(r"\w+")


def _strip_kazakh(word: str) -> str:
    for layer in _KAZAKH_LAYERS:
        for ending in sorted(layer, key=len, reverse=True):
            if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
                word = word[: -len(ending)]
                break
    return word


@cache
def stems(word: str) -> frozenset[str]:
    """The stems under which ``word`` (any case) is looked for: its Russian and its Kazakh stem, if long enough."""
    word = word.casefold().replace("ё", "е")
    found = {_russian().stemWord(word), _strip_kazakh(word)}
    return frozenset(stem for stem in found if len(stem) >= MIN_STEM)


def words_of(text: str) -> list[str]:
    return _WORD.findall(text.casefold().replace("ё", "е"))


def word_matches(word: str, text: str) -> bool:
    """Whether one typed ``word`` is found in ``text``: as it stands, or a stem of it begins a word of the text,
    or the stem of a word of the text begins it ("попечительство" finds "попечителям")."""
    folded = word.casefold().replace("ё", "е")
    haystack = text.casefold().replace("ё", "е")
    if folded in haystack:
        return True
    typed = stems(folded)
    for candidate in words_of(haystack):
        if any(candidate.startswith(stem) for stem in typed):
            return True
        if any(stem.startswith(own) for own in stems(candidate) for stem in typed):
            return True
    return False


def matches(query: str, text: str) -> bool:
    """Whether every word typed in ``query`` is found in ``text`` (see :func:`word_matches`)."""
    return all(word_matches(word, text) for word in query.split())
