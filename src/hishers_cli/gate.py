"""The spoiler gate: the one place that decides what a viewer may see.

`view(dataset, watched)` returns everything stamped at or before `watched`
and nothing else. Commands render from the View alone, so a command cannot
leak a later fact by forgetting a check. What is held back is only ever
counted (how many, and from which episode), never described.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from hishers_cli.errors import ProgressError
from hishers_cli.model import (
    BioStage,
    BookDifference,
    Casting,
    Credit,
    Dataset,
    EndingPoint,
    Event,
    Fact,
    Relationship,
    SeriesFact,
    Source,
    Stamped,
    Summary,
)


@dataclass(frozen=True, slots=True)
class Held:
    """Facts held back: how many, and the earliest episode that unlocks one."""

    count: int
    unlocks_at: int


@dataclass(frozen=True, slots=True)
class CharacterView:
    id: str
    name: str
    aliases: tuple[str, ...]
    cast: tuple[Casting, ...]
    bio: tuple[BioStage, ...]
    relationships: tuple[Relationship, ...]
    appearances: tuple[int, ...]
    held: Held | None

    @property
    def latest(self) -> tuple[BioStage, ...]:
        """The bio stages from the most recent episode that added any."""
        if not self.bio:
            return ()
        newest = max(stage.known_from for stage in self.bio)
        return tuple(stage for stage in self.bio if stage.known_from == newest)


@dataclass(frozen=True, slots=True)
class CastView:
    """One actor in one part. `character` is None while the role is locked."""

    actor: str
    part: str | None
    known_for: tuple[str, ...]
    character: CharacterView | None
    role_unlocks_at: int | None


@dataclass(frozen=True, slots=True)
class Reveal:
    kind: str
    subject: str | None
    text: str


@dataclass(frozen=True, slots=True)
class EpisodeView:
    number: int
    watched: bool
    title: str | None
    runtime_minutes: int | None
    summary: Summary | None
    appearances: tuple[str, ...]
    reveals: tuple[Reveal, ...]


@dataclass(frozen=True, slots=True)
class View:
    title: str
    watched: int
    episode_count: int
    sources: tuple[Source, ...]
    facts: tuple[SeriesFact, ...]
    credits: tuple[Credit, ...]
    episodes: tuple[EpisodeView, ...]
    characters: tuple[CharacterView, ...]
    cast: tuple[CastView, ...]
    relationships: tuple[Relationship, ...]
    ending: tuple[EndingPoint, ...]
    ending_held: Held | None
    book_differences: tuple[BookDifference, ...]
    book_held: Held | None
    events: tuple[Event, ...]

    def character(self, id: str) -> CharacterView | None:
        for character in self.characters:
            if character.id == id:
                return character
        return None

    def name(self, id: str) -> str:
        character = self.character(id)
        return character.name if character else id


def check_watched(watched: int, episode_count: int) -> None:
    if not 0 <= watched <= episode_count:
        raise ProgressError(f"{watched} is out of range; use a whole number from 0 to {episode_count}")


def view(dataset: Dataset, watched: int) -> View:
    """Everything a viewer who has watched up to episode `watched` may see."""
    check_watched(watched, dataset.episode_count)

    def seen(record: Stamped) -> bool:
        return record.known_from <= watched

    visible = {c.id for c in dataset.characters if c.known_from <= watched}
    relationships = tuple(r for r in dataset.relationships if seen(r) and set(r.between) <= visible)
    appearances: dict[str, list[int]] = {}
    for episode in dataset.episodes:
        if episode.number <= watched:
            for id in episode.appearances:
                appearances.setdefault(id, []).append(episode.number)

    characters = []
    for c in dataset.characters:
        if c.id not in visible:
            continue
        mine = [r for r in dataset.relationships if c.id in r.between]
        mine_stamped: list[Stamped] = [*c.bio, *c.aliases, *c.cast, *mine]
        later = [x.known_from for x in mine_stamped if not seen(x)]
        characters.append(
            CharacterView(
                id=c.id,
                name=c.name,
                aliases=tuple(a.name for a in c.aliases if seen(a)),
                cast=tuple(k for k in c.cast if seen(k)),
                bio=tuple(b for b in c.bio if seen(b)),
                relationships=tuple(r for r in relationships if c.id in r.between),
                appearances=tuple(appearances.get(c.id, ())),
                held=_held(later),
            )
        )
    by_id = {c.id: c for c in characters}

    cast = []
    for c in dataset.characters:
        for k in c.cast:
            if not seen(k):
                continue
            known = by_id.get(c.id)
            cast.append(
                CastView(
                    actor=k.actor,
                    part=k.part if known else None,
                    known_for=k.known_for,
                    character=known,
                    role_unlocks_at=None if known else c.known_from,
                )
            )

    stamped = [f for f in dataset.stamped() if seen(f)]
    episodes = []
    for e in dataset.episodes:
        watched_it = e.number <= watched
        reveals = tuple(
            _reveal(f, dataset)
            for f in sorted(stamped, key=lambda f: _REVEAL_ORDER.get(f.kind, 9))
            if f.known_from == e.number and f.kind not in _NOT_REVEALS
        )
        episodes.append(
            EpisodeView(
                number=e.number,
                watched=watched_it,
                title=e.title if e.known_from <= watched else None,
                runtime_minutes=e.runtime_minutes,
                summary=e.summary if e.summary and seen(e.summary) else None,
                appearances=tuple(by_id[id].name for id in e.appearances if watched_it and id in by_id),
                reveals=reveals if watched_it else (),
            )
        )

    return View(
        title=dataset.title,
        watched=watched,
        episode_count=dataset.episode_count,
        sources=dataset.sources,
        facts=tuple(f for f in dataset.facts if seen(f)),
        credits=tuple(c for c in dataset.credits if seen(c)),
        episodes=tuple(episodes),
        characters=tuple(characters),
        cast=tuple(cast),
        relationships=relationships,
        ending=tuple(p for p in dataset.ending if seen(p)),
        ending_held=_held(p.known_from for p in dataset.ending if not seen(p)),
        book_differences=tuple(d for d in dataset.book_differences if seen(d)),
        book_held=_held(d.known_from for d in dataset.book_differences if not seen(d)),
        events=tuple(ev for ev in dataset.events if seen(ev)),
    )


# Shown by their own commands (`episodes`, `ending`, `book`), not as reveals.
_NOT_REVEALS = {"summary", "ending", "book", "event"}
_REVEAL_ORDER = {"character": 0, "casting": 1, "alias": 2, "bio": 3, "relationship": 4}


def _held(stamps: Iterable[int]) -> Held | None:
    stamps = list(stamps)
    return Held(len(stamps), min(stamps)) if stamps else None


def _reveal(fact: Fact, dataset: Dataset) -> Reveal:
    subject = fact.subject
    if fact.kind in ("character", "alias", "casting", "bio") and subject:
        character = dataset.character(subject)
        subject = character.name if character else subject
    if fact.kind == "character":
        return Reveal("new character", subject, fact.texts[0])
    if fact.kind == "casting":
        part = next((k.part for c in dataset.characters for k in c.cast if k.actor == fact.texts[0]), None)
        return Reveal("casting", subject, f"{fact.texts[0]} ({part})" if part else fact.texts[0])
    if fact.kind == "relationship":
        return Reveal("relationship", None, fact.texts[0])
    return Reveal(fact.kind, subject, " ".join(fact.texts))
