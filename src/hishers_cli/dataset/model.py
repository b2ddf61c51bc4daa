"""Typed records of a show dataset, and the one description of its format.

Every record type below is a `record`: an immutable named tuple whose
annotations say everything the format needs: the type of each field, whether it is required (it has no
default), and, through `Annotated`, what else holds for it (a stamp, source
ids, a range, a closed set of values). The reader's checks (`parse`), the
JSON Schema (`schema`) and the cache's serialisation (`cache`) are all derived
from these classes by `fields(record_type)`, so a new field is one line here
plus its documentation.

Every stamped record carries `known_from`: the episode after which a viewer
knows it (0 = before episode 1).
"""

import collections
import inspect
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Annotated, Any, Literal, NamedTuple, Protocol, TypeVar, cast, get_args

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:  # it only tells the type checker how `record` makes a class (typing has it from 3.11)

    def dataclass_transform(**_: Any) -> Callable[[Any], Any]:
        return lambda decorated: decorated


class Stamp:
    """An episode number from 0 to the show's episode count."""


class SourceIds:
    """A non-empty list of ids from the top-level `sources`."""


class SourceId:
    """One id from the top-level `sources`."""


class CharacterIds:
    """Ids from `characters`; `count` fixes how many there must be."""

    def __init__(self, count: int | None = None):
        self.count = count


class Whole:
    """A whole number from `low` to `high`."""

    def __init__(self, low: int, high: int):
        self.low, self.high = low, high


class Choice:
    """One of a closed set of words."""

    def __init__(self, *words: str):
        self.words = words


class Date:
    """A date such as 2026-01-08 (YAML may read it as a date or as text)."""


class NonEmpty:
    """A list that needs at least one item."""


class Doc:
    """What a field means, for the JSON Schema and docs."""

    def __init__(self, text: str):
        self.text = text


STAMP = Stamp()
KNOWN_FROM = Doc("The episode after which a viewer knows this (0 = before episode 1); at most series.episodes.")
EXACT = Doc(
    "true (the default): a source ties this to the episode in known_from. "
    "false: no source says which episode first shows it, and known_from is the latest episode by which "
    "a viewer knows it, a conservative bound."
)
DISPUTED = Doc(
    "true: the sources disagree on this point and this record gives only its own sources' account; "
    "every command shows their labels beside it."
)
Lane = Literal["present", "past"]
LANES: tuple[Lane, ...] = get_args(Lane)

_R = TypeVar("_R")


@dataclass_transform(kw_only_default=True, frozen_default=True)
def record(cls: type[_R]) -> type[_R]:
    """The class as a named tuple. Its fields are its own annotations and
    those of its bases (a base such as `Sourced` declares once the fields
    many record types share), required ones first; its methods and its
    bases' are kept. Built with `collections.namedtuple`: `typing.NamedTuple`
    would also compile every annotation at import, which every run pays for."""
    own = inspect.get_annotations(cls)
    declared: dict[str, Any] = {}
    defaults: dict[str, Any] = {}
    methods: dict[str, Any] = {}
    for base in reversed(cls.__mro__[1:]):
        declared.update(getattr(base, "_declared", {}))
        defaults.update(getattr(base, "_field_defaults", {}))
        methods.update(getattr(base, "_methods", {}))
    declared.update(own)
    for name in own:  # a field declared again is as its class declares it
        defaults.pop(name, None)
        if name in cls.__dict__:
            defaults[name] = cls.__dict__[name]
    methods.update(
        (name, value) for name, value in cls.__dict__.items() if not name.startswith("__") or callable(value)
    )
    methods = {name: value for name, value in methods.items() if name not in declared and name not in _CLASS_KEYS}
    order = [*own, *(name for name in declared if name not in own)]
    names = [name for name in order if name not in defaults] + [name for name in order if name in defaults]
    values = [defaults[name] for name in names if name in defaults]
    made = _namedtuple(cls.__name__, names, defaults=values, module=cls.__module__)
    for name, value in methods.items():
        setattr(made, name, value)
    made._declared, made._methods = declared, methods
    made.__annotations__ = {name: declared[name] for name in names}
    made.__qualname__, made.__doc__ = cls.__qualname__, cls.__doc__ or made.__doc__
    return cast("type[_R]", made)


_namedtuple: Callable[..., Any] = collections.namedtuple
# What a class statement puts in a class's namespace besides what it declares.
_CLASS_KEYS = frozenset(
    {"__annotations__", "__annotate__", "__annotate_func__", "__annotations_cache__", "__dict__", "__weakref__"}
    | {"__module__", "__qualname__", "__doc__", "__static_attributes__", "__firstlineno__", "__classcell__"}
)


@record
class Sourced:
    """What every stamped record carries: when a viewer knows it, and who says so."""

    known_from: Annotated[int, STAMP, KNOWN_FROM]
    sources: Annotated[tuple[str, ...], SourceIds()]
    exact: Annotated[bool, EXACT] = True


