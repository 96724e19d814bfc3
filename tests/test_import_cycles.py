"""No import cycle inside netcare_desktop: modules depend on each other one way.

Two graphs are checked, from the source (nothing is imported):

* module-level imports (also those under a module-level ``try`` or ``if``, but not under
  ``if TYPE_CHECKING:``): a cycle there can fail at import time, depending on which
  module is imported first;
* every import, function-local ones included. A function-local import is how a module
  defers a heavy dependency (peewee, Qt) until it is used, which is fine; one that
  closes a loop (``contacts -> reminders -> contacts``) only hides the cycle from Python,
  not from the person who reads the code, so it counts as a cycle too.

``from package import name`` is an edge to ``package.name`` when that is a module, else
to the package itself. A package does not depend on its own submodules by being their
parent (Python imports the parent first, it is not a cycle).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "netcare_desktop"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in PKG.rglob("*.py")}


def _target(module: str, name: str | None) -> str | None:
    if name is not None and f"{module}.{name}" in MODULES:
        return f"{module}.{name}"
    return module if module in MODULES else None


def _resolve(path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = _module_name(path).split(".")
    if path.name != "__init__.py":
        base.pop()
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _edges(path: Path, module_level_only: bool) -> set[str]:
    out: set[str] = set()

    def visit(node: ast.AST, top: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                continue  # annotations only: never executed
            inner = top and not isinstance(
                child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
            )
            if isinstance(child, ast.Import) and (top or not module_level_only):
                for alias in child.names:
                    found = _target(alias.name, None)
                    if found:
                        out.add(found)
            elif isinstance(child, ast.ImportFrom) and (top or not module_level_only):
                module = _resolve(path, child)
                for alias in child.names:
                    found = _target(module, alias.name)
                    if found:
                        out.add(found)
            visit(child, inner)

    visit(ast.parse(path.read_text(encoding="utf-8")), True)
    me = _module_name(path)
    # A submodule importing its own package's __init__ is Python's normal order.
    return {m for m in out if m != me and not me.startswith(m + ".")}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), each as a list."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = [0]

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return groups


def _graph(module_level_only: bool) -> dict[str, set[str]]:
    return {name: _edges(path, module_level_only) for name, path in MODULES.items()}


@pytest.mark.parametrize("module_level_only", [True, False], ids=["module-level", "all"])
def test_no_import_cycle(module_level_only):
    assert _cycles(_graph(module_level_only)) == []


def test_the_check_sees_a_cycle_through_a_function_local_import():
    # The shape store/contacts.py and store/reminders.py had before issue 13.
    graph = {"a": {"b"}, "b": set(), "c": {"d"}, "d": {"c"}}
    assert _cycles(graph) == [["c", "d"]]
    assert "netcare_desktop.store.models" in _edges(
        PKG / "store" / "reminders.py", module_level_only=False
    )
