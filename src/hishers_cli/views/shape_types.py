"""The JSON shapes, typed: one `TypedDict` per kind of thing and per
command's document. `views/json_schema.py` generates the output's JSON
Schema from these, and `views/shapes.py` builds each one (mypy checks every
builder against its shape). Only the schema and the type checker import this
module, so no command pays for creating the classes at start-up."""

from __future__ import annotations

from typing import Annotated, Literal, TypedDict

from hishers_cli.dataset.model import Doc, Lane
from hishers_cli.lookup import By
from hishers_cli.store.progress import Origin


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


class EndingPointRef(TypedDict):
    topic: str
    question: str


class Question(TypedDict):
    """A question a viewer carries forward. While it is open, `answered_in`
    and `ending_point` are null, as they are for every open question."""

    text: str
    asked: Annotated[EpisodeRef, Doc("The episode after which it is asked.")]
    answered_in: Annotated[EpisodeRef | None, Doc("The episode that answers it, once that is known.")]
    ending_point: Annotated[EndingPointRef | None, Doc("The ending point that answers it, once that is known.")]


class Recap(Stamped):
    points: list[str]
    questions: list[Question]


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


# The kinds of record `who` finds by name that are no character.
NamedKind = Literal["credit"]


class Named(TypedDict):
    """The records of one kind under one name (two where the sources give it differently)."""

    kind: NamedKind
    name: str
    records: list[Credit]


class WhoNamedDocument(Envelope):
    """A name that is no character's: someone in the credits."""

    match: Match
    named: Named


WhoDocument = WhoCharacterDocument | WhoCastingDocument | WhoCharactersDocument | WhoNamedDocument


class RecapDocument(Envelope):
    before: int | None
    episodes: list[RecapEpisode]
    questions: Annotated[list[Question], Doc("The episodes' questions so far, once each, oldest first.")]


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


class ProgressChangeDocument(TypedDict):
    """What `progress set`, `progress next` and `progress reset` changed."""

    show: Annotated[str | None, Doc("The show's title (null from reset --all, which covers every show).")]
    episode_count: int | None
    saved: Annotated[int | None, Doc("The progress saved now (null once reset).")]
    was: Annotated[int | None, Doc("From progress next: the progress saved before (null from set and reset).")]
    changed: Annotated[bool, Doc("false: nothing was changed (already at the last episode, or nothing saved).")]
    config_file: str


class CacheClearDocument(TypedDict):
    file_count: Annotated[int, Doc("How many cached files were removed.")]
    cache_dir: str


class ExportDocument(TypedDict):
    """What `export html -o FILE` and `export site DIR` wrote."""

    show: str
    episode_count: int
    upto: Annotated[int, Doc("The last level written: the page's progress, or the site's last level.")]
    ending: Annotated[bool, Doc("true: the ending explained is part of what was written.")]
    files: Annotated[list[str], Doc("Every file written, by path.")]


class ValidateDocument(Envelope):
    path: str
    valid: bool
    problems: list[Problem]


# Builders
