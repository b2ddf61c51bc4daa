"""The guide a page shows at one progress level, built from the same
presenters as the commands (`about`, `episodes`, `cast`, `who`, `relations`,
`timeline`, `ending`), so a page and the command line cannot disagree."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from hishers_cli.gate import Known
from hishers_cli.lookup import Person
from hishers_cli.render.blocks import Block, Paragraph, plain
from hishers_cli.views import about, cast, ending, episodes, relations, story, who
from hishers_cli.views.common import progress_line
from hishers_cli.views.shapes import HELD_HINT


class Section(NamedTuple):
    id: str
    title: str
    blocks: Sequence[Block]


def sections(known: Known, spoilers: Known | None = None) -> list[Section]:
    """The guide at the viewer's progress; with `spoilers` (what is known
    through the last episode, with the viewer's consent where they have not
    finished), the ending explained as a last section."""
    cards: list[Block] = []
    for c in known.characters:
        cards += who.card(known, Person(c.name, c)).blocks
    found = [
        Section("episodes", "Episode guide", episodes.listing(known).blocks),
        Section("recap", "The story so far", story.recap(known).blocks),
        Section("cast", "Cast", cast.cast(known).blocks),
        Section("characters", "Characters", cards),
        Section("relationships", "Relationships", relations.tree(known, history=True).blocks),
        Section("timeline", "Timeline", story.timeline(known).blocks),
        Section("series", "About the series", about.about(known).blocks),
    ]
    # Each presenter starts with its own heading; the page titles the section.
    found = [
        Section(s.id, s.title, _trim(known, list(s.blocks[1:]) if s.id != "characters" else s.blocks)) for s in found
    ]
    if not known.watched:  # before episode 1 the premise says most; the episode guide is all locked
        found = found[-1:] + found[:-1]
    if spoilers is not None:
        found += spoiler_sections(spoilers)
    return found


def spoiler_sections(spoilers: Known) -> list[Section]:
    """The ending explained, each source's account labelled, and how the
    series differs from the book (which gives the ending away too)."""
    return [
        Section("ending", "The ending explained", ending.ending(spoilers).blocks[1:]),
        Section("book", "The book and the show", about.book(spoilers).blocks[1:]),
    ]


def _trim(known: Known, blocks: Sequence[Block]) -> list[Block]:
    """Without the lines a page says once at its top: where the viewer is,
    and that more is revealed later."""
    once = {progress_line(known), HELD_HINT}
    return [b for b in blocks if not (isinstance(b, Paragraph) and plain(b.text) in once)]
