"""The spoiler prompt before the finale, in-process: the terminal check is
replaced so the prompt is asked."""

from __future__ import annotations

import re

import pytest

from conftest import run_tiny
from hishers_cli.render.terminal import Terminal


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """A run on an interactive terminal (the prompt's streams stay the test's)."""
    monkeypatch.setattr(Terminal, "interactive", property(lambda self: True))


def test_declining_is_not_an_error(terminal: None) -> None:
    result = run_tiny("--watched", "1", "ending", input="n\n")
    assert result.exit_code == 3
    assert "Nothing shown." in result.stderr and "Error" not in result.stderr
    # (the test runner echoes the typed answer to stdout; nothing else is there)
    assert result.stdout.strip() in ("", "n")
    enter = run_tiny("--watched", "1", "book", input="\n")
    assert enter.exit_code == 3 and "inland" not in enter.stdout


def test_agreeing_shows_it(terminal: None) -> None:
    result = run_tiny("--watched", "1", "ending", input="y\n")
    assert result.exit_code == 0 and "Xavier wrote it." in result.stdout


def test_end_of_input_at_the_prompt_ends_the_line_and_exits_130(terminal: None) -> None:
    result = run_tiny("--watched", "1", "ending", input="")
    assert result.exit_code == 130 and result.stdout.strip() == ""
    assert re.search(r"\[y/N\]: ?\n$", result.stderr)  # the prompt's line is ended
    assert "Xavier" not in result.output


def test_no_terminal_means_no_prompt_and_a_one_line_refusal() -> None:
    result = run_tiny("--watched", "1", "ending", input="y\n")
    assert result.exit_code == 1 and result.stdout == ""
    assert "--confirm-spoilers" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_closed_stream_is_not_a_terminal() -> None:
    from hishers_cli.render.terminal import _is_tty

    assert _is_tty(None) is False
