"""One JSON shape per kind of thing: its type, and the one function that
builds it.

Every command's document uses these, so a character, a casting, a
relationship or a source reference looks the same wherever it appears, and
ids (character ids, episode numbers, source ids) join records across
commands. Each shape is a `TypedDict` in `views/shape_types.py` (mypy checks
every builder here against it) and `views/json_schema.py` derives the JSON
Schema from those types, as `dataset/fields.py` derives the dataset's from
`dataset/model.py`: a new key is one line there and one here. A key holds one JSON type wherever it appears; a reference
(`character_ref`) holds a subset of its full record's keys.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, cast

from hishers_cli.dataset import model
from hishers_cli.gate import (
    Known,
    KnownCasting,
    KnownCharacter,
    KnownEpisode,
    KnownQuestion,
    KnownRelationship,
    Reveal,
)

if TYPE_CHECKING:
    import hishers_cli.store.notes
    import hishers_cli.views.board
    from hishers_cli import errors, lookup
    from hishers_cli.dataset.model import Lane
    from hishers_cli.lookup import By
    from hishers_cli.store.progress import Origin
    from hishers_cli.views.shape_types import (
        AboutDocument as AboutDocument,
        Account as Account,
        Board as Board,
        BoardRow as BoardRow,
        BookDocument as BookDocument,
        CacheClearDocument as CacheClearDocument,
        CastDocument as CastDocument,
        Casting as Casting,
        CastingHit as CastingHit,
        CastingReveal as CastingReveal,
        CastRow as CastRow,
        Character as Character,
        CharacterRef as CharacterRef,
        CharacterReveal as CharacterReveal,
        Credit as Credit,
        CreditHit as CreditHit,
        EndingDocument as EndingDocument,
        EndingHit as EndingHit,
        EndingPoint as EndingPoint,
        Envelope as Envelope,
        Episode as Episode,
        EpisodeDocument as EpisodeDocument,
        EpisodeHit as EpisodeHit,
        EpisodeRef as EpisodeRef,
        EpisodesDocument as EpisodesDocument,
        Event as Event,
        EventHit as EventHit,
        ExportDocument as ExportDocument,
        Fact as Fact,
        FactHit as FactHit,
        FactReveal as FactReveal,
        Guess as Guess,
        Held as Held,
        Match as Match,
        Named as Named,
        NamedKind as NamedKind,
        NewDocument as NewDocument,
        Note as Note,
        NoteDocument as NoteDocument,
        NotesClearDocument as NotesClearDocument,
        NotesDocument as NotesDocument,
        Problem as Problem,
        ProgressChangeDocument as ProgressChangeDocument,
        ProgressDocument as ProgressDocument,
        Question as Question,
        Recap as Recap,
        RecapDocument as RecapDocument,
        RecapEpisode as RecapEpisode,
        RelationsDocument as RelationsDocument,
        Relationship as Relationship,
        RelationshipHit as RelationshipHit,
        RelationshipRef as RelationshipRef,
        RelationshipReveal as RelationshipReveal,
        Removed as Removed,
        RevealShape as RevealShape,
        SearchDocument as SearchDocument,
        SearchHit as SearchHit,
        Source as Source,
        SourceRef as SourceRef,
        Stamped as Stamped,
        SuspectDocument as SuspectDocument,
        Suspected as Suspected,
        SuspectNameDocument as SuspectNameDocument,
        TimelineDocument as TimelineDocument,
        TopicFact as TopicFact,
        TopicFactHit as TopicFactHit,
        ValidateDocument as ValidateDocument,
        Verdict as Verdict,
        VerdictAccount as VerdictAccount,
        WhoCastingDocument as WhoCastingDocument,
        WhoCharacterDocument as WhoCharacterDocument,
        WhoCharactersDocument as WhoCharactersDocument,
        WhoDocument as WhoDocument,
        WhoNamedDocument as WhoNamedDocument,
    )


# What a viewer is told about anything held back: the same words for every
# character, record and command at a given progress, and never how much,
# from when or about whom.
HELD_HINT = "More is revealed in later episodes."


def held(known: Known | None) -> Held | None:
    """The held-back hint: identical wherever it appears, null when nothing
    is held back."""
    return {"text": HELD_HINT} if known is not None and known.more_later else None


def envelope(known: Known) -> Envelope:
    """The keys every command's document starts with. A view builds its
    document as `{**envelope(known), ...}` typed as the command's document,
    and hands the renderer a plain copy (`{**data}`)."""
    return {"show": known.title, "watched": known.watched, "episode_count": known.episode_count, "held": held(known)}


def label(known: Known, id: str) -> str:
    """A source as a reader knows it: its label, else its title."""
    source = known.source(id)
    if source is None:
        return id
    return source.label or source.title


def source_refs(known: Known, ids: Iterable[str]) -> list[SourceRef]:
    """Source references: id and human label."""
    return [{"id": id, "label": label(known, id)} for id in ids]


def source(s: model.Source) -> Source:
    return {"id": s.id, "label": s.label or s.title, "title": s.title, "date": s.date, "file": s.file}


def stamped(known: Known, record: Any) -> Stamped:
    """When a stamped record is known and from where: the keys that follow
    its own."""
    return {
        "known_from": record.known_from,
        "exact": record.exact,
        "disputed": getattr(record, "disputed", False),
        "sources": source_refs(known, record.sources),
    }


def match(m: lookup.Match) -> Match:
    # The lookup reads a query in one of the ways of `By`; a query that
    # matched no one has no document.
    return {"by": cast("By", m.by), "query": m.query}


def character_ref(known: Known, id: str) -> CharacterRef:
    return {"id": id, "name": known.name(id)}


def episode_ref(number: int) -> EpisodeRef:
    return {"number": number}


def fact(known: Known, record: Any, text: str) -> Fact:
    """Any stamped text: a bio stage, an alias, a relationship's state."""
    return {"text": text, **stamped(known, record)}


