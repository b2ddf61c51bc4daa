"""`hishers relations`: the relationship map known so far, as a tree, as
Graphviz DOT or as a Mermaid graph. Each relationship is shown once, in its
current state; `--history` adds the states it went through before."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from hishers_cli.dataset.model import Relationship
from hishers_cli.gate import Known, KnownCharacter, KnownRelationship
from hishers_cli.render.blocks import Block, Heading, Paragraph, Tree
from hishers_cli.views import shapes
from hishers_cli.views.common import (
    attributed,
    attribution,
    character_span,
    hint,
    how_to,
    relation_cells,
    stamp,
    what_it_adds,
)
from hishers_cli.views.shapes import envelope
from hishers_cli.views.view import View


def _relations(known: Known, only: KnownCharacter | None) -> list[KnownRelationship]:
    return [r for r in known.relationships if only is None or only.id in r.between]


def tree(known: Known, only: KnownCharacter | None = None, history: bool = False) -> View:
    relations = _relations(known, only)
    data: shapes.RelationsDocument = {
        **envelope(known),
        "relationships": [shapes.relationship(known, r) for r in relations],
    }
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
            blocks.append(Tree(character_span(c.name), tuple(_node(known, r, c.id, history) for r in mine)))
    if relations and not history and any(changes(r) for r in relations):
        blocks.append(how_to("Add --history for how relationships have changed."))
    return View(data, blocks)


def _node(known: Known, relation: KnownRelationship, focus: str, history: bool) -> Tree:
    label = (*relation_cells(known, relation, focus), hint(f" {stamp(relation.current[0])}"))
    if not history or not changes(relation):
        return Tree(label)
    earlier = tuple(
        Tree((hint(f"{stamp(state)} "), *attributed(known, state, state.text))) for state in changes(relation)
    )
    return Tree(label, (Tree(hint("Before:"), earlier),))


def changes(relation: KnownRelationship) -> tuple[Relationship, ...]:
    """The earlier states worth showing as history: each one that changes
    something. A state whose roles are those of the state after it (the
    current one, after the last) and whose text adds nothing to that
    state's says the same in other words, and is left out; the JSON keeps
    every state."""

    def roles(state: Relationship) -> dict[str, str]:
        # A state written without roles has the relationship's.
        if state.roles:
            return dict(zip(state.between, state.roles, strict=True))
        return dict(zip(relation.between, relation.roles, strict=False))

    following = [*((state,) for state in relation.history[1:]), relation.current]
    return tuple(
        state
        for state, after in zip(relation.history, following, strict=False)
        if any(roles(a) != roles(state) for a in after) or what_it_adds(state.text, " ".join(a.text for a in after))
    )


def edge_label(known: Known, relation: KnownRelationship) -> tuple[str, bool]:
    """The edge's label and whether it points from between[1] to between[0]
    ('mother of': Alice to Anna)."""
    if relation.roles:
        return f"{relation.roles[1]} of", True
    return relation.kind, False


class Line(NamedTuple):
    """One line of a drawn map: a relationship's state between two people,
    labelled. A disputed state is a line of its own, with its sources; with
    `--history`, so is each earlier state."""

    relation: KnownRelationship
    state: Any
    label: str
    directed: bool
    earlier: bool


def lines(known: Known, only: KnownCharacter | None = None, history: bool = False) -> list[Line]:
    """The map's lines: each relationship's current state (each account of
    it, where the sources disagree), and with `history` the states before it,
    each labelled with what it says and when."""
    out = []
    for r in _relations(known, only):
        kind, directed = edge_label(known, r)
        states = [(s, True) for s in changes(r)] if history else []
        states += [(s, False) for s in r.current]
        for state, earlier in states:
            label = kind + attribution(known, state)
            if history:  # what the state says beyond its kind and roles, and when
                said = f"{known.name(r.between[0])} {known.name(r.between[1])} {kind} {' '.join(r.roles)}"
                text = what_it_adds(state.text, said)
                label = f"{kind}{': ' + text if text else ''}{attribution(known, state)} {stamp(state)}"
            out.append(Line(r, state, label, directed, earlier))
    return out


# Characters no map format may carry raw: controls (a newline would end a
# Mermaid statement, an escape sequence would reach the terminal).
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def _clean(text: str) -> str:
    return _CONTROLS.sub(" ", text)


def dot_string(text: str) -> str:
    """A DOT quoted string: backslash and quote escaped, everything else as
    UTF-8 text (Graphviz reads UTF-8; it does not decode JSON's \\u escapes)."""
    return '"' + _clean(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def dot(known: Known, only: KnownCharacter | None = None, history: bool = False) -> str:
    found = lines(known, only, history)
    people = list(dict.fromkeys(id for line in found for id in line.relation.between))
    out = ["digraph relationships {", "  node [shape=box];"]
    out += [f"  {dot_string(id)} [label={dot_string(known.name(id))}];" for id in people]
    for line in found:
        a, b = (dot_string(id) for id in line.relation.between)
        style = ", style=dashed" if line.earlier else ""
        if line.directed:
            out.append(f"  {b} -> {a} [label={dot_string(line.label)}{style}];")
        else:
            out.append(f"  {a} -> {b} [label={dot_string(line.label)}, dir=none{style}];")
    return "\n".join(out + ["}"]) + "\n"


# Mermaid reads "#code;" as a character: every character that could end a
# label or start markup is written that way.
_MERMAID = {ch: f"#{ord(ch)};" for ch in '"#<>&|`[]{}()'}


def mermaid_string(text: str) -> str:
    """A Mermaid quoted label: no character in it can end the label, the
    statement or the line."""
    return '"' + "".join(_MERMAID.get(ch, ch) for ch in _clean(text)) + '"'


def mermaid(known: Known, only: KnownCharacter | None = None, history: bool = False) -> str:
    found = lines(known, only, history)
    people = list(dict.fromkeys(id for line in found for id in line.relation.between))
    # Node ids are made up here (n1, n2, ...): a character id is data.
    ids = {id: f"n{i}" for i, id in enumerate(people, 1)}
    out = ["graph LR"]
    out += [f"  {ids[id]}[{mermaid_string(known.name(id))}]" for id in people]
    for line in found:
        a, b = (ids[id] for id in line.relation.between)
        arrow = ("-.->" if line.earlier else "-->") if line.directed else ("-.-" if line.earlier else "---")
        first, second = (b, a) if line.directed else (a, b)
        out.append(f"  {first} {arrow}|{mermaid_string(line.label)}| {second}")
    return "\n".join(out) + "\n"
