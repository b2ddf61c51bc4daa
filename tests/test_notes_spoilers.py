"""Spoiler safety of the viewer's own theories, as a property over every
progress level: a viewer who kept a guess and a note after every episode
(each naming someone met in that episode) looks at their notes, their
board and the ending at each level. Nothing stamped later shows, not even
through their own later lines; everything of theirs from up to that level
does; the answer shows only at the finale or with consent."""

from __future__ import annotations

import json

import pytest

from conftest import assert_no_leak, json_strings, levels, run
from hishers_cli import gate
from hishers_cli.dataset.model import Dataset


def newest(show: Dataset, level: int) -> tuple[str, str]:
    """The character (id, name) most recently met at `level`."""
    c = max(gate.Known(show, level).characters, key=lambda c: (show.character(c.id).known_from, c.id))  # type: ignore[union-attr]
    return c.id, c.name


def keep_a_line_after_every_episode(show: Dataset) -> dict[int, str]:
    names = {}
    for level in range(show.episode_count + 1):
        _, name = newest(show, level)
        assert run("--watched", str(level), "suspect", name).exit_code == 0
        assert run("--watched", str(level), "notes", "add", f"Theory {level}: {name} did it").exit_code == 0
        names[level] = name
    return names


VIEWS = [["notes"], ["suspect"], ["ending"], ["notes", "add", "one more thought"]]


@pytest.mark.parametrize("watched", levels())
def test_the_viewers_lines_and_the_answer_appear_only_when_they_may(show: Dataset, watched: int) -> None:
    names = keep_a_line_after_every_episode(show)
    finale = watched == show.episode_count
    (point,) = [p for p in show.ending if p.answers()]
    for args in VIEWS:
        for extra in ([], ["--json"]):
            result = run("--watched", str(watched), *args, *extra)
            where = " ".join(args + extra)
            assert "Traceback" not in result.output, where
            assert_no_leak(result.output, watched, where)
            if extra and result.exit_code == 0 and result.stdout:
                assert_no_leak(json_strings(json.loads(result.stdout)), watched, where)
    board = run("--watched", str(watched), "suspect").stdout
    listed = run("--watched", str(watched), "notes").stdout
    for level, name in names.items():
        shown = level <= watched
        assert (f"Theory {level}: {name} did it" in " ".join(listed.split())) is shown, (level, watched)
        assert (name in board) is (shown or any(n == name for k, n in names.items() if k <= watched)), (level, name)
    assert (point.question in board) is finale
    document = json.loads(run("--watched", str(watched), "suspect", "--json").stdout)["board"]
    assert [r["after"] for r in document["rows"]] == list(range(watched + 1))
    assert document["hidden"] == 2 * (show.episode_count - watched)
    assert (document["answers"] is not None) is finale


@pytest.mark.parametrize("watched", range(6))
def test_with_consent_the_answer_comes_through_the_gate(show: Dataset, watched: int) -> None:
    names = keep_a_line_after_every_episode(show)
    (point,) = [p for p in show.ending if p.answers()]
    board = run("--watched", str(watched), "suspect", "--confirm-spoilers").stdout
    ending = run("--watched", str(watched), "ending", "--confirm-spoilers").stdout
    for text in (board, ending):
        assert point.question in text
        for level, name in names.items():
            if level > watched and all(n != name for k, n in names.items() if k <= watched):
                assert f"Your suspect: {name}" not in text  # a later guess stays the viewer's later line
    refused = run("--watched", str(watched), "ending")
    assert refused.exit_code == 1 and "Your board" not in refused.output
