"""The package's shape: no module imports, however indirectly, a module that
imports it back. Every import counts: at the top, for the type checker
alone (`if TYPE_CHECKING:`), or inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

import hishers_cli

PACKAGE = Path(hishers_cli.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(name: str) -> set[str]:
    """The package's modules that `name` imports anywhere in its text."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            # `from package import module` imports the module; any other name, the package.
            found |= {f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names}
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: imports(name) for name in MODULES}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_module_imports_itself_through_others() -> None:
    assert cycles(GRAPH) == []


def test_the_walk_reads_every_kind_of_import() -> None:
    """The graph holds the imports the type checker alone reads, and those
    made inside a function, and the check finds a cycle of either."""
    assert "hishers_cli.views.shapes.typed" in GRAPH["hishers_cli.views.suspect"]  # if TYPE_CHECKING
    assert "hishers_cli.views.shapes.schema" in GRAPH["hishers_cli.cli.manage"]  # inside a function
    assert "hishers_cli.views.suspect" in GRAPH["hishers_cli.cli.notes"]  # from a package import a module
    looped = {**GRAPH, "hishers_cli.gate": GRAPH["hishers_cli.gate"] | {"hishers_cli.views.suspect"}}
    assert any("hishers_cli.gate" in group for group in cycles(looped))
