"""`hishers episodes` and `hishers episodes N`."""

from __future__ import annotations

from typing import Any

from hishers_cli.document import Block, Bullets, Column, Fields, Heading, Paragraph, Table, join
from hishers_cli.gate import Known, KnownEpisode, Reveal
from hishers_cli.views import shapes
from hishers_cli.views.common import actor, attributed, character, episode, hint, locked, progress_line
from hishers_cli.views.shapes import envelope, label

LOCKED = "Locked until you have watched it."


def _runtime(e: KnownEpisode) -> str:
    return f"about {e.runtime_minutes} min" if e.runtime_minutes else "?"


def guide(known: Known) -> tuple[dict[str, Any], list[Block]]:
    titled = any(e.title for e in known.episodes)
    columns = [Column("#")] + ([Column("Title")] if titled else []) + [Column("Runtime"), Column("Summary", wide=True)]
    rows = []
    for e in known.episodes:
        about: Any = e.summary.text if e.summary else locked(LOCKED)
        title = [e.title or ""] if titled else []
        rows.append((str(e.number), *title, _runtime(e), about))
    data = envelope(known, episodes=[shapes.episode(known, e) for e in known.episodes])
    blocks: list[Block] = [
        Heading(f"{known.title}: episode guide"),
        Paragraph(hint(progress_line(known))),
        Table(tuple(columns), tuple(rows)),
    ]
    return data, blocks


def detail(known: Known, number: int) -> tuple[dict[str, Any], list[Block]]:
    e = known.episode(number)
    reveals = known.reveals(number)
    data = envelope(known, episode=shapes.episode(known, e), reveals=[shapes.reveal(known, r) for r in reveals])
    fields: list[tuple[str, Any]] = [("Runtime", _runtime(e))]
    if e.appearances:
        fields.append(("Featuring", join([character(known.name(id)) for id in e.appearances])))
    if e.summary:
        fields.append(("Sources", ", ".join(label(known, s) for s in e.summary.sources)))
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
    knows by its end without a source saying it was shown there first."""
    blocks: list[Block] = []
    first = [reveal_cell(known, r) for r in reveals if r.exact]
    by_now = [reveal_cell(known, r) for r in reveals if not r.exact]
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


def reveal_cell(known: Known, r: Reveal) -> Any:
    """One revealed record as a line of text."""
    record, c = r.record, r.character
    if r.kind == "character":
        return (("New: " if r.exact else ""), character(record.name), *attributed(known, record, ""))
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
        return (character(a), " and ", character(b), f" ({record.kind}): ", *attributed(known, record, record.text))
    return attributed(known, record, getattr(record, "text", ""))
