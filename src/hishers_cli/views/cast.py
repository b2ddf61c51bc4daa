"""`hishers cast`: who plays whom, and each character as far as you know."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from hishers_cli.gate import Known, KnownCharacter
from hishers_cli.render.blocks import BREAK, Block, Column, Heading, Paragraph, Span, Table
from hishers_cli.views import shapes
from hishers_cli.views.common import (
    ROLE_LOCKED,
    actor_span,
    attributed,
    attribution,
    character_span,
    hint,
    locked,
    progress_line,
)
from hishers_cli.views.shapes import envelope
from hishers_cli.views.view import View


def so_far(known: Known, c: KnownCharacter) -> str:
    """The character as the viewer knows them now, all of it: who they are,
    then everything that has happened to them up to the viewer's progress,
    each stage labelled with its source where the sources disagree."""
    return " ".join(stage.text + attribution(known, stage) for stage in c.bio)


# Over two or more sources' accounts of one point of the story.
ACCOUNTS_DIFFER = "Accounts differ:"


def paragraph(known: Known, c: KnownCharacter) -> tuple[str | Span, ...]:
    """`so_far` for reading, in story order: what the sources agree on as
    running text, and each disputed stage on a line of its own with its
    source's label, so that two accounts never run together; where two or
    more sources tell one point of the story (the same stamp), they follow
    "Accounts differ:". Each row is read on its own (a viewer looks up one
    actor), so a stage two characters share is in both rows."""
    cells: list[str | Span] = []
    account_last = False  # whether the row so far ends on a source's account
    for _, told in groupby(sorted(c.bio, key=lambda stage: stage.known_from), key=lambda stage: stage.known_from):
        stages = list(told)
        agreed = " ".join(s.text for s in stages if not s.disputed)
        disputed = [s for s in stages if s.disputed]
        if agreed:
            cells += [BREAK, agreed] if account_last else [" " + agreed] if cells else [agreed]
            account_last = False
        for n, stage in enumerate(disputed):
            if cells:
                cells.append(BREAK)
            if n == 0 and len({tuple(s.sources) for s in disputed}) > 1:
                cells += [hint(ACCOUNTS_DIFFER), BREAK]
            cells += attributed(known, stage, stage.text)
            account_last = True
    return tuple(cells)


def cast(known: Known) -> View:
    rows = []
    described: set[str] = set()
    for k in known.cast:
        c = k.character
        text: Any = ""
        if c is None:
            who: Any = locked(f"role {ROLE_LOCKED}")
        else:
            who = (character_span(c.name), f" ({k.part})" if k.part else "")
            if c.id not in described:  # a second actor in the same part (e.g. teen years) is not described twice
                described.add(c.id)
                text = paragraph(known, c)
        rows.append((actor_span(k.actor), who, ", ".join(k.known_for), text))
    entries: list[shapes.CastRow] = [
        {**shapes.casting(known, k, k.character), "so_far": so_far(known, k.character) if k.character else None}
        for k in known.cast
    ]
    data: shapes.CastDocument = {**envelope(known), "cast": entries}
    blocks: list[Block] = [
        Heading(f"{known.title}: cast"),
        Paragraph(hint(progress_line(known))),
        Table(
            (
                Column("Actor"),
                Column("Character"),
                Column("Known for", wide=True),
                Column("As far as you know", wide=True),
            ),
            tuple(rows),
        ),
    ]
    return View(data, blocks)
