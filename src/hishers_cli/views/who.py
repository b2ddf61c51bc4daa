"""`hishers who NAME`: the one-stop character card."""

from __future__ import annotations

from typing import Any

from hishers_cli.document import Block, Bullets, Fields, Heading, Paragraph
from hishers_cli.gate import Known, KnownCasting, KnownCharacter
from hishers_cli.lookup import Person
from hishers_cli.views.common import (
    HELD_HINT,
    actor,
    attributed,
    character,
    envelope,
    hint,
    locked,
    sources_json,
    stamped_json,
    when,
)

ROLE_LOCKED = "revealed as you watch"


def character_json(known: Known, c: KnownCharacter) -> dict[str, Any]:
    """A character in JSON, one shape for every command."""
    return {
        "id": c.id,
        "name": c.name,
        "exact": c.exact,
        "sources": sources_json(known, c.sources),
        "aliases": [stamped_json(known, a, name=a.name) for a in c.aliases],
        "cast": [casting_json(known, k, c) for k in c.cast],
        "bio": [stamped_json(known, b, text=b.text) for b in c.bio],
        "relationships": [relationship_json(known, r) for r in c.relationships],
        "appearances": list(c.appearances),
    }


def casting_json(known: Known, k: Any, c: KnownCharacter | None) -> dict[str, Any]:
    """A casting in JSON: the actor, and the character and part once known."""
    record = k.record if isinstance(k, KnownCasting) else k
    return stamped_json(
        known,
        record,
        actor=record.actor,
        character=None if c is None else {"id": c.id, "name": c.name},
        part=record.part if c is not None else None,
        known_for=list(record.known_for),
    )


def relationship_json(known: Known, r: Any) -> dict[str, Any]:
    """A relationship in JSON, one shape for every command."""
    return stamped_json(
        known,
        r,
        between=[{"id": id, "name": known.name(id)} for id in r.between],
        kind=r.kind,
        text=r.text,
    )


def card(known: Known, person: Person, note: str | None = None) -> tuple[dict[str, Any], list[Block]]:
    c = person.character
    if c is None:
        return _locked_role(known, person, note)
    data = envelope(known, character=character_json(known, c))
    fields: list[tuple[str, Any]] = []
    for k in c.cast:
        known_for = f", known for {', '.join(k.known_for)}" if k.known_for else ""
        fields.append(("Played by", (actor(k.actor), f" ({k.part})" if k.part else "", known_for)))
    for a in c.aliases:
        fields.append(("Also known as", attributed(known, a, a.name)))
    seen = ", ".join(map(str, c.appearances)) if c.appearances else "none recorded by the sources"
    fields.append(("Seen in episodes", seen))
    blocks: list[Block] = [Heading(character(c.name))]
    if note:
        blocks.append(Paragraph(hint(note)))
    blocks.append(Fields(tuple(fields)))
    if c.bio:
        blocks.append(
            Bullets(tuple((f"[{when(b)}] ", *attributed(known, b, b.text)) for b in c.bio), title="As far as you know")
        )
    if c.relationships:
        blocks.append(
            Bullets(
                tuple(
                    (character(_other(known, c, r)), f" ({r.kind}): ", *attributed(known, r, r.text))
                    for r in c.relationships
                ),
                title="Relationships",
            )
        )
    if known.more_later:
        blocks.append(Paragraph(hint(HELD_HINT)))
    return data, blocks


def _other(known: Known, c: KnownCharacter, r: Any) -> str:
    return known.name(next((x for x in r.between if x != c.id), c.id))


def _locked_role(known: Known, person: Person, note: str | None) -> tuple[dict[str, Any], list[Block]]:
    k = person.casting
    assert k is not None
    data = envelope(known, casting=casting_json(known, k, None))
    blocks: list[Block] = [Heading(actor(k.actor))]
    if note:
        blocks.append(Paragraph(hint(note)))
    fields: list[tuple[str, Any]] = [("Role", locked(ROLE_LOCKED))]
    if k.known_for:
        fields.append(("Known for", ", ".join(k.known_for)))
    blocks.append(Fields(tuple(fields)))
    if known.more_later:
        blocks.append(Paragraph(hint(HELD_HINT)))
    return data, blocks
