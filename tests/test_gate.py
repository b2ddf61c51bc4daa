from __future__ import annotations

import pytest

from hishers_cli import gate
from hishers_cli.errors import ProgressError
from hishers_cli.model import Dataset


def test_nothing_later_than_progress_is_in_the_view(show: Dataset) -> None:
    for watched in range(7):
        v = gate.view(show, watched)
        assert all(f.known_from <= watched for f in v.facts)
        assert all(r.known_from <= watched for r in v.relationships)
        assert all(p.known_from <= watched for p in v.ending)
        for c in v.characters:
            assert all(b.known_from <= watched for b in c.bio)
            assert all(k.known_from <= watched for k in c.cast)
        for e in v.episodes:
            assert (e.summary is not None) == (e.number <= watched)


def test_view_grows_with_progress(show: Dataset) -> None:
    sizes = [len(gate.view(show, n).characters) for n in range(7)]
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1]


def test_public_casting_is_listed_without_the_role(show: Dataset) -> None:
    v = gate.view(show, 0)
    mani = next(k for k in v.cast if k.actor == "Sunita Mani")
    assert mani.character is None and mani.role_unlocks_at == 3 and mani.part is None
    assert not any(k.actor == "Chris Bauer" for k in v.cast)
    v3 = gate.view(show, 3)
    mani3 = next(k for k in v3.cast if k.actor == "Sunita Mani")
    assert mani3.character is not None and mani3.character.name == "Priya"


def test_twist_alias_is_locked_until_the_finale(show: Dataset) -> None:
    lexy = gate.view(show, 5).character("lexy")
    assert lexy is not None and lexy.aliases == ()
    assert lexy.held is not None and lexy.held.unlocks_at == 6 and lexy.held.size >= 1
    assert gate.view(show, 6).character("lexy").aliases == ("Catherine",)  # type: ignore[union-attr]


def test_held_counts_only_what_is_hidden(show: Dataset) -> None:
    alice = gate.view(show, 1).character("alice")
    assert alice is not None and alice.held is not None
    raw = show.character("alice")
    assert raw is not None
    hidden = [b for b in raw.bio if b.known_from > 1] + [
        r for r in show.relationships if "alice" in r.between and r.known_from > 1
    ]
    assert alice.held.size == len(hidden) and alice.held.unlocks_at == 3


def test_reveals_are_facts_stamped_with_that_episode(show: Dataset) -> None:
    v = gate.view(show, 2)
    texts = {r.text for r in v.reveals(2)}
    assert "Lexy Jones" in texts
    assert v.reveals(3) == ()


def test_relationship_needs_both_characters_visible(show: Dataset) -> None:
    v = gate.view(show, 2)
    assert all(set(r.between) <= {c.id for c in v.characters} for r in v.relationships)
    assert not any("zoe" in r.between for r in v.relationships)


@pytest.mark.parametrize("bad", [-1, 7])
def test_out_of_range_progress_is_refused(show: Dataset, bad: int) -> None:
    with pytest.raises(ProgressError):
        gate.view(show, bad)
