"""Rooms depend downward: the archive says what a published story is; search, the site and
the API read it from there, never from each other's internals."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import morgue

PACKAGE = Path(morgue.__file__).parent

#: room -> the packages it must never import (at module level or inside a function)
FORBIDDEN = {
    "pipeline": ("django", "morgue.archive", "morgue.search", "morgue.site", "morgue.api",
                 "morgue.editorial", "morgue.accounts", "morgue.cli"),
    "archive": ("morgue.site", "morgue.api", "morgue.editorial", "morgue.accounts",
                "morgue.cli"),
    "search": ("morgue.site", "morgue.api", "morgue.editorial", "morgue.cli"),
    "api": ("morgue.site", "morgue.cli"),
    "site": ("morgue.api", "morgue.cli"),
}


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("room", sorted(FORBIDDEN))
def test_rooms_import_only_downward(room):
    wrong = []
    for path in sorted((PACKAGE / room).rglob("*.py")):
        if "migrations" in path.parts:
            continue  # migrations name other apps' migrations, not their code
        for name in sorted(imported(path)):
            if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN[room]):
                wrong.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert not wrong, "\n".join(wrong)
