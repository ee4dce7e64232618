"""The core stays platform-free: no module under bot/core imports a chat SDK."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parent.parent / "bot" / "core"
PLATFORM_SDKS = {"discord", "nio"}


def imported_roots(source: str) -> set[str]:
    """Return the top-level package of every import in a module's source."""
    roots = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
            "import_module",
            "__import__",
        ):
            roots |= {arg.value.split(".")[0] for arg in node.args[:1] if isinstance(arg, ast.Constant)}
    return roots


CORE_MODULES = sorted(CORE.rglob("*.py"))


def test_core_modules_exist():
    names = {path.stem for path in CORE_MODULES}
    assert {"loader", "index", "decision", "service", "render"} <= names


@pytest.mark.parametrize("path", CORE_MODULES, ids=lambda path: path.name)
def test_core_module_imports_no_chat_platform(path):
    roots = imported_roots(path.read_text(encoding="utf-8"))
    assert not roots & PLATFORM_SDKS, f"{path.name} imports {roots & PLATFORM_SDKS}"


@pytest.mark.parametrize(
    "source",
    [
        "import discord",
        "from nio import AsyncClient",
        "import discord.ext.commands as c",
        "importlib.import_module('nio')",
    ],
)
def test_the_scan_sees_platform_imports(source):
    assert imported_roots(source) & PLATFORM_SDKS
