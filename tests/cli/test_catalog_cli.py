"""``counter-app catalog validate|list|show`` and its stable JSON."""

from __future__ import annotations

import json
import shutil

from counter_app.cli import main
from counter_app.paths import forms_dir


def test_validate_shipped_catalog(capsys):
    assert main(["catalog", "validate"]) == 0
    assert capsys.readouterr().out.startswith("OK: ")


def test_validate_broken_catalog_exits_1_naming_file_and_field(tmp_path, capsys):
    root = tmp_path / "forms"
    shutil.copytree(forms_dir(), root)
    path = root / "services" / "guardian-benefit.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "accepted_at_counter: true", "accepted_at_counter: maybe", 1
        ),
        encoding="utf-8",
    )
    try:
        main(["catalog", "validate", str(root)])
    except SystemExit as exc:
        assert exc.code == 1
    else:
        raise AssertionError("validate accepted a broken catalog")
    err = capsys.readouterr().err
    assert "services/guardian-benefit.yaml: versions.0.accepted_at_counter:" in err


def test_list_json_has_the_documented_fields(capsys):
    assert main(["catalog", "list", "--date", "2026-11-23", "--json"]) == 0
    services = {s["code"]: s for s in json.loads(capsys.readouterr().out)}
    benefit = services["guardian-benefit"]
    assert set(benefit) == {"code", "names", "accepted_at_counter", "effective_from", "term"}
    assert benefit["accepted_at_counter"] is True
    assert benefit["term"] == {"amount": 1, "unit": "working_days", "acceptance_day_counted": False}
    assert set(benefit["names"]) >= {"kk", "ru"}


def test_show_json_lists_documents_with_wording_kind_and_condition(capsys):
    assert main(["catalog", "show", "guardian-benefit", "--date", "2026-11-23", "--json"]) == 0
    detail = json.loads(capsys.readouterr().out)
    documents = detail["documents"]
    assert [d["number"] for d in documents] == list(range(1, len(documents) + 1))
    assert documents[0]["wording"]["ru"].startswith("заявление")
    assert documents[0]["kind"] == "application"
    assert any(d["condition"] is not None for d in documents)
    assert detail["intake_refusal_grounds"] and detail["service_refusal_grounds"]


def test_show_a_date_before_any_version(capsys):
    assert main(["catalog", "show", "guardian-benefit", "--date", "1999-01-01"]) == 1
    assert "no version in force" in capsys.readouterr().err


def test_validate_refuses_a_broken_printed_form_naming_file_and_field(tmp_path, capsys):
    root = tmp_path / "forms"
    shutil.copytree(forms_dir(), root)
    path = root / "printed" / "refusal_receipt.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("date_pattern:", "date_patern:", 1), encoding="utf-8"
    )
    try:
        main(["catalog", "validate", str(root)])
    except SystemExit as exc:
        assert exc.code == 1
    else:
        raise AssertionError("validate accepted a broken printed form")
    err = capsys.readouterr().err
    assert (
        "printed/refusal_receipt.yaml: variants.order_414_2022.kk.date_patern: Extra inputs are not permitted"
        in err
    )
    assert "printed/refusal_receipt.yaml: variants.order_414_2022.kk.date_pattern: Field required" in err
