"""One JSON shape per kind of thing: its type, and the one function that
builds it.

Every command's document uses these, so a character, a casting, a
relationship or a source reference looks the same wherever it appears, and
ids (character ids, episode numbers, source ids) join records across
commands. Each shape is a `TypedDict` (mypy checks every builder against
it) and `views/json_schema.py` derives the JSON Schema from these types, as
`dataset/fields.py` derives the dataset's from `dataset/model.py`: a new key
is one line here. A key holds one JSON type wherever it appears; a reference
(`character_ref`) holds a subset of its full record's keys.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypedDict, cast

from hishers_cli import errors, lookup
from hishers_cli.dataset import model
from hishers_cli.dataset.model import Doc, Lane
from hishers_cli.gate import Known, KnownCasting, KnownCharacter, KnownEpisode, KnownRelationship, Reveal
from hishers_cli.lookup import By
from hishers_cli.progress import Origin

# views/json_schema.py reads the shapes' annotations at run time
# (get_type_hints): every name a shape uses is imported above, not below.
if TYPE_CHECKING:
    import hishers_cli.notes
    import hishers_cli.views.board


# What a viewer is told about anything held back: the same words for every
# character, record and command at a given progress, and never how much,
# from when or about whom.
HELD_HINT = "More is revealed in later episodes."


class Items:
    """A list's length bounds, for the schema."""

    def __init__(self, min: int | None = None, max: int | None = None):
        self.min, self.max = min, max


PAIR = Items(2, 2)


# References and sources


class SourceRef(TypedDict):
    """A source reference: `label` is the name a reader knows the source by."""

    id: str
    label: str


class Source(TypedDict):
    """A source in full (`about`, `ending`)."""

    id: str
    label: str
    title: str
    date: str | None
    file: str


class CharacterRef(TypedDict):
    id: str
    name: str


class EpisodeRef(TypedDict):
    number: int


class Held(TypedDict):
    """The held-back hint: the same object in every document at a given progress."""

    text: str


# Stamped records


class Stamped(TypedDict):
    """A record's own keys, then when it is known and from where."""

    known_from: Annotated[int, Doc("The episode after which a viewer knows this (0 = before episode 1).")]
    exact: Annotated[bool, Doc("false: no source ties this to an episode; known_from is a latest bound.")]
    disputed: Annotated[bool, Doc("true: the sources disagree here; this record gives its sources' account.")]
    sources: list[SourceRef]


class Fact(Stamped):
    """Stamped text: a bio stage, an alias, a relationship's state."""

    text: str


class TopicFact(Fact):
    """A series fact, renewal news or a book difference: a fact with its topic."""

    topic: str


class Credit(Stamped):
    name: str
    roles: list[str]


class Casting(Stamped):
    """An actor, and the character and part once the role is known."""

    actor: str
    character: CharacterRef | None
    part: str | None
    known_for: list[str]


class CastRow(Casting):
    """A casting in `cast`, with the character as far as the viewer knows."""

    so_far: str | None


class RelationshipRef(TypedDict):
    """Which relationship: its two people, its kind, and what each is to the
    other where it has a direction."""

    between: Annotated[list[CharacterRef], PAIR]
    kind: str
    roles: Annotated[list[str], PAIR] | None


class Relationship(RelationshipRef):
    """A relationship with its current state (several where the sources
    disagree) and the states before it."""

    current: Annotated[list[Fact], Items(min=1)]
    history: list[Fact]


class Event(Stamped):
    lane: Lane
    order: int
    text: str


class Character(TypedDict):
    id: str
    name: str
    exact: bool
    sources: list[SourceRef]
    aliases: list[Fact]
    cast: list[Casting]
    bio: list[Fact]
    relationships: list[Relationship]
    seen_in: list[EpisodeRef]


class Episode(TypedDict):
    number: int
    title: str | None
    runtime_minutes: int | None
    seen: Annotated[bool, Doc("true: the viewer has watched this episode.")]
    summary: Annotated[str | None, Doc("null until the viewer has watched the episode.")]
    sources: list[SourceRef]
    appearances: list[CharacterRef]


