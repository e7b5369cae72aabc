"""The validated law is cached under a hash of the folder and the code: the same law as a fresh read, and any
change to the folder is read and checked afresh (a broken file is refused even with a cache in place)."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from counter_app.core.domain.law import cached_law, load_law
from counter_app.core.domain.law_text import LawError
from counter_app.paths import forms_dir

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def forms_copy(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("COUNTER_DATA_DIR", str(tmp_path / "data"))
    root = tmp_path / "forms"
    shutil.copytree(forms_dir(), root)
    return root


def cache_files(root: Path) -> list[Path]:
    return sorted((root.parent / "data" / "cache").glob("law-*.pickle"))


def test_the_cached_law_is_the_law_read_and_checked_afresh(forms_copy):
    fresh = load_law(forms_copy)
    first = cached_law(forms_copy)  # read, checked, cached
    assert len(cache_files(forms_copy)) == 1
    again = cached_law(forms_copy)  # from the cache
    assert again is not first
    assert again == first == fresh
    service = again.catalog.service("guardian-benefit")
    assert service == fresh.catalog.service("guardian-benefit")
    assert again.printed == fresh.printed and again.banks == fresh.banks
    assert (cache_files(forms_copy)[0].stat().st_mode & 0o777) == 0o600


def test_a_changed_file_is_read_again_and_a_broken_one_refused_whatever_the_cache(forms_copy):
    cached_law(forms_copy)
    before = cache_files(forms_copy)
    banks = forms_copy / "banks.yaml"
    banks.write_text(banks.read_text(encoding="utf-8") + "\n# a note\n", encoding="utf-8")
    cached_law(forms_copy)
    after = cache_files(forms_copy)
    assert len(after) == 1 and after != before  # another hash; the old cache is gone
    (forms_copy / "services" / "guardian-benefit.yaml").write_text("code: [unclosed\n", encoding="utf-8")
    with pytest.raises(LawError) as raised:
        cached_law(forms_copy)
    assert any(p.file == "services/guardian-benefit.yaml" for p in raised.value.problems)
    (forms_copy / "stray.txt").write_text("x", encoding="utf-8")  # a file added is a change too
    with pytest.raises(LawError):
        cached_law(forms_copy)


def test_a_damaged_cache_is_only_read_again(forms_copy):
    law = cached_law(forms_copy)
    cache_files(forms_copy)[0].write_bytes(b"not a pickle")
    assert cached_law(forms_copy) == law
    assert cache_files(forms_copy)[0].read_bytes() != b"not a pickle"  # replaced by a good one


def test_the_cached_law_is_read_without_pydantic_and_cannot_be_changed(forms_copy, tmp_path):
    law = cached_law(forms_copy)
    with pytest.raises(dataclasses.FrozenInstanceError):
        law.catalog.service("guardian-benefit").names.kk = "x"  # type: ignore[misc]
    script = (
        "import sys\nfrom pathlib import Path\nfrom counter_app.core.domain.law import cached_law\n"
        f"law = cached_law(Path({str(forms_copy)!r}))\n"
        "print(law.catalog.service('guardian-benefit').names.text('kk'))\n"
        "print(sorted(m.split('.')[0] for m in sys.modules if m.split('.')[0] in ('pydantic', 'yaml')))\n"
    )
    env = {**os.environ, "COUNTER_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", script], env=env, check=True, capture_output=True, text=True)
    name, modules = out.stdout.splitlines()
    assert name == law.catalog.service("guardian-benefit").names.kk
    assert modules == "[]"  # neither pydantic nor YAML: the validated law came from the cache
