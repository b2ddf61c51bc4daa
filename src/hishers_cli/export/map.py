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
    # Where its label goes, and its slant in degrees: level, or along a
    # line where a level label would touch another line.
    label_x: float = 0
    label_y: float = 0
    label_angle: float = 0


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
    with the fewest lines through a name and labels on names is kept, and
    then each label is put where it is plainly on its own line."""
    laid_out = _laid_out(known, width)
    return laid_out._replace(edges=_labels_on_their_lines(laid_out))


def _laid_out(known: Known, width: int) -> Map:
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
    """The level box around an edge's label as drawn."""
    xs, ys = [x for x, _ in label_corners(e)], [y for _, y in label_corners(e)]
    return (min(xs), min(ys), max(xs), max(ys))


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


# Where along its line a label may sit; how near another line may come to
# a label, and how far makes it roomy.
LABEL_SPOTS = tuple(i / 40 for i in range(3, 38))
NEAR = 2.5
ROOMY = 8.0
Corners = tuple[tuple[float, float], ...]


def _labels_on_their_lines(m: Map) -> tuple[Edge, ...]:
    """Each edge with its label where it is plainly that line's: touching its
    line at a spot no other line comes near, clear of names and of other
    labels; of those, one with room around it, then the plainest (see
    `_label_spots`). The labels with least room on their line go first."""
    names = [_box(n.x, n.y, n.width + 4, NAME_HEIGHT + 4) for n in m.nodes]

    def faults(e: Edge, i: int, placed: list[tuple[Box, Corners]]) -> tuple[int, float]:
        """Its own line not touching it, other lines near it, names and
        labels on it, part of it out of the map; and how near the nearest
        other line comes."""
        mine, box = label_corners(e), label_box(e)
        count, nearest = int(line_gap(e, mine) > 1), ROOMY
        near = _grown(box, ROOMY)
        for j, other in enumerate(m.edges):
            if j != i and _overlap(near, extents[j]):
                gap = line_gap(other, mine)
                count += gap < NEAR
                nearest = min(nearest, gap)
        count += sum(1 for name in names if _overlap(box, name) and corners_overlap(mine, _corners_of(name)))
        count += sum(1 for other, label in placed if _overlap(box, other) and corners_overlap(mine, label))
        count += not all(0 <= x <= m.width and 0 <= y <= m.height for x, y in mine)
        return count, nearest

    extents = [_extent(e) for e in m.edges]
    spots = [sorted(_label_spots(e), key=lambda spot: spot[0]) for e in m.edges]
    placed: list[tuple[Box, Corners]] = []
    edges = list(m.edges)
    room = [math.hypot(e.x2 - e.x1, e.y2 - e.y1) - len(e.label) * 6.2 for e in m.edges]
    for i in sorted(range(len(m.edges)), key=lambda i: (room[i], i)):
        best: tuple[tuple[float, ...], Edge] | None = None
        for rank, e in spots[i]:
            count, nearest = faults(e, i, placed)
            score = (count, nearest < ROOMY, *rank)
            if best is None or score < best[0]:
                best = (score, e)
            if count == 0 and nearest >= ROOMY:
                break  # the spots are best first: none later does better
        assert best is not None
        edges[i] = best[1]
        placed.append((label_box(best[1]), label_corners(best[1])))
    return tuple(edges)


