"""The compiled translations are cached under the hash of the .po file: the same texts as a fresh compilation,
and a changed .po is compiled afresh."""

from __future__ import annotations

import gettext
import io

from counter_app.core.domain import i18n
from counter_app.paths import i18n_dir


def po_of(lang: str) -> bytes:
    return (i18n_dir() / lang / "LC_MESSAGES" / "counter.po").read_bytes()


def test_the_cached_catalog_translates_exactly_as_a_fresh_compilation(tmp_path, monkeypatch):
    monkeypatch.setenv("COUNTER_DATA_DIR", str(tmp_path / "data"))
    for lang in ("kk", "ru"):
        po = tmp_path / f"{lang}.po"
        po.write_bytes(po_of(lang))
        first = i18n.compiled_catalog(po, lang)  # compiled and cached
        cached = list((tmp_path / "data" / "cache").glob(f"counter-{lang}-*.mo"))
        assert len(cached) == 1
        assert i18n.compiled_catalog(po, lang) == first == cached[0].read_bytes()
        fresh = gettext.GNUTranslations(io.BytesIO(i18n.compile_po(po_of(lang), lang)))
        from_cache = gettext.GNUTranslations(io.BytesIO(first))
        assert from_cache._catalog == fresh._catalog  # noqa: SLF001 - every message, not a sample
        assert from_cache.gettext("Sign in to Counter") not in ("", "Sign in to Counter")


def test_a_changed_po_file_is_compiled_again_and_replaces_the_old_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("COUNTER_DATA_DIR", str(tmp_path / "data"))
    po = tmp_path / "kk.po"
    po.write_bytes(po_of("kk"))
    before = gettext.GNUTranslations(io.BytesIO(i18n.compiled_catalog(po, "kk")))
    changed = po_of("kk").replace(
        b'msgid "Sign in to Counter"\nmsgstr "',
        'msgid "Sign in to Counter"\nmsgstr "ӨЗГЕРДІ '.encode(),
    )
    assert changed != po_of("kk")
    po.write_bytes(changed)
    after = gettext.GNUTranslations(io.BytesIO(i18n.compiled_catalog(po, "kk")))
    assert after.gettext("Sign in to Counter") == "ӨЗГЕРДІ " + before.gettext("Sign in to Counter")
    assert len(list((tmp_path / "data" / "cache").glob("counter-kk-*.mo"))) == 1


def test_a_cache_that_cannot_be_made_only_costs_the_compilation(tmp_path, monkeypatch):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the data folder should be")
    monkeypatch.setenv("COUNTER_DATA_DIR", str(blocked))
    po = tmp_path / "ru.po"
    po.write_bytes(po_of("ru"))
    assert i18n.compiled_catalog(po, "ru") == i18n.compile_po(po_of("ru"), "ru")
