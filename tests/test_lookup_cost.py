"""The resolver's cost stays small on hostile shapes: a vocabulary of
phrases "x", "x x", ... read against a query of many x's, and a vocabulary
of hundreds of thousands of entries read against a query of twelve plurals.
Each runs in a child process with a time limit and a memory cap; the full
sizes run in the CI profile, smaller ones by default. `validate` refuses
both vocabularies."""

from __future__ import annotations

import resource
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import FULL, MINIMAL, run
from hishers_cli.dataset import load as dataset

SECONDS = 60
MEMORY = 1 << 30  # 1 GiB of address space

# The resolver, given a vocabulary the reader would refuse: the bound on
# cost must hold in the resolver itself, whatever a caller hands it.
CHILD = textwrap.dedent(
    """
    import sys
    from hishers_cli import gate, lookup
    from hishers_cli.dataset import load
    from hishers_cli.dataset.model import Word

    shape, size, query = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    known = gate.Known(load.load(sys.argv[4] or None), 6)
    if shape == "repeated":
        entries, total, n = [], 0, 1
        while total < size:
            phrase = " ".join(["x"] * n)
            entries.append(Word(word=phrase, means=("detective",)))
            total, n = total + len(phrase), n + 1
    else:
        entries = [Word(word=f"w{i}", means=(f"w{i + 1}",)) for i in range(size)]
    known.words = tuple(entries)
    for _ in range(3):  # a second question at the same progress reuses the vocabulary
        print(lookup.resolve(known, query).by)
    """
)


def cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def resolve_in_child(shape: str, size: int, query: str, show: str) -> str:
    """What the resolver answers (three times) in a child process, on `show`
    (the bundled one when empty) at the finale, with a hostile vocabulary."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, shape, str(size), query, show],
        capture_output=True,
        text=True,
        timeout=SECONDS,
        preexec_fn=cap,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("xs", [5, 11])
def test_a_vocabulary_of_repeated_words_costs_little(xs: int) -> None:
    size = 3_000 if FULL else 600
    query = " ".join(["x"] * xs + ["nobody"])
    assert resolve_in_child("repeated", size, query, "").split() == ["None"] * 3


def test_a_vocabulary_of_many_entries_costs_little() -> None:
    size = 270_000 if FULL else 20_000
    query = " ".join(f"w{i}s" for i in range(1, 12)) + " w12"
    assert resolve_in_child("many", size, query, "").split() == ["None"] * 3


def hostile(tmp_path: Path, entries: list[str]) -> Path:
    path = tmp_path / "hostile.yaml"
    path.write_text(MINIMAL + "words:\n" + "".join(entries), encoding="utf-8")
    return path


def test_validate_refuses_a_vocabulary_too_large_or_too_long(tmp_path: Path) -> None:
    many = hostile(tmp_path, [f"  - {{word: w{i}, means: [w{i + 1}]}}\n" for i in range(1_001)])
    _, problems = dataset.check(many)
    assert [p.message for p in problems] == ["words: more than 1,000 entries; refused"]
    long = hostile(tmp_path, ["  - {word: x x x x x, means: [detective]}\n"])
    _, problems = dataset.check(long)
    assert [p.message for p in problems] == ["words[0].word: at most 4 words and 40 characters"]
    fine = hostile(tmp_path, ["  - {word: x x x x, means: [detective]}\n"])
    assert dataset.check(fine)[1] == []


def test_who_on_a_refused_vocabulary_says_so_in_one_line(tmp_path: Path) -> None:
    n = 270_000 if FULL else 5_000
    path = hostile(tmp_path, [f"  - {{word: w{i}, means: [w{i + 1}]}}\n" for i in range(n)])
    query = " ".join(f"w{i}s" for i in range(1, 12)) + " w12"
    if FULL:
        done = subprocess.run(
            [sys.executable, "-m", "hishers_cli", "--data", str(path), "who", query],
            capture_output=True,
            text=True,
            timeout=180,
            preexec_fn=cap,
            check=False,
        )
        code, err = done.returncode, done.stderr
    else:
        result = run("--data", str(path), "who", query)
        code, err = result.exit_code, result.stderr
    assert code != 0 and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
