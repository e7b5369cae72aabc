"""``counter-app print specimen`` writes a valid PDF of each form."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from counter_app.cli import main

from .conftest import pdf_text


@pytest.mark.parametrize("form", ["acceptance", "refusal", "application"])
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_specimen_writes_a_valid_pdf(tmp_path, form, lang, catalog, capsys):
    out = tmp_path / f"{form}-{lang}.pdf"
    code = main(
        [
            "print",
            "specimen",
            form,
            "--service",
            "guardian-benefit",
            "--lang",
            lang,
            "--out",
            str(out),
            "--date",
            "2026-11-23",
        ]
    )
    assert code == 0
    assert str(out) in capsys.readouterr().out
    assert out.read_bytes().startswith(b"%PDF-")
    reader = PdfReader(out)
    assert len(reader.pages) >= 1
    assert (round(float(reader.pages[0].mediabox.width)), round(float(reader.pages[0].mediabox.height))) == (
        595,
        842,
    )
    assert catalog.service("guardian-benefit").name(lang)[:20] in pdf_text(out.read_bytes())


def test_unknown_service_is_reported(tmp_path, capsys):
    code = main(
        [
            "print",
            "specimen",
            "refusal",
            "--service",
            "no-such-service",
            "--lang",
            "kk",
            "--out",
            str(tmp_path / "x.pdf"),
        ]
    )
    assert code == 2
    assert "unknown service" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
