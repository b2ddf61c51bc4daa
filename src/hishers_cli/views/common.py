"""Pieces shared by the views' text: styled names, source labels beside
disputed records, and how a stamp is worded. The JSON shapes are in
`shapes`."""

from __future__ import annotations

from typing import Any

from hishers_cli.document import ACTOR, CHARACTER, EPISODE, HINT, LOCKED, SOURCE, Span
from hishers_cli.gate import Known
from hishers_cli.views.shapes import HELD_HINT, label


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


def progress_line(known: Known) -> str:
    if known.finished:
        return f"You have watched all {known.episode_count} episodes."
    if known.watched == 0:
        return "You have not watched any episodes yet: showing only what was public before episode 1."
    return f"Watched up to episode {known.watched} of {known.episode_count}. {HELD_HINT}"


def attribution(known: Known, record: Any) -> str:
    """' [label]' after a record the sources dispute, naming the sources
    it rests on; '' for a record they agree on."""
    if not getattr(record, "disputed", False):
        return ""
    return f" [{'; '.join(label(known, id) for id in record.sources)}]"


def attributed(known: Known, record: Any, text: str) -> tuple[str | Span, ...]:
    """A record's text, followed by its sources' labels where disputed."""
    suffix = attribution(known, record)
    return (text, Span(suffix, SOURCE)) if suffix else (text,)


def when(record: Any) -> str:
    """When a record became known, in a few words: 'ep. 3' where a source
    ties it to episode 3, 'by ep. 6' where its stamp is only a bound."""
    if record.known_from == 0:
        return "before ep. 1"
    return f"ep. {record.known_from}" if record.exact else f"by ep. {record.known_from}"


def relation_cells(known: Known, relation: Any, focus: str) -> tuple[Any, ...]:
    """A relationship seen from one of its two people: the other person and
    what they are to `focus` ("Alice, Anna Andrews's mother"), or the kind
    for a relationship without a direction ("Jack Harper (spouses)"), then
    its current state, labelled where the sources disagree."""
    other = next((id for id in relation.between if id != focus), focus)
    if relation.roles:
        role = relation.roles[list(relation.between).index(other)]
        head: tuple[Any, ...] = (character(known.name(other)), f", {known.name(focus)}'s {role}: ")
    else:
        head = (character(known.name(other)), f" ({relation.kind}): ")
    body: list[Any] = []
    for i, state in enumerate(relation.current):
        if i:
            body.append(" / ")
        body += attributed(known, state, state.text)
    return (*head, *body)
