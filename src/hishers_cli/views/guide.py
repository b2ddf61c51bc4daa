"""`hishers export`: the guide a page shows at one progress level, built
from the same presenters as the commands (`about`, `episodes`, `cast`,
`who`, `relations`, `timeline`, `ending`), so a page and the command line
cannot disagree. Also the relationship map's layout, for drawing in a page."""

from __future__ import annotations

import math
from typing import NamedTuple

from hishers_cli.document import Block, Paragraph, plain
from hishers_cli.gate import Known, KnownRelationship
from hishers_cli.lookup import Person
from hishers_cli.views import about, cast, ending, episodes, relations, story, who
from hishers_cli.views.common import progress_line
from hishers_cli.views.relations import edge_label
from hishers_cli.views.shapes import HELD_HINT


class Section(NamedTuple):
    id: str
    title: str
    blocks: list[Block]


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


def sections(known: Known, spoilers: Known | None = None) -> list[Section]:
    """The guide at the viewer's progress; with `spoilers` (what is known
    through the last episode, with the viewer's consent where they have not
    finished), the ending explained as a last section."""
    cards: list[Block] = []
    for c in known.characters:
        cards += who.card(known, Person(c.name, c))[1]
    found = [
        Section("episodes", "Episode guide", episodes.guide(known)[1]),
        Section("recap", "The story so far", story.recap(known)[1]),
        Section("cast", "Cast", cast.cast(known)[1]),
        Section("characters", "Characters", cards),
        Section("relationships", "Relationships", relations.tree(known, history=True)[1]),
        Section("timeline", "Timeline", story.timeline(known)[1]),
        Section("series", "About the series", about.about(known)[1]),
    ]
    # Each presenter starts with its own heading; the page titles the section.
    found = [Section(s.id, s.title, _trim(known, s.blocks[1:] if s.id != "characters" else s.blocks)) for s in found]
    if not known.watched:  # before episode 1 the premise says most; the episode guide is all locked
        found = found[-1:] + found[:-1]
    if spoilers is not None:
        found += spoiler_sections(spoilers)
    return found


def spoiler_sections(spoilers: Known) -> list[Section]:
    """The ending explained, each source's account labelled, and how the
    series differs from the book (which gives the ending away too)."""
    return [
        Section("ending", "The ending explained", ending.ending(spoilers)[1][1:]),
        Section("book", "The book and the show", about.book(spoilers)[1][1:]),
    ]


def _trim(known: Known, blocks: list[Block]) -> list[Block]:
    """Without the lines a page says once at its top: where the viewer is,
    and that more is revealed later."""
    once = {progress_line(known), HELD_HINT}
    return [b for b in blocks if not (isinstance(b, Paragraph) and plain(b.text) in once)]


def relation_map(known: Known, width: int = 860) -> Map:
    """The relationships known so far as a graph: the most connected person
    in the middle, everyone else on a circle around them, in an order that
    keeps people who are related side by side where it can; one edge per
    relationship in its current state."""
    links: dict[str, set[str]] = {}
    for r in known.relations:
        one, other = r.between
        links.setdefault(one, set()).add(other)
        links.setdefault(other, set()).add(one)
    order = [c.id for c in known.characters if c.id in links]  # cast order: stable from level to level
    height = width if len(order) > 4 else width // 2
    nodes: dict[str, Node] = {}
    if order:
        hub = max(order, key=lambda id: len(links[id]))
        ring = _ring([id for id in order if id != hub], links) if len(order) > 2 else [id for id in order if id != hub]
        nodes[hub] = Node(hub, known.name(hub), width / 2, height / 2)
        radius = min(width, height) / 2 - 60
        for i, id in enumerate(ring):
            angle = 2 * math.pi * i / len(ring) - math.pi / 2
            x, y = width / 2 + radius * math.cos(angle), height / 2 + radius * math.sin(angle)
            nodes[id] = Node(id, known.name(id), round(x, 1), round(y, 1))
    pairs: dict[frozenset[str], list[KnownRelationship]] = {}
    for r in known.relations:
        pairs.setdefault(frozenset(r.between), []).append(r)
    edges = []
    taken = [_box(n.x, n.y, n.width, NAME_HEIGHT) for n in nodes.values()]
    for r in known.relations:
        text, backwards = edge_label(known, r)
        a, b = (nodes[id] for id in r.between)
        together = pairs[frozenset(r.between)]
        k, n = together.index(r), len(together)
        edge = Edge(b, a, text, True) if backwards else Edge(a, b, text, False)
        along = 0.5 if n == 1 else 0.3 + 0.4 * k / (n - 1)
        if edge.source.id > edge.target.id:  # the same spot whichever way the arrow points
            along = 1 - along
        edges.append(_labelled(_placed(edge, shift=(k - (n - 1) / 2) * 16), along, taken))
    return Map(width, height, tuple(nodes.values()), tuple(edges))


LABEL_HEIGHT = 14
Box = tuple[float, float, float, float]


def _box(x: float, y: float, width: float, height: float) -> Box:
    return (x - width / 2, y - height / 2, x + width / 2, y + height / 2)


def _labelled(edge: Edge, along: float, taken: list[Box]) -> Edge:
    """The edge with its label at the spot along its line, nearest `along`,
    that overlaps the names and the labels placed before (`taken`, which
    gains this one) least; ideally not at all."""
    width = len(edge.label) * 6.2 + 6
    spots = [along, *(along + d for step in (0.1, 0.2, 0.3, 0.4) for d in (-step, step))]
    options = []
    for rank, t in enumerate(t for t in spots if 0.1 <= t <= 0.9):
        x, y = edge.x1 + (edge.x2 - edge.x1) * t, edge.y1 + (edge.y2 - edge.y1) * t
        box = _box(x, y, width, LABEL_HEIGHT)
        options.append((sum(_overlap(box, other) for other in taken), rank, x, y, box))
    _, _, x, y, box = min(options)
    taken.append(box)
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


def _ring(ids: list[str], links: dict[str, set[str]]) -> list[str]:
    """`ids` in an order where each next person is, where possible, related
    to the one before (so fewer lines cross the circle)."""
    left = list(ids)
    ring = [left.pop(0)]
    while left:
        near = [id for id in left if id in links[ring[-1]]]
        ring.append(near[0] if near else left[0])
        left.remove(ring[-1])
    return ring