@record
class Disputable(Sourced):
    """A stamped record on which the sources may disagree."""

    disputed: Annotated[bool, DISPUTED] = False


@record
class Source:
    id: str
    title: str
    file: str
    label: Annotated[str | None, Doc("How the source is named to a reader, e.g. 'finale recap, 10 Jan 2026'.")] = None
    date: Annotated[str | None, Date()] = None
    note: str | None = None


@record
class SeriesFact(Disputable):
    topic: str
    text: str


@record
class Credit(Disputable):
    name: str
    roles: Annotated[tuple[str, ...], NonEmpty()]


@record
class Summary(Disputable):
    text: str


@record
class Answered:
    """Where the story answers a question, stamped with when a viewer learns
    it: the episode that answers it or, for an ending point, that point's own
    stamp."""

    known_from: Annotated[
        int, STAMP, Doc("The episode that answers the question; for an ending point, the point's own known_from.")
    ]
    ending: Annotated[str | None, Doc("The topic of the ending point that answers it, if one does.")] = None


@record
class Question:
    """What a viewer wonders at the end of an episode, and where it is answered."""

    text: str
    answered: Annotated[Answered | None, Doc("Where it is answered; known only from its own known_from.")] = None


@record
class Recap(Disputable):
    """A condensed "previously on" for one episode: a few points, and the
    open questions a viewer has at its end."""

    points: Annotated[tuple[str, ...], NonEmpty(), Doc("A few short points: what happened in the episode.")]
    questions: Annotated[
        tuple[Question, ...], Doc("What a viewer wonders at the end of the episode, from what it has shown so far.")
    ] = ()


@record
class Episode(Sourced):
    number: Annotated[int, Whole(1, 10_000)]
    title: str | None = None
    runtime_minutes: Annotated[int | None, Whole(1, 10_000)] = None
    summary: Summary | None = None
    recap: Recap | None = None
    # Appearances are learned by watching the episode itself: who is in
    # episode 5 is known once episode 5 is watched.
    appearances: Annotated[tuple[str, ...], CharacterIds(), Doc("Ids of the characters seen in this episode.")] = ()


@record
class Casting(Disputable):
    actor: str
    known_for: tuple[str, ...] = ()
    part: Annotated[str | None, Doc("Which part, e.g. 'young Xavier, in flashbacks'.")] = None


@record
class Alias(Disputable):
    name: str


@record
class BioStage(Disputable):
    text: str


@record
class Descriptor(Disputable):
    """A word that describes a character without naming a relationship:
    what they are ("detective", "news anchor") or what befalls them
    ("victim"). `who` finds them by it once it is known."""

    word: Annotated[str, Doc("One word or a short phrase, singular: 'detective', 'news anchor', 'victim'.")]


@record
class Character(Disputable):
    id: str
    name: str
    cast: tuple[Casting, ...] = ()
    bio: tuple[BioStage, ...] = ()
    aliases: tuple[Alias, ...] = ()
    described_as: tuple[Descriptor, ...] = ()
    note: str | None = None


@record
class Relationship(Disputable):
    """One state of a relationship. Records with the same two characters and
    the same `kind` are one relationship whose state changes over time: the
    latest known state is the current one, the earlier ones its history."""

    between: Annotated[tuple[str, ...], CharacterIds(2)]
    kind: str
    text: str
    roles: Annotated[
        tuple[str, ...],
        Doc(
            "For a relationship with a direction: what each of `between` is to the other, in the same order, "
            "e.g. between [xavier, yara] with roles [brother, sister], or [wife, husband], [daughter, mother], "
            "[partner, partner]. `who` finds people by these words. Without roles, a plural kind such as "
            "'friends' makes each a 'friend' of the other."
        ),
    ] = ()


ANSWER = Doc(
    "For a question a viewer can guess at (who did it): the ids of the characters this account names. "
    "Set on the point when every account names the same people, on each account where they differ."
)


@record
class Account:
    source: Annotated[str, SourceId()]
    text: str
    answer: Annotated[tuple[str, ...], CharacterIds(), ANSWER] = ()


@record
class EndingPoint:
    topic: str
    question: str
    known_from: Annotated[int, STAMP, KNOWN_FROM]
    accounts: Annotated[tuple[Account, ...], NonEmpty()]
    # True: the sources tell it the same way; False: they differ;
    # None: only one source covers it.
    agree: bool | None = None
    answer: Annotated[tuple[str, ...], CharacterIds(), ANSWER] = ()

    def answers(self) -> tuple[tuple[Account, tuple[str, ...]], ...]:
        """Each account with the characters it names (its own answer, else
        the point's); empty when the point is not a question with an answer."""
        named = tuple((a, a.answer or self.answer) for a in self.accounts)
        return named if any(ids for _, ids in named) else ()

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(a.source for a in self.accounts)


