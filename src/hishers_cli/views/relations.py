"""`hishers relations`: the relationship map known so far, as a tree, as
Graphviz DOT or as a Mermaid graph. Each relationship is shown once, in its
current state; `--history` adds the states it went through before."""

from __future__ import annotations

import json
from typing import Any

from hishers_cli.document import Block, Heading, Paragraph, Tree
from hishers_cli.gate import Known, KnownCharacter, KnownRelationship
from hishers_cli.views import shapes
from hishers_cli.views.common import attributed, attribution, character, hint, relation_cells, stamp
from hishers_cli.views.shapes import envelope


def _relations(known: Known, only: KnownCharacter | None) -> list[KnownRelationship]:
    return [r for r in known.relations if only is None or only.id in r.between]


def tree(known: Known, only: KnownCharacter | None = None, history: bool = False) -> tuple[dict[str, Any], list[Block]]:
    relations = _relations(known, only)
    data = envelope(known, relationships=[shapes.relationship(known, r) for r in relations])
    blocks: list[Block] = [Heading(f"{known.title}: relationships")]
    if not relations:
        blocks.append(Paragraph(hint("No relationships known yet at your progress.")))
    # Each relationship once: under the one person asked about, or else under
    # whichever of its two people comes first in the cast.
    listed: set[KnownRelationship] = set()
    for c in [only] if only else known.characters:
        mine = [r for r in c.relationships if r not in listed]
        listed.update(mine)
        if mine:
            blocks.append(Tree(character(c.name), tuple(_node(known, r, c.id, history) for r in mine)))
    if relations and not history and any(r.history for r in relations):
        blocks.append(Paragraph(hint("Add --history for how relationships have changed.")))
    return data, blocks


def _node(known: Known, relation: KnownRelationship, focus: str, history: bool) -> Tree:
    label = (*relation_cells(known, relation, focus), hint(f" {stamp(relation.current[0])}"))
    if not history or not relation.history:
        return Tree(label)
    earlier = tuple(
        Tree((hint(f"{stamp(state)} "), *attributed(known, state, state.text))) for state in relation.history
    )
    return Tree(label, (Tree(hint("Before:"), earlier),))


def edge_label(known: Known, relation: KnownRelationship) -> tuple[str, bool]:
    """The edge's label and whether it points from between[1] to between[0]
    ('mother of': Alice to Anna)."""
    labels = "".join(attribution(known, state) for state in relation.current[:1])
    if relation.roles:
        return f"{relation.roles[1]} of{labels}", True
    return relation.kind + labels, False


def dot(known: Known, only: KnownCharacter | None = None) -> str:
    lines = ["digraph relationships {", "  node [shape=box];"]
    for r in _relations(known, only):
        a, b = (json.dumps(known.name(id)) for id in r.between)
        label, directed = edge_label(known, r)
        if directed:
            lines.append(f"  {b} -> {a} [label={json.dumps(label)}];")
        else:
            lines.append(f"  {a} -> {b} [label={json.dumps(label)}, dir=none];")
    return "\n".join(lines + ["}"]) + "\n"


def mermaid(known: Known, only: KnownCharacter | None = None) -> str:
    lines = ["graph LR"]
    for r in _relations(known, only):
        (a, b), (na, nb) = r.between, (known.name(id).replace('"', "'") for id in r.between)
        label, directed = edge_label(known, r)
        label = label.replace('"', "'")
        if directed:
            lines.append(f'  {_id(b)}["{nb}"] -->|"{label}"| {_id(a)}["{na}"]')
        else:
            lines.append(f'  {_id(a)}["{na}"] ---|"{label}"| {_id(b)}["{nb}"]')
    return "\n".join(lines) + "\n"


def _id(text: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in text)
