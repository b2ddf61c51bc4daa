"""`render.emit`: whatever a command quotes from outside the dataset (a
query, a path, a setting) reaches the terminal with its control characters
shown, not obeyed, in plain text and on a terminal alike."""

from __future__ import annotations

import pytest

from conftest import run, run_tiny
from hishers_cli.controls import has_control, is_control, visible
from hishers_cli.render import shown
from hishers_cli.render.blocks import Heading, Paragraph, Span, Tree

# Controls alone (a search folds letters and digits into its words); an
# environment variable cannot hold a NUL.
HOSTILE = ["\x1b", "\x07", "\x9b", "\r", "\x7f", "\u202e", "\u2066", "\x1b[]"]


@pytest.mark.parametrize("control", HOSTILE)
def test_a_query_quoted_back_is_shown_not_obeyed(control: str) -> None:
    result = run_tiny("--watched", "3", "search", f"Xavier{control}", "Stone")
    assert result.exit_code == 0
    assert "Search: Xavier" in result.stdout  # the heading still quotes it...
    assert not has_control(result.stdout)  # ...with nothing the terminal would obey
    assert visible(control) in result.stdout


@pytest.mark.parametrize("control", HOSTILE)
def test_a_path_shown_in_the_progress_card_is_shown_not_obeyed(control: str, tmp_path: object) -> None:
    config = f"{tmp_path}/conf{control}ig"
    result = run("progress", env={"XDG_CONFIG_HOME": config})
    assert result.exit_code == 0, result.output
    assert not has_control(result.stdout) and visible(config) in result.stdout


def test_shown_reaches_every_string_of_a_block_and_keeps_clean_ones_as_they_are() -> None:
    clean = Paragraph(("plain", Span("styled", "hint")))
    assert shown(clean) is clean
    dirty = Tree(("a\x1b", Span("b\x07", "hint")), (Tree(Heading("c\u202e")),))  # type: ignore[arg-type]
    assert shown(dirty) == Tree(("a\u241b", Span("b\u2407", "hint")), (Tree(Heading("c\ufffd")),))  # type: ignore[arg-type]


def test_the_characters_that_reorder_or_hide_text_are_controls_too() -> None:
    marks = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\u200b\u200e\u200f\u2028\u2029\ufeff"
    for mark in marks:
        assert has_control(mark) and is_control(mark) and visible(mark) == "\ufffd"
    assert visible("Zoë, café\n\ttab") == "Zoë, café\n\ttab"
