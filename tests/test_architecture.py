"""The layers hold: core imports no Qt, the domain no storage or use-case, the import-linter contracts are kept,
every imported package is declared, the product holds no test code, and core's modules stay small."""

from __future__ import annotations

import ast
import importlib.metadata
import pkgutil
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import counter_app.core
import counter_app.core.domain

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = ROOT / "counter_app"


def _imported_in_fresh_interpreter(modules: list[str], prefixes: tuple[str, ...]) -> list[str]:
    """The modules starting with one of ``prefixes`` that importing ``modules`` pulls in (a fresh process)."""
    script = (
        "import sys\n"
        f"for name in {modules!r}: __import__(name)\n"
        f"bad = sorted(m for m in sys.modules if m.startswith({prefixes!r}))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return [name for name in result.stdout.strip().split(",") if name]


def test_core_imports_no_qt():
    modules = [m.name for m in pkgutil.walk_packages(counter_app.core.__path__, "counter_app.core.")]
    assert len(modules) >= 5
    qt = ("PySide6", "shiboken6", "qasync", "PyQt5", "PyQt6")
    assert _imported_in_fresh_interpreter(modules, qt) == [], "core pulled in Qt"


def test_the_domain_imports_no_storage_no_use_case_no_sqlalchemy():
    modules = [
        m.name for m in pkgutil.walk_packages(counter_app.core.domain.__path__, "counter_app.core.domain.")
    ]
    assert "counter_app.core.domain.packages" in modules and len(modules) >= 20
    below = ("sqlalchemy", "alembic", "counter_app.storage", "counter_app.core.usecases", "counter_app.ui")
    assert _imported_in_fresh_interpreter(modules, below) == []


def test_the_import_linter_contracts_are_kept():
    """The layers of pyproject.toml's [tool.importlinter] (also run as ``lint-imports`` in CI)."""
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    assert {c["type"] for c in contracts["contracts"]} == {"layers", "forbidden"}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports())",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "BROKEN" not in result.stdout and result.stdout.count("KEPT") == len(contracts["contracts"])


def _third_party_imports(folder: Path) -> set[str]:
    found: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return {name for name in found if name not in sys.stdlib_module_names and name != "counter_app"}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()  # PEP 503


def _declared(requirements: list[str]) -> set[str]:
    return {_normal(re.split(r"[\s\[<>=~!;]", requirement, maxsplit=1)[0]) for requirement in requirements}


def test_every_package_the_product_imports_is_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = _declared(project["dependencies"])
    distributions = importlib.metadata.packages_distributions()
    missing = {
        module: distributions.get(module)
        for module in _third_party_imports(PRODUCT)
        if not {_normal(d) for d in distributions.get(module, [module])} & declared
    }
    assert missing == {}, f"imported but not declared in [project] dependencies: {missing}"


def test_the_product_holds_no_test_code():
    imported = _third_party_imports(PRODUCT)
    assert not imported & {"pytest", "pytestqt", "hypothesis", "tests"}
    assert not list(PRODUCT.rglob("testing.py")) and not list(PRODUCT.rglob("test_*.py"))


def test_core_modules_stay_small():
    sizes = {
        str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
        for path in (PRODUCT / "core").rglob("*.py")
    }
    assert {path: lines for path, lines in sizes.items() if lines > 500} == {}
