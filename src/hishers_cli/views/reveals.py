"""What an episode revealed, as blocks: shared by `episodes N`, `new N` and
`recap`, so each words a reveal the same way. Told in full (`reveal_blocks`),
or only named (`named_blocks`) where a summary on the same page tells the
story."""

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
    how_to,
    relation_phrase,
    what_it_adds,
)

FIRST_SHOWN = "What this episode reveals"
BY_NOW = "Also known by now (the sources do not say whether this episode or an earlier one shows it)"
NAMED_FIRST_SHOWN = "New in this episode"
NAMED_BY_NOW = "Also known by now (the sources do not tie them to this episode)"
MORE_ABOUT = "More about: "


def in_full(number: int) -> str:
    """Where what a page only names is told: the same words for every
    episode and character, naming nothing."""
    return f"Each in full: hishers new {number}, or hishers who NAME for one person."


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
        blocks.append(Bullets(tuple(first), title=FIRST_SHOWN))
    if by_now:
        blocks.append(Bullets(tuple(by_now), title=BY_NOW))
    return blocks


def named_blocks(known: Known, reveals: tuple[Reveal, ...], number: int) -> list[Block]:
    """What episode `number` revealed, named and not told, for a page whose
    summary already tells the story: a new character by name and who plays
    them, a relationship by its label, someone's new bio stages as their
    name under "More about", a casting as who plays whom. What the sources
    do not tie to this episode is named apart, under its own heading; a
    name or label is given once on the page. A last line says where each
    is told in full. Nothing revealed: no blocks."""
    introduced = {r.record.id: r for r in reveals if r.kind == "character"}
    said: set[str] = set()
    blocks: list[Block] = []
    for exact, title in ((True, NAMED_FIRST_SHOWN), (False, NAMED_BY_NOW)):
        lines: list[Any] = []
        more: list[Any] = []
        for r in (r for r in reveals if r.exact is exact):
            if r.kind == "character":
                lines.append(_introduction(known, r, reveals, told=False))
            elif _on_an_introduction(r, introduced):
                continue  # named on the line introducing its character
            elif r.kind == "bio":
                more += [character_span(r.character.name)] if r.character else []
            elif r.kind == "relationship":
                lines.append(relation_label(known, r.record))
            elif r.kind == "casting" or r.character is not None:
                lines.append(reveal_cell(known, r))
        lines = _unsaid(lines, said)
        more = _unsaid(more, said)
        if more:
            lines.append((MORE_ABOUT, *join(more)))
        if lines:
            blocks.append(Bullets(tuple(lines), title=title))
    if blocks:
        blocks.append(how_to(in_full(number)))
    return blocks


def _unsaid(cells: list[Any], said: set[str]) -> list[Any]:
    """The cells whose text is not in `said`, once each; `said` gains them."""
    kept = []
    for cell in cells:
        if (text := plain(cell)) not in said:
            said.add(text)
            kept.append(cell)
    return kept


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


def _introduction(known: Known, r: Reveal, reveals: tuple[Reveal, ...], told: bool = True) -> Any:
    """'New: Alice, played by Crystal Fox; Anna Andrews's mother. Anna's
    mother, still in the family home...' for a character this episode
    introduces; without what the episode's bio stages tell where not
    `told` ('New: Alice, played by Crystal Fox; Anna's mother')."""
    c = known.character(r.record.id)
    assert c is not None
    cells: list[Any] = ["New: " if r.exact else "", character_span(c.name), *attributed(known, r.record, "")]
    players = [(actor_span(k.actor), f" ({k.part})" if k.part else "") for k in known.cast_by(c, r.record.known_from)]
    if players:
        cells += [", played by ", *join(players)]
    stages = [o for o in reveals if o.kind == "bio" and o.character is not None and o.character.id == c.id]
    bios = " ".join(o.record.text for o in stages) if told else ""
    phrases = [
        relation_phrase(known, o.record, c.id) for o in reveals if o.kind == "relationship" and c.id in o.record.between
    ]
    # A tie the episode's own words about them already give is not said twice.
    ties = [tie for tie in dict.fromkeys(phrases) if not told or adds(tie, bios)]
    if ties:
        cells.append("; " + ", ".join(ties))
    if not told:
        return tuple(cells)
    separator = ". "
    for other in stages:
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
        head = relation_label(known, record)
        text = what_it_adds(record.text, f"{a} {b} {plain(head)} {record.kind}")
        if not text and not record.disputed:
            return head
        return (*head, ": ", *attributed(known, record, text or record.text))
    return attributed(known, record, getattr(record, "text", ""))


def relation_label(known: Known, record: Any) -> tuple[Any, ...]:
    """A relationship's short label: "Richard Jones, Anna's lover", or
    "Anna Andrews and Jack Harper (spouses)" for one without roles."""
    a, b = (known.name(id) for id in record.between)
    if record.roles:
        return (character_span(b), f", {first_name(known, record.between[0])}'s {record.roles[1]}")
    return (character_span(a), " and ", character_span(b), f" ({record.kind})")
