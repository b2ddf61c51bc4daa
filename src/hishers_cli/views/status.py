"""Bare `hishers`: where the viewer is, what to run next, and the main
commands."""

from __future__ import annotations

from hishers_cli.commands import COMMANDS, ON_STATUS
from hishers_cli.gate import Known
from hishers_cli.render.blocks import Block, Bullets, Column, Fields, Heading, Paragraph, Table
from hishers_cli.views.common import ORIGINS, bar, hint
from hishers_cli.views.shapes import envelope
from hishers_cli.views.view import View

# The main commands, as the table of commands words them.
LISTED = tuple((COMMANDS[name].usage, COMMANDS[name].summary) for name in ON_STATUS)


def screen(known: Known, origin: str) -> View:
    data = {**envelope(known), "origin": origin}
    watched = f"{bar(known.watched, known.episode_count)} watched {known.watched} of {known.episode_count}"
    blocks: list[Block] = [
        Heading(known.title),
        Fields((("Progress", f"{watched} ({ORIGINS[origin]})"),)),
    ]
    if known.finished:
        nexts = ["You have seen it all: hishers ending explains the finale, source by source."]
    elif not known.watched:
        nexts = [
            "Before episode 1: hishers cast (who is who, without spoilers)",
            "After watching it: hishers progress next",
        ]
    else:
        upcoming = known.watched + 1
        nexts = [
            f"Before episode {upcoming}: hishers recap --before {upcoming}",
            "After watching it: hishers progress next",
        ]
    blocks.append(Bullets(tuple(nexts), title="Next"))
    blocks.append(Table((Column("Command"), Column("What it shows")), LISTED, title="Commands"))
    blocks.append(Paragraph(hint("All commands and options: hishers --help")))
    return View(data, blocks)
