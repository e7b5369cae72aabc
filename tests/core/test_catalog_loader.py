"""The catalog loader: validation names the file, the field and the problem; versions by date; search."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from counter_app.core.catalog import CatalogError, load_catalog
from counter_app.paths import forms_dir


@pytest.fixture
def catalog_copy(tmp_path) -> Path:
    root = tmp_path / "forms"
    shutil.copytree(forms_dir(), root)
    return root


def problems_of(root: Path) -> list[str]:
    with pytest.raises(CatalogError) as excinfo:
        load_catalog(root)
    return [str(p) for p in excinfo.value.problems]


def test_shipped_catalog_is_valid_and_covers_the_counter_services():
    catalog = load_catalog()
    today = dt.date(2026, 11, 23)
    counter = {s.code for s, v in catalog.in_force(today) if v.accepted_at_counter}
    assert {"guardian-benefit", "guardianship"} <= counter


def test_yaml_syntax_error_names_the_file(catalog_copy):
    (catalog_copy / "services" / "guardian-benefit.yaml").write_text("code: [unclosed\n", encoding="utf-8")
    problems = problems_of(catalog_copy)
    assert any(p.startswith("guardian-benefit.yaml: (file):") for p in problems), problems


def test_wrong_field_names_the_field_and_the_problem(catalog_copy):
    path = catalog_copy / "services" / "guardian-benefit.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("unit: working_days", "unit: fortnights", 1), encoding="utf-8")
    problems = problems_of(catalog_copy)
    assert any(p.startswith("guardian-benefit.yaml: versions.0.term.unit:") for p in problems), problems


def test_unknown_question_key_is_reported(catalog_copy):
    path = catalog_copy / "services" / "guardianship.yaml"
    text = path.read_text(encoding="utf-8")
    assert "all_of: [married]" in text
    path.write_text(text.replace("all_of: [married]", "all_of: [maried]", 1), encoding="utf-8")
    problems = problems_of(catalog_copy)
    assert any("unknown question key 'maried'" in p and p.startswith("guardianship.yaml") for p in problems)


def test_file_name_must_match_the_code(catalog_copy):
    shutil.copy(catalog_copy / "services" / "guardian-benefit.yaml", catalog_copy / "services" / "copy.yaml")
    problems = problems_of(catalog_copy)
    assert any(p.startswith("copy.yaml: code: must equal the file name") for p in problems)
    assert any("duplicate service code" in p for p in problems)


def test_search_finds_services_by_kazakh_and_russian_words():
    catalog = load_catalog()
    assert "guardian-benefit" in {s.code for s in catalog.search("жәрдемақы")}
    assert "guardian-benefit" in {s.code for s in catalog.search("ПОСОБИЕ опекунам")}
    assert catalog.search("несуществующееслово") == []
