"""What an episode revealed, as blocks: shared by `episodes N`, `new N` and
`recap`, so each words a reveal the same way."""

from __future__ import annotations

from typing import Any

from hishers_cli.gate import Known, Reveal
from hishers_cli.render.blocks import Block, Bullets, join, join_names, plain
from hishers_cli.views.common import (
    actor_span,
    adds,
    attributed,
    character_span,
    first_name,
    relation_phrase,
    what_it_adds,
)


def reveal_blocks(known: Known, reveals: tuple[Reveal, ...]) -> list[Block]:
    """What an episode revealed: what it showed first, then what the viewer
    knows by its end without a source saying it was shown there first. Each
    fact is said once: a character introduced here comes with who plays them
    and how they are related to the others, on one line with what the
    episode showed of them."""
    introduced = {r.record.id: r for r in reveals if r.kind == "character"}
    # A stage two characters share (the same words in both bios) is one
    # line, under both names.
    shared: dict[tuple[bool, str], list[Reveal]] = {}
    for r in reveals:
        if r.kind == "bio" and r.character is not None and not _on_an_introduction(r, introduced):
            shared.setdefault((r.exact, r.record.text), []).append(r)
    lines: list[tuple[bool, Any]] = []
    for r in reveals:
        if r.kind == "character":
            lines.append((r.exact, _introduction(known, r, reveals)))
        elif r.kind == "bio" and len(together := shared.get((r.exact, r.record.text), [])) > 1:
            if together[0] is r:
                names = join_names([character_span(o.character.name) for o in together if o.character])
                lines.append((r.exact, _shared_line(known, names, r.record)))
        elif not _on_an_introduction(r, introduced):
            lines.append((r.exact, reveal_cell(known, r)))
    blocks: list[Block] = []
    first = [cell for exact, cell in lines if exact]
    by_now = [cell for exact, cell in lines if not exact]
    if first:
        blocks.append(Bullets(tuple(first), title="What this episode reveals"))
    if by_now:
        blocks.append(
            Bullets(
                tuple(by_now),
                title="Also known by now (the sources do not say whether this episode or an earlier one shows it)",
            )
        )
    return blocks


# Words that open a text with its own subject ("She and Anna were friends"):
# such a text follows the names it is shared by after a colon. A text
# without one ("Was one of the girls") takes them as its subject.
_SUBJECTS = frozenset(
    ["she", "he", "they", "her", "his", "their", "its", "it", "the", "a", "an", "this", "these", "those"]
)


def _shared_line(known: Known, names: tuple[Any, ...], record: Any) -> tuple[Any, ...]:
    """A stage several people share, on one line that reads as a sentence:
    "Each of A, B and C was one of the girls..." where the text has no
    subject of its own, "A and B: She ..." where it has."""
    text: str = record.text
    first = text.split(" ", 1)[0].casefold()
    # A text led by someone's name keeps it as written: "Priya comes to ..."
    # is never "Each of A and B priya comes to ...".
    named = {word.casefold() for c in known.characters for word in c.name.split()}
    if first in _SUBJECTS or first in named or not text[:1].isupper():
        return (*names, ": ", *attributed(known, record, text))
    return ("Each of ", *names, " ", *attributed(known, record, text[:1].lower() + text[1:]))


def _on_an_introduction(r: Reveal, introduced: dict[str, Reveal]) -> bool:
    """Whether a reveal is said on the line introducing its character."""
    if r.kind == "relationship":
        return any(id in introduced for id in r.record.between)
    return r.kind in ("casting", "bio") and r.character is not None and r.character.id in introduced


def _introduction(known: Known, r: Reveal, reveals: tuple[Reveal, ...]) -> Any:
    """'New: Alice, played by Crystal Fox; Anna Andrews's mother. Anna's
    mother, still in the family home...' for a character this episode introduces."""
    c = known.character(r.record.id)
    assert c is not None
    cells: list[Any] = ["New: " if r.exact else "", character_span(c.name), *attributed(known, r.record, "")]
    players = [(actor_span(k.actor), f" ({k.part})" if k.part else "") for k in known.cast_by(c, r.record.known_from)]
    if players:
        cells += [", played by ", *join(players)]
    bios = " ".join(
        o.record.text for o in reveals if o.kind == "bio" and o.character is not None and o.character.id == c.id
    )
    # A tie the episode's own words about them already give is not said twice.
    ties = [
        tie
        for other in reveals
        if other.kind == "relationship" and c.id in other.record.between
        if adds(tie := relation_phrase(known, other.record, c.id), bios)
    ]
    if ties:
        cells.append("; " + ", ".join(ties))
    separator = ". "
    for other in reveals:
        if other.kind == "bio" and other.character is not None and other.character.id == c.id:
            cells += [separator, *attributed(known, other.record, other.record.text)]
            separator = " "
    return tuple(cells)


def reveal_cell(known: Known, r: Reveal) -> Any:
    """One revealed record as a line of text."""
    record, c = r.record, r.character
    if r.kind == "casting":
        part = f" ({record.part})" if record.part and c else ""
        if c is None:
            return (actor_span(record.actor), *attributed(known, record, " joins the cast"))
        return (actor_span(record.actor), " plays ", character_span(c.name), part, *attributed(known, record, ""))
    if r.kind == "alias" and c:
        return (
            character_span(c.name),
            " is also known as ",
            character_span(record.name),
            ".",
            *attributed(known, record, ""),
        )
    if r.kind == "bio" and c:
        return (character_span(c.name), ": ", *attributed(known, record, record.text))
    if r.kind == "relationship":
        a, b = (known.name(id) for id in record.between)
        if record.roles:
            head: tuple[Any, ...] = (character_span(b), f", {first_name(known, record.between[0])}'s {record.roles[1]}")
        else:
            head = (character_span(a), " and ", character_span(b), f" ({record.kind})")
        text = what_it_adds(record.text, f"{a} {b} {plain(head)} {record.kind}")
        if not text and not record.disputed:
            return head
        return (*head, ": ", *attributed(known, record, text or record.text))
    return attributed(known, record, getattr(record, "text", ""))
