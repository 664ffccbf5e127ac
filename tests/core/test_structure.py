"""The structure docs/architecture.md promises, held by tests: no import cycle in ``tutor`` (imports
inside functions included), no module over 350 lines, no private name used across modules."""

from __future__ import annotations

import ast

import grimp
import pytest

from tests.support import REPO

MAX_LINES = 350
MODULES = sorted(p for p in (REPO / "tutor").rglob("*.py") if "templates" not in p.parts)


def _cycles(graph) -> list[tuple[str, ...]]:
    """Each import a → b that a chain b → … → a closes into a cycle, as that cycle."""
    found = []
    for module in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back:
                found.append((module, *back))
    return found


def test_tutor_has_no_import_cycle():
    assert _cycles(grimp.build_graph("tutor")) == []


def test_the_cycle_finder_finds_one():
    graph = grimp.ImportGraph()
    for name in ("a", "b", "c"):
        graph.add_module(name)
    graph.add_import(importer="a", imported="b")
    graph.add_import(importer="b", imported="a")
    graph.add_import(importer="c", imported="a")
    assert _cycles(graph) == [("a", "b", "a"), ("b", "a", "b")]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(REPO)))
def test_no_module_is_over_350_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


def _private_uses(tree: ast.Module) -> list[str]:
    """Names starting with one underscore taken from another tutor module: imported by name, or
    read as an attribute of an imported tutor module."""
    uses, modules = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tutor"):
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    uses.append(f"from {node.module} import {alias.name}")
                else:
                    modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            modules.update((a.asname or a.name).split(".")[0] for a in node.names if a.name.startswith("tutor"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules \
                and node.attr.startswith("_") and not node.attr.startswith("__"):
            uses.append(f"{node.value.id}.{node.attr}")
    return uses


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(REPO)))
def test_no_private_name_is_used_across_modules(path):
    assert _private_uses(ast.parse(path.read_text(encoding="utf-8"))) == []


def test_a_private_name_taken_from_another_module_is_found():
    code = "from tutor.sandbox import reaper\nfrom tutor.x import _y\nreaper._all_pids()\n"
    assert _private_uses(ast.parse(code)) == ["from tutor.x import _y", "reaper._all_pids"]
