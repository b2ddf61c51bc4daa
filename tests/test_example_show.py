"""The example show of docs/authoring.md (examples/lantern-street.yaml) is
a valid dataset, and every command reads it at every level as it reads the
bundled show: cleanly, and showing nothing stamped after the level while
each level's own facts can be found."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from conftest import flat, locked_in, run, sampled
from hishers_cli.dataset import load as dataset
from hishers_cli.dataset.model import Dataset
from test_spoilers import commands

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
EXAMPLE = EXAMPLES / "lantern-street.yaml"


@cache
def example() -> Dataset:
    return dataset.load(EXAMPLE, use_cache=False)


def test_the_example_validates_and_is_not_the_bundled_show() -> None:
    result = run("validate", str(EXAMPLE))
    assert result.exit_code == 0, result.output
    assert example().title != dataset.load().title
    assert example().episode_count == 3


def test_the_mistakes_example_has_its_three_mistakes() -> None:
    result = run("validate", str(EXAMPLES / "mistakes.yaml"))
    assert result.exit_code == 1
    assert "summary.text: a comma inside this text split" in result.stdout
    assert "unknown key 'nmae'; did you mean 'name'?" in result.stdout
    assert "known_from: out of range (0 to 2)" in result.stdout


@pytest.mark.parametrize("watched", sampled(range(4)))
def test_every_command_reads_the_example_at_every_level(watched: int) -> None:
    show = example()
    locked = [t.casefold() for t in locked_in(show, watched)]
    seen = ""
    for args in commands(show):
        result = run("--data", str(EXAMPLE), "--watched", str(watched), *args)
        assert result.exit_code in (0, 1), (args, result.output)
        assert "Traceback" not in result.output, args
        page = flat(result.output).casefold()
        assert not [t for t in locked if t in page], (args, watched)
        seen += page
    unlocked = [flat(t) for f in show.stamped() if f.known_from == watched for t in f.texts]
    assert unlocked and all(t.casefold() in seen for t in unlocked), watched


def bundled_words() -> set[str]:
    """Words only the bundled show's own text would use: its title, its
    people's names, its network and novelist, its episode count."""
    show = dataset.load()
    words = {show.title, "Netflix", "Feeney", "six", "investigation", "flashback"}
    words |= {w for c in show.characters for w in c.name.split() if len(w) > 3}
    words |= {k.actor for c in show.characters for k in c.cast}
    return words


def test_every_help_and_output_speaks_of_the_show_it_is_given() -> None:
    """With another show's data, no help text or output names the bundled
    show, except where a line says what is bundled (the default dataset)."""
    words = bundled_words()
    assert "His & Hers" in words and len(words) > 10
    # Every word as one pattern, compiled once: it is tried on every line.
    said = re.compile("|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in sorted(words)), re.I)
    show = example()
    for watched in (0, show.episode_count):
        for args in commands(show):
            result = run("--data", str(EXAMPLE), "--watched", str(watched), *args)
            for line in result.output.splitlines():
                assert not said.search(line) or "bundled" in line, (args, line)
