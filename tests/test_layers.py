"""The import contracts in pyproject.toml cover what their names claim."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"


def _contracts() -> list[dict[str, Any]]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return pyproject["tool"]["importlinter"]["contracts"]


def _top_level_modules_of_app() -> set[str]:
    names = set()
    for path in APP.iterdir():
        if path.is_dir() and path.name != "__pycache__" and any(path.glob("*.py")):
            names.add(path.name)
        elif path.suffix == ".py" and path.stem != "__init__":
            names.add(path.stem)
    return {f"app.{name}" for name in names}


def test_every_part_of_app_but_the_command_line_is_kept_from_ui_sync_and_qt() -> None:
    """import-linter cannot say "app except app.cli", so the contract lists app's modules
    one by one; a module added to app without joining the list would escape the rule."""
    (contract,) = [
        c
        for c in _contracts()
        if c["type"] == "forbidden"
        and {"ui", "sync", "PySide6"} <= set(c["forbidden_modules"])
        and any(source.startswith("app.") for source in c["source_modules"])
    ]
    assert set(contract["source_modules"]) == _top_level_modules_of_app() - {"app.cli"}


def test_the_app_package_module_itself_imports_nothing() -> None:
    """`app/__init__.py` is in no contract's list (naming `app` would take in app.cli)."""
    tree = ast.parse((APP / "__init__.py").read_text(encoding="utf-8"))
    assert not [node for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom)]


def test_no_contract_ignores_an_import() -> None:
    assert [c["name"] for c in _contracts() if c.get("ignore_imports")] == []