class Recap(Stamped):
    points: list[str]
    questions: list[str]


class RecapEpisode(Episode):
    """An episode in `recap`, with its recap and the characters it introduced."""

    recap: Recap | None
    new_characters: list[CharacterRef]


class Account(TypedDict):
    sources: list[SourceRef]
    text: str
    answer: Annotated[list[CharacterRef], Doc("The characters this account names, for a question with an answer.")]


class EndingPoint(TypedDict):
    topic: str
    question: str
    agree: Annotated[bool | None, Doc("true: the sources agree; false: they differ; null: one source only.")]
    known_from: int
    accounts: list[Account]


# What an episode revealed: the record under the key of its shape.


class CharacterReveal(TypedDict):
    kind: Literal["character"]
    first_shown: bool
    character: CharacterRef


class CastingReveal(TypedDict):
    kind: Literal["casting"]
    first_shown: bool
    casting: Casting


class RelationshipReveal(TypedDict):
    """A relationship's new state."""

    kind: Literal["relationship"]
    first_shown: bool
    relationship: RelationshipRef
    fact: Fact


class FactReveal(TypedDict):
    kind: Literal["alias", "bio"]
    first_shown: bool
    character: CharacterRef | None
    fact: Fact


RevealShape = CharacterReveal | CastingReveal | RelationshipReveal | FactReveal


# A search hit: `kind` says what was found, and the record is under the key
# of its shape, as in a reveal.


class EpisodeHit(TypedDict):
    kind: Literal["episode"]
    section: str
    episode: Episode


class FactHit(TypedDict):
    kind: Literal["bio", "alias"]
    section: str
    fact: Fact


class TopicFactHit(TypedDict):
    kind: Literal["fact", "book"]
    section: str
    fact: TopicFact


class CastingHit(TypedDict):
    kind: Literal["casting"]
    section: str
    casting: Casting


class RelationshipHit(TypedDict):
    kind: Literal["relationship"]
    section: str
    relationship: Relationship


class EventHit(TypedDict):
    kind: Literal["event"]
    section: str
    event: Event


class CreditHit(TypedDict):
    kind: Literal["credit"]
    section: str
    credit: Credit


class EndingHit(TypedDict):
    kind: Literal["ending"]
    section: str
    ending_point: EndingPoint


SearchHit = EpisodeHit | FactHit | TopicFactHit | CastingHit | RelationshipHit | EventHit | CreditHit | EndingHit


class Match(TypedDict):
    """How `who` read the viewer's query."""

    by: By
    query: Annotated[str, Doc("The query as typed.")]


class Problem(TypedDict):
    path: str
    line: int | None
    column: int | None
    message: str


# The viewer's own notes and board


class Note(TypedDict):
    number: Annotated[int, Doc("1 = the oldest note; what `hishers notes remove N` takes.")]
    text: Annotated[str, Doc("The note exactly as kept (never interpreted).")]
    after: Annotated[int, Doc("The episode the viewer had watched up to when writing it.")]
    origin: Origin


class Guess(TypedDict):
    after: Annotated[int, Doc("The episode the viewer had watched up to.")]
    suspect: CharacterRef
    origin: Origin


class BoardRow(TypedDict):
    after: int
    suspect: CharacterRef | None
    notes: list[Note]


class VerdictAccount(TypedDict):
    sources: list[SourceRef]
    answer: list[CharacterRef]


class Suspected(TypedDict):
    character: CharacterRef
    every_after: Annotated[list[int], Doc("Every episode after which the viewer suspected them.")]
    first_after: Annotated[int | None, Doc("The first of every_after; null when the viewer never did.")]


class Verdict(TypedDict):
    """One question with an answer, set against the viewer's guesses."""

    topic: str
    question: str
    agree: Annotated[bool, Doc("true: every account gives the same answer.")]
    accounts: list[VerdictAccount]
    suspected: list[Suspected]


