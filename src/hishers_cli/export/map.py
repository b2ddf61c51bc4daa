"""The relationship map's layout, for drawing in a page: where each name
and line goes, and where each line's label sits clear of the others."""

from __future__ import annotations

import math
from typing import NamedTuple

from hishers_cli.gate import Known
from hishers_cli.views import relations

NAME_HEIGHT = 28  # the pill a name is drawn in
GAP = 4  # between a line's end (its arrowhead's tip) and the pill


class Node(NamedTuple):
    id: str
    name: str
    x: float
    y: float

    @property
    def width(self) -> float:
        """The name's pill: wide enough for its text at the map's font size."""
        return round(len(self.name) * 7.6 + 24, 1)

    def reach(self, ux: float, uy: float, ox: float = 0.0, oy: float = 0.0) -> float:
        """How far a line leaving in direction (ux, uy) from (ox, oy) off the
        centre goes before it crosses the outline of the name's box."""
        half_w, half_h = self.width / 2, NAME_HEIGHT / 2
        across = (half_w - math.copysign(1, ux) * ox) / abs(ux) if ux else math.inf
        down = (half_h - math.copysign(1, uy) * oy) / abs(uy) if uy else math.inf
        return max(0.0, min(across, down))


class Edge(NamedTuple):
    source: Node
    target: Node
    label: str
    # Drawn with an arrow from source to target ("mother of"), or as a plain
    # line for a relationship without a direction.
    directed: bool
    # Where the line is drawn: clear of the two names, and side by side with
    # any other relationship between the same two people.
    x1: float = 0
    y1: float = 0
    x2: float = 0
    y2: float = 0
    # Where its label goes.
    label_x: float = 0
    label_y: float = 0


class Map(NamedTuple):
    width: int
    height: int
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    # Too many relationships to draw legibly: the page says so instead.
    left_out: bool = False


# Above this many people or lines a drawn map is a tangle no layout makes
# legible, and placing its labels would cost more than the rest of the page:
# the page says the map is left out, and the relationships follow in words.
MAP_PEOPLE = 30
MAP_LINES = 80
MARGIN = 16
SEEDS = 8


def relation_map(known: Known, width: int = 860) -> Map:
    """The relationships known so far as a graph, laid out by a
    force-directed layout from a fixed start (the same map every time): one
    line per relationship in its current state, or one per source's account
    where the sources disagree, each labelled. Of a few starts, the layout
    with the fewest lines through a name and labels on names is kept."""
    drawn = relations.lines(known)
    people = list(dict.fromkeys(c.id for c in known.characters if any(c.id in d.relation.between for d in drawn)))
    if len(people) > MAP_PEOPLE or len(drawn) > MAP_LINES:
        return Map(width, 0, (), (), left_out=True)
    height = width if len(people) > 4 else width // 2
    if not people:
        return Map(width, height, (), ())
    links = [tuple(d.relation.between) for d in drawn]
    widths = {id: Node(id, known.name(id), 0, 0).width for id in people}
    tried: list[tuple[float, int, Map, dict[str, tuple[float, float]]]] = []
    for seed in range(SEEDS if len(people) <= 20 else 2):
        positions = _layout(people, links, [d.label for d in drawn], known, width, height, seed)
        drawn_map = _edges(known, drawn, {id: Node(id, known.name(id), *positions[id]) for id in people}, width, height)
        tried.append((_faults(drawn_map), seed, drawn_map, positions))
        if tried[-1][0] == 0:
            return drawn_map
    tried.sort(key=lambda t: t[:2])
    best = tried[0]
    if len(people) <= 20:
        # The best few starts, their names nudged off lines and labels.
        for _score, seed, _, positions in tried[:6]:
            positions = _untangled(positions, links, [d.label for d in drawn], widths, width, height)
            nodes = {id: Node(id, known.name(id), *positions[id]) for id in people}
            drawn_map = _edges(known, drawn, nodes, width, height)
            if _faults(drawn_map) < best[0]:
                best = (_faults(drawn_map), seed, drawn_map, positions)
            if best[0] == 0:
                break
    return best[2]


