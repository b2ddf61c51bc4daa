"""`hishers progress`: how far the viewer is, with a small progress bar."""

from __future__ import annotations

from typing import Any

from hishers_cli.document import Block, Fields, Paragraph
from hishers_cli.gate import Known
from hishers_cli.progress import Progress
from hishers_cli.views.common import hint
from hishers_cli.views.shapes import envelope

ORIGINS = {
    "option": "from --watched",
    "environment": "from HISHERS_WATCHED",
    "saved": "saved",
    "default": "nothing saved yet",
}


def bar(watched: int, total: int) -> str:
    return "[" + "#" * watched + "." * (total - watched) + "]"


def status(progress: Progress, known: Known, config_file: str) -> tuple[dict[str, Any], list[Block]]:
    total = known.episode_count
    data = envelope(known, origin=progress.origin, config_file=config_file)
    watched = f"{bar(progress.watched, total)} {progress.watched} of {total} episodes"
    blocks: list[Block] = [
        Fields(
            (
                ("Show", known.title),
                ("Watched", watched),
                ("Setting", ORIGINS[progress.origin]),
                ("Saved in", config_file),
            )
        ),
    ]
    if not known.finished:
        blocks.append(Paragraph(hint("After the next episode: hishers progress next")))
    return data, blocks
