"""The texts in forms/printed/: valid, the law's words verbatim where they claim to be, printable by the font."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from reportlab.pdfbase.ttfonts import TTFont

from counter_app.paths import fonts_dir, forms_dir
from counter_app.printing.texts import PLACEHOLDER, FormText, Variant, load_texts

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def _normalise_seed(text: str) -> str:
    text = re.sub(r"\[bookmark: [^\]]*\]", " ", text)
    text = re.sub(r"_+", " ", text)
    text = re.sub(r"(?<=\w)-[ \t\xa0]*\n\s*", "-", text)  # a word hyphenated across a line break
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


def _pieces(template: str) -> list[str]:
    """The law's words between the placeholders of a template."""
    return [
        p for p in (re.sub(r"\s+", " ", piece).strip() for piece in PLACEHOLDER.split(template)[::2]) if p
    ]


def _law_templates(text: FormText) -> list[str]:
    templates = [text.title, text.form_label, text.list_heading]
    for line in (*text.body, *text.closing, *text.lines):
        templates += [line.text, line.caption]
    return [t for t in templates if t]


def _verbatim_variants() -> list[tuple[str, str, Variant, str]]:
    texts = load_texts()
    found = []
    for kind, file in (("refusal", texts.refusal), ("application", texts.application)):
        for key, variant in file.variants.items():
            if variant.project_wording:
                continue
            for lang in ("kk", "ru"):
                if not variant.text(lang).translated_by_project:
                    found.append((kind, key, variant, lang))
    return found


def test_texts_load_and_validate():
    texts = load_texts()
    assert texts.refusal.default_key == "order_414_2022"
    assert texts.application.default_key == "general"
    assert texts.acceptance.project_wording is True
    assert texts.refusal.variants["order_414_2022"].ru.translated_by_project
    assert texts.application.variants["general"].project_wording


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds is not beside the checkout")
@pytest.mark.parametrize(
    ("kind", "key", "variant", "lang"), _verbatim_variants(), ids=lambda v: v if isinstance(v, str) else ""
)
def test_law_text_is_verbatim_from_the_seed(kind, key, variant, lang):
    seed = _normalise_seed((SEEDS / variant.seed).read_text(encoding="utf-8"))
    for repair in variant.repairs:
        assert _normalise_seed(repair.seed) in seed, f"repair no longer matches the seed: {repair.seed}"
        seed = seed.replace(_normalise_seed(repair.seed), _normalise_seed(repair.reading))
    missing = [
        piece
        for template in _law_templates(variant.text(lang))
        for piece in _pieces(template)
        if piece not in seed
    ]
    assert not missing, f"{kind}/{key}/{lang}: not in {variant.seed}: {missing}"


def test_refusal_texts_carry_the_legal_core():
    refusal = load_texts().refusal.variants
    assert refusal["order_414_2022"].kk.title == "Құжаттарды қабылдаудан бас тарту туралы қолхат"
    assert (
        " ".join(refusal["order_158_2020_benefit"].ru.title.split())
        == "Расписка об отказе в приеме документов"
    )
    ru = refusal["order_158_2020_benefit"].ru
    assert any("{phone}" in line.text for line in ru.closing)  # the benefit's Russian text asks for a phone
    for variant in refusal.values():
        for lang in ("kk", "ru"):
            text = variant.text(lang)
            assert "3" in text.title_block and "{service}" in text.title_block
            placeholders = {p for t in _law_templates(text) for p in PLACEHOLDER.findall(t)}
            assert {
                "department",
                "address",
                "service",
                "employee",
                "executor",
                "applicant",
                "date",
            } <= placeholders


def _strings(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for key, value in node.items() for s in (*_strings(key), *_strings(value))]
    if isinstance(node, list):
        return [s for item in node for s in _strings(item)]
    return []


def _yaml_files() -> list[Path]:
    return sorted((forms_dir() / "printed").glob("*.yaml")) + sorted(
        (forms_dir() / "services").glob("*.yaml")
    )


@pytest.fixture(scope="module")
def glyphs() -> dict[str, set[int]]:
    return {
        name: set(TTFont(name, str(fonts_dir() / f"{name}.ttf")).face.charToGlyph)
        for name in ("DejaVuSans", "DejaVuSans-Bold")
    }


def test_printed_forms_exist():
    names = {p.name for p in (forms_dir() / "printed").glob("*.yaml")}
    assert {"common.yaml", "refusal_receipt.yaml", "acceptance_receipt.yaml", "application.yaml"} <= names


@pytest.mark.parametrize("path", _yaml_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_string_is_covered_by_the_fonts(path, glyphs):
    strings = _strings(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert strings
    for font, chars in glyphs.items():
        missing = sorted({c for s in strings for c in s if not c.isspace() and ord(c) not in chars})
        assert not missing, f"{path.name}: {font} has no glyph for {missing}"


def test_fonts_have_every_kazakh_letter_and_tenge(glyphs):
    for chars in glyphs.values():
        for letter in "ӘәҒғҚқҢңӨөҰұҮүҺһІі₸«»№":
            assert ord(letter) in chars
