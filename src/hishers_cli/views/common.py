"""Pieces shared by the views."""

from __future__ import annotations

from typing import Any

from hishers_cli.document import ACTOR, CHARACTER, EPISODE, HINT, LOCKED, Span
from hishers_cli.gate import Held, View


def character(name: str) -> Span:
    return Span(name, CHARACTER)


def actor(name: str) -> Span:
    return Span(name, ACTOR)


def episode(number: int) -> Span:
    return Span(f"Episode {number}", EPISODE)


def locked(text: str) -> Span:
    return Span(text, LOCKED)


def hint(text: str) -> Span:
    return Span(text, HINT)


def held_text(held: Held, about: str | None = None) -> str:
    """'3 more facts about Alice unlock from episode 4 on', never what they are."""
    noun = "fact" if held.size == 1 else "facts"
    verb = "unlocks" if held.size == 1 else "unlock"
    subject = f" about {about}" if about else ""
    return f"{held.size} more {noun}{subject} {verb} from episode {held.unlocks_at} on."


def held_json(held: Held | None) -> dict[str, int] | None:
    return {"count": held.size, "unlocks_at": held.unlocks_at} if held else None


def envelope(view: View, **fields: Any) -> dict[str, Any]:
    """The keys every JSON document starts with."""
    return {"show": view.title, "watched": view.watched, "episode_count": view.episode_count, **fields}


def progress_line(view: View) -> str:
    if view.watched == 0:
        return "You have not watched any episodes yet: showing only what was public before episode 1."
    if view.watched == view.episode_count:
        return f"You have watched all {view.episode_count} episodes."
    return f"Watched up to episode {view.watched} of {view.episode_count}."


def source_label(view: View, id: str) -> str:
    for source in view.sources:
        if source.id == id:
            return f"{source.id} ({source.date})" if source.date else f"{source.id} (undated)"
    return id


def learned(known_from: int) -> str:
    """When a fact became known, in a few words."""
    return "before ep. 1" if known_from == 0 else f"ep. {known_from}"
