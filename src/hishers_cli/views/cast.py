"""`hishers cast`: who plays whom, and each character as far as you know."""

from __future__ import annotations

from typing import Any

from hishers_cli.document import Block, Column, Heading, Paragraph, Table
from hishers_cli.gate import CastView, CharacterView, View
from hishers_cli.views.common import actor, character, envelope, held_json, held_text, hint, locked, progress_line


def about(c: CharacterView) -> list[str]:
    """The character as the viewer knows them now: the newest bio stage(s),
    each labelled with its source when more than one source speaks."""
    latest = c.latest
    if len(latest) == 1:
        return [latest[0].text]
    return [f"{stage.text} [{', '.join(stage.sources)}]" for stage in latest]


def _row_json(k: CastView) -> dict[str, Any]:
    c = k.character
    return {
        "actor": k.actor,
        "part": k.part,
        "known_for": list(k.known_for),
        "character": None if c is None else {"id": c.id, "name": c.name, "about": about(c), "held": held_json(c.held)},
        "role_unlocks_at": k.role_unlocks_at,
    }


def cast(view: View) -> tuple[dict[str, Any], list[Block]]:
    rows = []
    described: set[str] = set()
    for k in view.cast:
        c = k.character
        text: Any = ""
        if c is None:
            who: Any = locked(f"role revealed in episode {k.role_unlocks_at}")
        elif c.id in described:  # a second actor in the same part (e.g. teen years)
            who = (character(c.name), f" ({k.part})" if k.part else "")
        else:
            described.add(c.id)
            who = (character(c.name), f" ({k.part})" if k.part else "")
            text = " ".join(about(c))
            if c.held:
                text = (text, " ", hint(held_text(c.held)))
        known_for = ", ".join(k.known_for)
        rows.append((actor(k.actor), who, known_for, text))
    data = envelope(view, cast=[_row_json(k) for k in view.cast])
    blocks: list[Block] = [
        Heading(f"{view.title}: cast"),
        Paragraph(hint(progress_line(view))),
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
    return data, blocks
