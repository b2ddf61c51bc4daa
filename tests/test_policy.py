"""The spoiler policy lives in the gate and only there: no other module
compares a stamp with anything, or a viewer's progress with anything but the
show's bounds (a range check of the progress itself is no policy)."""

from __future__ import annotations

import ast
from pathlib import Path

import hishers_cli

PACKAGE = Path(hishers_cli.__file__).parent
STAMPS = {"known_from"}  # what holds the episode a record is known from
PROGRESS = {"watched"}  # what holds how far a viewer has watched
BOUNDS = {"episode_count"}  # a show's last episode: with 0, a progress's range
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
    """Lines that decide what a viewer may see: a stamp compared with
    anything but a constant (a stamp equal to 0 is wording, not policy), or
    a progress compared with anything but a constant, unless it is ordered
    against 0 and the show's episode count (a range check). Whether a viewer
    has watched it all is the gate's to say."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Compare):
            continue
        operands = [node.left, *node.comparators]
        names = [_names(o) for o in operands]
        others = [n for o, n in zip(operands, names, strict=True) if not isinstance(o, ast.Constant)]
        ordering = any(isinstance(op, ORDERING) for op in node.ops)
        equality = any(isinstance(op, (ast.Eq, ast.NotEq)) for op in node.ops) and len(others) > 1
        stamp = any(n & STAMPS for n in names) and (ordering or equality)
        progress = any(n & PROGRESS for n in names) and (ordering or equality)
        in_range = all(n & (PROGRESS | BOUNDS) for n in others)
        if stamp or (progress and (equality or not in_range)):
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
    assert policy_comparisons("late = record.known_from > episode_count\n") == [1]
    assert policy_comparisons("if watched == episode:\n    pass\n") == [1]
    assert policy_comparisons("finished = known.watched == known.episode_count\n") == [1]
    assert policy_comparisons("first = record.known_from == 0\n") == []
    assert policy_comparisons("other = n > count\n") == []
    assert policy_comparisons("bad = type(watched) is not int\n") == []


def test_a_range_check_of_the_progress_is_no_policy() -> None:
    assert policy_comparisons("ok = 0 <= watched <= episode_count\n") == []
    assert policy_comparisons("none = watched < 0\n") == []
    assert policy_comparisons("over = watched > known.episode_count\n") == []
