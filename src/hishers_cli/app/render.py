"""Blocks as the app shows them: the Rich layout of `render.rich` (so a
table, a tree or a list reads as it does on the command line), the styles
given colours from the app's Textual theme, so they read on a dark and a
light theme alike, and monochrome under NO_COLOR."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text
from rich.theme import Theme
from textual.theme import Theme as TextualTheme
from textual.widget import Widget

from hishers_cli.render import blocks, rich, shown
from hishers_cli.render.blocks import Block, Table


def theme(look: TextualTheme) -> Theme:
    """The block styles in the colours of a Textual theme."""
    accent = look.accent or look.primary
    secondary = look.secondary or look.primary
    success = look.success or look.primary
    error = look.error or look.primary
    return Theme(
        {
            blocks.CHARACTER: f"bold {accent}",
            blocks.ACTOR: secondary,
            blocks.EPISODE: "bold",
            blocks.LOCKED: "dim italic",
            blocks.HINT: "dim",
            blocks.SOURCE: success,
            blocks.TITLE: f"bold {look.primary}",
            blocks.AGREE: success,
            blocks.DISAGREE: f"bold {error}",
            blocks.MATCH: "reverse",
            "break": "",
        }
    )


def renderable(found: Sequence[Block], width: int) -> RenderableType:
    """Blocks laid out at `width`, a blank line between two, every string
    in them with its control characters made visible."""
    items: list[Any] = []
    for i, block in enumerate(found):
        if i:
            items.append(Text())
        items.append(rich.renderable(shown(block), width))
    return Group(*items)


def row_text(table: Table, row: tuple[blocks.Cell, ...]) -> Text:
    """One row of a table as an item of a list: its short cells on one line,
    its running text below them."""
    short = [rich.text(shown(cell)) for column, cell in zip(table.columns, row, strict=True) if not column.wide]
    lines = [Text("  ").join(cell for cell in short if cell.plain)]
    for column, cell in zip(table.columns, row, strict=True):
        if column.wide and blocks.plain(cell):
            lines.append(Text.assemble("  ", rich.text(shown(cell))))
    return Text("\n").join(lines)


class Blocks(Widget):
    """A presenter's blocks, laid out again whenever the width changes."""

    DEFAULT_CSS = """
    Blocks { height: auto; padding: 0 1; }
    """

    def __init__(self, found: Sequence[Block] = (), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.found = list(found)

    def show(self, found: Sequence[Block]) -> None:
        self.found = list(found)
        self.refresh(layout=True)

    def render(self) -> RenderableType:
        return renderable(self.found, max(20, self.size.width - 2))

    def text(self) -> str:
        """What the widget says, without styles (for tests and the search)."""
        return "\n".join(blocks_text(self.found))


def blocks_text(found: Sequence[Block]) -> list[str]:
    """Every string the blocks hold, one per cell, without styles."""
    out: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, blocks.Span):
            out.append(value.text)
        elif isinstance(value, tuple):
            for part in value:
                walk(part)

    for block in found:
        walk(tuple(block))
    return out
