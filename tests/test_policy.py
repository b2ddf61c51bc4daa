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


def _bare(node: ast.AST) -> str | None:
    """The name a bare name or attribute stands for (`watched`, `known.watched`)."""
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else None


# What a progress may be compared with outside the gate, as (the other side,
# the operator with the progress on the left): its own range, whether it is
# a progress the show has at all, and whether nothing is watched yet (wording).
RANGE = {("zero", ast.GtE), ("zero", ast.Lt), ("bound", ast.LtE), ("bound", ast.Gt)} | {
    ("zero", ast.Eq),
    ("zero", ast.NotEq),
}
MIRROR = {ast.Lt: ast.Gt, ast.Gt: ast.Lt, ast.LtE: ast.GtE, ast.GtE: ast.LtE, ast.Eq: ast.Eq, ast.NotEq: ast.NotEq}


def _kind(node: ast.AST) -> str:
    names = _names(node)
    if names & STAMPS:
        return "stamp"
    if _bare(node) in PROGRESS:
        return "progress"
    if names & PROGRESS:
        return "progress, worked on"  # watched + 1, len(...) - watched, ...
    if _bare(node) in BOUNDS:
        return "bound"
    if isinstance(node, ast.Constant):
        return "zero" if node.value == 0 else "constant"
    return "other"


def _decides(left: ast.AST, op: ast.cmpop, right: ast.AST) -> bool:
    """Whether one comparison in a chain decides what a viewer may see."""
    if isinstance(op, (ast.Is, ast.IsNot)):
        return False  # identity: `type(watched) is not int` checks a type
    kinds = (_kind(left), _kind(right))
    if isinstance(op, (ast.In, ast.NotIn)):
        return bool((_names(left) | _names(right)) & (STAMPS | PROGRESS))
    if "stamp" in kinds:  # only a stamp equal to 0 is wording
        return not (isinstance(op, (ast.Eq, ast.NotEq)) and "zero" in kinds)
    if "progress, worked on" in kinds:
        return True
    if "progress" in kinds:
        other, op_type = (kinds[1], type(op)) if kinds[0] == "progress" else (kinds[0], MIRROR[type(op)])
        return (other, op_type) not in RANGE
    return False


def policy_comparisons(source: str) -> list[int]:
    """Lines that decide what a viewer may see: a stamp compared with
    anything (but equal to 0, which is wording), a progress compared with
    anything but the bounds of its own range (0 and the show's episode
    count, in the sense "is this a progress the show has"), or either of
    them in a slice or a membership test. Whether a viewer has watched it
    all, or an episode yet, is the gate's to say. What a name-based reading
    cannot see (a progress copied to another name, `min` or `bisect` over
    stamps) is left to review."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(_decides(a, op, b) for a, op, b in zip(operands, node.ops, operands[1:], strict=False)):
                lines.append(node.lineno)
        elif isinstance(node, ast.Slice) and any(
            part is not None and _names(part) & (STAMPS | PROGRESS) for part in (node.lower, node.upper)
        ):
            lines.append(node.lineno)
    return lines


def test_only_the_gate_compares_progress() -> None:
    offenders = {}
    read = sorted(PACKAGE.rglob("*.py"))
    # Every package is read, the full-screen app's included.
    assert {"cli", "app", "views", "export", "render"} <= {p.parent.name for p in read}
    for path in read:
        if path.name == "gate.py" or path.name in CHECKS_THE_FILE:
            continue
        lines = policy_comparisons(path.read_text(encoding="utf-8"))
        if lines:
            offenders[str(path.relative_to(PACKAGE))] = lines
    assert not offenders, f"progress compared outside the gate: {offenders}"


# (code, whether it decides what a viewer may see)
RULE_CASES = [
    ("if n > view.watched:\n    pass\n", True),
    ("x = [r for r in rs if r.known_from <= level]\n", True),
    ("same = a.known_from == b.known_from\n", True),
    ("late = record.known_from > episode_count\n", True),
    ("at_six = record.known_from == 6\n", True),
    ("if watched == episode:\n    pass\n", True),
    ("finished = known.watched == known.episode_count\n", True),
    ("finished = known.watched >= known.episode_count\n", True),
    ("more = known.watched < known.episode_count\n", True),
    ("later = known.watched >= 6\n", True),
    ("early = known.watched < 3\n", True),
    ("nearly = watched + 1 > episode_count\n", True),
    ("seen = r.known_from in range(known.watched + 1)\n", True),
    ("seen = e.number in range(1, known.watched + 1)\n", True),
    ("shown = episodes[: known.watched]\n", True),
    # The app's ways of holding a progress: a level looked at, the saved one.
    ("if self.level > self.progress.watched:\n    pass\n", True),
    ("later = [e for e in known.episodes if e.number > app.known().watched]\n", True),
    ("done = self.at_progress().watched == self.dataset.episode_count\n", True),
    ("first = record.known_from == 0\n", False),
    ("nothing = known.watched == 0\n", False),
    ("visible = ch not in 'ab'\n", False),
    ("other = n > count\n", False),
    ("bad = type(watched) is not int\n", False),
    ("ok = 0 <= watched <= episode_count\n", False),
    ("none = watched < 0\n", False),
    ("over = watched > known.episode_count\n", False),
    ("over = known.episode_count < watched\n", False),
    ("word = 'watched' in text\n", False),
]


def test_the_rule_tells_policy_from_a_range_check() -> None:
    for code, decides in RULE_CASES:
        assert bool(policy_comparisons(code)) == decides, code
