"""`hishers relations`: the relationship map known so far, as a tree, as
Graphviz DOT or as a Mermaid graph."""

from __future__ import annotations

import json
from typing import Any

from hishers_cli.document import Block, Heading, Paragraph, Tree
from hishers_cli.gate import CharacterView, View
from hishers_cli.views.common import character, envelope, hint, learned


def _edges(view: View, only: CharacterView | None) -> list[dict[str, Any]]:
    return [
        {
            "between": [view.name(a), view.name(b)],
            "ids": [a, b],
            "kind": r.kind,
            "text": r.text,
            "known_from": r.known_from,
            "sources": list(r.sources),
        }
        for r in view.relationships
        for a, b in [r.between]
        if only is None or only.id in r.between
    ]


def tree(view: View, only: CharacterView | None = None) -> tuple[dict[str, Any], list[Block]]:
    edges = _edges(view, only)
    data = envelope(view, relationships=edges)
    people = [only] if only else [c for c in view.characters if c.relationships]
    blocks: list[Block] = [Heading(f"{view.title}: relationships")]
    if not edges:
        blocks.append(Paragraph(hint("No relationships known yet at your progress.")))
    for c in people:
        children = []
        for r in c.relationships:
            other = view.name(next((x for x in r.between if x != c.id), c.id))
            children.append(Tree((character(other), f" ({r.kind}): {r.text}", hint(f" [{learned(r.known_from)}]"))))
        blocks.append(Tree(character(c.name), tuple(children)))
    return data, blocks


def dot(view: View, only: CharacterView | None = None) -> str:
    lines = ["graph relationships {", "  node [shape=box];"]
    for e in _edges(view, only):
        a, b = (json.dumps(n) for n in e["between"])
        lines.append(f"  {a} -- {b} [label={json.dumps(e['kind'])}];")
    return "\n".join(lines + ["}"]) + "\n"


def mermaid(view: View, only: CharacterView | None = None) -> str:
    lines = ["graph LR"]
    for e in _edges(view, only):
        (a, b), (na, nb) = e["ids"], e["between"]
        label = e["kind"].replace('"', "'")
        lines.append(f'  {_id(a)}["{na}"] ---|"{label}"| {_id(b)}["{nb}"]')
    return "\n".join(lines) + "\n"


def _id(text: str) -> str:
    return "".join(ch if ch.isalnum() else "_" for ch in text)