@record
class BookDifference(Disputable):
    topic: str
    text: str


@record
class Event(Disputable):
    lane: Annotated[str, Choice(*LANES), Doc("present (the present day) or past (before it, as in flashbacks).")]
    order: Annotated[int, Whole(0, 10**9), Doc("Story order within the lane.")]
    text: str


@record
class Word:
    """A word viewers use for a role or a description, and what it means:
    `{word: sheriff, means: [detective]}`. Not stamped: it says what a word
    means, not who is what."""

    word: Annotated[str, Doc("The word a viewer types, e.g. 'sheriff', 'twins', 'mum'.")]
    means: Annotated[
        tuple[str, ...],
        NonEmpty(),
        Doc("The role or descriptor words it stands for, singular, e.g. [detective] or [brother, sister]."),
    ]
    plural: Annotated[bool, Doc("true: the word asks for everyone it fits, as 'twins' or 'police' do.")] = False


@record
class Series:
    title: str
    episodes: Annotated[int, Whole(1, 10_000), Doc("How many episodes the show has.")]
    facts: tuple[SeriesFact, ...] = ()
    credits: tuple[Credit, ...] = ()


@record
class Lists:
    """The top-level lists a file may leave out, which a dataset keeps as they are."""

    relationships: tuple[Relationship, ...] = ()
    ending: tuple[EndingPoint, ...] = ()
    book_differences: tuple[BookDifference, ...] = ()
    events: tuple[Event, ...] = ()
    words: tuple[Word, ...] = ()


@record
class DatasetFile(Lists):
    """A dataset file's top level, as written."""

    schema: Annotated[int, Whole(1, 1)]
    sources: tuple[Source, ...]
    series: Series
    episodes: tuple[Episode, ...]
    characters: tuple[Character, ...]


class Stamped(Protocol):
    """Anything that carries the episode after which a viewer knows it."""

    @property
    def known_from(self) -> int: ...


class StampedText(NamedTuple):
    """One stamped record, flattened: what it is, whom it is about, when it
    becomes known, and the words a viewer would read."""

    kind: str
    subject: str | None
    known_from: int
    texts: tuple[str, ...]


@record
class Dataset(Lists):
    title: str
    episode_count: int
    sources: tuple[Source, ...]
    facts: tuple[SeriesFact, ...] = ()
    credits: tuple[Credit, ...] = ()
    episodes: tuple[Episode, ...] = ()
    characters: tuple[Character, ...] = ()

    @classmethod
    def of(cls, contents: DatasetFile) -> "Dataset":
        """The dataset a file's top level describes, episodes and events in order."""
        lists: dict[str, Any] = {name: getattr(contents, name) for name in Lists._fields}  # type: ignore[attr-defined]
        lists["events"] = tuple(sorted(contents.events, key=lambda e: (e.lane, e.order)))
        return cls(
            title=contents.series.title,
            episode_count=contents.series.episodes,
            sources=contents.sources,
            facts=contents.series.facts,
            credits=contents.series.credits,
            episodes=tuple(sorted(contents.episodes, key=lambda e: e.number)),
            characters=contents.characters,
            **lists,
        )

    def character(self, id: str) -> Character | None:
        for character in self.characters:
            if character.id == id:
                return character
        return None

    def stamped(self) -> Iterator[StampedText]:
        """Every stamped record in the dataset, with the text it would show."""
        for f in self.facts:
            yield StampedText("series", f.topic, f.known_from, (f.text,))
        for c in self.credits:
            yield StampedText("credit", c.name, c.known_from, (c.name, *c.roles))
        for e in self.episodes:
            subject = f"episode {e.number}"
            if e.title:
                yield StampedText("episode title", subject, e.known_from, (e.title,))
            if e.summary:
                yield StampedText("summary", subject, e.summary.known_from, (e.summary.text,))
            if e.recap:
                texts = (*e.recap.points, *(q.text for q in e.recap.questions))
                yield StampedText("recap", subject, e.recap.known_from, texts)
        for ch in self.characters:
            yield StampedText("character", ch.id, ch.known_from, (ch.name,))
            for a in ch.aliases:
                yield StampedText("alias", ch.id, a.known_from, (a.name,))
            for k in ch.cast:
                texts = (k.actor, *k.known_for, *((k.part,) if k.part else ()))
                yield StampedText("casting", ch.id, k.known_from, texts)
            for b in ch.bio:
                yield StampedText("bio", ch.id, b.known_from, (b.text,))
        for r in self.relationships:
            yield StampedText("relationship", r.between[0], r.known_from, (r.text,))
        for p in self.ending:
            texts = (p.question, *(a.text for a in p.accounts))
            yield StampedText("ending", p.topic, p.known_from, texts)
        for d in self.book_differences:
            yield StampedText("book", d.topic, d.known_from, (d.text,))
        for ev in self.events:
            yield StampedText("event", ev.lane, ev.known_from, (ev.text,))
