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


class Node(NamedTuple):
    id: str
    name: str
    x: float
    y: float


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
    for r in known.relations:
        text, backwards = edge_label(known, r)
        a, b = (nodes[id] for id in r.between)
        together = pairs[frozenset(r.between)]
        k, n = together.index(r), len(together)
        edge = Edge(b, a, text, True) if backwards else Edge(a, b, text, False)
        edges.append(_placed(edge, shift=(k - (n - 1) / 2) * 16, along=0.5 if n == 1 else 0.3 + 0.4 * k / (n - 1)))
    return Map(width, height, tuple(nodes.values()), tuple(edges))


def _placed(edge: Edge, shift: float, along: float) -> Edge:
    """The edge's line: from just outside one name to just outside the
    other, moved sideways by `shift`; its label `along` the way."""
    if edge.source.id > edge.target.id:  # the same side and spacing whichever way the arrow points
        shift, along = -shift, 1 - along
    dx, dy = edge.target.x - edge.source.x, edge.target.y - edge.source.y
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    clear = min(26.0, length / 3)
    ox, oy = -uy * shift, ux * shift
    x1, y1 = edge.source.x + ux * clear + ox, edge.source.y + uy * clear + oy
    x2, y2 = edge.target.x - ux * clear + ox, edge.target.y - uy * clear + oy
    return edge._replace(
        x1=round(x1, 1),
        y1=round(y1, 1),
        x2=round(x2, 1),
        y2=round(y2, 1),
        label_x=round(x1 + (x2 - x1) * along, 1),
        label_y=round(y1 + (y2 - y1) * along + 4, 1),
    )


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
