"""The command line is lazy: ``--help`` and starting the window import no subcommand and nothing heavy.

Each check runs in a fresh interpreter, because this test session has long imported everything.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import pytest

import counter_app.cli
from counter_app.cli import COMMANDS, main

HEAVY = ("reportlab", "sqlalchemy", "alembic", "pydantic", "PySide6", "yaml", "holidays", "babel", "argon2")


def modules_after(code: str) -> set[str]:
    """Top-level packages and counter_app modules imported by ``code`` run in a new interpreter."""
    probe = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))\n"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(json.loads(result.stdout.splitlines()[-1]))


def heavy_in(modules: set[str]) -> set[str]:
    return {name for name in HEAVY if name in modules}


def test_help_imports_no_subcommand_and_nothing_heavy():
    modules = modules_after(
        "import contextlib, io\nfrom counter_app.cli import main\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()):\n    main(['--help'])"
    )
    assert heavy_in(modules) == set()
    assert not {f"counter_app.cli.{name}" for name in COMMANDS} & modules


def test_parsing_the_window_start_imports_nothing_heavy():
    modules = modules_after("from counter_app.cli import build_parser\nbuild_parser([]).parse_args([])")
    assert heavy_in(modules) == set()
    assert not {f"counter_app.cli.{name}" for name in COMMANDS} & modules


def test_a_subcommand_imports_only_its_own_module():
    modules = modules_after(
        "from counter_app.cli import build_parser\nbuild_parser(['--db', 'sqlite://', 'calendar', 'due', "
        "'2026-11-23']).parse_args(['--db', 'sqlite://', 'calendar', 'due', '2026-11-23'])"
    )
    assert "counter_app.cli.calendar" in modules
    assert not {f"counter_app.cli.{name}" for name in COMMANDS if name != "calendar"} & modules


def test_every_subcommand_module_is_listed_and_every_listed_command_has_its_module():
    modules = {m.name for m in pkgutil.iter_modules(counter_app.cli.__path__) if not m.name.startswith("_")}
    assert modules == set(COMMANDS)


def test_top_level_help_lists_every_command_with_its_summary(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for name, summary in COMMANDS.items():
        assert name in out
        assert summary.split()[0] in out


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_subcommand_shows_its_own_help(name, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([name, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: counter-app {name} ")


def test_an_unknown_command_is_refused_naming_the_known_ones(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["frobnicate"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "frobnicate" in err and "manifest" in err


def test_global_options_before_the_command_are_kept(tmp_path, capsys):
    assert (
        main(["--db", f"sqlite:///{tmp_path / 'x.sqlite3'}", "calendar", "due", "2026-11-27", "--no-db"]) == 0
    )
    assert capsys.readouterr().out.strip() == "2026-11-30"
