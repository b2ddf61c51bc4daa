"""Bare `hishers`: where the viewer is, what to run next, and the main
commands."""

from __future__ import annotations

from hishers_cli.gate import Known
from hishers_cli.render.blocks import Block, Bullets, Column, Fields, Heading, Paragraph, Table
from hishers_cli.views.common import ORIGINS, bar, hint
from hishers_cli.views.shapes import envelope
from hishers_cli.views.view import View

COMMANDS = (
    ("hishers episodes [N]", "the episode guide, or one episode in detail"),
    ("hishers cast", "who plays whom, and who they are so far"),
    ("hishers who NAME", "who is this?"),
    ("hishers recap", "previously on: the story so far"),
    ("hishers new", "what the last episode you watched revealed"),
    ("hishers relations", "who is related to whom"),
    ("hishers search WORDS", "look something up"),
    ("hishers ending", "the ending explained, once you have finished"),
)


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
    blocks.append(Table((Column("Command"), Column("What it shows")), COMMANDS, title="Commands"))
    blocks.append(Paragraph(hint("All commands and options: hishers --help")))
    return View(data, blocks)
