"""The catalog loader: validation names the file, the field and the problem; versions by date; search."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from counter_app.core.domain.catalog import CatalogError, load_catalog
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
    assert any(p.startswith("services/guardian-benefit.yaml: (file):") for p in problems), problems


def test_wrong_field_names_the_field_and_the_problem(catalog_copy):
    path = catalog_copy / "services" / "guardian-benefit.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("unit: working_days", "unit: fortnights", 1), encoding="utf-8")
    problems = problems_of(catalog_copy)
    assert any(p.startswith("services/guardian-benefit.yaml: versions.0.term.unit:") for p in problems), (
        problems
    )


def test_unknown_question_key_is_reported(catalog_copy):
    path = catalog_copy / "services" / "guardianship.yaml"
    text = path.read_text(encoding="utf-8")
    assert "all_of: [married]" in text
    path.write_text(text.replace("all_of: [married]", "all_of: [maried]", 1), encoding="utf-8")
    problems = problems_of(catalog_copy)
    assert any(
        "unknown question key 'maried'" in p and p.startswith("services/guardianship.yaml") for p in problems
    )


def test_file_name_must_match_the_code(catalog_copy):
    shutil.copy(catalog_copy / "services" / "guardian-benefit.yaml", catalog_copy / "services" / "copy.yaml")
    problems = problems_of(catalog_copy)
    assert any(p.startswith("services/copy.yaml: code: must equal the file name") for p in problems)
    assert any("duplicate service code" in p for p in problems)


def test_search_finds_services_by_kazakh_and_russian_words():
    catalog = load_catalog()
    assert "guardian-benefit" in {s.code for s in catalog.search("жәрдемақы")}
    assert "guardian-benefit" in {s.code for s in catalog.search("ПОСОБИЕ опекунам")}
    assert catalog.search("несуществующееслово") == []


# --- one loader for everything under forms/ -------------------------------------------------------------------


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        # a printed form with a misspelt key: the F9 of the first intake would have failed
        (
            "printed/refusal_receipt.yaml",
            "list_heading:",
            "list_headng:",
            "printed/refusal_receipt.yaml: variants.",
        ),
        (
            "printed/acceptance_receipt.yaml",
            "  documents_heading:",
            "  documents_headin:",
            "printed/acceptance_receipt.yaml: kk.",
        ),
        (
            "printed/application.yaml",
            "    default: true\n",
            "    default: maybe\n",
            "printed/application.yaml: variants.general.default:",
        ),
        (
            "printed/common.yaml",
            '  copy_mark: "КОПИЯ"',
            "  copy_mark: [1, 2]",
            "printed/common.yaml: ru.copy_mark:",
        ),
        (
            "printed/manifest.yaml",
            "  handoff_title:",
            "  handoff_titel:",
            "printed/manifest.yaml: kk.handoff_title:",
        ),
        ("banks.yaml", "bic: KCJBKZKX", "bic: kcjb", "banks.yaml: banks.3.bic:"),
        ("questions.yaml", "questions:", "questoins:", "questions.yaml: questions:"),
    ],
)
def test_every_file_under_forms_is_validated_naming_file_and_field(catalog_copy, file, old, new, expected):
    _edit(catalog_copy / file, old, new)
    problems = problems_of(catalog_copy)
    assert any(p.startswith(expected) for p in problems), problems


def test_a_missing_printed_form_and_a_stray_file_are_reported(catalog_copy):
    (catalog_copy / "printed" / "manifest.yaml").unlink()
    (catalog_copy / "printed" / "acceptance_reciept.yaml").write_text("kk: {}\n", encoding="utf-8")
    (catalog_copy / "services" / "notes.txt").write_text("a note\n", encoding="utf-8")
    problems = problems_of(catalog_copy)
    assert "printed/manifest.yaml: (file): file is missing" in problems
    assert any(
        p.startswith("printed/acceptance_reciept.yaml: (file): not a file of the law") for p in problems
    )
    assert any(p.startswith("services/notes.txt: (file): not a file of the law") for p in problems)


def test_an_unknown_refusal_receipt_text_is_reported_across_files(catalog_copy):
    _edit(
        catalog_copy / "services" / "parent-meeting-permission.yaml",
        "    accepted_at_counter: true\n",
        "    accepted_at_counter: true\n    refusal_receipt_form: order_999\n",
    )
    problems = problems_of(catalog_copy)
    assert any(
        p.startswith(
            "services/parent-meeting-permission.yaml: versions.0.refusal_receipt_form: no variant 'order_999'"
        )
        for p in problems
    ), problems


def test_the_shipped_law_loads_whole():
    from counter_app.core.domain.law import default_law

    law = default_law()
    assert law.catalog.services and law.banks
    assert law.printed.manifest.kk.handoff_title and law.printed.refusal.default_key == "order_414_2022"
    assert law.bank("kaspi") is not None and law.bank("nope") is None
