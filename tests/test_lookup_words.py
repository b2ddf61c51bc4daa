"""Ordinary English words are never taken for people: a sweep of the most
common words of `lookup.words.english` (less the words that are names,
roles or descriptions of the show, worked out from the dataset) answers
`who` as a nonsense word does, in-process at every level asked and, on the
command line, byte for byte in text and JSON."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DATA, FULL, run
from hishers_cli import gate, lookup
from hishers_cli.dataset import load as dataset
from hishers_cli.dataset.model import Dataset
from hishers_cli.lookup import words

KIN = DATA / "kin.yaml"
SWEPT = 400  # the most common words taken, before the show's own are left out
NONSENSE = "qqzzxv"


def show_words(show: Dataset) -> set[str]:
    """Every word that may rightly mean someone in `show`: the words of its
    names, aliases, actors, relationships' roles and kinds, descriptors and
    vocabulary, and the resolver's own role words and verbs."""
    known = gate.Known(show, show.episode_count)
    said: list[str] = [*lookup.WORDS, *lookup.SAID_FOR, *lookup.ROLE_WORDS, *lookup.VERBS, *lookup.MODIFIERS]
    for c in known.characters:
        said += [c.name, *(a.name for a in c.aliases), *(d.word for d in c.described_as)]
    said += [k.actor for k in known.cast] + [k.part or "" for k in known.cast]
    for r in known.relationships:
        said += [r.kind, *r.roles]
    for w in known.words:
        said += [w.word, *w.means]
    own = {w for text in said for w in lookup.normalize(text).split()}
    return own | {s for w in own for s in lookup.singulars(w)}


def ordinary(show: Dataset) -> list[str]:
    own = show_words(show)
    common = words.english().ranked[:SWEPT]
    return [w for w in common if w not in own and not any(s in own for s in lookup.singulars(w))]


@pytest.fixture(scope="module")
def bundled() -> Dataset:
    return dataset.load()


def test_the_sweep_is_of_at_least_300_words(bundled: Dataset) -> None:
    assert len(ordinary(bundled)) >= 300


@pytest.mark.parametrize(("path", "watched"), [(None, 0), (None, 3), (None, 6), *((KIN, n) for n in range(5))])
def test_no_common_word_means_anyone(path: Path | None, watched: int) -> None:
    show = dataset.load(path)
    known = gate.Known(show, watched)
    nonsense = lookup.resolve(known, NONSENSE)._replace(query="")
    wrong = {w: m for w in ordinary(show) if (m := lookup.resolve(known, w)._replace(query="")) != nonsense}
    assert not wrong


@pytest.mark.parametrize("watched", [0, 3, 6])
def test_a_common_word_answers_who_byte_for_byte_as_a_nonsense_word(bundled: Dataset, watched: int) -> None:
    swept = ordinary(bundled)
    for extra in ([], ["--json"]):
        nonsense = run("--watched", str(watched), "who", NONSENSE, *extra)
        for word in swept if FULL else swept[:: 10 if extra else 7]:
            said = run("--watched", str(watched), "who", word, *extra)
            assert (said.exit_code, said.stdout, said.stderr) == (
                nonsense.exit_code,
                nonsense.stdout,
                nonsense.stderr,
            ), word


def test_the_english_words_are_read_only_when_a_query_gets_that_far(bundled: Dataset) -> None:
    words.english.cache_clear()
    known = gate.Known(bundled, 6)
    for query in ("anna", "jack's sister", "detectives", "killer"):
        assert lookup.resolve(known, query).people
    assert words.english.cache_info().currsize == 0
    assert lookup.resolve(known, "there").people == ()
    assert words.english.cache_info().currsize == 1