def _layout(
    people: list[str], links: list[tuple[str, ...]], labels: list[str], known: Known, width: int, height: int, seed: int
) -> dict[str, tuple[float, float]]:
    """A spring layout from a circle (turned a little per seed): everyone
    pushes everyone apart, and each line pulls its two people to the length
    that leaves room for both names and its label; then the drawing is
    stretched to fill the map."""
    import random

    rng = random.Random(seed)
    n = len(people)
    k = math.sqrt(width * height / n) * 0.6
    turn = rng.random() * 2 * math.pi
    pos = {
        id: [math.cos(turn + 2 * math.pi * i / n) * width / 3, math.sin(turn + 2 * math.pi * i / n) * height / 3]
        for i, id in enumerate(people)
    }
    widths = {id: len(known.name(id)) * 7.6 + 24 for id in people}
    rest: dict[tuple[str, ...], float] = {}
    for (a, b), label in zip(links, labels, strict=True):
        pair = (a, b) if a < b else (b, a)
        room = (widths[a] + widths[b]) / 2 + len(label) * 6.2 + 40
        rest[pair] = max(rest.get(pair, 0.0), room, k) + (20 if pair in rest else 0)
    lines_of: dict[tuple[str, ...], int] = {}
    for a, b in links:
        pair = (a, b) if a < b else (b, a)
        lines_of[pair] = lines_of.get(pair, 0) + 1
    temperature = width / 6
    for step_number in range(250):
        moves = {id: [0.0, 0.0] for id in people}
        for i, a in enumerate(people):
            for b in people[i + 1 :]:
                dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
                d = max(1.0, math.hypot(dx, dy))
                push = k * k / d
                moves[a][0] += dx / d * push
                moves[a][1] += dy / d * push
                moves[b][0] -= dx / d * push
                moves[b][1] -= dy / d * push
        for (a, b), length in rest.items():
            dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
            d = max(1.0, math.hypot(dx, dy))
            pull = (d - length) * abs(d - length) / k
            moves[a][0] -= dx / d * pull
            moves[a][1] -= dy / d * pull
            moves[b][0] += dx / d * pull
            moves[b][1] += dy / d * pull
        if step_number >= 120:
            # Late on, a name near a line between two others moves off it.
            for a, b in rest:
                ax, ay, bx, by = pos[a][0], pos[a][1], pos[b][0], pos[b][1]
                length2 = (bx - ax) ** 2 + (by - ay) ** 2 or 1.0
                for id in people:
                    if id in (a, b):
                        continue
                    px, py = pos[id]
                    t = ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / length2
                    if not 0 < t < 1:
                        continue
                    cx, cy = ax + t * (bx - ax), ay + t * (by - ay)
                    dx, dy = px - cx, py - cy
                    d = math.hypot(dx, dy) or 1.0
                    clear = widths[id] / 2 + 24 + 18 * (lines_of[(a, b)] - 1)
                    if d < clear:
                        moves[id][0] += dx / d * (clear - d) * 4
                        moves[id][1] += dy / d * (clear - d) * 4
        for id in people:
            mx, my = moves[id]
            m = math.hypot(mx, my) or 1.0
            step = min(m, temperature)
            pos[id][0] += mx / m * step
            pos[id][1] += my / m * step
        temperature = max(0.5, temperature * 0.98)
    # Stretch to the map, keeping every name inside it.
    left = min(pos[id][0] - widths[id] / 2 for id in people)
    right = max(pos[id][0] + widths[id] / 2 for id in people)
    top = min(pos[id][1] for id in people)
    bottom = max(pos[id][1] for id in people)
    sx = (width - 2 * MARGIN) / max(1.0, right - left)
    sy = (height - 2 * MARGIN - NAME_HEIGHT) / max(1.0, bottom - top)
    out = {}
    for id in people:
        x = MARGIN + widths[id] / 2 + (pos[id][0] - widths[id] / 2 - left) * sx
        x = min(width - MARGIN - widths[id] / 2, max(MARGIN + widths[id] / 2, x))
        y = MARGIN + NAME_HEIGHT / 2 + (pos[id][1] - top) * sy
        out[id] = (round(x, 1), round(y, 1))
    return out


