"""`hishers recap`, `hishers new` and `hishers timeline`: the story so far."""

from __future__ import annotations

from typing import Any

from hishers_cli.document import Block, Bullets, Column, Heading, Paragraph, Table, join
from hishers_cli.errors import LockedError
from hishers_cli.gate import View
from hishers_cli.views.common import character, envelope, episode, hint, learned
from hishers_cli.views.episodes import reveal_cell

LANES = {"present": "Present day: the investigation", "past": "The past: the flashback years"}


def recap(view: View, before: int | None = None) -> tuple[dict[str, Any], list[Block]]:
    """'Previously on': each watched episode condensed; with `before`, only
    the episodes that come before that one."""
    last = view.watched if before is None else before - 1
    if last > view.watched:
        raise LockedError(
            f"a recap before episode {before} covers episodes you have not watched "
            f"(you are at episode {view.watched}); try 'hishers recap --before {view.watched + 1}'."
        )
    shown = [e for e in view.episodes if e.number <= last and e.summary]
    data = envelope(
        view,
        before=before,
        episodes=[
            {
                "number": e.number,
                "summary": e.summary.text if e.summary else None,
                "new_characters": [r.text for r in view.reveals(e.number) if r.kind == "new character"],
            }
            for e in shown
        ],
    )
    title = f"Previously on {view.title}" + (f" (before episode {before})" if before else "")
    blocks: list[Block] = [Heading(title)]
    if not shown:
        blocks.append(Paragraph(hint("Nothing to recap yet: no episodes watched.")))
    for e in shown:
        assert e.summary is not None
        new = [character(r.text) for r in view.reveals(e.number) if r.kind == "new character"]
        blocks.append(Paragraph((episode(e.number), ". ", e.summary.text)))
        if new:
            blocks.append(Bullets((("New faces: ", *join(new)),)))
    return data, blocks


def new(view: View, number: int) -> tuple[dict[str, Any], list[Block]]:
    """What one watched episode revealed."""
    reveals = view.reveals(number)
    data = envelope(
        view, episode=number, reveals=[{"kind": r.kind, "subject": r.subject, "text": r.text} for r in reveals]
    )
    blocks: list[Block] = [Heading(("New in ", episode(number)))]
    if reveals:
        blocks.append(Bullets(tuple(reveal_cell(r) for r in reveals)))
    else:
        blocks.append(Paragraph(hint("The dataset records nothing new for this episode.")))
    events = [ev for ev in view.events if ev.known_from == number]
    if events:
        blocks.append(Bullets(tuple(ev.text for ev in events), title="On the timeline"))
        data["events"] = [{"lane": ev.lane, "text": ev.text} for ev in events]
    return data, blocks


def timeline(view: View, lane: str | None = None) -> tuple[dict[str, Any], list[Block]]:
    lanes = [lane] if lane else list(LANES)
    data = envelope(
        view,
        lanes={
            name: [
                {"text": ev.text, "known_from": ev.known_from, "sources": list(ev.sources)}
                for ev in view.events
                if ev.lane == name
            ]
            for name in lanes
        },
    )
    blocks: list[Block] = [Heading(f"{view.title}: timeline")]
    for name in lanes:
        rows = tuple((learned(ev.known_from), ev.text) for ev in view.events if ev.lane == name)
        if rows:
            blocks.append(Table((Column("Learned in"), Column("Event", wide=True)), rows, title=LANES[name]))
        else:
            blocks.append(Paragraph(hint(f"{LANES[name]}: nothing yet at your progress.")))
    return data, blocks
