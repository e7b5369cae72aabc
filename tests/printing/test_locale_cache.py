"""The print languages' CLDR locales are kept in the data directory once Babel has read them: the dates written
with the cached locale are Babel's own, every day of 2018–2031 in every pattern of the forms, kk and ru; a damaged
cache is only read again."""

from __future__ import annotations

import datetime as dt

import pytest
from babel import Locale
from babel.dates import format_date, format_datetime

from counter_app.core.domain.i18n import BABEL_LOCALES
from counter_app.printing.locales import print_locale
from counter_app.printing.texts import load_texts


def patterns(lang: str) -> set[str]:
    texts = load_texts()
    found = {texts.consent_note.text(lang).date_pattern, texts.common.text(lang).numeric_date}
    for forms in (texts.refusal, texts.application):
        found |= {variant.text(lang).date_pattern for variant in forms.variants.values()}
    found |= {"d MMMM y", "EEEE, d MMMM y", "LLLL y", "d MMM y G"}  # more than the forms use today
    return found


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_cached_locale_writes_babels_own_dates(tmp_path, monkeypatch, lang):
    monkeypatch.setenv("COUNTER_DATA_DIR", str(tmp_path))
    read = print_locale.__wrapped__(lang)  # read by Babel, then cached
    assert len(list((tmp_path / "cache").glob("locale-*.pickle"))) == 1
    cached = print_locale.__wrapped__(lang)  # from the cache
    assert cached is not read and str(cached) == BABEL_LOCALES[lang]
    babel = Locale.parse(BABEL_LOCALES[lang])
    day, last = dt.date(2018, 1, 1), dt.date(2031, 12, 31)
    while day <= last:
        for pattern in patterns(lang):
            assert format_date(day, pattern, locale=cached) == format_date(day, pattern, locale=babel)
        day += dt.timedelta(days=1)
    moment = dt.datetime(2026, 11, 23, 10, 42)
    pattern = load_texts().common.text(lang).date_time
    assert format_datetime(moment, pattern, locale=cached) == format_datetime(moment, pattern, locale=babel)


def test_a_damaged_cache_is_only_read_again(tmp_path, monkeypatch):
    monkeypatch.setenv("COUNTER_DATA_DIR", str(tmp_path))
    print_locale.__wrapped__("kk")
    (cached,) = (tmp_path / "cache").glob("locale-*.pickle")
    cached.write_bytes(b"not a pickle")
    assert str(print_locale.__wrapped__("kk")) == "kk_KZ"
    assert cached.read_bytes() != b"not a pickle"  # replaced by a good one
