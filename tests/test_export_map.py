"""`export.map`: the relationship map's layout. It draws only what is
known, the same way every time for the same input, every line ends outside
the names, and no label sits on a name or on another label."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import DATA, MINIMAL, levels, run
from hishers_cli import gate
from hishers_cli.dataset import load as dataset_module
from hishers_cli.dataset.model import Dataset
from hishers_cli.export import pages as export
from hishers_cli.export.map import Corners, Edge, Node, relation_map
from hishers_cli.views import relations
from hishers_cli.views.base import label

NOBODY = Node("", "", 0, 0)


def test_the_map_draws_only_what_is_known(show: Dataset) -> None:
    for n in levels():
        known = gate.Known(show, n)
        drawn = relation_map(known)
        names = {node.name for node in drawn.nodes}
        assert names == {known.name(id) for r in known.relationships for id in r.between}
        assert len(drawn.edges) == len(relations.lines(known))
        page = export.page(known)
        assert ("<svg" in page) == bool(known.relationships)


def test_the_map_ends_each_line_outside_the_names(show: Dataset) -> None:
    from hishers_cli.export.map import NAME_HEIGHT, relation_map

    def inside(x: float, y: float, node: Any) -> bool:
        return abs(x - node.x) < node.width / 2 and abs(y - node.y) < NAME_HEIGHT / 2

    for n in levels():
        drawn = relation_map(gate.Known(show, n))
        for e in drawn.edges:
            # An arrowhead drawn under a name could not be seen.
            assert not inside(e.x1, e.y1, e.source) and not inside(e.x2, e.y2, e.target), e.label


SHOWS = ["bundled", *sorted(p.stem for p in DATA.glob("*.yaml"))]


def labels_off_their_lines(
    edges: list[tuple[tuple[float, float, float, float], Corners]], names: list[Corners]
) -> list[str]:
    """Each label (its line's ends, and its outline as drawn) that its own
    line does not touch, that another line comes as near as its own, or
    that lies on another label or a name."""
    from hishers_cli.export.map import corners_overlap, line_gap

    def gap(line: tuple[float, float, float, float], shape: Corners) -> float:
        return line_gap(Edge(NOBODY, NOBODY, "", False, *line), shape)

    wrong = []
    for i, (line, shape) in enumerate(edges):
        own = gap(line, shape)
        if own > 1:
            wrong.append(f"label {i} is {own:.1f} off its line")
        for j, (other, other_shape) in enumerate(edges):
            if j != i and gap(other, shape) <= own + 1:
                wrong.append(f"label {i} is as near line {j} as its own")
            if j > i and corners_overlap(shape, other_shape):
                wrong.append(f"labels {i} and {j} overlap")
        if any(corners_overlap(shape, name) for name in names):
            wrong.append(f"label {i} is on a name")
    return wrong


@pytest.mark.parametrize("name", SHOWS)
def test_each_label_is_plainly_on_its_own_line(name: str) -> None:
    """At every level, each label touches its own line, every other line
    passes farther from it, and it lies on no other label and no name."""
    from hishers_cli.export.map import NAME_HEIGHT, _box, _corners_of, label_corners

    show = dataset_module.load(None if name == "bundled" else DATA / f"{name}.yaml")
    for n in levels(show.episode_count):
        drawn = relation_map(gate.Known(show, n))
        edges = [((e.x1, e.y1, e.x2, e.y2), label_corners(e)) for e in drawn.edges]
        names = [_corners_of(_box(node.x, node.y, node.width, NAME_HEIGHT)) for node in drawn.nodes]
        assert labels_off_their_lines(edges, names) == [], f"level {n}"


def test_the_label_check_fails_on_a_label_between_two_lines() -> None:
    # Two level lines 10 apart, the first one's label centred between them.
    lines = [(0.0, 0.0, 200.0, 0.0), (0.0, 10.0, 200.0, 10.0)]
    between = ((60.0, -2.0), (140.0, -2.0), (140.0, 12.0), (60.0, 12.0))
    clear = ((60.0, 100.0), (140.0, 100.0), (140.0, 114.0), (60.0, 114.0))
    wrong = labels_off_their_lines([(lines[0], between), (lines[1], clear)], [])
    assert "label 0 is as near line 1 as its own" in wrong and "label 1 is 90.0 off its line" in wrong


@pytest.mark.parametrize("name", ["bundled", "edited", "tiny"])
def test_the_map_is_legible_at_every_level(name: str) -> None:
    """No line passes through a name that is not one of its ends, no label
    sits on a name, no two names touch, and every account of a disputed
    relationship is drawn with its source."""
    from hishers_cli.export.map import NAME_HEIGHT, _box, _crosses, _overlap, label_box, relation_map

    show = dataset_module.load(None if name == "bundled" else DATA / f"{name}.yaml")
    for n in levels(show.episode_count):
        known = gate.Known(show, n)
        drawn = relation_map(known)
        names = {node.id: _box(node.x, node.y, node.width, NAME_HEIGHT) for node in drawn.nodes}
        for e in drawn.edges:
            for id, box in names.items():
                if id not in (e.source.id, e.target.id):
                    assert not _crosses(e, box), f"level {n}: {e.label!r} runs through {id}"
            assert not any(_overlap(label_box(e), box) for box in names.values()), f"level {n}: {e.label!r} on a name"
        boxes = list(names.items())
        for i, (one, box) in enumerate(boxes):
            for other, box2 in boxes[i + 1 :]:
                assert not _overlap(box, box2), f"level {n}: {one} and {other} touch"
        for r in known.relationships:
            for state in r.current:
                if state.disputed:
                    labels = [e.label for e in drawn.edges if {e.source.id, e.target.id} == set(r.between)]
                    assert any(
                        all(label(known, s).replace(", ", " · ") in lab for s in state.sources) for lab in labels
                    )


def test_a_map_too_dense_to_read_is_left_out_and_the_page_says_so(tmp_path: Path) -> None:
    from hishers_cli.export.html import MAP_LEFT_OUT
    from hishers_cli.export.map import MAP_PEOPLE

    people = MAP_PEOPLE + 5
    lines = [MINIMAL.rstrip()]
    lines += [f"  - {{id: p{i}, name: Person {i}, known_from: 0, sources: [a]}}" for i in range(people)]
    lines.append("relationships:")
    lines += [
        f"  - {{between: [p{i}, p{i + 1}], kind: friends, text: Friends., known_from: 0, sources: [a]}}"
        for i in range(people - 1)
    ]
    data = tmp_path / "dense.yaml"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    page = run("--data", str(data), "--watched", "1", "export", "html")
    assert page.exit_code == 0, page.stderr
    assert MAP_LEFT_OUT in page.stdout and "<svg" not in page.stdout
    assert "Person 3" in page.stdout  # the relationships still follow in words


@pytest.mark.full
@pytest.mark.parametrize("name", ["tiny", "edited", "whodunit"])
def test_the_layout_is_the_same_every_time_for_the_same_input(name: str) -> None:
    """The same map from the same show and progress: run twice here, and in
    fresh processes with other hash seeds (no set or dict order leaks in)."""
    show = dataset_module.load(DATA / f"{name}.yaml")
    maps = [repr(relation_map(gate.Known(show, n))) for n in range(show.episode_count + 1)]
    assert maps == [repr(relation_map(gate.Known(show, n))) for n in range(show.episode_count + 1)]
    probe = (
        "import sys; from hishers_cli import gate; from hishers_cli.dataset import load; "
        "from hishers_cli.export.map import relation_map; show = load.load(sys.argv[1], use_cache=False); "
        "print(repr([repr(relation_map(gate.Known(show, n))) for n in range(show.episode_count + 1)]))"
    )
    for seed in ("1",):
        fresh = subprocess.run(
            [sys.executable, "-c", probe, str(DATA / f"{name}.yaml")],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        )
        assert fresh.stdout.strip() == repr(maps), seed


def test_the_map_is_drawn_inside_its_own_bounds(tiny: Dataset) -> None:
    from hishers_cli.export.map import NAME_HEIGHT

    for n in range(tiny.episode_count + 1):
        drawn = relation_map(gate.Known(tiny, n))
        for node in drawn.nodes:
            assert node.x - node.width / 2 >= 0 and node.x + node.width / 2 <= drawn.width, (n, node.name)
            assert node.y - NAME_HEIGHT / 2 >= 0 and node.y + NAME_HEIGHT / 2 <= drawn.height, (n, node.name)
