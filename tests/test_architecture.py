"""The house's rules, checked on the code itself (lint-imports checks the layers too, in CI).

- The import contracts of pyproject.toml hold (layers, the core without Qt, llama.cpp only
  in the engine, the window's parts independent, no import circles).
- No module imports another module's underscore-private name.
- Outside a package, its modules are reached through the package's public face (its
  ``__init__``), so the face says what the rest of the app may use.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "app"
# Imports that reach past a face on purpose, with the reason.
PAST_THE_FACE = {
    # The engine process's main function: it imports the llama.cpp engine when it runs.
    ("llamadesk.core.engine.host", "llamadesk.core.engine.llama"),
}


def modules() -> dict[str, ast.Module]:
    found = {}
    for path in sorted(SOURCE.rglob("*.py")):
        parts = list(path.relative_to(SOURCE).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = ast.parse(path.read_text(encoding="utf-8"))
    return found


MODULES = modules()
PACKAGES = {
    name
    for name in MODULES
    if (SOURCE / name.replace(".", "/") / "__init__.py").exists() and name.count(".") >= 2
}


def imports(tree: ast.Module):
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node


def test_the_import_contracts_hold():
    command = shutil.which("lint-imports")
    if command is None:
        pytest.fail("lint-imports is missing: pip install -e '.[test]'")
    result = subprocess.run([command], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_no_module_imports_another_modules_private_names():
    found = [
        f"{importer}: from {node.module} import {alias.name}"
        for importer, tree in MODULES.items()
        for node in imports(tree)
        if node.module.startswith("llamadesk") and node.module != importer
        for alias in node.names
        if alias.name.startswith("_") and not alias.name.startswith("__")
    ]
    assert found == []


def test_outside_a_package_its_modules_are_reached_through_its_face():
    found = []
    for importer, tree in MODULES.items():
        for node in imports(tree):
            for package in PACKAGES:
                inside = importer == package or importer.startswith(package + ".")
                past = node.module.startswith(package + ".")
                if past and not inside and (importer, node.module) not in PAST_THE_FACE:
                    found.append(f"{importer}: from {node.module} import ...")
    assert found == []


def test_every_face_says_what_it_offers():
    for package in PACKAGES:
        tree = MODULES[package]
        names = {
            target.id
            for node in tree.body
            if isinstance(node, ast.Assign)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        assert "__all__" in names, f"{package}/__init__.py has no __all__"
