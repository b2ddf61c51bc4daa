"""One JSON shape per kind of thing, each built by one function here.

Every command's document uses these, so a character, a casting, a
relationship or a source reference looks the same wherever it appears, and
ids (character ids, episode numbers, source ids) join records across
commands. `views/json_schema.py` describes the same shapes as a JSON Schema.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from hishers_cli.dataset.model import Casting, EndingPoint, Event, Recap, Relationship, Source
from hishers_cli.errors import Problem
from hishers_cli.gate import Known, KnownCasting, KnownCharacter, KnownEpisode, KnownRelationship, Reveal
from hishers_cli.lookup import Match

if TYPE_CHECKING:
    from hishers_cli.notes import Guess, Note
    from hishers_cli.views.board import Board, Verdict
# What a viewer is told about anything held back: the same words for every
# character, record and command at a given progress, and never how much,
# from when or about whom.
HELD_HINT = "More is revealed in later episodes."


def held(known: Known | None) -> dict[str, str] | None:
    """The held-back hint: identical wherever it appears, null when nothing
    is held back."""
    return {"text": HELD_HINT} if known is not None and known.more_later else None


def envelope(known: Known, **fields: Any) -> dict[str, Any]:
    """The keys every command's document starts with."""
    return {
        "show": known.title,
        "watched": known.watched,
        "episode_count": known.episode_count,
        "held": held(known),
        **fields,
    }


def label(known: Known, id: str) -> str:
    """A source as a reader knows it: its label, else its title."""
    source = known.source(id)
    if source is None:
        return id
    return source.label or source.title


def source_refs(known: Known, ids: Iterable[str]) -> list[dict[str, str]]:
    """Source references: id and human label."""
    return [{"id": id, "label": label(known, id)} for id in ids]


def source(s: Source) -> dict[str, Any]:
    """A source in full (`about`, `ending`)."""
    return {"id": s.id, "label": s.label or s.title, "title": s.title, "date": s.date, "file": s.file}


def stamped(known: Known, record: Any, **fields: Any) -> dict[str, Any]:
    """A stamped record's own fields, then when it is known and from where."""
    return {
        **fields,
        "known_from": record.known_from,
        "exact": record.exact,
        "disputed": getattr(record, "disputed", False),
        "sources": source_refs(known, record.sources),
    }


def match(m: Match) -> dict[str, Any]:
    """How `who` read the viewer's query: `by` one of `lookup.BY`."""
    return {"by": m.by, "query": m.query}


def character_ref(known: Known, id: str) -> dict[str, str]:
    return {"id": id, "name": known.name(id)}


def episode_ref(number: int) -> dict[str, int]:
    return {"number": number}


def fact(known: Known, record: Any, text: str, **fields: Any) -> dict[str, Any]:
    """A series fact, credit, bio stage, alias, book difference: any stamped
    text that is not one of the kinds below."""
    return stamped(known, record, **fields, text=text)


def character(known: Known, c: KnownCharacter) -> dict[str, Any]:
    return {
        "id": c.id,
        "name": c.name,
        "exact": c.exact,
        "sources": source_refs(known, c.sources),
        "aliases": [fact(known, a, a.name) for a in c.aliases],
        "cast": [casting(known, k, c) for k in c.cast],
        "bio": [fact(known, b, b.text) for b in c.bio],
        "relationships": [relationship(known, r) for r in c.relationships],
        "seen_in": [episode_ref(n) for n in c.appearances],
    }


def casting(known: Known, k: KnownCasting | Casting, c: KnownCharacter | None) -> dict[str, Any]:
    """An actor, and the character and part once the role is known."""
    record = k.record if isinstance(k, KnownCasting) else k
    return stamped(
        known,
        record,
        actor=record.actor,
        character=None if c is None else character_ref(known, c.id),
        part=record.part if c is not None else None,
        known_for=list(record.known_for),
    )


def relationship_ref(known: Known, r: Relationship | KnownRelationship) -> dict[str, Any]:
    """Which relationship: its two people, its kind, and what each is to the
    other where it has a direction."""
    return {
        "between": [character_ref(known, id) for id in r.between],
        "kind": r.kind,
        "roles": list(r.roles) or None,
    }


