"""The Kazakh and Russian catalogs translate every message the code marks for translation."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from counter_app.core.domain import i18n

ROOT = Path(__file__).resolve().parents[1]


def code_messages() -> set[str]:
    found = set()
    method_map = [("counter_app/**.py", "python")]
    keywords = {"_": None, "N_": None, "ngettext": (1, 2), "gettext_in": (2,)}
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, keywords=keywords
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_catalog_translates_every_message(lang):
    messages = code_messages()
    assert len(messages) > 20
    with (ROOT / "i18n" / lang / "LC_MESSAGES" / "counter.po").open("rb") as po:
        catalog = read_po(po, locale=lang)
    untranslated = []
    for msgid in sorted(messages):
        entry = catalog.get(msgid)
        if (
            entry is None
            or entry.fuzzy
            or not entry.string
            or (isinstance(entry.string, tuple) and not all(entry.string))
        ):
            untranslated.append(msgid)
    assert not untranslated, f"{len(untranslated)} messages lack a {lang} translation: {untranslated[:10]}"


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
