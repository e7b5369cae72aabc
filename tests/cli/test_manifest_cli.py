"""``counter-app manifest``: a manager's script prints the day's manifest of a provider, and lists open ones."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from counter_app.cli import main
from counter_app.core.domain.catalog import load_catalog
from counter_app.core.usecases import manifests
from counter_app.core.usecases.accounts import Accounts
from counter_app.core.usecases.applications import load_application
from counter_app.core.usecases.demo import seed_demo
from counter_app.core.usecases.intake import accept
from counter_app.storage.db import open_database
from tests.support.databases import desk_account
from tests.support.intake_helpers import complete_draft

MANAGER_PASSWORD = "Courier-Day-24"
MONDAY, TUESDAY = dt.date(2026, 11, 23), dt.date(2026, 11, 24)


@pytest.fixture
def centre(tmp_path, monkeypatch):
    """A demo office with two packages due on Tuesday and one due on Wednesday."""
    url = f"sqlite:///{tmp_path / 'counter.sqlite3'}"
    monkeypatch.setenv("COUNTER_DB_URL", url)
    db = open_database(url)
    seed_demo(db)
    catalog = load_catalog()
    operator = Accounts(db).find("operator")
    numbers = [
        accept(db, operator, complete_draft(catalog, "guardian-benefit"), day, catalog=catalog)
        for day in (MONDAY, MONDAY, TUESDAY)
    ]
    provider = load_application(db, numbers[0], desk_account(db)).package.provider_id
    manager = Accounts(db).find("manager")
    Accounts(db).change_own_password(manager.id, "manager", MANAGER_PASSWORD)
    monkeypatch.setattr(
        "sys.stdin", io.StringIO(MANAGER_PASSWORD + "\n" * 1 + (MANAGER_PASSWORD + "\n") * 20)
    )
    yield db, numbers, provider
    db.dispose()


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_the_script_builds_the_days_manifest_then_prints_it_again_identically(centre, tmp_path, capsys):
    db, (first, second, later), provider = centre
    out = tmp_path / "manifest.pdf"
    args = [
        "manifest",
        "--as",
        "manager",
        "--date",
        "2026-11-24",
        "--provider",
        str(provider),
        "--out",
        str(out),
        "--lang",
        "ru",
    ]
    assert main(args) == 0
    assert "1-20261124-M01" in capsys.readouterr().out
    text = text_of(out)
    assert first in text and second in text and later not in text
    assert "1-20261124-M01" in text
    printed = out.read_bytes()

    again = tmp_path / "again.pdf"
    assert main([*args[:-3], str(again), "--lang", "ru"]) == 0  # nothing new is due: the same manifest
    assert again.read_bytes() == printed
    assert [m.number for m in manifests.open_manifests(db)] == ["1-20261124-M01"]


def test_open_manifests_are_listed_as_json(centre, tmp_path, capsys):
    _db, _numbers, provider = centre
    main(
        [
            "manifest",
            "--as",
            "manager",
            "--date",
            "2026-11-24",
            "--provider",
            str(provider),
            "--out",
            str(tmp_path / "m.pdf"),
        ]
    )
    capsys.readouterr()
    assert main(["manifest", "--list", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["number"], row["provider_id"], row["date"], row["status"], row["packages"]) == (
        "1-20261124-M01",
        provider,
        "2026-11-24",
        "open",
        2,
    )


def test_printing_needs_the_managers_password(centre, tmp_path, monkeypatch, capsys):
    _db, _numbers, provider = centre
    out = tmp_path / "m.pdf"
    monkeypatch.setattr("sys.stdin", io.StringIO("wrong-password\n"))
    assert (
        main(
            [
                "manifest",
                "--as",
                "manager",
                "--date",
                "2026-11-24",
                "--provider",
                str(provider),
                "--out",
                str(out),
            ]
        )
        == 1
    )
    assert "Wrong username or password." in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["manifest", "--date", "2026-11-24", "--provider", str(provider), "--out", str(out)]) == 1
    assert "--as" in capsys.readouterr().err
    assert not out.exists()


def test_a_day_with_nothing_due_says_so(centre, tmp_path, capsys):
    _db, _numbers, provider = centre
    assert (
        main(
            [
                "manifest",
                "--as",
                "manager",
                "--date",
                "2026-11-20",
                "--provider",
                str(provider),
                "--out",
                str(tmp_path / "m.pdf"),
            ]
        )
        == 1
    )
    assert "nothing to hand over" in capsys.readouterr().err
    assert not (tmp_path / "m.pdf").exists()