def _tangles_of(
    id: str,
    pos: dict[str, tuple[float, float]],
    links: list[tuple[str, str]],
    widths: dict[str, float],
    room: dict[tuple[str, str], float],
) -> int:
    """What is wrong around one name: lines (centre to centre) through it,
    its own lines through other names or too short for their label, and
    names on it."""
    count = 0

    def through(a: str, b: str, c: str) -> bool:
        (ax, ay), (bx, by) = pos[a], pos[b]
        line = Edge(Node(a, "", ax, ay), Node(b, "", bx, by), "", False, ax, ay, bx, by)
        return _crosses(line, _box(*pos[c], widths[c] + 12, NAME_HEIGHT + 12))

    mine = _box(*pos[id], widths[id] + 16, NAME_HEIGHT + 16)
    for a, b in links:
        if id not in (a, b):
            count += through(a, b, id)
            continue
        (ax, ay), (bx, by) = pos[a], pos[b]
        count += math.hypot(ax - bx, ay - by) < room[(a, b)]
        count += sum(through(a, b, c) for c in pos if c not in (a, b))
        # Its label, about halfway, on any name.
        label = _box((ax + bx) / 2, (ay + by) / 2, room[(a, b)] / 2, LABEL_HEIGHT)
        count += sum(1 for c in pos if _overlap(label, _box(*pos[c], widths[c], NAME_HEIGHT)))
    for other in pos:
        if other != id and _overlap(mine, _box(*pos[other], widths[other] + 16, NAME_HEIGHT + 16)):
            count += 5
    return count


def _untangled(
    pos: dict[str, tuple[float, float]],
    links: list[tuple[str, ...]],
    labels: list[str],
    widths: dict[str, float],
    width: int,
    height: int,
) -> dict[str, tuple[float, float]]:
    """The layout with names nudged, one at a time, to wherever nearby
    leaves fewer lines through names, short lines and names on names, until
    no nudge helps."""
    pos = dict(pos)
    room: dict[tuple[str, str], float] = {}
    for (a, b), label in zip(links, labels, strict=True):
        # Across the names' half widths and the label: roughly, as the line may slant.
        room[(a, b)] = max(room.get((a, b), 0.0), (widths[a] + widths[b]) / 4 + len(label) * 6.2 + 24)
    pairs = list(room)
    for _ in range(30):
        better = False
        for id in pos:
            here = _tangles_of(id, pos, pairs, widths, room)
            if here == 0:
                continue
            x, y = pos[id]
            best = (here, pos[id])
            for r in (30, 60, 100):
                for angle in range(0, 360, 45):
                    nx = x + r * math.cos(math.radians(angle))
                    ny = y + r * math.sin(math.radians(angle))
                    nx = min(width - MARGIN - widths[id] / 2, max(MARGIN + widths[id] / 2, nx))
                    ny = min(height - MARGIN - NAME_HEIGHT / 2, max(MARGIN + NAME_HEIGHT / 2, ny))
                    moved = {**pos, id: (round(nx, 1), round(ny, 1))}
                    score = _tangles_of(id, moved, pairs, widths, room)
                    if score < best[0]:
                        best = (score, moved[id])
            if best[0] < here:
                pos[id] = best[1]
                better = True
        if not better:
            break
    return pos


def _edges(known: Known, drawn: list[relations.Line], nodes: dict[str, Node], width: int, height: int) -> Map:
    pairs: dict[frozenset[str], list[relations.Line]] = {}
    for d in drawn:
        pairs.setdefault(frozenset(d.relation.between), []).append(d)
    taken = _Grid()
    for n in nodes.values():
        taken.add(_box(n.x, n.y, n.width + 8, NAME_HEIGHT + 8), weight=10.0)
    edges = []
    for d in drawn:
        a, b = (nodes[id] for id in d.relation.between)
        together = pairs[frozenset(d.relation.between)]
        k, count = together.index(d), len(together)
        edge = Edge(b, a, d.label, True) if d.directed else Edge(a, b, d.label, False)
        along = 0.5 if count == 1 else 0.3 + 0.4 * k / (count - 1)
        if edge.source.id > edge.target.id:  # the same spot whichever way the arrow points
            along = 1 - along
        edges.append(_labelled(_placed(edge, shift=(k - (count - 1) / 2) * 18), along, taken))
    return Map(width, height, tuple(nodes.values()), tuple(edges))


def _faults(m: Map) -> float:
    """How far a map is from legible: lines through a name that is not one
    of their ends, labels on a name or on another label."""
    faults = 0.0
    for e in m.edges:
        for node in m.nodes:
            if node.id not in (e.source.id, e.target.id) and _crosses(
                e, _box(node.x, node.y, node.width + 4, NAME_HEIGHT + 4)
            ):
                faults += 1
    labels = [label_box(e) for e in m.edges]
    names = [_box(n.x, n.y, n.width + 16, NAME_HEIGHT + 16) for n in m.nodes]
    grid = _Grid()
    for box in names:
        faults += 5 if grid.overlap(box) else 0  # two names on each other
        grid.add(box)
    for box in labels:
        faults += 1 if grid.overlap(box) else 0
        grid.add(box)
    return faults


