"""Pieces shared by the views: styled names, the one hint about held-back
material, source labels, and the JSON shapes every command uses."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from hishers_cli.document import ACTOR, CHARACTER, EPISODE, HINT, LOCKED, SOURCE, Span
from hishers_cli.gate import Known

# What a viewer is told about anything held back: the same words for every
# character, record and command at a given progress, and never how much,
# from when or about whom.
HELD_HINT = "More is revealed in later episodes."


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


def held_json(known: Known) -> dict[str, str] | None:
    """The held-back hint in JSON: identical wherever it appears."""
    return {"text": HELD_HINT} if known.more_later else None


def envelope(known: Known, **fields: Any) -> dict[str, Any]:
    """The keys every JSON document starts with."""
    return {
        "show": known.title,
        "watched": known.watched,
        "episode_count": known.episode_count,
        "held": held_json(known),
        **fields,
    }


def progress_line(known: Known) -> str:
    if known.finished:
        return f"You have watched all {known.episode_count} episodes."
    if known.watched == 0:
        return "You have not watched any episodes yet: showing only what was public before episode 1."
    return f"Watched up to episode {known.watched} of {known.episode_count}. {HELD_HINT}"


def source_label(known: Known, id: str) -> str:
    """A source as a reader knows it: its label, else its title."""
    source = known.source(id)
    if source is None:
        return id
    return source.label or source.title


def sources_json(known: Known, ids: Iterable[str]) -> list[dict[str, str]]:
    """Source references, one shape everywhere: id and human label."""
    return [{"id": id, "label": source_label(known, id)} for id in ids]


def attribution(known: Known, record: Any) -> str:
    """' [label]' after a record the sources dispute, naming the sources
    it rests on; '' for a record they agree on."""
    if not getattr(record, "disputed", False):
        return ""
    return f" [{'; '.join(source_label(known, id) for id in record.sources)}]"


def attributed(known: Known, record: Any, text: str) -> tuple[str | Span, ...]:
    """A record's text, followed by its sources' labels where disputed."""
    label = attribution(known, record)
    return (text, Span(label, SOURCE)) if label else (text,)


def stamped_json(known: Known, record: Any, **fields: Any) -> dict[str, Any]:
    """The common part of a stamped record in JSON."""
    return {
        **fields,
        "known_from": record.known_from,
        "exact": record.exact,
        "disputed": getattr(record, "disputed", False),
        "sources": sources_json(known, record.sources),
    }


def when(record: Any) -> str:
    """When a record became known, in a few words: 'ep. 3' where a source
    ties it to episode 3, 'by ep. 6' where its stamp is only a bound."""
    if record.known_from == 0:
        return "before ep. 1"
    return f"ep. {record.known_from}" if record.exact else f"by ep. {record.known_from}"
