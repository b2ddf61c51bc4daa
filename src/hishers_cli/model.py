"""Typed records of a show dataset. Every stamped record carries `known_from`:
the episode after which a viewer knows it (0 = before episode 1)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple, Protocol


class Stamped(Protocol):
    """Anything that carries the episode after which a viewer knows it."""

    @property
    def known_from(self) -> int: ...


class Source(NamedTuple):
    id: str
    title: str
    date: str | None
    file: str
    note: str | None = None


class SeriesFact(NamedTuple):
    topic: str
    text: str
    known_from: int
    sources: tuple[str, ...]


class Credit(NamedTuple):
    name: str
    roles: tuple[str, ...]
    known_from: int
    sources: tuple[str, ...]


class Summary(NamedTuple):
    text: str
    known_from: int
    sources: tuple[str, ...]


class Episode(NamedTuple):
    number: int
    title: str | None
    runtime_minutes: int | None
    known_from: int
    sources: tuple[str, ...]
    summary: Summary | None
    # Appearances are stamped with the episode itself: who is in episode 5 is
    # learned by watching episode 5.
    appearances: tuple[str, ...] = ()


class Casting(NamedTuple):
    actor: str
    known_from: int
    sources: tuple[str, ...]
    known_for: tuple[str, ...] = ()
    part: str | None = None


class Alias(NamedTuple):
    name: str
    known_from: int
    sources: tuple[str, ...]


class BioStage(NamedTuple):
    text: str
    known_from: int
    sources: tuple[str, ...]


class Character(NamedTuple):
    id: str
    name: str
    known_from: int
    sources: tuple[str, ...]
    cast: tuple[Casting, ...] = ()
    bio: tuple[BioStage, ...] = ()
    aliases: tuple[Alias, ...] = ()
    note: str | None = None


class Relationship(NamedTuple):
    between: tuple[str, str]
    kind: str
    text: str
    known_from: int
    sources: tuple[str, ...]


class Account(NamedTuple):
    source: str
    text: str


class EndingPoint(NamedTuple):
    topic: str
    question: str
    known_from: int
    accounts: tuple[Account, ...]
    # True: the sources tell it the same way; False: they differ;
    # None: only one source covers it.
    agree: bool | None = None

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(a.source for a in self.accounts)


class BookDifference(NamedTuple):
    topic: str
    text: str
    known_from: int
    sources: tuple[str, ...]


class Event(NamedTuple):
    lane: str  # "present" (the investigation) or "past" (the flashback years)
    order: int
    text: str
    known_from: int
    sources: tuple[str, ...]


class Fact(NamedTuple):
    """One stamped piece of the dataset, flattened: what it is, whom it is
    about, when it unlocks, and the words a viewer would read."""

    kind: str
    subject: str | None
    known_from: int
    texts: tuple[str, ...]


class Dataset(NamedTuple):
    title: str
    episode_count: int
    sources: tuple[Source, ...]
    facts: tuple[SeriesFact, ...] = ()
    credits: tuple[Credit, ...] = ()
    episodes: tuple[Episode, ...] = ()
    characters: tuple[Character, ...] = ()
    relationships: tuple[Relationship, ...] = ()
    ending: tuple[EndingPoint, ...] = ()
    book_differences: tuple[BookDifference, ...] = ()
    events: tuple[Event, ...] = ()

    def character(self, id: str) -> Character | None:
        for character in self.characters:
            if character.id == id:
                return character
        return None

    def stamped(self) -> Iterator[Fact]:
        """Every stamped fact in the dataset, with the text it would show."""
        for f in self.facts:
            yield Fact("series", f.topic, f.known_from, (f.text,))
        for c in self.credits:
            yield Fact("credit", c.name, c.known_from, (c.name, *c.roles))
        for e in self.episodes:
            subject = f"episode {e.number}"
            if e.title:
                yield Fact("episode title", subject, e.known_from, (e.title,))
            if e.summary:
                yield Fact("summary", subject, e.summary.known_from, (e.summary.text,))
        for ch in self.characters:
            yield Fact("character", ch.id, ch.known_from, (ch.name,))
            for a in ch.aliases:
                yield Fact("alias", ch.id, a.known_from, (a.name,))
            for k in ch.cast:
                texts = (k.actor, *k.known_for, *((k.part,) if k.part else ()))
                yield Fact("casting", ch.id, k.known_from, texts)
            for b in ch.bio:
                yield Fact("bio", ch.id, b.known_from, (b.text,))
        for r in self.relationships:
            yield Fact("relationship", r.between[0], r.known_from, (r.text,))
        for p in self.ending:
            texts = (p.question, *(a.text for a in p.accounts))
            yield Fact("ending", p.topic, p.known_from, texts)
        for d in self.book_differences:
            yield Fact("book", d.topic, d.known_from, (d.text,))
        for ev in self.events:
            yield Fact("event", ev.lane, ev.known_from, (ev.text,))