def _label_spots(e: Edge) -> list[tuple[tuple[float, float], Edge]]:
    """Where an edge's label may go, each ranked by how plainly it reads as
    the line's: level and centred on the line; along the line; level and
    half off it; level beside it, overlapping it by a few points; along it
    and just beside it; nearer the middle before nearer the ends."""
    width = len(e.label) * 6.2 + 6
    dx, dy = e.x2 - e.x1, e.y2 - e.y1
    length = math.hypot(dx, dy) or 1.0
    nx, ny = -dy / length, dx / length
    # Half a level label's extent across the line.
    across = width / 2 * abs(nx) + LABEL_HEIGHT / 2 * abs(ny)
    slant = math.degrees(math.atan2(dy, dx))
    slant = slant - 180 if slant > 90 else slant + 180 if slant <= -90 else slant
    level, along = max(0.0, across - 3), LABEL_HEIGHT / 2 - 2
    shapes = [(0, 0.0, 0.0), (1, 0.0, slant), (2, level / 2, 0.0), (2, -level / 2, 0.0)]
    shapes += [(3, level, 0.0), (3, -level, 0.0), (4, along, slant), (4, -along, slant)]
    out: list[tuple[tuple[float, float], Edge]] = []
    for t in LABEL_SPOTS:
        x, y = e.x1 + dx * t, e.y1 + dy * t
        for rank, shift, angle in shapes:
            spot = e._replace(
                label_x=round(x + nx * shift, 1), label_y=round(y + ny * shift + 4, 1), label_angle=round(angle, 1)
            )
            out.append(((rank, abs(t - 0.5)), spot))
    return out


def label_corners(e: Edge) -> Corners:
    """The corners of an edge's label as drawn, turned by its slant about
    its middle (the baseline sits 4 below the middle)."""
    cx, cy = e.label_x, e.label_y - 4
    half_w, half_h = (len(e.label) * 6.2 + 6) / 2, LABEL_HEIGHT / 2
    a = math.radians(e.label_angle)
    ux, uy, vx, vy = math.cos(a), math.sin(a), -math.sin(a), math.cos(a)
    return tuple(
        (cx + ux * half_w * su + vx * half_h * sv, cy + uy * half_w * su + vy * half_h * sv)
        for su, sv in ((-1, -1), (1, -1), (1, 1), (-1, 1))
    )


def _corners_of(box: Box) -> Corners:
    return ((box[0], box[1]), (box[2], box[1]), (box[2], box[3]), (box[0], box[3]))


def corners_overlap(one: Corners, other: Corners) -> bool:
    """Whether two convex outlines overlap (separating axes)."""
    for shape in (one, other):
        for k in range(len(shape)):
            (x1, y1), (x2, y2) = shape[k], shape[(k + 1) % len(shape)]
            ax, ay = y1 - y2, x2 - x1
            a = [ax * x + ay * y for x, y in one]
            b = [ax * x + ay * y for x, y in other]
            if max(a) <= min(b) or max(b) <= min(a):
                return False
    return True


def _grown(box: Box, by: float) -> Box:
    return (box[0] - by, box[1] - by, box[2] + by, box[3] + by)


def _extent(e: Edge) -> Box:
    """The box around an edge's line (never empty, so overlaps count)."""
    return (min(e.x1, e.x2) - 0.5, min(e.y1, e.y2) - 0.5, max(e.x1, e.x2) + 0.5, max(e.y1, e.y2) + 0.5)


def line_gap(e: Edge, shape: Corners) -> float:
    """How far an edge's line passes from a convex outline: 0 when it runs
    through it."""
    ends = ((e.x1, e.y1), (e.x2, e.y2))
    sides = [Edge(e.source, e.target, "", False, *shape[k], *shape[(k + 1) % len(shape)]) for k in range(len(shape))]
    if corners_overlap(ends, shape) if e.x1 != e.x2 or e.y1 != e.y2 else False:
        return 0.0
    return min(
        *(_point_to_segment(x, y, e) for x, y in shape),
        *(_point_to_segment(x, y, side) for x, y in ends for side in sides),
    )


def _point_to_segment(x: float, y: float, e: Edge) -> float:
    dx, dy = e.x2 - e.x1, e.y2 - e.y1
    length2 = dx * dx + dy * dy or 1.0
    t = min(1.0, max(0.0, ((x - e.x1) * dx + (y - e.y1) * dy) / length2))
    return math.hypot(x - (e.x1 + t * dx), y - (e.y1 + t * dy))
