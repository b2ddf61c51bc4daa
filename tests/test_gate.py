"""The gate, tested without the CLI on the small fixture show."""

from __future__ import annotations

import pytest

from hishers_cli import gate
from hishers_cli.dataset.model import Dataset
from hishers_cli.errors import LockedError, ProgressError


def test_nothing_later_than_progress_is_known(tiny: Dataset) -> None:
    for watched in range(4):
        k = gate.Known(tiny, watched)
        assert all(f.known_from <= watched for f in k.facts)
        assert all(r.known_from <= watched for r in k.relationship_states)
        assert all(p.known_from <= watched for p in k.ending)
        for c in k.characters:
            assert all(b.known_from <= watched for b in c.bio)
            assert all(a.known_from <= watched for a in c.aliases)
        for e in k.episodes:
            assert (e.summary is not None) == (e.number <= watched)
    assert [c.id for c in gate.Known(tiny, 1).characters] == ["xavier", "yara"]
    assert [c.id for c in gate.Known(tiny, 2).characters] == ["xavier", "yara", "zed"]


def test_public_casting_is_listed_without_the_role(tiny: Dataset) -> None:
    bo = next(k for k in gate.Known(tiny, 0).cast if k.actor == "Bo Player")
    assert bo.character is None and bo.part is None
    assert not any(k.actor == "Cy Performer" for k in gate.Known(tiny, 1).cast)
    bo1 = next(k for k in gate.Known(tiny, 1).cast if k.actor == "Bo Player")
    assert bo1.character is not None and bo1.character.name == "Yara Stone"


def test_the_hint_is_the_same_for_everyone_and_only_says_more_is_to_come(tiny: Dataset) -> None:
    assert [gate.Known(tiny, n).finished for n in range(4)] == [False, False, False, True]
    assert not hasattr(gate.Known(tiny, 1).characters[0], "held")


def test_one_episode_is_given_only_when_watched(tiny: Dataset) -> None:
    k = gate.Known(tiny, 1)
    assert k.episode(1).summary is not None
    with pytest.raises(LockedError) as locked:
        k.episode(2)
    assert (locked.value.episode, locked.value.watched) == (2, 1)
    with pytest.raises(ProgressError):
        k.episode(4)


def test_looking_ahead_needs_consent(tiny: Dataset) -> None:
    k = gate.Known(tiny, 1)
    assert k.needs_consent(3) and not k.needs_consent(1)
    with pytest.raises(LockedError):
        k.through(3)
    ahead = k.through(3, consent=True)
    assert ahead.watched == 3 and ahead.ending
    behind = gate.Known(tiny, 3).through(1)
    assert behind.watched == 1 and not behind.ending


def test_reveals_are_data_and_say_whether_the_stamp_is_exact(tiny: Dataset) -> None:
    reveals = gate.Known(tiny, 2).reveals(2)
    kinds = {(r.kind, getattr(r.record, "name", getattr(r.record, "text", ""))): r.exact for r in reveals}
    # Zed's stamp is only a bound, but episode 2's cast list holds him: first shown there.
    assert kinds[("character", "Zed Marsh")] is True
    assert kinds[("bio", "A fisherman new in town.")] is False  # only known by episode 2
    assert kinds[("bio", "Hides the letter.")] is True
    # A bound of episode 1 is exact: no episode comes before it.
    assert all(r.exact for r in gate.Known(tiny, 1).reveals(1))
    with pytest.raises(LockedError):
        gate.Known(tiny, 1).reveals(2)


def test_events_of_an_episode(tiny: Dataset) -> None:
    assert [ev.text for ev in gate.Known(tiny, 3).events_of(3)] == ["Zed leaves on the last ferry."]
    with pytest.raises(LockedError):
        gate.Known(tiny, 2).events_of(3)


def test_relationship_needs_both_characters_known(tiny: Dataset) -> None:
    assert [r.kind for r in gate.Known(tiny, 1).relationship_states] == ["siblings"]
    assert [r.kind for r in gate.Known(tiny, 2).relationship_states] == ["siblings", "friends", "crew"]


def test_a_relationship_is_one_per_pair_and_kind_with_its_history(tiny: Dataset) -> None:
    (siblings,) = [r for r in gate.Known(tiny, 3).relationships if r.kind == "siblings"]
    assert [s.text for s in siblings.current] == ["They stop speaking."]
    assert [s.text for s in siblings.history] == ["Yara is Xavier's sister."]
    (early,) = [r for r in gate.Known(tiny, 2).relationships if r.kind == "siblings"]
    assert [s.text for s in early.current] == ["Yara is Xavier's sister."] and early.history == ()
    crew = next(r for r in gate.Known(tiny, 2).relationships if r.kind == "crew")
    assert crew.roles == ("deckhand", "skipper")


def test_appearances_come_with_watched_episodes_only(tiny: Dataset) -> None:
    assert gate.Known(tiny, 1).character("yara").appearances == (1,)  # type: ignore[union-attr]
    assert gate.Known(tiny, 3).character("zed").appearances == (2, 3)  # type: ignore[union-attr]


@pytest.mark.parametrize("bad", [-1, 4])
def test_out_of_range_progress_is_refused(tiny: Dataset, bad: int) -> None:
    with pytest.raises(ProgressError):
        gate.Known(tiny, bad)


def test_bundled_show_grows_with_progress(show: Dataset) -> None:
    sizes = [len(gate.Known(show, n).characters) for n in range(7)]
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1]
    assert gate.Known(show, 5).character("lexy") is None
    assert [a.name for a in gate.Known(show, 6).character("lexy").aliases] == ["Catherine"]  # type: ignore[union-attr]


@pytest.mark.parametrize("watched", range(7))
def test_questions_are_open_alike_until_their_answer_is_known(show: Dataset, watched: int) -> None:
    """Every question asked so far, once, oldest first; an open one carries
    nothing that tells it from another open one, in the recap records too."""
    known = gate.Known(show, watched)
    asked = [(e.number, q) for e in show.episodes if e.recap and e.number <= watched for q in e.recap.questions]
    first = {q.text: (n, q) for n, q in reversed(asked)}
    assert [q.text for q in known.questions] == list(dict.fromkeys(q.text for _, q in asked))
    for q in known.questions:
        number, record = first[q.text]
        assert q.asked == number
        answer = record.answered
        if answer is not None and answer.known_from <= watched:
            assert q.answered_in == answer.known_from
            assert (q.ending_point.topic if q.ending_point else None) == answer.ending
        else:
            assert (q.answered_in, q.ending_point) == (None, None)
    for e in known.episodes:
        for q in e.recap.questions if e.recap else ():
            assert q.answered is None or q.answered.known_from <= watched
    assert any(q.answered_in is None for q in known.questions) == (0 < watched < show.episode_count)
