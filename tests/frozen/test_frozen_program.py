"""The frozen program (``packaging/build``, PyInstaller one-folder) does what the source does.

Run against the BUILT program named by ``COUNTER_FROZEN_APP`` (CI: ``.ci/run`` builds it, then runs this file);
skipped when it is not set. Each check runs the executable in a fresh data directory, with no Python path.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from counter_app import __version__
from counter_app.core.domain.catalog import load_catalog
from counter_app.printing.specimen import FORMS
from counter_app.storage.db import Database

FROZEN = os.environ.get("COUNTER_FROZEN_APP")
pytestmark = pytest.mark.skipif(not FROZEN, reason="COUNTER_FROZEN_APP (the built program) is not set")
DAY = dt.date(2026, 11, 23)
KAZAKH_LETTERS = set("ӘҒҚҢӨҰҮІәғқңөұүі")


def run(*args: str, data_dir: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "COUNTER_", "VIRTUAL_ENV"))
    }
    env.update(COUNTER_DATA_DIR=str(data_dir), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [str(FROZEN), *args],
        env=env,
        cwd=data_dir,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def counter_services() -> list[str]:
    catalog = load_catalog()
    return [
        service.code
        for service in catalog.services
        if (version := service.version_on(DAY)) is not None and version.accepted_at_counter
    ]


def embedded_fonts(reader: PdfReader) -> set[str]:
    """Base names of the fonts whose program is embedded in the PDF (FontFile2: TrueType)."""
    names: set[str] = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.get_object().values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            for part in [d.get_object() for d in descendants] if descendants else [font]:
                descriptor = part.get("/FontDescriptor")
                if descriptor is not None and "/FontFile2" in descriptor.get_object():
                    names.add(str(part["/BaseFont"]))
    return names


def test_version(tmp_path):
    result = run("--version", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"counter-app {__version__}"


def test_catalog_validates(tmp_path):
    result = run("catalog", "validate", data_dir=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize("form", FORMS)
def test_every_form_prints_with_embedded_dejavu(tmp_path, form, lang):
    catalog = load_catalog()
    for code in counter_services():
        out = tmp_path / f"{code}-{form}-{lang}.pdf"
        result = run(
            "print",
            "specimen",
            form,
            "--service",
            code,
            "--lang",
            lang,
            "--out",
            str(out),
            "--date",
            DAY.isoformat(),
            data_dir=tmp_path,
        )
        assert result.returncode == 0, result.stderr
        reader = PdfReader(io.BytesIO(out.read_bytes()))
        text = re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in reader.pages))
        assert catalog.service(code).name(lang)[:20] in text
        if lang == "kk":
            assert KAZAKH_LETTERS & set(text)
        fonts = embedded_fonts(reader)
        assert fonts and all("DejaVu" in name for name in fonts), fonts


def test_db_upgrade_on_a_fresh_sqlite(tmp_path):
    result = run("db", "upgrade", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    database = tmp_path / "counter.sqlite3"
    assert database.is_file()
    db = Database(f"sqlite:///{database}")
    try:
        assert db.current_revision() == db.head_revision()
    finally:
        db.dispose()
    info = run("db", "info", data_dir=tmp_path)
    assert info.returncode == 0, info.stderr
    assert f"Revision: {db.head_revision()}" in info.stdout


@pytest.mark.parametrize(("demo", "first"), [((), "FirstRunDialog"), (("--demo",), "LoginDialog")])
def test_window_starts_offscreen_to_the_sign_in_and_closes(tmp_path, demo, first):
    result = run("--self-test", "--lang", "kk", *demo, data_dir=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Counter {__version__}: {first} shown; fonts DejaVu Sans" in result.stdout
    assert "Traceback" not in result.stderr