class Board(TypedDict):
    rows: Annotated[list[BoardRow], Doc("One per episode from 0 to the progress.")]
    hidden: Annotated[int, Doc("Notes and guesses from beyond this progress, not shown.")]
    answers: Annotated[
        list[Verdict] | None, Doc("null until the viewer has watched the finale (or confirms spoilers).")
    ]


class Removed(TypedDict):
    note_count: int
    guess_count: int


# Each command's document: the envelope, then its own keys.


class Envelope(TypedDict):
    show: Annotated[str | None, Doc("The show's title (null from validate on a file that does not parse).")]
    watched: Annotated[int | None, Doc("The progress the answer was gated at (null from validate).")]
    episode_count: int | None
    held: Held | None


class EpisodesDocument(Envelope):
    episodes: list[Episode]


class EpisodeDocument(Envelope):
    episode: Episode
    reveals: list[RevealShape]


class CastDocument(Envelope):
    cast: list[CastRow]


class WhoCharacterDocument(Envelope):
    match: Annotated[Match | None, Doc("How the query was read (null for a card not asked for by a query).")]
    character: Character


class WhoCastingDocument(Envelope):
    """An actor whose role is not known yet."""

    match: Match | None
    casting: Casting


class WhoCharactersDocument(Envelope):
    """Everyone a plural fits."""

    match: Match
    characters: list[Character]


WhoDocument = WhoCharacterDocument | WhoCastingDocument | WhoCharactersDocument


class RecapDocument(Envelope):
    before: int | None
    episodes: list[RecapEpisode]


class NewDocument(Envelope):
    episode: Episode
    reveals: list[RevealShape]
    events: list[Event]


class TimelineDocument(Envelope):
    lanes: Annotated[dict[Lane, list[Event]], Doc("The events of each lane asked for.")]


class RelationsDocument(Envelope):
    relationships: list[Relationship]


class SearchDocument(Envelope):
    query: Annotated[str | None, Doc("The words looked for, only when something matched.")]
    results: list[SearchHit]


class AboutDocument(Envelope):
    facts: list[TopicFact]
    credits: list[Credit]
    renewal: list[TopicFact]
    sources: list[Source]


class BookDocument(Envelope):
    differences: list[TopicFact]


class EndingDocument(Envelope):
    ending_points: list[EndingPoint]
    disagreements: list[str]
    sources: list[Source]
    board: Annotated[Board | None, Doc("The viewer's board (null when the notes file cannot be read).")]


class NotesDocument(Envelope):
    notes: list[Note]
    hidden: int
    file: str


class NoteDocument(Envelope):
    """The note `notes add` kept or `notes remove` removed."""

    note: Note
    file: str


class NotesClearDocument(Envelope):
    removed: Removed
    file: str


class SuspectDocument(Envelope):
    board: Board
    file: str


class SuspectNameDocument(Envelope):
    guess: Guess
    file: str


class ProgressDocument(Envelope):
    origin: Origin
    config_file: str


class ValidateDocument(Envelope):
    path: str
    valid: bool
    problems: list[Problem]


# Builders


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
    return {"by": cast(By, m.by), "query": m.query}


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
    return {"lane": cast(Lane, ev.lane), "order": ev.order, "text": ev.text, **stamped(known, ev)}


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


def recap(known: Known, r: model.Recap) -> Recap:
    return {"points": list(r.points), "questions": list(r.questions), **stamped(known, r)}


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


def note(number: int, n: hishers_cli.notes.Note) -> Note:
    """One of the viewer's notes: its number (1 = the oldest, as `notes
    remove` takes it), its text exactly as kept, and when it was written."""
    return {"number": number, "text": n.text, "after": n.after, "origin": cast(Origin, n.origin)}


def guess(known: Known, g: hishers_cli.notes.Guess) -> Guess:
    """Whom the viewer suspected after an episode."""
    return {"after": g.after, "suspect": character_ref(known, g.character), "origin": cast(Origin, g.origin)}


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
