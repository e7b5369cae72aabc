"""The Kazakh and Russian catalogs translate every message the code marks for translation."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from counter_app.core.domain import i18n

ROOT = Path(__file__).resolve().parents[1]


def code_messages() -> set[tuple[str, str | None]]:
    """Every message the code marks, with its context (None without one)."""
    found = set()
    method_map = [("counter_app/**.py", "python")]
    keywords = {
        "_": None,
        "N_": None,
        "ngettext": (1, 2),
        "gettext_in": (2,),
        "pgettext": ((1, "c"), 2),
        "NP_": ((1, "c"), 2),
    }
    for _filename, _lineno, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, keywords=keywords
    ):
        found.add((message[0] if isinstance(message, tuple) else message, context))
    return found


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_catalog_translates_every_message(lang):
    messages = code_messages()
    assert len(messages) > 20
    assert any(context for _msgid, context in messages)  # contexts are extracted (and checked below)
    with (ROOT / "i18n" / lang / "LC_MESSAGES" / "counter.po").open("rb") as po:
        catalog = read_po(po, locale=lang)
    untranslated = []
    for msgid, context in sorted(messages, key=lambda m: (m[0], m[1] or "")):
        entry = catalog.get(msgid, context=context)
        if (
            entry is None
            or entry.fuzzy
            or not entry.string
            or (isinstance(entry.string, tuple) and not all(entry.string))
        ):
            untranslated.append(f"{context}|{msgid}" if context else msgid)
    assert not untranslated, f"{len(untranslated)} messages lack a {lang} translation: {untranslated[:10]}"


def test_a_context_and_a_count_are_translated_as_meant():
    previous = i18n.current_language()
    try:
        i18n.set_language("ru")
        assert i18n.pgettext("provider kind", "Other") != i18n.pgettext("identity document", "Other")
        forms = [
            i18n.ngettext("{done} of {total} document in order.", "{done} of {total} documents in order.", n)
            for n in (1, 3, 5)
        ]
        assert len(set(forms)) == 3  # один документ, три документа, пять документов
        assert i18n._("") == ""  # not the catalog's header
        message = i18n.pgettext("manifest status", "open")
        i18n.set_language("kk")
        assert message.again() == i18n.pgettext("manifest status", "open") != "open"
    finally:
        i18n.set_language(previous)


def test_runtime_translation_follows_the_language():
    previous = i18n.current_language()
    try:
        i18n.set_language("ru")
        assert i18n._("Settings") == "Настройки"
        i18n.set_language("kk")
        assert i18n._("Settings") not in ("Settings", "Настройки")
        i18n.set_language("en")
        assert i18n._("Settings") == "Settings"
    finally:
        i18n.set_language(previous)


def test_no_message_is_hidden_in_an_f_string():
    """Babel does not extract ``_()`` calls inside f-strings: such a message is never translated (the Applications
    tab showed "Checklist", "Status history" and "Issued documents" in English in the kk and ru UI)."""
    import ast

    hidden = []
    for path in sorted((ROOT / "counter_app").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Name)
                    and inner.func.id in ("_", "N_", "ngettext", "pgettext")
                    and any(
                        isinstance(arg, ast.Constant) and isinstance(arg.value, str) for arg in inner.args
                    )
                ):
                    hidden.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert not hidden, f"messages inside f-strings are never extracted: {hidden}"
