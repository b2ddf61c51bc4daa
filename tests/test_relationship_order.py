"""A relationship's pair and its roles come from the same state, however its
states write the pair: `relations`, `who` and the graph all say who is whose
what as the state with the roles says it."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest

from conftest import MINIMAL, run
from hishers_cli import gate
from hishers_cli.dataset import load as dataset

PEOPLE = MINIMAL + "  - {id: y, name: Yara Stone, known_from: 0, sources: [a]}\n"
ROLES = ("wife", "husband")  # y is x's wife; x is y's husband


def _state(pair: tuple[str, str], roles: bool, known_from: int) -> str:
    said = ""
    if roles:
        said = f", roles: [{', '.join(ROLES if pair == ('y', 'x') else ROLES[::-1])}]"
    return (
        f"  - {{between: [{', '.join(pair)}], kind: married{said}, text: Married., "
        f"known_from: {known_from}, sources: [a]}}\n"
    )


# Every way of writing two states of one relationship: each pair either way
# round, roles on either or both, stamped in either order.
SHAPES = [
    (first, second, roles, stamps)
    for first, second in itertools.product([("x", "y"), ("y", "x")], repeat=2)
    for roles in [(False, True), (True, False), (True, True)]
    for stamps in [(0, 1), (1, 1), (1, 0)]
]


def _write(tmp_path: Path, shape: tuple) -> Path:
    first, second, roles, stamps = shape
    text = PEOPLE + "relationships:\n" + _state(first, roles[0], stamps[0]) + _state(second, roles[1], stamps[1])
    path = tmp_path / "show.yaml"
    path.write_text(text)
    return path


@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_roles_are_read_in_the_order_of_the_pair_they_were_written_with(tmp_path: Path, shape: tuple) -> None:
    show = dataset.load(_write(tmp_path, shape), use_cache=False)
    for watched in (0, 1, 2):
        for relation in gate.Known(show, watched).relationships:
            if relation.roles:
                # Whatever order the pair is given in, y is x's wife.
                role_of = dict(zip(relation.between, relation.roles, strict=True))
                assert role_of == {"y": "wife", "x": "husband"}, (shape, watched, relation)


@pytest.mark.parametrize("shape", SHAPES[::3], ids=str)
def test_every_command_says_who_is_whose_what_alike(tmp_path: Path, shape: tuple) -> None:
    path = _write(tmp_path, shape)
    for watched in ("1", "2"):
        base = ["--data", str(path), "--watched", watched]
        relations = run(*base, "relations", "--json")
        assert relations.exit_code == 0, relations.output
        for entry in json.loads(relations.stdout)["relationships"]:
            if entry["roles"]:
                ids = [person["id"] for person in entry["between"]]
                assert dict(zip(ids, entry["roles"], strict=True)) == {"y": "wife", "x": "husband"}
        husband = run(*base, "who", "husband", "--json")
        if husband.exit_code == 0:
            assert json.loads(husband.stdout)["character"]["id"] == "x", husband.stdout
        text = run(*base, "relations").stdout
        assert "Xavier's husband" not in text and "Yara's wife" not in text, text
        graph = run(*base, "relations", "--format", "mermaid").stdout
        names = dict(re.findall(r'^\s*(n\d+)\["([^"]+)"\]', graph, re.M))
        edges = re.findall(r'(n\d+) -->\|"(\w+) of"\| (n\d+)', graph)
        assert edges or watched == "1", graph  # every state is known at 2, and one has roles
        for a, role, b in edges:
            assert (names[a], role, names[b]) in {("Yara Stone", "wife", "Xavier"), ("Xavier", "husband", "Yara Stone")}
