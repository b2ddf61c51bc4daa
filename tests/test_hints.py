"""Error hints point where they help: a command's own help, a next step
that changes something, and an exit-code list that names every code."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_tiny
from test_cli_root import ARGS, WATCHED


@pytest.mark.parametrize("path", [p for p in WATCHED if p], ids=" ".join)
def test_a_progress_out_of_range_points_at_the_command_s_help(path: tuple[str, ...]) -> None:
    for form in (["--watched", "9"], ["--watched", "-1"]):
        for args in ([*path, *ARGS.get(path, []), *form], [*form, *path, *ARGS.get(path, [])]):
            result = run_tiny(*args)
            assert result.exit_code == 2, (args, result.output)
            assert result.stderr.splitlines()[-1] == f"Try 'hishers {' '.join(path)} --help'.", (args, result.stderr)
            assert "progress next" not in result.stderr, args


def test_no_number_error_suggests_a_command_that_would_not_help() -> None:
    """A number refused is worded alike for every number: none suggests
    `progress next`, which moves the saved progress, not the one typed."""
    for value in ("+1", "-1", "9", "x"):
        result = run_tiny("progress", "set", value)
        assert result.exit_code == 2 and "progress next" not in result.stderr, value


def test_the_exit_codes_in_help_name_every_use_of_3() -> None:
    text = " ".join(run_tiny("--help").stdout.split())
    assert "3 you answered no at the spoiler prompt (nothing was shown) or at notes clear" in text


@pytest.mark.parametrize("saved", [0, 2, 3])
def test_progress_advises_a_step_that_changes_something(saved: int, tmp_path: Path) -> None:
    """`progress next` is advised only when it is the saved progress that
    is read and it can move on; a progress given for the call says what
    changes the saved one instead."""
    env = {"XDG_CONFIG_HOME": str(tmp_path)}
    assert run_tiny("progress", "set", str(saved), env=env).exit_code == 0
    card = run_tiny("progress", env=env).stdout
    assert ("hishers progress next" in card) == (saved < 3)
    for given, shown in (({"HISHERS_WATCHED": "1"}, "HISHERS_WATCHED"), ({}, "--watched")):
        args = [] if given else ["--watched", "1"]
        card = run_tiny(*args, "progress", env={**env, **given}).stdout
        assert "progress next" not in card and f"Set by {shown}" in card and "progress set N" in card
