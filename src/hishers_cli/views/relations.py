"""`hishers relations`: the relationship map known so far, as a tree, as
Graphviz DOT or as a Mermaid graph."""

from __future__ import annotations

import json
from typing import Any

from hishers_cli.document import Block, Heading, Paragraph, Tree
from hishers_cli.gate import Known, KnownCharacter
from hishers_cli.model import Relationship
from hishers_cli.views import shapes
from hishers_cli.views.common import attributed, attribution, character, hint, when
from hishers_cli.views.shapes import envelope


def _edges(known: Known, only: KnownCharacter | None) -> list[Relationship]:
    return [r for r in known.relationships if only is None or only.id in r.between]


def tree(known: Known, only: KnownCharacter | None = None) -> tuple[dict[str, Any], list[Block]]:
    edges = _edges(known, only)
    data = envelope(known, relationships=[shapes.relationship(known, r) for r in edges])
    people = [only] if only else [c for c in known.characters if c.relationships]
    blocks: list[Block] = [Heading(f"{known.title}: relationships")]
    if not edges:
        blocks.append(Paragraph(hint("No relationships known yet at your progress.")))
    for c in people:
        children = []
        for r in c.relationships:
            other = known.name(next((x for x in r.between if x != c.id), c.id))
            label = (character(other), f" ({r.kind}): ", *attributed(known, r, r.text), hint(f" [{when(r)}]"))
            children.append(Tree(label))
        blocks.append(Tree(character(c.name), tuple(children)))
    return data, blocks


def dot(known: Known, only: KnownCharacter | None = None) -> str:
    lines = ["graph relationships {", "  node [shape=box];"]
    for r in _edges(known, only):
        a, b = (json.dumps(known.name(id)) for id in r.between)
        lines.append(f"  {a} -- {b} [label={json.dumps(r.kind + attribution(known, r))}];")
    return "\n".join(lines + ["}"]) + "\n"


def mermaid(known: Known, only: KnownCharacter | None = None) -> str:
    lines = ["graph LR"]
    for r in _edges(known, only):
        a, b = r.between
        label = (r.kind + attribution(known, r)).replace('"', "'")
        na, nb = (known.name(id).replace('"', "'") for id in r.between)
        lines.append(f'  {_id(a)}["{na}"] ---|"{label}"| {_id(b)}["{nb}"]')
    return "\n".join(lines) + "\n"


def _id(text: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in text)
