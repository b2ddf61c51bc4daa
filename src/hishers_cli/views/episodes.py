"""`hishers episodes` and `hishers episodes N`."""

from __future__ import annotations

from typing import Any

from hishers_cli.document import Block, Bullets, Column, Fields, Heading, Paragraph, Table, join
from hishers_cli.errors import LockedError
from hishers_cli.gate import EpisodeView, Reveal, View
from hishers_cli.views.common import actor, character, envelope, episode, hint, locked, progress_line

UNTITLED = "(title not given)"


def _runtime(e: EpisodeView) -> str:
    return f"about {e.runtime_minutes} min" if e.runtime_minutes else "?"


def guide(view: View) -> tuple[dict[str, Any], list[Block]]:
    rows = []
    items = []
    for e in view.episodes:
        summary = e.summary.text if e.summary else None
        items.append(
            {
                "number": e.number,
                "title": e.title,
                "runtime_minutes": e.runtime_minutes,
                "watched": e.watched,
                "summary": summary,
                "sources": list(e.summary.sources) if e.summary else [],
            }
        )
        about = summary if summary else locked(f"Locked: unlocks when you have watched episode {e.number}.")
        rows.append((str(e.number), e.title or UNTITLED, _runtime(e), about))
    data = envelope(view, episodes=items)
    blocks: list[Block] = [
        Heading(f"{view.title}: episode guide"),
        Paragraph(hint(progress_line(view))),
        Table(
            (Column("#"), Column("Title"), Column("Runtime"), Column("Summary", wide=True)),
            tuple(rows),
        ),
    ]
    return data, blocks


def detail(view: View, number: int) -> tuple[dict[str, Any], list[Block]]:
    e = view.episodes[number - 1]
    if not e.watched:
        raise LockedError(
            f"episode {number} is locked: you have watched up to episode {view.watched}. "
            f"Once you have seen it, run 'hishers progress set {number}' "
            f"(or add '--watched {number}' to this command)."
        )
    reveals = [{"kind": r.kind, "subject": r.subject, "text": r.text} for r in view.reveals(e.number)]
    data = envelope(
        view,
        episode={
            "number": e.number,
            "title": e.title,
            "runtime_minutes": e.runtime_minutes,
            "summary": e.summary.text if e.summary else None,
            "sources": list(e.summary.sources) if e.summary else [],
            "appearances": list(e.appearances),
            "reveals": reveals,
        },
    )
    fields: list[tuple[str, Any]] = [("Runtime", _runtime(e))]
    if e.appearances:
        fields.append(("Featuring", join([character(n) for n in e.appearances])))
    if e.summary:
        fields.append(("Sources", ", ".join(e.summary.sources)))
    blocks: list[Block] = [
        Heading((episode(e.number), f": {e.title}" if e.title else "")),
        Fields(tuple(fields)),
        Paragraph(e.summary.text if e.summary else locked("No summary in the dataset.")),
    ]
    if view.reveals(e.number):
        blocks.append(Bullets(tuple(reveal_cell(r) for r in view.reveals(e.number)), title="What this episode reveals"))
    if e.number == view.episode_count and view.ending:
        blocks.append(Paragraph(hint("The full ending, source by source: hishers ending")))
    return data, blocks


def reveal_cell(r: Reveal) -> Any:
    """One revealed fact as a line of text."""
    if r.kind == "new character":
        return ("New: ", character(r.text))
    if r.kind == "casting" and r.subject:
        return (actor(r.text), " plays ", character(r.subject))
    if r.kind == "alias" and r.subject:
        return (character(r.subject), " is also known as ", character(r.text))
    if r.kind == "bio" and r.subject:
        return (character(r.subject), f": {r.text}")
    return r.text
