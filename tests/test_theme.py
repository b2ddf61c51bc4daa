"""Colours a viewer can read on a light terminal and a dark one: every
colour of the default theme keeps a contrast of at least 4.5:1 on white
and on black (WCAG's measure, xterm's palette); the plain theme uses the
terminal's own colours; HISHERS_THEME chooses between them."""

from __future__ import annotations

import io

import pytest

from hishers_cli.render import blocks, rich
from hishers_cli.render.terminal import Terminal

WHITE, BLACK = (255, 255, 255), (0, 0, 0)


def luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = map(channel, rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: tuple[int, int, int], other: tuple[int, int, int]) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def colours(theme: rich.Theme) -> dict[str, tuple[int, int, int]]:
    found = {}
    for name in (getattr(blocks, k) for k in dir(blocks) if k.isupper() and isinstance(getattr(blocks, k), str)):
        style = theme.styles.get(name)
        if style is not None and style.color is not None:
            found[name] = tuple(style.color.get_truecolor())
    return found


def test_the_measure_is_wcag_s() -> None:
    """The yardsticks the issue gave: bold yellow, cyan and green on white."""
    assert round(contrast((205, 205, 0), WHITE), 1) == 1.7
    assert round(contrast((0, 205, 205), WHITE), 1) == 2.0
    assert round(contrast((0, 205, 0), WHITE), 1) == 2.2
    assert round(contrast(WHITE, BLACK)) == 21


def test_every_colour_reads_on_white_and_on_black() -> None:
    found = colours(rich.THEME)
    assert {blocks.TITLE, blocks.CHARACTER, blocks.SOURCE, blocks.ACTOR} <= set(found)
    for name, rgb in found.items():
        assert contrast(rgb, WHITE) >= 4.5 and contrast(rgb, BLACK) >= 4.5, (name, rgb)


def test_the_plain_theme_keeps_the_terminal_s_colours_and_tells_names_apart() -> None:
    assert colours(rich.PLAIN_THEME) == {}
    for name in (blocks.TITLE, blocks.CHARACTER, blocks.SOURCE, blocks.ACTOR):
        assert str(rich.PLAIN_THEME.styles[name]) != "none", name


def terminal(environ: dict[str, str]) -> Terminal:
    return Terminal(
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        stdin=None,
        stdout_tty=True,
        stdin_tty=False,
        width=80,
        height=24,
        styled=True,
        paging=False,
        environ=environ,
    )


def shown(environ: dict[str, str]) -> tuple[str, str]:
    t = terminal(environ)
    console = rich.console_for(t)
    console.print(rich.text(blocks.Span("Anna", blocks.CHARACTER)))
    return t.stdout.getvalue(), t.stderr.getvalue() if t.stderr else ""  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("environ", "coloured"),
    [
        ({"TERM": "xterm-256color"}, True),
        ({"TERM": "xterm-256color", "HISHERS_THEME": "colour"}, True),
        ({"TERM": "xterm-256color", "HISHERS_THEME": "color"}, True),
        ({"TERM": "xterm-256color", "HISHERS_THEME": "plain"}, False),
        ({"TERM": "xterm-256color", "HISHERS_THEME": " Plain "}, False),
        ({"TERM": "xterm"}, False),  # 16 colours, whose palette may be anything
    ],
)
def test_the_theme_is_chosen_by_hishers_theme_and_the_terminal(environ: dict[str, str], coloured: bool) -> None:
    out, err = shown(environ)
    assert "Anna" in out and "\x1b[1" in out and not err
    assert ("38;5;" in out) == coloured, out


def test_an_unknown_theme_says_so_and_uses_the_default() -> None:
    out, err = shown({"TERM": "xterm-256color", "HISHERS_THEME": "neon"})
    assert "38;5;" in out and err.startswith("Warning: HISHERS_THEME") and err.count("\n") == 1