def topic_fact(known: Known, record: model.SeriesFact | model.BookDifference) -> TopicFact:
    return {"topic": record.topic, **fact(known, record, record.text)}


def credit(known: Known, c: model.Credit) -> Credit:
    return {"name": c.name, "roles": list(c.roles), **stamped(known, c)}


def named(known: Known, n: lookup.Named, builder: Callable[[Known, Any], Any]) -> Named:
    """Records of one kind under one name, each as `builder` shapes it."""
    return {"kind": cast("NamedKind", n.kind), "name": n.name, "records": [builder(known, r) for r in n.records]}


def character(known: Known, c: KnownCharacter) -> Character:
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


def casting(known: Known, k: KnownCasting | model.Casting, c: KnownCharacter | None) -> Casting:
    """An actor, and the character and part once the role is known."""
    record = k.record if isinstance(k, KnownCasting) else k
    return {
        "actor": record.actor,
        "character": None if c is None else character_ref(known, c.id),
        "part": record.part if c is not None else None,
        "known_for": list(record.known_for),
        **stamped(known, record),
    }


def relationship_ref(known: Known, r: model.Relationship | KnownRelationship) -> RelationshipRef:
    return {
        "between": [character_ref(known, id) for id in r.between],
        "kind": r.kind,
        "roles": list(r.roles) or None,
    }


def relationship(known: Known, r: KnownRelationship) -> Relationship:
    return {
        **relationship_ref(known, r),
        "current": [fact(known, state, state.text) for state in r.current],
        "history": [fact(known, state, state.text) for state in r.history],
    }


def event(known: Known, ev: model.Event) -> Event:
    # The dataset's reader admits only the lanes of `Lane`.
    return {"lane": cast("Lane", ev.lane), "order": ev.order, "text": ev.text, **stamped(known, ev)}


def episode(known: Known, e: KnownEpisode) -> Episode:
    return {
        "number": e.number,
        "title": e.title,
        "runtime_minutes": e.runtime_minutes,
        "seen": e.watched,
        "summary": e.summary.text if e.summary else None,
        "sources": source_refs(known, e.summary.sources) if e.summary else [],
        "appearances": [character_ref(known, id) for id in e.appearances],
    }


def recap(known: Known, r: model.Recap, number: int) -> Recap:
    """Episode `number`'s recap."""
    questions = [question(known.question(q, number)) for q in r.questions]
    return {"points": list(r.points), "questions": questions, **stamped(known, r)}


def question(q: KnownQuestion) -> Question:
    return {
        "text": q.text,
        "asked": episode_ref(q.asked),
        "answered_in": None if q.answered_in is None else episode_ref(q.answered_in),
        "ending_point": None
        if q.ending_point is None
        else {"topic": q.ending_point.topic, "question": q.ending_point.question},
    }


def ending_point(known: Known, p: model.EndingPoint) -> EndingPoint:
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


def reveal(known: Known, r: Reveal) -> RevealShape:
    """One thing an episode revealed, with the record in its own shape."""
    record, c = r.record, r.character
    if r.kind == "character":
        return {"kind": r.kind, "first_shown": r.exact, "character": character_ref(known, record.id)}
    if r.kind == "casting":
        casting_ = casting(known, record, known.character(c.id) if c else None)
        return {"kind": r.kind, "first_shown": r.exact, "casting": casting_}
    if r.kind == "relationship":
        ref = relationship_ref(known, record)
        return {"kind": r.kind, "first_shown": r.exact, "relationship": ref, "fact": fact(known, record, record.text)}
    text = record.name if r.kind == "alias" else record.text
    return {
        "kind": r.kind,
        "first_shown": r.exact,
        "character": character_ref(known, c.id) if c else None,
        "fact": fact(known, record, text),
    }


def problem(p: errors.Problem) -> Problem:
    return {"path": p.path, "line": p.line, "column": p.column, "message": p.message}


def note(number: int, n: hishers_cli.store.notes.Note) -> Note:
    """One of the viewer's notes: its number (1 = the oldest, as `notes
    remove` takes it), its text exactly as kept, and when it was written."""
    return {"number": number, "text": n.text, "after": n.after, "origin": cast("Origin", n.origin)}


def guess(known: Known, g: hishers_cli.store.notes.Guess) -> Guess:
    """Whom the viewer suspected after an episode."""
    return {"after": g.after, "suspect": character_ref(known, g.character), "origin": cast("Origin", g.origin)}


def board(known: Known, b: hishers_cli.views.board.Board) -> Board:
    """The viewer's board: a row per episode watched, the lines hidden at
    this progress, and (once the ending may be seen) the answers."""
    return {
        "rows": [
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


def verdict(v: hishers_cli.views.board.Verdict) -> Verdict:
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
                "every_after": list(afters),
                "first_after": afters[0] if afters else None,
            }
            for id, afters in v.suspected
        ],
    }