def label_box(e: Edge) -> Box:
    """Where an edge's label is drawn (its baseline sits 4 below the middle)."""
    return _box(e.label_x, e.label_y - 4, len(e.label) * 6.2 + 6, LABEL_HEIGHT)


def _crosses(e: Edge, box: Box) -> bool:
    """Whether the edge's line passes through the box (Liang-Barsky)."""
    x1, y1, x2, y2 = e.x1, e.y1, e.x2, e.y2
    dx, dy = x2 - x1, y2 - y1
    lo, hi = 0.0, 1.0
    for p, q in ((-dx, x1 - box[0]), (dx, box[2] - x1), (-dy, y1 - box[1]), (dy, box[3] - y1)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            lo = max(lo, t)
        else:
            hi = min(hi, t)
        if lo > hi:
            return False
    return True


class _Grid:
    """Boxes filed by the grid cells they touch, so an overlap check looks
    only at the boxes near it: placing every label stays linear."""

    SIZE = 120.0

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[tuple[Box, float]]] = {}

    def _cells(self, box: Box) -> list[tuple[int, int]]:
        x0, y0, x1, y1 = (int(v // self.SIZE) for v in box)
        return [(x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]

    def add(self, box: Box, weight: float = 1.0) -> None:
        for cell in self._cells(box):
            self.cells.setdefault(cell, []).append((box, weight))

    def overlap(self, box: Box) -> float:
        seen: set[int] = set()
        total = 0.0
        for cell in self._cells(box):
            for other, weight in self.cells.get(cell, ()):
                if id(other) not in seen:
                    seen.add(id(other))
                    total += weight * _overlap(box, other)
        return total


LABEL_HEIGHT = 14
Box = tuple[float, float, float, float]


def _box(x: float, y: float, width: float, height: float) -> Box:
    return (x - width / 2, y - height / 2, x + width / 2, y + height / 2)


def _labelled(edge: Edge, along: float, taken: _Grid) -> Edge:
    """The edge with its label at the spot along its line, nearest `along`,
    that overlaps the names and the labels placed before (`taken`, which
    gains this one) least; ideally not at all."""
    width = len(edge.label) * 6.2 + 6
    spots = [along, *(along + d for step in (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4) for d in (-step, step))]
    options = []
    for rank, t in enumerate(t for t in spots if 0.1 <= t <= 0.9):
        x, y = edge.x1 + (edge.x2 - edge.x1) * t, edge.y1 + (edge.y2 - edge.y1) * t
        box = _box(x, y, width, LABEL_HEIGHT)
        options.append((taken.overlap(box), rank, x, y, box))
        if options[-1][0] == 0:
            break
    _, _, x, y, box = min(options)
    taken.add(box)
    # The baseline sits a little below the middle of the line.
    return edge._replace(label_x=round(x, 1), label_y=round(y + 4, 1))


def _overlap(one: Box, other: Box) -> float:
    w = min(one[2], other[2]) - max(one[0], other[0])
    h = min(one[3], other[3]) - max(one[1], other[1])
    return w * h if w > 0 and h > 0 else 0.0


def _placed(edge: Edge, shift: float) -> Edge:
    """The edge's line: from just outside one name to just outside the
    other, moved sideways by `shift`."""
    if edge.source.id > edge.target.id:  # the same side and spacing whichever way the arrow points
        shift = -shift
    dx, dy = edge.target.x - edge.source.x, edge.target.y - edge.source.y
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    # Each end stops just outside its name, so an arrowhead is never hidden
    # under the name it points at.
    ox, oy = -uy * shift, ux * shift
    start = min(edge.source.reach(ux, uy, ox, oy) + GAP, length / 3)
    end = min(edge.target.reach(-ux, -uy, ox, oy) + GAP, length / 3)
    x1, y1 = edge.source.x + ux * start + ox, edge.source.y + uy * start + oy
    x2, y2 = edge.target.x - ux * end + ox, edge.target.y - uy * end + oy
    return edge._replace(x1=round(x1, 1), y1=round(y1, 1), x2=round(x2, 1), y2=round(y2, 1))
