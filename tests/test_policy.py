"""The spoiler policy lives in the gate and only there: no other module
compares a stamp or a progress value."""

from __future__ import annotations

import ast
from pathlib import Path

import hishers_cli

PACKAGE = Path(hishers_cli.__file__).parent
# Names that hold a stamp or a progress value.
POLICY_NAMES = {"known_from", "watched", "episode_count"}
ORDERING = (ast.Lt, ast.LtE, ast.Gt, ast.GtE)
# The reader checks that a file's stamps agree with each other (a bio stage
# not before its character), and the cache that a stored copy's stamps are
# ones the reader could have made; neither sees a viewer's progress.
CHECKS_THE_FILE = {"parse.py", "cache.py"}


def _names(node: ast.AST) -> set[str]:
    found = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute):
            found.add(sub.attr)
        elif isinstance(sub, ast.Name):
            found.add(sub.id)
    return found


def policy_comparisons(source: str) -> list[int]:
    """Lines that compare a stamp or progress value: any ordering, or an
    equality with anything but a constant (a stamp equal to 0 is wording,
    not policy)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        if not any(_names(o) & POLICY_NAMES for o in operands):
            continue
        constants = [o for o in operands if isinstance(o, ast.Constant)]
        ordering = any(isinstance(op, ORDERING) for op in node.ops)
        equality = any(isinstance(op, (ast.Eq, ast.NotEq)) for op in node.ops)
        if ordering or (equality and not constants):
            lines.append(node.lineno)
    return lines


def test_only_the_gate_compares_progress() -> None:
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "gate.py" or path.name in CHECKS_THE_FILE:
            continue
        lines = policy_comparisons(path.read_text(encoding="utf-8"))
        if lines:
            offenders[str(path.relative_to(PACKAGE))] = lines
    assert not offenders, f"progress compared outside the gate: {offenders}"


def test_the_rule_catches_a_comparison() -> None:
    assert policy_comparisons("if n > view.watched:\n    pass\n") == [1]
    assert policy_comparisons("x = [r for r in rs if r.known_from <= level]\n") == [1]
    assert policy_comparisons("same = a.known_from == b.known_from\n") == [1]
    assert policy_comparisons("first = record.known_from == 0\n") == []
    assert policy_comparisons("other = n > count\n") == []
    assert policy_comparisons("bad = type(watched) is not int\n") == []
