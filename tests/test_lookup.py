"""Finding a person by what a viewer types (`lookup`) and, when no name
matches, by a misspelling or a description (`describe`), on the tiny show."""

from __future__ import annotations

import pytest

from conftest import run_tiny
from hishers_cli import describe, gate, lookup
from hishers_cli.model import Dataset


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Zoë", "zoe"),
        ("  O'Neil--Smith ", "o neil smith"),
        ("snake_case", "snake case"),
        ("ÉCOLE Straße", "ecole strasse"),
        ("Anna & Lexy", "anna lexy"),
        ("“quoted”", "quoted"),
        ("", ""),
    ],
)
def test_normalize_folds_case_accents_and_punctuation(typed: str, expected: str) -> None:
    assert lookup.normalize(typed) == expected


def test_a_full_name_a_first_name_a_surname_and_an_actor_find_the_character(tiny: Dataset) -> None:
    known = gate.known(tiny, 2)
    for typed in ("Yara Stone", "yara", "YARA", "Bo Player", "player"):
        found = lookup.find(known, typed)
        assert [p.label for p in found.matches] == ["Yara Stone"], typed
        assert found.exact
    # A shared surname matches both, exactly.
    assert [p.label for p in lookup.find(known, "stone").matches] == ["Xavier Stone", "Yara Stone"]


def test_a_prefix_and_a_close_misspelling_find_the_character(tiny: Dataset) -> None:
    known = gate.known(tiny, 2)
    assert [p.label for p in lookup.find(known, "xav").matches] == ["Xavier Stone"]
    misspelt = lookup.find(known, "xavir")
    assert [p.label for p in misspelt.matches] == ["Xavier Stone"] and not misspelt.exact


def test_a_name_not_reached_yet_matches_nothing_and_is_not_suggested(tiny: Dataset) -> None:
    # Zed is introduced by episode 2; his actor's credit too.
    early, later = gate.known(tiny, 1), gate.known(tiny, 2)
    for typed in ("zed", "Zed Marsh", "marsh", "cy performer", "zedd"):
        found = lookup.find(early, typed)
        assert found.matches == () and found.suggestions == (), typed
        assert lookup.find(later, typed).matches, typed
    assert "Zed Marsh" not in lookup.names(early) and "Zed Marsh" in lookup.names(later)


def test_an_alias_counts_only_once_revealed(tiny: Dataset) -> None:
    assert lookup.find(gate.known(tiny, 2), "the keeper").matches == ()
    assert [p.label for p in lookup.find(gate.known(tiny, 3), "the keeper").matches] == ["Yara Stone"]


def test_an_actor_whose_role_is_locked_is_found_as_the_actor_alone(tiny: Dataset) -> None:
    # Bo Player is credited from the start; Yara appears in episode 1.
    found = lookup.find(gate.known(tiny, 0), "bo player")
    assert [(p.label, p.character) for p in found.matches] == [("Bo Player", None)]
    assert found.matches[0].casting is not None


def test_clear_best_takes_one_clearly_closest_name_only() -> None:
    assert describe.clear_best("xavir", ["Xavier Stone", "Yara Stone"]) == "Xavier Stone"
    assert describe.clear_best("qqq", ["Xavier Stone", "Yara Stone"]) is None
    # Two names about as close: no guess.
    assert describe.clear_best("stone", ["Xavier Stone", "Yara Stone"]) is None


def test_a_description_matches_roles_before_bios(tiny: Dataset) -> None:
    known = gate.known(tiny, 2)
    assert [c.name for c in describe.by_description(known, "the skipper")] == ["Yara Stone"]
    assert [c.name for c in describe.by_description(known, "postman")] == ["Xavier Stone"]
    assert [c.name for c in describe.by_description(known, "fisherman")] == ["Zed Marsh"]
    assert describe.by_description(known, "the who") == []
    assert describe.by_description(known, "astronaut") == []
    # What episode 3 tells ("Wrote the letter himself.") is not searched at 2.
    assert describe.by_description(known, "wrote") == []
    assert [c.name for c in describe.by_description(gate.known(tiny, 3), "wrote")] == ["Xavier Stone"]


def test_a_word_that_describes_someone_beats_a_name_spelt_alike() -> None:
    """At episode 3 "keeps" is spelt much like Yara's alias "The Keeper", but
    it is a word of Xavier's story ("Keeps the letter in his coat")."""
    described = run_tiny("--watched", "3", "who", "keeps")
    assert described.exit_code == 0 and described.stdout.startswith("Xavier Stone")
    assert "Matched by description" in described.stdout
    # A misspelt name describes no one: the closest name is still found.
    misspelt = run_tiny("--watched", "3", "who", "keepr")
    assert misspelt.exit_code == 0 and misspelt.stdout.startswith("Yara Stone")
