"""Legal fidelity: every law text in forms/services is quoted verbatim from its seed.

Kazakh and Russian texts of document wordings, terms, results and refusal grounds must appear in the seed file
named by the version's legal source, compared without whitespace (the seeds' narrow columns break words as
"9- тармағында" or "( зайыбының"), with quotes unified and extraction artefacts removed. Texts marked
``ru_translated_by_project`` (Russian) or ``reconstructed`` (both) are exempt: their notes say why.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from counter_app.core.domain.catalog import LocalizedText, load_catalog

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
_QUOTES = str.maketrans(dict.fromkeys("«»“”„″", '"'))


def normalise(text: str) -> str:
    text = re.sub(r"\[bookmark: [^\]]*\]", " ", text).translate(_QUOTES)
    return re.sub(r"\s+", "", text).rstrip(";,.")


@cache
def seed_text(name: str) -> str:
    return normalise((SEEDS / name).read_text(encoding="utf-8"))


def law_texts(version) -> list[tuple[str, LocalizedText]]:
    texts = [("term.text", version.term.text), ("result", version.result)]
    texts += [(f"documents.{d.key}.wording", d.wording) for d in version.documents]
    texts += [(f"intake_refusal_grounds.{i}", t) for i, t in enumerate(version.intake_refusal_grounds)]
    texts += [(f"service_refusal_grounds.{i}", t) for i, t in enumerate(version.service_refusal_grounds)]
    return texts


def cases():
    for service in load_catalog().services:
        for version in service.versions:
            yield pytest.param(service, version, id=f"{service.code}@{version.effective_from}")


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seeds (../shared/seeds) are not beside this checkout")
@pytest.mark.parametrize(("service", "version"), list(cases()))
def test_law_texts_are_verbatim_from_the_seed(service, version):
    seed = seed_text(version.legal_source.seed)
    misquoted = []
    for field, text in law_texts(version):
        if text.reconstructed:
            continue
        languages = ["kk"] if text.ru_translated_by_project else ["kk", "ru"]
        for lang in languages:
            quoted = normalise(text.get(lang))
            if quoted not in seed:
                misquoted.append(f"{field}.{lang}: {quoted[:80]}")
    assert not misquoted, "not found verbatim in the seed:\n" + "\n".join(misquoted)


def test_every_seed_named_by_the_catalog_exists():
    if not SEEDS.is_dir():
        pytest.skip("the seeds are not beside this checkout")
    for service in load_catalog().services:
        for version in service.versions:
            assert (SEEDS / version.legal_source.seed).is_file(), (service.code, version.legal_source.seed)
