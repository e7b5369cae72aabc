"""The bundled fonts are kept in the data directory once read: a process that finds them there writes the very
same PDF as one that read the font files (checked byte for byte, whole processes, kk and ru), and a damaged
cache is only read again."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFont

from counter_app.printing import fonts

ROOT = Path(__file__).resolve().parents[2]


def cache_files(data: Path) -> list[Path]:
    return sorted((data / "cache").glob("fonts-*.pickle"))


def test_the_cached_fonts_are_the_fonts_read_from_the_files(tmp_path, monkeypatch):
    monkeypatch.setenv("COUNTER_DATA_DIR", str(tmp_path))
    read = fonts.read_fonts()  # read from the files, then cached
    assert len(cache_files(tmp_path)) == 1
    again = fonts.read_fonts()  # from the cache
    for name, path in fonts.FILES.items():
        for font in (read[name], again[name]):
            fresh = TTFont(name, str(fonts.fonts_dir() / path))
            assert font is not fresh and font.fontName == name
            face = dict(font.face.__dict__)
            expected = dict(fresh.face.__dict__)
            scale, expected_scale = face.pop("_pdfScale"), expected.pop("_pdfScale")
            assert face == expected
            assert [scale(v) for v in (0, 1, 777, -2048)] == [expected_scale(v) for v in (0, 1, 777, -2048)]
            text = "Құжаттарды қабылдағаны туралы қолхат № 4 ₸ Ғ Қ Ң Ө Ұ Ү Һ І ё"
            assert font.stringWidth(text, 10) == fresh.stringWidth(text, 10)
            subset = [ord(c) for c in sorted(set(text))]
            assert font.face.makeSubset(subset) == fresh.face.makeSubset(subset)


def test_a_damaged_cache_is_only_read_again(tmp_path, monkeypatch):
    monkeypatch.setenv("COUNTER_DATA_DIR", str(tmp_path))
    fonts.read_fonts()
    cache_files(tmp_path)[0].write_bytes(b"not a pickle")
    again = fonts.read_fonts()
    assert set(again) == set(fonts.FILES)
    assert cache_files(tmp_path)[0].read_bytes() != b"not a pickle"  # replaced by a good one


def _specimen(data: Path, out: Path, lang: str) -> bytes:
    env = {**os.environ, "COUNTER_DATA_DIR": str(data), "PYTHONPATH": str(ROOT)}
    subprocess.run(
        [sys.executable, "-c", "import sys\nfrom counter_app.cli import main\nsys.exit(main())\n"]
        + ["print", "specimen", "acceptance", "--service", "guardian-benefit", "--lang", lang]
        + ["--date", "2026-11-23", "--out", str(out)],
        env=env,
        check=True,
        capture_output=True,
    )
    pdf = out.read_bytes()
    return re.sub(rb"/(CreationDate|ModDate) \(D:[^)]*\)|/ID\s*\[[^\]]*\]", b"", pdf)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_print_from_the_cached_fonts_is_the_same_pdf(tmp_path, lang):
    data = tmp_path / "data"
    first = _specimen(data, tmp_path / "first.pdf", lang)  # fonts read from the files
    assert len(cache_files(data)) == 1
    second = _specimen(data, tmp_path / "second.pdf", lang)  # from the cache
    assert first.startswith(b"%PDF-") and first == second
