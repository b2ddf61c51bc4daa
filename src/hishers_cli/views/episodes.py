"""`hishers episodes` and `hishers episodes N`."""

from __future__ import annotations

from typing import Any

from hishers_cli.document import Block, Bullets, Column, Fields, Heading, Paragraph, Table, join, plain
from hishers_cli.gate import Known, KnownEpisode, Reveal
from hishers_cli.views import shapes
from hishers_cli.views.common import (
    actor,
    adds,
    attributed,
    character,
    episode,
    first_name,
    hint,
    locked,
    progress_line,
    relation_phrase,
    source_label,
    what_it_adds,
)
from hishers_cli.views.shapes import envelope

LOCKED_SUMMARIES = "An episode's summary is shown once you have watched it."


def _runtime(e: KnownEpisode) -> str:
    return f"about {e.runtime_minutes} min" if e.runtime_minutes else "?"


def guide(known: Known) -> tuple[dict[str, Any], list[Block]]:
    titled = any(e.title for e in known.episodes)
    columns = (
        [Column("Episode", named=True)]
        + ([Column("Title")] if titled else [])
        + [Column("Runtime"), Column("Summary", wide=True)]
    )
    rows = []
    for e in known.episodes:
        about: Any = e.summary.text if e.summary else ""
        title = [e.title or ""] if titled else []
        rows.append((str(e.number), *title, _runtime(e), about))
    data = envelope(known, episodes=[shapes.episode(known, e) for e in known.episodes])
    blocks: list[Block] = [
        Heading(f"{known.title}: episode guide"),
        Paragraph(hint(progress_line(known))),
        Table(tuple(columns), tuple(rows)),
    ]
    if any(not e.summary for e in known.episodes):
        blocks.append(Paragraph(locked(LOCKED_SUMMARIES)))
    return data, blocks


def detail(known: Known, number: int) -> tuple[dict[str, Any], list[Block]]:
    e = known.episode(number)
    reveals = known.reveals(number)
    data = envelope(known, episode=shapes.episode(known, e), reveals=[shapes.reveal(known, r) for r in reveals])
    fields: list[tuple[str, Any]] = [("Runtime", _runtime(e))]
    if e.appearances:
        fields.append(("Featuring", join([character(known.name(id)) for id in e.appearances])))
    if e.summary:
        fields.append(("Sources", "; ".join(source_label(known, s) for s in e.summary.sources)))
    blocks: list[Block] = [
        Heading((episode(e.number), f": {e.title}" if e.title else "")),
        Fields(tuple(fields)),
        Paragraph(e.summary.text if e.summary else locked("No summary in the dataset.")),
    ]
    blocks += reveal_blocks(known, reveals)
    if known.ending and e.number == len(known.episodes):
        blocks.append(Paragraph(hint("The full ending, source by source: hishers ending")))
    return data, blocks


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
                names = join([character(o.character.name) for o in together if o.character], " and ")
                lines.append((r.exact, (*names, ": ", *attributed(known, r.record, r.record.text))))
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
                title="Known by the end of this episode (the sources do not say which episode shows it first)",
            )
        )
    return blocks


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
    cells: list[Any] = ["New: " if r.exact else "", character(c.name), *attributed(known, r.record, "")]
    players = [(actor(k.actor), f" ({k.part})" if k.part else "") for k in known.cast_by(c, r.record.known_from)]
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
            return (actor(record.actor), *attributed(known, record, " joins the cast"))
        return (actor(record.actor), " plays ", character(c.name), part, *attributed(known, record, ""))
    if r.kind == "alias" and c:
        return (character(c.name), " is also known as ", character(record.name), *attributed(known, record, ""))
    if r.kind == "bio" and c:
        return (character(c.name), ": ", *attributed(known, record, record.text))
    if r.kind == "relationship":
        a, b = (known.name(id) for id in record.between)
        if record.roles:
            head: tuple[Any, ...] = (character(b), f", {first_name(known, record.between[0])}'s {record.roles[1]}")
        else:
            head = (character(a), " and ", character(b), f" ({record.kind})")
        text = what_it_adds(record.text, f"{a} {b} {plain(head)} {record.kind}")
        if not text and not record.disputed:
            return head
        return (*head, ": ", *attributed(known, record, text or record.text))
    return attributed(known, record, getattr(record, "text", ""))
