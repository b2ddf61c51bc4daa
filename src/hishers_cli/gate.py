"""The spoiler gate: the one place that decides what a viewer may see.

`Known(dataset, watched)` is everything stamped at or before `watched`
and nothing else. Commands render from it alone, so a command cannot leak a
later fact by forgetting a check. Looking further ahead (the ending, a later
episode's reveals) goes through `Known.through(n, consent=True)`, so the one
decision to show more is made here too, and only with the viewer's consent.

What is held back is never described, counted or dated: the gate says only
whether anything at all is still to come (`not Known.finished`), which is the
same for every character, record and command at a given progress.

This module returns data; the presenters in `views` word it. It is the only
module that compares a stamp with the viewer's progress.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import Any, Literal, NamedTuple, TypeVar

from hishers_cli import numbers
from hishers_cli.dataset.model import (
    Alias,
    BioStage,
    BookDifference,
    Casting,
    Character,
    Credit,
    Dataset,
    Descriptor,
    EndingPoint,
    Event,
    Question,
    Recap,
    Relationship,
    SeriesFact,
    Source,
    Stamped,
    Summary,
    Word,
)
from hishers_cli.errors import LockedError, ProgressError

_S = TypeVar("_S", bound=Stamped)


class KnownRelationship(NamedTuple):
    """A relationship as far as the viewer knows it: its current state (more
    than one record when the sources disagree about it) and the states it
    went through before."""

    between: tuple[str, ...]
    kind: str
    roles: tuple[str, ...]
    current: tuple[Relationship, ...]
    history: tuple[Relationship, ...]

    @property
    def known_from(self) -> int:
        return self.current[0].known_from


class KnownCharacter(NamedTuple):
    id: str
    name: str
    # False when no source says which episode introduces the character:
    # their stamp is then only the latest episode by which they are known.
    exact: bool
    sources: tuple[str, ...]
    aliases: tuple[Alias, ...]
    cast: tuple[Casting, ...]
    bio: tuple[BioStage, ...]
    relationships: tuple[KnownRelationship, ...]
    appearances: tuple[int, ...]
    described_as: tuple[Descriptor, ...] = ()


class KnownCasting(NamedTuple):
    """One actor in one part. `character` is None while the role is unknown."""

    actor: str
    part: str | None
    known_for: tuple[str, ...]
    character: KnownCharacter | None
    record: Casting


class KnownEpisode(NamedTuple):
    number: int
    seen: bool  # the viewer has watched it
    title: str | None
    runtime_minutes: int | None
    summary: Summary | None
    recap: Recap | None
    appearances: tuple[str, ...]  # character ids


class KnownQuestion(NamedTuple):
    """A question a viewer carries forward from episode `asked`. Until its
    answer is known, `answered_in` and `ending_point` are None, as they are
    for every other open question; then `answered_in` is the episode that
    answers it and `ending_point` the point of the ending that does, if one
    does."""

    text: str
    asked: int
    answered_in: int | None
    ending_point: EndingPoint | None


RevealKind = Literal["character", "casting", "alias", "bio", "relationship"]


class Reveal(NamedTuple):
    """One record an episode made known. `character` is the character it is
    about, when that character is known; `exact` is False when the record's
    stamp is only a bound, so "new in this episode" would claim too much.
    A bound of episode 1 is exact (no episode comes before it), and so is a
    character's first episode where that episode's own cast list holds them
    (no earlier one may)."""

    kind: RevealKind
    record: Any
    character: Character | None
    exact: bool


class Known:
    """What a viewer who has watched up to episode `watched` may see.

    Each part is worked out the first time a command asks for it, in one pass
    over the dataset, so a command pays only for what it shows."""

    def __init__(self, dataset: Dataset, watched: int):
        check_watched(watched, dataset.episode_count)
        self._dataset = dataset
        self.watched = watched
        # The unstamped part of the dataset, shown at every level, is the
        # only part a view reads without the gate: the views are handed a
        # Known, never the Dataset, so nothing else of it is in reach.
        self.title = dataset.title
        self.episode_count = dataset.episode_count
        self.sources: tuple[Source, ...] = dataset.sources
        # What words mean is not stamped: it says nothing of who is what.
        self.words: tuple[Word, ...] = dataset.words
        # The one hint about held-back material is whether anything at all
        # is still to come (`not finished`): the same for everyone at this
        # progress.
        self.finished = watched >= dataset.episode_count

    # -- looking further, or less far ----------------------------------------

    def needs_consent(self, episode: int) -> bool:
        """Whether showing what episode `episode` reveals needs the viewer's
        consent: it does when they have not watched that far."""
        return episode > self.watched

    def through(self, episode: int, *, consent: bool = False) -> Known:
        """What is known through `episode`: less than now, freely; more than
        now, only with consent (LockedError without it)."""
        if episode == self.watched:
            return self
        if self.needs_consent(episode) and not consent:
            raise LockedError(episode=episode, watched=self.watched)
        return Known(self._dataset, episode)

    def to_the_end(self, *, consent: bool = False) -> Known:
        """Everything, for the ending and the book comparison."""
        return self.through(self.episode_count, consent=consent)

    # -- records ------------------------------------------------------------

    def _seen(self, record: Stamped) -> bool:
        return record.known_from <= self.watched

    def _unlocked(self, records: Iterable[_S]) -> tuple[_S, ...]:
        return tuple(r for r in records if r.known_from <= self.watched)

    def source(self, id: str) -> Source | None:
        return next((s for s in self.sources if s.id == id), None)

    def character(self, id: str) -> KnownCharacter | None:
        return self._by_id.get(id)

    def name(self, id: str) -> str:
        character = self._visible.get(id)
        return character.name if character else id

    def cast_by(self, character: KnownCharacter, number: int) -> tuple[Casting, ...]:
        """Who the viewer knew played `character` by the end of episode
        `number` (a teen actor first seen in a later flashback is not yet)."""
        return tuple(k for k in character.cast if k.known_from <= number)

    @cached_property
    def facts(self) -> tuple[SeriesFact, ...]:
        return self._unlocked(self._dataset.facts)

    @cached_property
    def credits(self) -> tuple[Credit, ...]:
        return self._unlocked(self._dataset.credits)

    @cached_property
    def events(self) -> tuple[Event, ...]:
        return self._unlocked(self._dataset.events)

    def events_of(self, number: int) -> tuple[Event, ...]:
        """The timeline events episode `number` made known (it must be watched)."""
        self.episode(number)
        return tuple(ev for ev in self.events if ev.known_from == number)

    @cached_property
    def ending(self) -> tuple[EndingPoint, ...]:
        return self._unlocked(self._dataset.ending)

    @cached_property
    def book_differences(self) -> tuple[BookDifference, ...]:
        return self._unlocked(self._dataset.book_differences)

    @cached_property
    def _visible(self) -> dict[str, Character]:
        return {c.id: c for c in self._dataset.characters if self._seen(c)}

    @cached_property
    def relationship_states(self) -> tuple[Relationship, ...]:
        visible = self._visible
        return tuple(
            r
            for r in self._dataset.relationships
            if self._seen(r) and r.between[0] in visible and r.between[1] in visible
        )

    @cached_property
    def relationships(self) -> tuple[KnownRelationship, ...]:
        """The known relationships, one per pair of characters and kind,
        each with its current state and its history, in file order."""
        states: dict[tuple[frozenset[str], str], list[Relationship]] = {}
        for r in self.relationship_states:
            states.setdefault((frozenset(r.between), r.kind), []).append(r)
        relations = []
        for found in states.values():
            latest = max(r.known_from for r in found)
            # The pair's order and its roles come from one state: roles are
            # in the order of the `between` they were written with.
            named = next((r for r in found if r.roles), found[0])
            relations.append(
                KnownRelationship(
                    between=named.between,
                    kind=named.kind,
                    roles=named.roles,
                    current=tuple(r for r in found if r.known_from == latest),
                    history=tuple(r for r in found if r.known_from < latest),
                )
            )
        return tuple(relations)

    @cached_property
    def characters(self) -> tuple[KnownCharacter, ...]:
        visible = self._visible
        shown: dict[str, list[KnownRelationship]] = {id: [] for id in visible}
        for relation in self.relationships:
            for id in dict.fromkeys(relation.between):
                shown[id].append(relation)
        appearances: dict[str, list[int]] = {id: [] for id in visible}
        for episode in self._dataset.episodes:
            if episode.number <= self.watched:
                for id in episode.appearances:
                    if id in appearances:
                        appearances[id].append(episode.number)
        return tuple(
            KnownCharacter(
                id=c.id,
                name=c.name,
                exact=c.exact,
                sources=c.sources,
                aliases=self._unlocked(c.aliases),
                cast=self._unlocked(c.cast),
                bio=self._unlocked(c.bio),
                relationships=tuple(shown[c.id]),
                appearances=tuple(appearances[c.id]),
                described_as=self._unlocked(c.described_as),
            )
            for c in visible.values()
        )

    @cached_property
    def _by_id(self) -> dict[str, KnownCharacter]:
        return {c.id: c for c in self.characters}

    @cached_property
    def cast(self) -> tuple[KnownCasting, ...]:
        cast = []
        for c in self._dataset.characters:
            for k in c.cast:
                if not self._seen(k):
                    continue
                known = self.character(c.id)
                cast.append(
                    KnownCasting(
                        actor=k.actor,
                        part=k.part if known else None,
                        known_for=k.known_for,
                        character=known,
                        record=k,
                    )
                )
        return tuple(cast)

    @cached_property
    def episodes(self) -> tuple[KnownEpisode, ...]:
        episodes = []
        for e in self._dataset.episodes:
            watched_it = e.number <= self.watched
            episodes.append(
                KnownEpisode(
                    number=e.number,
                    seen=watched_it,
                    title=e.title if self._seen(e) else None,
                    runtime_minutes=e.runtime_minutes,
                    summary=e.summary if e.summary and self._seen(e.summary) else None,
                    recap=self._open(e.recap) if e.recap and self._seen(e.recap) else None,
                    appearances=tuple(id for id in e.appearances if watched_it and id in self._visible),
                )
            )
        return tuple(episodes)

    def _open(self, recap: Recap) -> Recap:
        """The recap with the answer of each question left out until it is known."""
        questions = tuple(
            q if q.answered is None or self._seen(q.answered) else Question(text=q.text) for q in recap.questions
        )
        return Recap(
            points=recap.points,
            questions=questions,
            known_from=recap.known_from,
            sources=recap.sources,
            exact=recap.exact,
            disputed=recap.disputed,
        )

    def question(self, q: Question, asked: int) -> KnownQuestion:
        """Question `q` of a watched episode's recap, asked after episode
        `asked`, as far as the viewer knows where it is answered."""
        answered = q.answered if q.answered and self._seen(q.answered) else None
        point = next((p for p in self.ending if answered and p.topic == answered.ending), None)
        return KnownQuestion(q.text, asked, answered.known_from if answered else None, point)

    @cached_property
    def questions(self) -> tuple[KnownQuestion, ...]:
        """The questions of the watched episodes' recaps, once each, oldest
        first, each with where it is answered once that is known."""
        found: dict[str, KnownQuestion] = {}
        for e in self.episodes:
            for q in e.recap.questions if e.recap else ():
                found.setdefault(q.text, self.question(q, e.number))
        return tuple(found.values())

    def episode(self, number: int) -> KnownEpisode:
        """One watched episode; LockedError for one not watched yet."""
        if not numbers.is_episode(number, self.episode_count):
            raise ProgressError(f"not an episode number; choose 1 to {self.episode_count}", "episode")
        if number > self.watched:
            raise LockedError(episode=number, watched=self.watched)
        return self.episodes[number - 1]

    def episodes_through(self, number: int) -> tuple[KnownEpisode, ...]:
        """The watched episodes from the first up to `number`."""
        return tuple(e for e in self.episodes if e.number <= number and e.seen)

    def reveals(self, number: int) -> tuple[Reveal, ...]:
        """What watched episode `number` made known about the characters."""
        self.episode(number)
        return tuple(self._reveals.get(number, ()))

    @cached_property
    def _reveals(self) -> dict[int, list[Reveal]]:
        """What each watched episode reveals, in a fixed order of kinds."""
        visible = self._visible
        found: list[tuple[int, int, Reveal]] = []

        featured = {(id, e.number) for e in self._dataset.episodes for id in e.appearances}

        def add(order: int, kind: RevealKind, record: Any, character: Character | None) -> None:
            if 1 <= record.known_from <= self.watched:
                first = record.known_from == 1 or (kind == "character" and (record.id, record.known_from) in featured)
                found.append((record.known_from, order, Reveal(kind, record, character, record.exact or first)))

        for c in self._dataset.characters:
            known = visible.get(c.id)
            add(0, "character", c, c)
            for k in c.cast:
                # A casting can be public before its role is: then the
                # character is not named with it.
                add(1, "casting", k, known)
            for a in c.aliases:
                add(2, "alias", a, known)
            for b in c.bio:
                add(3, "bio", b, known)
        for r in self.relationship_states:
            add(4, "relationship", r, None)
        by_episode: dict[int, list[Reveal]] = {}
        for number, _, reveal in sorted(found, key=lambda x: (x[0], x[1])):
            by_episode.setdefault(number, []).append(reveal)
        return by_episode


def check_watched(watched: int, episode_count: int) -> None:
    if not numbers.in_range(watched, episode_count):
        raise ProgressError(f"{watched} is out of range; use a whole number from 0 to {episode_count}")
