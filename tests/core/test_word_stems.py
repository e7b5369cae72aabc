"""Finding a service by a word's stem, in Kazakh and in Russian (core.word_stems, used by the catalog)."""

from __future__ import annotations

import datetime as dt

import pytest

from counter_app.core.domain.catalog import load_catalog
from counter_app.core.domain.word_stems import MIN_STEM, matches, stems

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def codes(catalog, words: str) -> set[str]:
    return {s.code for s in catalog.search(words)}


@pytest.mark.parametrize(
    ("typed", "text"),
    [
        ("опека", "пособие опекунам и попечителям"),
        ("опекуну", "Назначение выплаты пособия опекунам"),
        ("попечительство", "пособие опекунам или попечителям"),
        ("ПОСОБИЯ", "выплата пособие"),
        ("сиротами", "ребенка-сироты"),
        ("опекунство", "органа опеки"),
        ("қорғаншылыққа", "Қамқоршыларға немесе қорғаншыларға жәрдемақы"),
        ("тамақтандыруға", "тегін және жеңілдетілген тамақтандыруды ұсыну"),
        ("демалысқа", "лагерьлерде демалуы үшін, демалыс"),
        ("лагерьлерге", "мектеп жанындағы лагерьлерде"),
        ("жәрдемақыны", "асырап-бағуға жәрдемақы төлеуді"),
    ],
)
def test_a_word_finds_a_text_by_its_stem(typed, text):
    assert typed.casefold() not in text.casefold()  # not a plain substring: the stem finds it
    assert matches(typed, text)


@pytest.mark.parametrize(
    ("typed", "text"),
    [
        ("опека", "свидание с ребенком"),
        ("тамақ", "жәрдемақы"),  # a stem begins a word, it does not float inside one
        ("пособие опекунам", "пособие на питание"),  # every word must be found
        ("қорғаншылыққа", "Жалпы білім беретін мектептер"),
    ],
)
def test_a_word_does_not_find_an_unrelated_text(typed, text):
    assert not matches(typed, text)


def test_short_stems_are_not_used():
    assert stems("ата") == frozenset()
    assert all(
        len(stem) >= MIN_STEM for word in ("опека", "балаларға", "сирот", "бала") for stem in stems(word)
    )


def test_the_catalog_finds_the_guardian_benefit_by_opeka_in_either_language(catalog):
    # The issue's own example: "опека" finds "пособие опекунам и попечителям" (no keyword "опека" on it).
    benefit = catalog.service("guardian-benefit")
    assert "опека" not in " ".join([benefit.names.ru, *benefit.keywords]).casefold()
    assert "guardian-benefit" in codes(catalog, "опека")
    assert "guardian-benefit" in codes(catalog, "қорғаншылыққа")
    assert {"guardian-benefit", "guardianship"} <= codes(catalog, "опекуну")
    assert codes(catalog, "тамақтандыруға") == {"school-meals"}
    assert codes(catalog, "демалысқа") == {"camp-vouchers"}
    assert codes(catalog, "опека лагерь") == set()
