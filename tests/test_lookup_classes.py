"""How viewers talk about people, class by class, on the bundled show at
every level and on a fixture show with its own in-laws, niece, ex and
detectives (tests/data/kin.yaml): from the level a row becomes known it
answers whom it should; below it, exactly as a nonsense word does, in the
resolver and, byte for byte in text and JSON, on the command line (every
level in the CI profile, the level just before by default)."""

from __future__ import annotations

import pytest

from conftest import DATA, FULL, run
from hishers_cli import gate, lookup
from hishers_cli.dataset import load as dataset
from hishers_cli.dataset.model import Dataset

KIN = DATA / "kin.yaml"
NONSENSE = "qqzzxv"

# (query, the level from which it is known, whom it means)
Row = tuple[str, int, list[str]]

KIN_CLASSES: dict[str, list[Row]] = {
    "two steps": [
        ("owen's mother-in-law", 1, ["Mae Dale"]),
        ("lena's father in law", 0, ["Gus Marr"]),
        ("owen's brother-in-law", 2, ["Rex Dale"]),
        ("rex's brother-in-law", 2, ["Owen Marr"]),
        ("mae's son-in-law", 1, ["Owen Marr"]),
        ("gus's daughter-in-law", 0, ["Lena Marr"]),
        ("lena's niece", 3, ["June Dale"]),
        ("pia's uncle", 2, ["Rex Dale"]),
        ("june's aunt", 3, ["Lena Marr"]),
        ("pia's grandfather", 1, ["Gus Marr"]),
        ("pia's grandma", 1, ["Mae Dale"]),
        ("gus's granddaughter", 1, ["Pia Marr"]),
        ("mae's grandchildren", 1, ["Pia Marr"]),
        ("the grandfather", 1, ["Gus Marr"]),
        ("rex's niece", 2, ["Pia Marr"]),
        ("mother-in-law", 1, ["Mae Dale"]),
    ],
    "exes and lovers": [
        ("owen's ex", 2, ["Lena Marr"]),
        ("lena's ex", 2, ["Owen Marr"]),
        ("owen's ex-wife", 2, ["Lena Marr"]),
        ("lena's boyfriend", 3, ["Cal Brook"]),
        ("lena's lover", 3, ["Cal Brook"]),
        ("cal's girlfriend", 3, ["Lena Marr"]),
        ("cal's mistress", 3, ["Lena Marr"]),
    ],
    "qualifiers": [
        ("the woman detective", 1, ["Ada Finch"]),
        ("the female detective", 1, ["Ada Finch"]),
        ("the male detective", 0, ["Cal Brook"]),
        ("the estranged husband", 0, ["Owen Marr"]),
        ("the lead woman detective", 1, ["Ada Finch"]),
    ],
    "possessives and phrases": [
        ("lena's high school friend", 1, ["Nora Vale"]),
        ("lena's school friend", 1, ["Nora Vale"]),
        ("nora's childhood friend", 1, ["Lena Marr"]),
        ("her husband", 0, ["Owen Marr"]),
        ("his wife", 0, ["Lena Marr"]),
    ],
    "aliases": [
        ("harbour master", 1, ["Nora Vale"]),
        ("the harbour master", 1, ["Nora Vale"]),
    ],
}

SHOW_CLASSES: dict[str, list[Row]] = {
    "two steps": [
        ("jack's mother-in-law", 1, ["Alice"]),
        ("alice's son in law", 1, ["Jack Harper"]),
        ("anna's sister-in-law", 5, ["Zoe Harper"]),
        ("zoe's sister in law", 5, ["Anna Andrews"]),
        ("jack's niece", 6, ["Meg Harper"]),
        ("meg's uncle", 6, ["Jack Harper"]),
        ("meg's aunt", 6, ["Anna Andrews"]),
    ],
    "exes and lovers": [
        ("anna's ex", 0, ["Jack Harper"]),
        ("jack's ex", 0, ["Anna Andrews"]),
        ("jack's ex-wife", 0, ["Anna Andrews"]),
        ("anna's boyfriend", 2, ["Richard Jones"]),
        ("richard's girlfriend", 2, ["Anna Andrews"]),
    ],
    "qualifiers": [
        ("the woman detective", 3, ["Priya"]),
        ("the female detective", 3, ["Priya"]),
        ("the male detective", 0, ["Jack Harper"]),
        ("the camera guy", 1, ["Richard Jones"]),
    ],
    "possessives and phrases": [
        ("anna's high school friend", 5, ["Zoe Harper"]),
        ("anna's childhood friend", 5, ["Zoe Harper"]),
        ("his sister", 5, ["Zoe Harper"]),
    ],
}


