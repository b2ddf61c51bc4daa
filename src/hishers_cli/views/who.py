"""`hishers who NAME`: the one-stop character card."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hishers_cli.gate import Known
from hishers_cli.lookup import Match, Person
from hishers_cli.render.blocks import Block, Bullets, Fields, Heading, Paragraph
from hishers_cli.views import shapes
from hishers_cli.views.base import HELD_HINT
from hishers_cli.views.common import (
    ROLE_LOCKED,
    actor_span,
    attributed,
    character_span,
    hint,
    locked,
    relation_cells,
    stamp,
)
from hishers_cli.views.shapes import envelope
from hishers_cli.views.view import View


def card(known: Known, person: Person, note: str | None = None, match: Match | None = None) -> View:
    """One person's card; `match` says how the viewer's query found them."""
    c = person.character
    if c is None:
        return _locked_role(known, person, note, match)
    data: shapes.WhoCharacterDocument = {
        **envelope(known),
        "match": _matched(match),
        "character": shapes.character(known, c),
    }
    fields: list[tuple[str, Any]] = []
    for k in c.cast:
        known_for = f", known for {', '.join(k.known_for)}" if k.known_for else ""
        fields.append(("Played by", (actor_span(k.actor), f" ({k.part})" if k.part else "", known_for)))
    for a in c.aliases:
        fields.append(("Also known as", attributed(known, a, a.name)))
    # Before episode 1 nobody has been seen in one: the line would only say
    # that nothing is watched yet.
    if known.watched:
        seen = ", ".join(map(str, c.appearances)) if c.appearances else "none recorded by the sources"
        fields.append(("Seen in episodes", seen))
    blocks: list[Block] = [Heading(character_span(c.name))]
    if note:
        blocks.append(Paragraph(hint(note)))
    blocks.append(Fields(tuple(fields)))
    if c.bio:
        blocks.append(
            Bullets(tuple((f"{stamp(b)} ", *attributed(known, b, b.text)) for b in c.bio), title="As far as you know")
        )
    if c.relationships:
        blocks.append(Bullets(tuple(relation_cells(known, r, c.id) for r in c.relationships), title="Relationships"))
    if not known.finished:
        blocks.append(Paragraph(hint(HELD_HINT)))
    return View(data, blocks)


def several(known: Known, match: Match) -> View:
    """Everyone a plural fits ("victims", "detectives"), one line each."""
    people = [p.character for p in match.people if p.character is not None]
    data: shapes.WhoCharactersDocument = {
        **envelope(known),
        "match": shapes.match(match),
        "characters": [shapes.character(known, c) for c in people],
    }
    rows = []
    for c in people:
        actors = ", ".join(k.actor for k in c.cast)
        rows.append((character_span(c.name), f" (played by {actors})" if actors else ""))
    blocks: list[Block] = [
        Paragraph(hint(f"{len(people)} people match; 'hishers who NAME' shows one of them.")),
        Bullets(tuple(rows)),
    ]
    if not known.finished:
        blocks.append(Paragraph(hint(HELD_HINT)))
    return View(data, blocks)


# What `named` shows of each kind of record: a title, each record's line,
# and its JSON shape.
_NAMED: dict[str, tuple[str, Callable[[Any], str], Callable[[Known, Any], Any]]] = {
    "credit": ("In the credits", lambda credit: ", ".join(credit.roles), shapes.credit),
}


def named(known: Known, match: Match) -> View:
    """A name that is no character's (someone in the credits): each record
    under it, a disputed one with its own sources."""
    entry = match.named[0]
    data: shapes.WhoNamedDocument = {
        **envelope(known),
        "match": shapes.match(match),
        "named": shapes.named(known, entry, _NAMED[entry.kind][2]),
    }
    title, says, _ = _NAMED[entry.kind]
    lines = tuple(attributed(known, r, says(r)) for r in entry.records)
    blocks: list[Block] = [Heading(entry.name), Bullets(lines, title=title)]
    if not known.finished:
        blocks.append(Paragraph(hint(HELD_HINT)))
    return View(data, blocks)


def _matched(match: Match | None) -> shapes.Match | None:
    return shapes.match(match) if match is not None else None


def _locked_role(known: Known, person: Person, note: str | None, match: Match | None) -> View:
    k = person.casting
    assert k is not None
    data: shapes.WhoCastingDocument = {
        **envelope(known),
        "match": _matched(match),
        "casting": shapes.casting(known, k, None),
    }
    blocks: list[Block] = [Heading(actor_span(k.actor))]
    if note:
        blocks.append(Paragraph(hint(note)))
    fields: list[tuple[str, Any]] = [("Role", locked(ROLE_LOCKED))]
    if k.known_for:
        fields.append(("Known for", ", ".join(k.known_for)))
    blocks.append(Fields(tuple(fields)))
    if not known.finished:
        blocks.append(Paragraph(hint(HELD_HINT)))
    return View(data, blocks)
