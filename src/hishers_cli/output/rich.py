"""Rich output for an interactive terminal."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from typing import Any

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table as RichTable
from rich.text import Text
from rich.theme import Theme
from rich.tree import Tree as RichTree

from hishers_cli import document as doc
from hishers_cli.document import Block, Bullets, Fields, Heading, Paragraph, Span, Table, Tree

# The one place that gives each kind of name its look.
THEME = Theme(
    {
        doc.CHARACTER: "bold cyan",
        doc.ACTOR: "magenta",
        doc.EPISODE: "bold",
        doc.LOCKED: "dim italic",
        doc.HINT: "dim",
        doc.SOURCE: "green",
        doc.TITLE: "bold yellow",
        doc.AGREE: "green",
        doc.DISAGREE: "bold red",
        doc.MATCH: "reverse",
    }
)


def console(stderr: bool = False) -> Console:
    return Console(theme=THEME, stderr=stderr, highlight=False)


def text(cell: doc.Cell) -> Text:
    out = Text()
    parts: Iterable[Any] = (cell,) if isinstance(cell, (str, Span)) else cell
    for part in parts:
        if isinstance(part, Span):
            out.append(part.text, style=part.style or "")
        else:
            out.append(part)
    return out


def renderable(block: Block) -> Any:
    if isinstance(block, Heading):
        return Panel(text(block.text), style=doc.TITLE, box=box.ROUNDED, expand=False)
    if isinstance(block, Paragraph):
        return text(block.text) if not block.style else Text(doc.plain(block.text), style=block.style)
    if isinstance(block, Fields):
        grid = RichTable.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        for label, value in block.items:
            grid.add_row(label, text(value))
        return grid
    if isinstance(block, Bullets):
        lines = [Text("• ").append_text(text(item)) for item in block.items]
        if block.title:
            lines.insert(0, Text(block.title, style="bold"))
        return Group(*lines)
    if isinstance(block, Table):
        table = RichTable(title=block.title, box=box.ROUNDED, show_lines=any(c.wide for c in block.columns))
        for column in block.columns:
            table.add_column(column.header, ratio=3 if column.wide else None, overflow="fold")
        for row in block.rows:
            table.add_row(*(text(cell) for cell in row))
        return table
    if isinstance(block, Tree):
        return _tree(block)
    if isinstance(block, doc.Lines):
        return Group(*(Text.assemble(text(line), no_wrap=True, overflow="ignore") for line in block.lines))
    raise TypeError(f"unknown block {block!r}")


def less_options(user: str | None) -> str:
    """The LESS options for paging our output: the user's own, plus what the
    output needs (as git does): -R to show colours rather than escape codes,
    -F to quit when it fits on one screen, -X not to clear the screen."""
    options = (user or "").strip()
    missing = "".join(flag for flag in "FRX" if not re.search(rf"(^|\s)-\w*{flag}", options))
    return f"{options} -{missing}".strip() if missing else options


def _tree(node: Tree, into: RichTree | None = None) -> RichTree:
    branch = RichTree(text(node.label)) if into is None else into.add(text(node.label))
    for child in node.children:
        _tree(child, branch)
    return branch


def print_blocks(blocks: Iterable[Block], out: Console | None = None, paged: bool = False) -> None:
    out = out or console()
    items: list[Any] = []
    for i, block in enumerate(blocks):
        if i:
            items.append(Text())
        items.append(renderable(block))
    group = Group(*items)
    if paged and len(out.render_lines(group, pad=False)) > out.size.height:
        os.environ["LESS"] = less_options(os.environ.get("LESS"))
        with out.pager(styles=True):
            out.print(group)
        return
    out.print(group)
