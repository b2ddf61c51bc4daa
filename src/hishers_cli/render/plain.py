"""Plain-text output for pipes, files and dumb terminals: no escape codes, no
box drawing, wrapped to the terminal width (COLUMNS) when one is known."""

from __future__ import annotations

import shutil
from collections.abc import Iterable

from hishers_cli.render.blocks import (
    Block,
    Bullets,
    Cell,
    Fields,
    Heading,
    Lines,
    Paragraph,
    Span,
    Table,
    Tree,
    layout,
    plain,
)

INDENT = "    "

# The widest a line of text runs, however wide the terminal: longer lines
# are hard to read (and a huge COLUMNS would make every line that long).
MEASURE = 100


def width() -> int:
    return max(20, shutil.get_terminal_size((80, 24)).columns)


def render(blocks: Iterable[Block], columns: int | None = None) -> str:
    cols = min(columns or width(), MEASURE)
    parts = [_block(block, cols) for block in blocks]
    return "\n\n".join(part for part in parts if part) + "\n"


def wrap(text: str, cols: int, first: str = "", rest: str = "") -> str:
    """Fill words into lines of at most `cols` characters, the first line
    starting with `first` and the others with `rest`. A word longer than a
    line gets a line of its own rather than being cut. (textwrap.fill with
    these settings gives the same result, several times slower.) A line
    break in the text starts a new line, indented as `rest`."""
    if "\n" in text:
        first_part, *others = text.split("\n")
        parts = [wrap(first_part, cols, first, rest)] + [wrap(p, cols, rest, rest) for p in others]
        return "\n".join(p for p in parts if p)
    lines: list[str] = []
    line = ""
    for word in text.split():
        if not line:
            line = (rest if lines else first) + word
        elif len(line) + 1 + len(word) > cols:
            lines.append(line)
            line = rest + word
        else:
            line += " " + word
    if line:
        lines.append(line)
    return "\n".join(lines)


def _block(block: Block, cols: int) -> str:
    if isinstance(block, Heading):
        text = plain(block.text)
        return f"{text}\n{'=' * min(len(text), cols)}"
    if isinstance(block, Paragraph):
        return wrap(plain(block.text), cols)
    if isinstance(block, Fields):
        label_width = max((len(label) for label, _ in block.items), default=0) + 2
        pad = " " * label_width if label_width < cols // 2 else INDENT
        lines = []
        for label, value in block.items:
            first = f"{label}:".ljust(label_width) if label_width < cols // 2 else f"{label}:\n{INDENT}"
            lines.append(wrap(plain(value), cols, first, pad))
        return "\n".join(lines)
    if isinstance(block, Bullets):
        lines = [wrap(block.title, cols, "", "")] if block.title else []
        lines += [wrap(plain(item), cols, "- ", "  ") for item in block.items]
        return "\n".join(lines)
    if isinstance(block, Table):
        return _table(block, cols)
    if isinstance(block, Tree):
        return "\n".join(_tree(block, "", cols))
    if isinstance(block, Lines):
        return "\n".join(plain(line) for line in block.lines)
    raise TypeError(f"unknown block {block!r}")


def _table(table: Table, cols: int) -> str:
    cells = [[plain(cell) for cell in row] for row in table.rows]
    set_as = layout(table, [[len(cell) for cell in row] for row in cells], cols)
    narrow, wide, sizes = set_as.narrow, set_as.wide, set_as.sizes

    def line(values: list[str]) -> str:
        return "  ".join(values[i].ljust(sizes[i]) for i in narrow).rstrip()

    out = [wrap(table.title, cols, "", "")] if table.title else []
    if not set_as.fits:
        # Records, not rows (running text only, or too narrow a terminal for
        # columns): the first cell leads, the others follow labelled.
        records = []
        for row in cells:
            lines = [wrap(row[0], cols)]
            for i in range(1, len(table.columns)):
                if row[i]:
                    header = table.columns[i].header if set_as.labelled else ""
                    lines.append(wrap(row[i], cols, f"{INDENT}{header}: " if header else INDENT, INDENT))
            records.append("\n".join(lines))
        return "\n\n".join(out + ["\n\n".join(records) if set_as.spaced else "\n".join(records)])
    if any(table.columns[i].header for i in narrow):  # a table of stamps and text needs no header
        out.append(line([c.header for c in table.columns]))
        out.append(line(["-" * sizes[i] if i in sizes else "" for i in range(len(table.columns))]))
    for row in cells:
        out.append(line(row))
        for i in wide:
            if row[i]:
                label = f"{table.columns[i].header}: " if len(wide) > 1 else ""
                out.append(wrap(row[i], cols, INDENT + label, INDENT))
    return "\n".join(out)


def unsplit(cell: Cell, width: int, first: str = "") -> Cell:
    """`cell`, where its last span (a stamp, a source's label) would not fit
    on its last line at `width`, with that span on a line of its own rather
    than split ("(by ep." on one line, "1)" on the next)."""
    if not isinstance(cell, tuple) or not cell or not isinstance(cell[-1], Span):
        return cell
    last = cell[-1].text.strip()
    lines = wrap(plain(cell[:-1]), width, first, " " * len(first) + "  ").split("\n")
    if " " not in last or len(lines[-1]) + 1 + len(last) <= width:
        return cell
    return (*cell[:-1], "\n", Span(last, cell[-1].style))


def _tree(node: Tree, prefix: str, cols: int) -> list[str]:
    lines = [wrap(plain(unsplit(node.label, cols, prefix)), cols, prefix, " " * len(prefix) + "  ")]
    for child in node.children:
        lines += _tree(child, " " * len(prefix) + "- ", cols)
    return lines
