"""The spoiler gate: the one place that decides what a viewer may see.

`view(dataset, watched)` returns everything stamped at or before `watched`
and nothing else. Commands render from the View alone, so a command cannot
leak a later fact by forgetting a check. What is held back is only ever
counted (how many, and from which episode), never described.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import NamedTuple, TypeVar

from hishers_cli.errors import ProgressError
from hishers_cli.model import (
    BioStage,
    BookDifference,
    Casting,
    Character,
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

_S = TypeVar("_S", bound=Stamped)


class Held(NamedTuple):
    """Facts held back: how many, and the earliest episode that unlocks one."""

    size: int
    unlocks_at: int


class CharacterView(NamedTuple):
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


class CastView(NamedTuple):
    """One actor in one part. `character` is None while the role is locked."""

    actor: str
    part: str | None
    known_for: tuple[str, ...]
    character: CharacterView | None
    role_unlocks_at: int | None


class Reveal(NamedTuple):
    kind: str
    subject: str | None
    text: str


class EpisodeView(NamedTuple):
    number: int
    watched: bool
    title: str | None
    runtime_minutes: int | None
    summary: Summary | None
    appearances: tuple[str, ...]


class View:
    """What a viewer who has watched up to episode `watched` may see.

    Each part is worked out the first time a command asks for it, in one pass
    over the dataset, so a command pays only for what it shows."""

    def __init__(self, dataset: Dataset, watched: int):
        check_watched(watched, dataset.episode_count)
        self._dataset = dataset
        self.watched = watched
        self.title = dataset.title
        self.episode_count = dataset.episode_count
        self.sources: tuple[Source, ...] = dataset.sources

    def _seen(self, record: Stamped) -> bool:
        return record.known_from <= self.watched

    def _unlocked(self, records: Iterable[_S]) -> tuple[_S, ...]:
        return tuple(r for r in records if r.known_from <= self.watched)

    def _held_back(self, records: Iterable[Stamped]) -> Held | None:
        return _held(r.known_from for r in records if r.known_from > self.watched)

    def character(self, id: str) -> CharacterView | None:
        return self._by_id.get(id)

    def name(self, id: str) -> str:
        character = self._visible.get(id)
        return character.name if character else id

    @cached_property
    def facts(self) -> tuple[SeriesFact, ...]:
        return self._unlocked(self._dataset.facts)

    @cached_property
    def credits(self) -> tuple[Credit, ...]:
        return self._unlocked(self._dataset.credits)

    @cached_property
    def events(self) -> tuple[Event, ...]:
        return self._unlocked(self._dataset.events)

    @cached_property
    def ending(self) -> tuple[EndingPoint, ...]:
        return self._unlocked(self._dataset.ending)

    @cached_property
    def ending_held(self) -> Held | None:
        return self._held_back(self._dataset.ending)

    @cached_property
    def book_differences(self) -> tuple[BookDifference, ...]:
        return self._unlocked(self._dataset.book_differences)

    @cached_property
    def book_held(self) -> Held | None:
        return self._held_back(self._dataset.book_differences)

    @cached_property
    def _visible(self) -> dict[str, Character]:
        return {c.id: c for c in self._dataset.characters if self._seen(c)}

    @cached_property
    def relationships(self) -> tuple[Relationship, ...]:
        visible = self._visible
        return tuple(
            r
            for r in self._dataset.relationships
            if self._seen(r) and r.between[0] in visible and r.between[1] in visible
        )

    @cached_property
    def characters(self) -> tuple[CharacterView, ...]:
        seen, visible = self._seen, self._visible
        shown: dict[str, list[Relationship]] = {id: [] for id in visible}
        for r in self.relationships:
            for id in dict.fromkeys(r.between):
                shown[id].append(r)
        later: dict[str, list[int]] = {id: [] for id in visible}
        for r in self._dataset.relationships:
            if not seen(r):
                for id in dict.fromkeys(r.between):
                    if id in later:
                        later[id].append(r.known_from)
        appearances: dict[str, list[int]] = {id: [] for id in visible}
        for episode in self._dataset.episodes:
            if episode.number <= self.watched:
                for id in episode.appearances:
                    if id in appearances:
                        appearances[id].append(episode.number)
        characters = []
        for c in visible.values():
            mine: list[Stamped] = [*c.bio, *c.aliases, *c.cast]
            characters.append(
                CharacterView(
                    id=c.id,
                    name=c.name,
                    aliases=tuple(a.name for a in c.aliases if seen(a)),
                    cast=self._unlocked(c.cast),
                    bio=self._unlocked(c.bio),
                    relationships=tuple(shown[c.id]),
                    appearances=tuple(appearances[c.id]),
                    held=_held([x.known_from for x in mine if not seen(x)] + later[c.id]),
                )
            )
        return tuple(characters)

    @cached_property
    def _by_id(self) -> dict[str, CharacterView]:
        return {c.id: c for c in self.characters}

    @cached_property
    def cast(self) -> tuple[CastView, ...]:
        cast = []
        for c in self._dataset.characters:
            for k in c.cast:
                if not self._seen(k):
                    continue
                known = self.character(c.id)
                cast.append(
                    CastView(
                        actor=k.actor,
                        part=k.part if known else None,
                        known_for=k.known_for,
                        character=known,
                        role_unlocks_at=None if known else c.known_from,
                    )
                )
        return tuple(cast)

    @cached_property
    def episodes(self) -> tuple[EpisodeView, ...]:
        names = {id: c.name for id, c in self._visible.items()}
        episodes = []
        for e in self._dataset.episodes:
            watched_it = e.number <= self.watched
            episodes.append(
                EpisodeView(
                    number=e.number,
                    watched=watched_it,
                    title=e.title if self._seen(e) else None,
                    runtime_minutes=e.runtime_minutes,
                    summary=e.summary if e.summary and self._seen(e.summary) else None,
                    appearances=tuple(names[id] for id in e.appearances if watched_it and id in names),
                )
            )
        return tuple(episodes)

    def reveals(self, number: int) -> tuple[Reveal, ...]:
        """What episode `number` revealed; nothing for an episode not watched."""
        return tuple(self._reveals.get(number, ()))

    @cached_property
    def _reveals(self) -> dict[int, list[Reveal]]:
        """What each watched episode reveals, in a fixed order of kinds."""
        dataset, visible = self._dataset, self._visible
        parts = {(c.id, k.actor): k.part for c in dataset.characters for k in c.cast if k.part}
        found = [f for f in dataset.stamped() if 1 <= f.known_from <= self.watched and f.kind not in _NOT_REVEALS]
        found.sort(key=lambda f: _REVEAL_ORDER.get(f.kind, 9))
        by_episode: dict[int, list[Reveal]] = {}
        for f in found:
            by_episode.setdefault(f.known_from, []).append(_reveal(f, visible, parts))
        return by_episode


def check_watched(watched: int, episode_count: int) -> None:
    if not 0 <= watched <= episode_count:
        raise ProgressError(f"{watched} is out of range; use a whole number from 0 to {episode_count}")


def view(dataset: Dataset, watched: int) -> View:
    """Everything a viewer who has watched up to episode `watched` may see."""
    return View(dataset, watched)


# Shown by their own commands (`episodes`, `ending`, `book`), not as reveals.
_NOT_REVEALS = {"summary", "ending", "book", "event"}
_REVEAL_ORDER = {"character": 0, "casting": 1, "alias": 2, "bio": 3, "relationship": 4}


def _held(stamps: Iterable[int]) -> Held | None:
    stamps = list(stamps)
    return Held(len(stamps), min(stamps)) if stamps else None


def _reveal(fact: Fact, visible: dict[str, Character], parts: dict[tuple[str, str], str]) -> Reveal:
    id = fact.subject
    if fact.kind in ("character", "alias", "casting", "bio") and id is not None:
        # A casting can be public before its role is: then neither the
        # character's name nor the part is shown.
        character = visible.get(id)
        subject = character.name if character else None
        if fact.kind == "character":
            return Reveal("new character", subject, fact.texts[0])
        if fact.kind == "casting":
            actor = fact.texts[0]
            part = parts.get((id, actor)) if character else None
            return Reveal("casting", subject, f"{actor} ({part})" if part else actor)
        return Reveal(fact.kind, subject, " ".join(fact.texts))
    if fact.kind == "relationship":
        return Reveal("relationship", None, fact.texts[0])
    return Reveal(fact.kind, id, " ".join(fact.texts))
