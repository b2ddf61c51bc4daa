"""`hishers episodes` and `hishers episodes N`."""

from __future__ import annotations

from typing import Any

from hishers_cli.gate import Known, KnownEpisode
from hishers_cli.render.blocks import Block, Column, Fields, Heading, Paragraph, Table, join
from hishers_cli.views import shapes
from hishers_cli.views.common import (
    character_span,
    episode_span,
    hint,
    how_to,
    locked,
    progress_line,
    source_label,
)
from hishers_cli.views.reveals import named_blocks, reveal_blocks
from hishers_cli.views.shapes import envelope
from hishers_cli.views.view import View

LOCKED_SUMMARIES = "An episode's summary is shown once you have watched it."


def _runtime(e: KnownEpisode) -> str:
    return f"about {e.runtime_minutes} min" if e.runtime_minutes else "?"


def listing(known: Known) -> View:
    titled = any(e.title for e in known.episodes)
    columns = (
        [Column("Episode", labels=True)]
        + ([Column("Title")] if titled else [])
        + [Column("Runtime"), Column("Summary", wide=True)]
    )
    rows = []
    for e in known.episodes:
        about: Any = e.summary.text if e.summary else ""
        title = [e.title or ""] if titled else []
        rows.append((str(e.number), *title, _runtime(e), about))
    data: shapes.EpisodesDocument = {**envelope(known), "episodes": [shapes.episode(known, e) for e in known.episodes]}
    blocks: list[Block] = [
        Heading(f"{known.title}: episode guide"),
        Paragraph(hint(progress_line(known))),
        Table(tuple(columns), tuple(rows)),
    ]
    if any(not e.summary for e in known.episodes):
        blocks.append(Paragraph(locked(LOCKED_SUMMARIES)))
    return View(data, blocks)


def detail(known: Known, number: int) -> View:
    e = known.episode(number)
    reveals = known.reveals(number)
    data: shapes.EpisodeDocument = {
        **envelope(known),
        "episode": shapes.episode(known, e),
        "reveals": [shapes.reveal(known, r) for r in reveals],
    }
    fields: list[tuple[str, Any]] = [("Runtime", _runtime(e))]
    if e.appearances:
        fields.append(("Featuring", join([character_span(known.name(id)) for id in e.appearances])))
    if e.summary:
        fields.append(("Sources", "; ".join(source_label(known, s) for s in e.summary.sources)))
    blocks: list[Block] = [
        Heading((episode_span(e.number), f": {e.title}" if e.title else "")),
        Fields(tuple(fields)),
        Paragraph(e.summary.text if e.summary else locked("No summary in the dataset.")),
    ]
    # The summary tells the story: what the episode revealed is then named,
    # not told again in other words (`new N` tells it in full).
    blocks += named_blocks(known, reveals, number) if e.summary else reveal_blocks(known, reveals)
    if known.ending and e.number == len(known.episodes):
        blocks.append(how_to("The full ending, source by source: hishers ending"))
    return View(data, blocks)