def relationship(known: Known, r: KnownRelationship) -> dict[str, Any]:
    """A relationship with its current state (several where the sources
    disagree) and the states before it, each a fact."""
    return {
        **relationship_ref(known, r),
        "current": [fact(known, state, state.text) for state in r.current],
        "history": [fact(known, state, state.text) for state in r.history],
    }


def event(known: Known, ev: Event) -> dict[str, Any]:
    return stamped(known, ev, lane=ev.lane, order=ev.order, text=ev.text)


def episode(known: Known, e: KnownEpisode) -> dict[str, Any]:
    return {
        "number": e.number,
        "title": e.title,
        "runtime_minutes": e.runtime_minutes,
        "watched": e.watched,
        "summary": e.summary.text if e.summary else None,
        "sources": source_refs(known, e.summary.sources) if e.summary else [],
        "appearances": [character_ref(known, id) for id in e.appearances],
    }


def recap(known: Known, r: Recap) -> dict[str, Any]:
    return stamped(known, r, points=list(r.points), questions=list(r.questions))


def ending_point(known: Known, p: EndingPoint) -> dict[str, Any]:
    return {
        "topic": p.topic,
        "question": p.question,
        "agree": p.agree,
        "known_from": p.known_from,
        "accounts": [
            {
                "sources": source_refs(known, [a.source]),
                "text": a.text,
                "answer": [character_ref(known, id) for id in ids],
            }
            for a, ids in (p.answers() or tuple((a, ()) for a in p.accounts))
        ],
    }


def reveal(known: Known, r: Reveal) -> dict[str, Any]:
    """One thing an episode revealed, with the record in its own shape."""
    record, c = r.record, r.character
    body: dict[str, Any]
    if r.kind == "character":
        body = {"character": {"id": record.id, "name": record.name}}
    elif r.kind == "casting":
        body = {"casting": casting(known, record, known.character(c.id) if c else None)}
    elif r.kind == "relationship":
        body = {"relationship": relationship_ref(known, record), "fact": fact(known, record, record.text)}
    else:
        text = record.name if r.kind == "alias" else record.text
        body = {"character": character_ref(known, c.id) if c else None, "fact": fact(known, record, text)}
    return {"kind": r.kind, "first_shown": r.exact, **body}


def problem(p: Problem) -> dict[str, Any]:
    return {"path": p.path, "line": p.line, "column": p.column, "message": p.message}


def note(number: int, n: Note) -> dict[str, Any]:
    """One of the viewer's notes: its number (1 = the oldest, as `notes
    remove` takes it), its text exactly as kept, and when it was written."""
    return {"number": number, "text": n.text, "after": n.after, "origin": n.origin}


def guess(known: Known, g: Guess) -> dict[str, Any]:
    """Whom the viewer suspected after an episode."""
    return {"after": g.after, "suspect": character_ref(known, g.character), "origin": g.origin}


def board(known: Known, b: Board) -> dict[str, Any]:
    """The viewer's board: a row per episode watched, the lines hidden at
    this progress, and (once the ending may be seen) the answers."""
    return {
        "episodes": [
            {
                "after": row.after,
                "suspect": None if row.suspect is None else character_ref(known, row.suspect),
                "notes": [note(number, n) for number, n in row.notes],
            }
            for row in b.rows
        ],
        "hidden": b.hidden,
        "answers": None if b.verdicts is None else [verdict(v) for v in b.verdicts],
    }


def verdict(v: Verdict) -> dict[str, Any]:
    """One question with an answer, set against the viewer's guesses."""
    ending = v.known
    return {
        "topic": v.point.topic,
        "question": v.point.question,
        "agree": v.agree,
        "accounts": [
            {"sources": source_refs(ending, [a.source]), "answer": [character_ref(ending, id) for id in ids]}
            for a, ids in v.accounts
        ],
        "suspected": [
            {
                "character": character_ref(ending, id),
                "after": list(afters),
                "first_after": afters[0] if afters else None,
            }
            for id, afters in v.suspected
        ],
    }
