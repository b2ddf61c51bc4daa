"""Every dataset sentence is our own: no text in the dataset shares a run of
eight or more consecutive words with one of the source articles.

The articles are not part of the repository; they sit beside it, in
`../shared/seeds/`. Where they are absent (a user's clone) the check is
skipped, not failed. A short, reviewed allow-list (`overlap_allow.txt`) lets
through runs that are only names or titles."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml

from conftest import MINIMAL
from hishers_cli.dataset import load as dataset

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
ALLOW = Path(__file__).parent / "overlap_allow.txt"
RUN = 8

# Quotes (straight and curly), dashes and slashes separate words; any other
# character that is not a letter, digit or space is dropped.
_SEPARATORS = re.compile(r"[\"'`\u00b4\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u2032\u2033/\u2010-\u2015\u2212-]")


def words(text: str) -> list[str]:
    """The text as comparable words: case-folded, punctuation stripped."""
    spaced = _SEPARATORS.sub(" ", text.casefold())
    kept = "".join(c if c.isalnum() or c.isspace() else "" for c in spaced)
    return kept.split()


class Overlap(NamedTuple):
    """A run of words a dataset text shares with a source article."""

    record: str
    words: str
    seed: str

    def __str__(self) -> str:
        return f"{self.record}: shares {len(self.words.split())} words with {self.seed}: {self.words!r}"


def allowed_phrases(path: Path = ALLOW) -> dict[str, str]:
    """The reviewed allow-list: each phrase (as comparable words) with the
    reason it may be shared. Lines are `phrase | reason`; # starts a comment."""
    entries: dict[str, str] = {}
    if not path.exists():
        return entries
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        phrase, _, reason = line.partition(" | ")
        entries[" ".join(words(phrase))] = reason.strip()
    return entries


def _texts(path: Path) -> Iterator[tuple[str, str]]:
    """Each text of the dataset at `path`, with a name for its record."""
    seen: dict[tuple[str, str | None], int] = {}
    for record in dataset.load(path, use_cache=False).stamped():
        key = (record.kind, record.subject)
        seen[key] = seen.get(key, 0) + 1
        name = f"{record.kind} {record.subject or ''} #{seen[key]} (known_from {record.known_from})"
        for i, text in enumerate(record.texts):
            yield (f"{name}, text {i + 1}" if len(record.texts) > 1 else name), text


def _grams(seq: list[str]) -> Iterator[tuple[str, ...]]:
    return (tuple(seq[i : i + RUN]) for i in range(len(seq) - RUN + 1))


def _runs(text: list[str], seed: set[tuple[str, ...]]) -> Iterator[list[str]]:
    """The longest runs of `text` in which every window of RUN words is in `seed`."""
    start = last = -2
    for i, gram in enumerate(_grams(text)):
        if gram not in seed:
            continue
        if i != last + 1:
            if start >= 0:
                yield text[start : last + RUN]
            start = i
        last = i
    if start >= 0:
        yield text[start : last + RUN]


def _contained(run: list[str], phrases: Iterable[str]) -> bool:
    joined = f" {' '.join(run)} "
    return any(joined in f" {phrase} " for phrase in phrases)


def overlaps(data: Path, seeds: Path, allowed: Iterable[str] = ()) -> list[Overlap]:
    """Every run of RUN or more consecutive words that a text of the dataset
    at `data` shares with a `*.txt` file in `seeds`, except runs that lie
    within an allowed phrase."""
    phrases = list(allowed)
    grams = {seed.name: set(_grams(words(seed.read_text(encoding="utf-8")))) for seed in sorted(seeds.glob("*.txt"))}
    found = []
    for record, text in _texts(data):
        for seed, seed_grams in grams.items():
            for run in _runs(words(text), seed_grams):
                if not _contained(run, phrases):
                    found.append(Overlap(record, " ".join(run), seed))
    return found


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir() or not any(SEEDS.glob("*.txt")):
        pytest.skip("the source articles are not distributed with hishers; this check needs them beside the repository")
    return SEEDS


def test_no_dataset_text_shares_eight_words_with_a_source(seeds: Path) -> None:
    found = overlaps(dataset.bundled_path(), seeds, allowed_phrases())
    assert not found, "dataset texts copied from a source:\n" + "\n".join(map(str, found))


def test_the_check_catches_a_pasted_source_sentence(seeds: Path, tmp_path: Path) -> None:
    sentence = next(
        s
        for seed in sorted(seeds.glob("*.txt"))
        for s in re.split(r"(?<=[.!?])\s+", seed.read_text(encoding="utf-8"))
        if len(words(s)) >= 12
    )
    document: dict[str, Any] = yaml.safe_load(dataset.bundled_path().read_text(encoding="utf-8"))
    stage = document["characters"][0]["bio"][0]
    stage["text"] = f"{stage['text']} {sentence}"
    copy = tmp_path / "copied.yaml"
    copy.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")

    found = overlaps(copy, seeds, allowed_phrases())

    assert found, "a sentence pasted from a source was not reported"
    (hit,) = [o for o in found if o.record.startswith(f"bio {document['characters'][0]['id']} #1 ")]
    assert " ".join(words(sentence)) in hit.words
    assert (seeds / hit.seed).read_text(encoding="utf-8").count(sentence) >= 1
    assert hit.record in str(hit) and hit.seed in str(hit) and hit.words in str(hit)


def _show_with(text: str, tmp_path: Path) -> Path:
    """The minimal dataset with one series fact saying `text`."""
    fact = f"  facts:\n    - {{topic: network, text: {json.dumps(text)}, known_from: 0, sources: [a]}}\n"
    path = tmp_path / "show.yaml"
    path.write_text(MINIMAL.replace("  episodes: 2\n", "  episodes: 2\n" + fact, 1), encoding="utf-8")
    return path


def test_runs_are_found_through_case_quotes_and_dashes(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("Then the “Lighthouse” keeper’s boat—painted red—drifts out to sea at dawn.")
    data = _show_with("the lighthouse keeper's boat, painted red, drifts out to sea at night", tmp_path)

    (hit,) = overlaps(data, seeds)

    assert hit == Overlap(
        "series network #1 (known_from 0)", "the lighthouse keeper s boat painted red drifts out to sea at", "a.txt"
    )


def test_seven_shared_words_pass_and_allowed_phrases_are_exempt(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "a.txt").write_text("Credits include One, Two, Three, Four, Five, Six, Seven and Eight.")
    seven = _show_with("Known for One, Two, Three, Four, Five, Six and Seven.", tmp_path)
    assert overlaps(seven, seeds) == []

    eight = _show_with("Known for One, Two, Three, Four, Five, Six, Seven and Eight.", tmp_path)
    assert [o.words for o in overlaps(eight, seeds)] == ["one two three four five six seven and eight"]
    assert overlaps(eight, seeds, ["one two three four five six seven and eight"]) == []
    assert overlaps(eight, seeds, ["two three four five six seven and eight"]) != []


def test_every_allowed_phrase_is_long_justified_and_still_needed(seeds: Path) -> None:
    entries = allowed_phrases()
    assert len(entries) <= 5, "keep the allow-list short"
    for phrase, reason in entries.items():
        assert len(phrase.split()) >= RUN, f"{phrase!r} is shorter than {RUN} words and needs no entry"
        assert reason, f"{phrase!r} has no reason"
    shared = [o.words.split() for o in overlaps(dataset.bundled_path(), seeds)]
    unused = [p for p in entries if not any(_contained(run, [p]) for run in shared)]
    assert not unused, f"allowed phrases no dataset text shares with a source any more: {unused}"
