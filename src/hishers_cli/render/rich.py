"""Rich output for an interactive terminal."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

from rich import box
from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table as RichTable
from rich.text import Text
from rich.theme import Theme
from rich.tree import Tree as RichTree

from hishers_cli.render import blocks
from hishers_cli.render.blocks import Block, Bullets, Fields, Heading, Paragraph, Span, Table, Tree
from hishers_cli.render.plain import MEASURE, unsplit
from hishers_cli.render.terminal import Terminal

# The one place that gives each kind of name its look. The colours are
# xterm's 256-colour palette entries that keep a contrast of at least 4.5:1
# on a white background and on a black one alike (tests/test_render_rich.py
# measures them), so the default light and dark terminals both read them.
THEME = Theme(
    {
        blocks.CHARACTER: "bold color(29)",
        blocks.ACTOR: "color(98)",
        blocks.EPISODE: "bold",
        blocks.LOCKED: "dim italic",
        blocks.HINT: "dim",
        blocks.SOURCE: "color(63)",
        blocks.TITLE: "bold color(163)",
        blocks.AGREE: "color(29)",
        blocks.DISAGREE: "bold color(131)",
        blocks.MATCH: "reverse",
    }
)
# The terminal's own colours, told apart by bold, italic and dim: for a
# terminal of 16 colours (whose palette may be anything) or HISHERS_THEME=plain.
PLAIN_THEME = Theme(
    {
        blocks.CHARACTER: "bold",
        blocks.ACTOR: "italic",
        blocks.EPISODE: "bold",
        blocks.LOCKED: "dim italic",
        blocks.HINT: "dim",
        blocks.SOURCE: "italic",
        blocks.TITLE: "bold",
        blocks.AGREE: "bold",
        blocks.DISAGREE: "bold underline",
        blocks.MATCH: "reverse",
    }
)
THEMES = {"colour": THEME, "color": THEME, "plain": PLAIN_THEME}
THEME_VARIABLE = "HISHERS_THEME"


def text(cell: blocks.Cell) -> Text:
    # A word longer than the line (a viewer's note may hold one) folds onto
    # the next lines instead of being cut short.
    out = Text(overflow="fold")
    parts: Iterable[Any] = (cell,) if isinstance(cell, (str, Span)) else cell
    for part in parts:
        if isinstance(part, Span):
            out.append(part.text, style=part.style or "")
        else:
            out.append(part)
    return out


def renderable(block: Block, width: int = 80) -> Any:
    if isinstance(block, Heading):
        return Panel(text(block.text), style=blocks.TITLE, box=box.ROUNDED, expand=False)
    if isinstance(block, Paragraph):
        return text(block.text) if not block.style else Text(blocks.plain(block.text), style=block.style)
    if isinstance(block, Fields):
        grid = RichTable.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        for label, value in block.items:
            grid.add_row(Text(label), text(value))
        return grid
    if isinstance(block, Bullets):
        # A grid, so that a wrapped item hangs under its own text, not the bullet.
        items = RichTable.grid(padding=(0, 1))
        items.add_column(no_wrap=True)
        items.add_column()
        for item in block.items:
            items.add_row("•", text(item))
        return Group(Text(block.title, style="bold"), items) if block.title else items
    if isinstance(block, Table):
        return _table(block, width)
    if isinstance(block, Tree):
        return _tree(block, width=width)
    if isinstance(block, blocks.Lines):
        # Wrapped, never cut: a problem line keeps its message at any width.
        return Group(*(Text.assemble(text(line), overflow="fold") for line in block.lines))
    raise TypeError(f"unknown block {block!r}")


def _table(block: Table, width: int) -> Any:
    """A table of short cells as a bordered table when it fits the width.
    Otherwise, and whenever it has running text, as records: the short cells
    of a row on one aligned line (or labelled lines, on a narrow terminal)
    and the running text wrapped below it, so no column is squeezed and no
    word is split."""
    columns = block.columns
    cells = [[text(cell) for cell in row] for row in block.rows]
    set_as = blocks.layout(block, [[cell.cell_len for cell in row] for row in cells], width)
    narrow, wide, sizes, fits = set_as.narrow, set_as.wide, set_as.sizes, set_as.fits
    if not wide and set_as.aligned + 3 * len(narrow) + 1 <= width:  # the borders, too
        # Every text as a `Text`: a str given to Rich would be read as markup.
        table = RichTable(title=Text(block.title) if block.title else None, box=box.ROUNDED)
        for column in columns:
            table.add_column(Text(column.header))
        for row in cells:
            table.add_row(*row)
        return table
    lines: list[Any] = [Text(block.title, style="bold")] if block.title else []
    if fits and any(columns[i].header for i in narrow):
        lines.append(Text("  ").join(Text(columns[i].header.ljust(sizes[i]), style="bold") for i in narrow))
    for n, row in enumerate(cells):
        if not fits and (n and set_as.spaced or not n and block.title):
            lines.append(Text(""))  # records stand apart, as in plain text
        if fits:
            line = Text("  ").join(_padded(row[i], sizes[i]) for i in narrow)
            line.rstrip()
            lines.append(line)
        else:
            lines.append(row[0])
            lines += [
                _labelled(columns[i].header if set_as.labelled else "", row[i]) for i in narrow[1:] if row[i].plain
            ]
        for i in wide:
            if i == 0 and not fits:
                continue  # the row's lead, just printed
            if row[i].plain:
                labelled = len(wide) > 1 or not fits and set_as.labelled
                lines.append(_labelled(columns[i].header, row[i]) if labelled else _indented(row[i]))
    return Group(*lines)


def _padded(cell: Text, size: int) -> Text:
    padded = cell.copy()
    padded.pad_right(size - cell.cell_len)
    return padded


def _labelled(label: str, cell: Text) -> Padding:
    if not label:
        return _indented(cell)
    return _indented(Text.assemble((f"{label}: ", "bold"), cell))


def _indented(cell: Text) -> Padding:
    return Padding(cell, (0, 0, 0, 4))


def _tree(node: Tree, into: RichTree | None = None, width: int = 80, depth: int = 0) -> RichTree:
    label = text(unsplit(node.label, width - 4 * depth))  # each level's guide takes four cells
    branch = RichTree(label) if into is None else into.add(label)
    for child in node.children:
        _tree(child, branch, width, depth + 1)
    return branch


def print_blocks(blocks: Iterable[Block], out: Console, paged: bool = False, terminal: Terminal | None = None) -> None:
    """Print blocks on a Rich console. With `paged`, output as tall as the
    screen or taller goes through the terminal's pager (printed, its first
    line would scroll away under the prompt)."""
    items: list[Any] = []
    for i, block in enumerate(blocks):
        if i:
            items.append(Text())
        items.append(renderable(block, out.size.width))
    group = Group(*items)
    if paged and terminal is not None and len(out.render_lines(group, pad=False)) >= out.size.height:
        with out.capture() as captured:
            out.print(group)
        terminal.page(captured.get())
        return
    out.print(group)


def colour_system(environ: Mapping[str, str]) -> Literal["standard", "256", "truecolor"]:
    """How many colours the terminal shows, as its variables say (as Rich
    reads them, but from the terminal's own environment)."""
    if environ.get("COLORTERM", "").strip().lower() in ("truecolor", "24bit"):
        return "truecolor"
    return "256" if environ.get("TERM", "").strip().lower().endswith("256color") else "standard"


def console_for(terminal: Terminal) -> Console:
    """A Rich console on the terminal's stdout, its size and colour choice.
    With NO_COLOR (or TERM=dumb) it writes no escape codes at all; the
    theme is HISHERS_THEME's (colour, the default, or plain), and plain on a
    terminal of 16 colours."""
    chosen = terminal.environ.get(THEME_VARIABLE, "").strip().lower() or "colour"
    console = Console(
        theme=THEMES.get(chosen, THEME),
        file=terminal.stdout,
        width=min(terminal.width, MEASURE),
        height=terminal.height,
        force_terminal=True,
        color_system=colour_system(terminal.environ) if terminal.styled else None,
        no_color=not terminal.styled,
        highlight=False,
    )
    if chosen not in THEMES and terminal.stderr is not None:
        terminal.stderr.write(f"Warning: {THEME_VARIABLE} is not one of colour, plain; using colour.\n")
    if console.color_system not in ("256", "truecolor"):
        console.push_theme(PLAIN_THEME)
    return console
