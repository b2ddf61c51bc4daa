"""`hishers who NAME`: the one-stop character card."""

from __future__ import annotations

from typing import Any

from hishers_cli.document import Block, Bullets, Fields, Heading, Paragraph
from hishers_cli.gate import CharacterView, View
from hishers_cli.lookup import Person
from hishers_cli.views.common import actor, character, envelope, held_json, held_text, hint, locked


def card(view: View, person: Person, note: str | None = None) -> tuple[dict[str, Any], list[Block]]:
    c = person.character
    if c is None:
        return _locked_role(view, person, note)
    others = {r: view.name(next((x for x in r.between if x != c.id), c.id)) for r in c.relationships}
    data = envelope(
        view,
        character={
            "id": c.id,
            "name": c.name,
            "aliases": list(c.aliases),
            "cast": [{"actor": k.actor, "part": k.part, "known_for": list(k.known_for)} for k in c.cast],
            "bio": [{"known_from": b.known_from, "text": b.text, "sources": list(b.sources)} for b in c.bio],
            "relationships": [
                {"with": others[r], "kind": r.kind, "text": r.text, "known_from": r.known_from} for r in c.relationships
            ],
            "appearances": list(c.appearances),
            "held": held_json(c.held),
        },
    )
    fields: list[tuple[str, Any]] = []
    for k in c.cast:
        known_for = f", known for {', '.join(k.known_for)}" if k.known_for else ""
        played = (actor(k.actor), f" ({k.part})" if k.part else "", known_for)
        fields.append(("Played by", played))
    if c.aliases:
        fields.append(("Also known as", ", ".join(c.aliases)))
    if c.appearances:
        fields.append(("Seen in episodes", ", ".join(map(str, c.appearances))))
    blocks: list[Block] = [Heading(character(c.name))]
    if note:
        blocks.append(Paragraph(hint(note)))
    blocks.append(Fields(tuple(fields)))
    if c.bio:
        blocks.append(Bullets(tuple(_stage(c, b) for b in c.bio), title="As far as you know"))
    if c.relationships:
        blocks.append(
            Bullets(
                tuple((character(others[r]), f" ({r.kind}): {r.text}") for r in c.relationships),
                title="Relationships",
            )
        )
    if c.held:
        blocks.append(Paragraph(hint(held_text(c.held, c.name))))
    return data, blocks


def _stage(c: CharacterView, stage: Any) -> Any:
    when = "before episode 1" if stage.known_from == 0 else f"episode {stage.known_from}"
    return (f"[{when}] ", stage.text, hint(f" ({', '.join(stage.sources)})"))


def _locked_role(view: View, person: Person, note: str | None) -> tuple[dict[str, Any], list[Block]]:
    k = person.casting
    assert k is not None
    data = envelope(
        view,
        actor={"name": k.actor, "known_for": list(k.known_for), "role_unlocks_at": k.role_unlocks_at},
    )
    blocks: list[Block] = [Heading(actor(k.actor))]
    if note:
        blocks.append(Paragraph(hint(note)))
    fields: list[tuple[str, Any]] = [("Role", locked(f"revealed in episode {k.role_unlocks_at}"))]
    if k.known_for:
        fields.append(("Known for", ", ".join(k.known_for)))
    blocks.append(Fields(tuple(fields)))
    return data, blocks
