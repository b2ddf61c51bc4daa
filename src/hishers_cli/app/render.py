"""Blocks as the app shows them: the Rich layout of `render.rich` (so a
table, a tree or a list reads as it does on the command line), the styles
given colours from the app's Textual theme, so they read on a dark and a
light theme alike, and monochrome under NO_COLOR."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from rich.theme import Theme
from textual.color import Color
from textual.strip import Strip
from textual.theme import Theme as TextualTheme
from textual.widget import Widget

from hishers_cli.render import blocks, rich, shown
from hishers_cli.render.blocks import Block, Paragraph, Table
from hishers_cli.render.once import once

# Without colour (NO_COLOR): the line commands' styles for the terminal's
# own colours, told apart by bold, italic and dim.
PLAIN = Theme({**rich.PLAIN_THEME.styles, "break": Style.null()})


def theme(look: TextualTheme, styled: bool = True) -> Theme:
    """The block styles in the colours of a Textual theme; on a light theme
    each colour a shade darker, so that names and labels keep their contrast.
    Without `styled` (NO_COLOR), `PLAIN`."""
    if not styled:
        return PLAIN

    def readable(color: str | None) -> str:
        shade = Color.parse(color or look.primary)
        return (shade if look.dark else shade.darken(0.25)).hex

    # A theme's primary, not its secondary: the secondary of Textual's dark
    # theme is a dark blue that hardly shows on its background.
    accent, primary = readable(look.accent), readable(look.primary)
    success, error = readable(look.success), readable(look.error)
    return Theme(
        {
            blocks.CHARACTER: f"bold {accent}",
            blocks.ACTOR: primary,
            blocks.EPISODE: "bold",
            blocks.LOCKED: "dim italic",
            blocks.HINT: "dim",
            blocks.SOURCE: success,
            blocks.TITLE: f"bold {primary}",
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


# What a `Blocks` shows: the blocks, or a presenter that gives them (run in
# the thread that lays them out, so a long show's presenter keeps no key waiting).
Source = Sequence[Block] | Callable[[], Sequence[Block]]
# One laid-out line: styled cells, made a `Strip` only when it is in view.
Line = list[Segment]


class Blocks(Widget):
    """A presenter's blocks, each fact told once (`render.once`). They are
    worked out and laid out into lines away from the keys (a thread), laid
    out again when the width or the theme changes, and only the lines in
    view are drawn: a guide of a thousand episodes costs no key more than a
    short one."""

    DEFAULT_CSS = """
    Blocks { height: auto; padding: 0 1; }
    """
    # Each fact told once on the screen (`render.once`).
    TOLD_ONCE = True

    def __init__(self, found: Source = (), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.source = found
        self.found: Sequence[Block] = ()
        # The source `found` was worked out from.
        self.found_from: Source | None = None
        self.lines: list[Line] = []
        self.laid_out_at = 0
        # The theme it was laid out in (its name, and whether styled).
        self.look: tuple[str, bool] | None = None

    def show(self, found: Source) -> None:
        """Other blocks: nothing of the ones before stays in view meanwhile."""
        self.source, self.found, self.lines = found, (), []
        self.refresh(layout=True)
        self.lay_out()

    def on_resize(self) -> None:
        # Once the screen is drawn: the thread would slow the drawing down.
        if self.content_size.width != self.laid_out_at:
            self.call_after_refresh(self.lay_out)

    def lay_out(self) -> None:
        width = self.content_size.width
        if width <= 0:
            return
        source, draw, styled = self.source, self.drawer(), getattr(self.app, "styled", True)
        look, self.look = theme(self.app.current_theme, styled), (self.app.current_theme.name, styled)
        # The blocks already worked out for this source are not worked out again.
        known = self.found if source is self.found_from else None

        def work() -> None:
            from textual.worker import get_current_worker

            found = known
            if found is None:
                # Not the line commands' how-tos: the app's keys say them.
                given = [b for b in (source() if callable(source) else source) if not _command(b)]
                found = once(given) if self.TOLD_ONCE else given
            lines = draw(found, width, look)
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self.laid_out, source, found, lines, width)

        self.run_worker(work, thread=True, exclusive=True, group="lay-out")

    def restyle(self) -> None:
        """Laid out again if the app's theme changed since it was."""
        if self.look != (self.app.current_theme.name, getattr(self.app, "styled", True)):
            self.lay_out()

    def drawer(self) -> Callable[[Sequence[Block], int, Theme], list[Line]]:
        """How the blocks become lines (in the thread)."""
        return as_lines

    def laid_out(self, source: Source, found: Sequence[Block], lines: list[Line], width: int) -> None:
        self.found_from, self.found = source, found
        self.lines, self.laid_out_at = lines, width
        self.styles.height = len(lines) or 1
        self.refresh(layout=True)

    def render_line(self, y: int) -> Strip:
        # The widget's own colours under the text's: a theme's background and foreground.
        if y < len(self.lines):
            return Strip(self.lines[y]).apply_style(self.rich_style)
        return Strip.blank(self.content_size.width, self.rich_style)

    def text(self) -> str:
        """What the widget says, without styles (for tests and the search)."""
        return "\n".join(blocks_text(self.found))


def _command(block: Block) -> bool:
    return isinstance(block, Paragraph) and block.command


def as_lines(found: Sequence[Block], width: int, look: Theme) -> list[Line]:
    """Blocks as lines of styled cells at `width`."""
    return lines_of(renderable(found, width), width, look)


def lines_of(shown: RenderableType, width: int, look: Theme) -> list[Line]:
    """Anything Rich renders, as lines of styled cells at `width`, with a
    console of its own (so this runs in any thread)."""
    console = Console(
        width=width, theme=look, file=io.StringIO(), force_terminal=True, color_system="truecolor", highlight=False
    )
    return console.render_lines(shown, pad=False)


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