def rows(classes: dict[str, list[Row]]) -> list[tuple[str, str, int, list[str]]]:
    return [(name, *row) for name, table in classes.items() for row in table]


@pytest.fixture(scope="module")
def kin() -> Dataset:
    return dataset.load(KIN)


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    return dataset.load()


def check_row(show: Dataset, query: str, since: int, whom: list[str]) -> None:
    for watched in range(show.episode_count + 1):
        known = gate.Known(show, watched)
        match = lookup.resolve(known, query)
        if watched >= since:
            assert [p.label for p in match.people] == whom, (watched, match)
        else:
            assert match._replace(query="") == lookup.resolve(known, NONSENSE)._replace(query=""), (watched, match)


@pytest.mark.parametrize(("kind", "query", "since", "whom"), rows(KIN_CLASSES))
def test_each_class_on_the_fixture_show(kin: Dataset, kind: str, query: str, since: int, whom: list[str]) -> None:
    check_row(kin, query, since, whom)


@pytest.mark.parametrize(("kind", "query", "since", "whom"), rows(SHOW_CLASSES))
def test_each_class_on_the_bundled_show(bundled: Dataset, kind: str, query: str, since: int, whom: list[str]) -> None:
    check_row(bundled, query, since, whom)


def locked_rows() -> list[tuple[list[str], str, int]]:
    """(the data option, query, level) for each row below its level."""
    out = []
    for data, classes in (([], SHOW_CLASSES), (["--data", str(KIN)], KIN_CLASSES)):
        for _kind, query, since, _whom in rows(classes):
            below = range(since) if FULL else range(since - 1, since) if since else range(0)
            out += [(data, query, watched) for watched in below]
    return out


@pytest.mark.parametrize(("data", "query", "watched"), locked_rows())
def test_a_row_not_known_yet_answers_who_as_a_nonsense_word(data: list[str], query: str, watched: int) -> None:
    for extra in ([], ["--json"]):
        said = run(*data, "--watched", str(watched), "who", query, *extra)
        nonsense = run(*data, "--watched", str(watched), "who", NONSENSE, *extra)
        assert (said.exit_code, said.stdout, said.stderr) == (nonsense.exit_code, nonsense.stdout, nonsense.stderr)


# One-word searches: a misspelling of a visible word, a synonym from who's
# vocabulary; (query, the level from which it finds something).
SEARCHES = [("lighthose", 2), ("lighthouse", 2), ("cheating", 3), ("infidelity", 3), ("lihgthouse", 2), ("harbour", 1)]


@pytest.mark.parametrize(("query", "since"), SEARCHES)
def test_a_search_finds_a_misspelt_or_synonymous_word_once_visible(query: str, since: int) -> None:
    import json

    for watched in range(5):
        found = run("--data", str(KIN), "--watched", str(watched), "search", query, "--json")
        nonsense = run("--data", str(KIN), "--watched", str(watched), "search", NONSENSE, "--json")
        if watched >= since:
            assert json.loads(found.stdout)["results"], watched
        else:
            assert (found.exit_code, found.stdout, found.stderr) == (
                nonsense.exit_code,
                nonsense.stdout,
                nonsense.stderr,
            )
            text = run("--data", str(KIN), "--watched", str(watched), "search", query)
            plain = run("--data", str(KIN), "--watched", str(watched), "search", NONSENSE)
            assert (text.exit_code, text.stdout, text.stderr) == (plain.exit_code, plain.stdout, plain.stderr)


def test_an_english_word_is_never_corrected_in_a_search(kin: Dataset) -> None:
    known = gate.Known(kin, 4)
    assert lookup.search_words(known, "lighthose", ["lighthouse"]) == ["lighthouse"]
    assert lookup.search_words(known, "harbor", ["harbour"]) == []  # an English word as it is
    assert lookup.search_words(known, "cheating", []) == sorted(
        {"affair", "cheat", "cheated", "infidelity", "adultery", "unfaithful"}
    )
