"""A small, output-neutral description of what a command shows.

Views build a list of blocks; `render.plain` writes them as plain text for
pipes and files, `render.rich` as Rich tables and panels for a terminal. The
styles are named here once (characters one colour, actors another, ...) and
given colours in one place, `render.rich.THEME`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, Union


class Span:
    """A run of text in one style. Not a tuple, so a cell that is a run of
    spans and a cell that is one span cannot be confused. (A plain class: a
    dataclass would cost a third of a millisecond of every run to create.)"""

    __slots__ = ("text", "style")

    def __init__(self, text: str, style: str | None = None) -> None:
        self.text, self.style = text, style

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Span) and (self.text, self.style) == (other.text, other.style)

    def __hash__(self) -> int:
        return hash((self.text, self.style))

    def __repr__(self) -> str:
        return f"Span({self.text!r}, {self.style!r})"


# A cell is plain text, one styled span, or a run of them.
Cell = Union[str, Span, tuple[Union[str, Span], ...]]

CHARACTER = "character"
ACTOR = "actor"
EPISODE = "episode"
LOCKED = "locked"
HINT = "hint"
SOURCE = "source"
TITLE = "title"
AGREE = "agree"
DISAGREE = "disagree"
MATCH = "match"

# A line break inside a cell: each source's account of a disputed stage
# starts a line of its own.
BREAK = Span("\n", "break")


def plain(cell: Cell) -> str:
    """The text of a cell without its styles."""
    if isinstance(cell, str):
        return cell
    if isinstance(cell, Span):
        return cell.text
    return "".join(plain(part) for part in cell)


def join(cells: Sequence[Cell], separator: str = ", ") -> tuple[str | Span, ...]:
    out: list[str | Span] = []
    for i, cell in enumerate(cells):
        if i:
            out.append(separator)
        if isinstance(cell, tuple):
            out.extend(cell)
        else:
            out.append(cell)
    return tuple(out)


def join_names(cells: Sequence[Cell]) -> tuple[str | Span, ...]:
    """Names as running text lists them: "A", "A and B", "A, B and C"."""
    if len(cells) < 3:
        return join(cells, " and ")
    return (*join(cells[:-1]), " and ", *join(cells[-1:]))


class Heading(NamedTuple):
    text: Cell


class Paragraph(NamedTuple):
    text: Cell
    style: str | None = None
    # A line command's how-to ("hishers who NAME"): the full-screen app,
    # whose keys say it, leaves it out.
    command: bool = False


class Fields(NamedTuple):
    """Label: value lines."""

    items: tuple[tuple[str, Cell], ...]


class Bullets(NamedTuple):
    items: tuple[Cell, ...]
    title: str | None = None
    # Lines shown as written, never shortened as repeats (`render.once`):
    # the viewer's own board.
    verbatim: bool = False


class Column(NamedTuple):
    header: str
    # A wide column holds running text: in plain output it goes on its own
    # indented line under the row instead of into an aligned column.
    wide: bool = False
    # The header names each value ("Episode" 1): where a page shows a row
    # as a line of text, the value reads "Episode 1".
    labels: bool = False
    # Each cell is shown as written, never shortened as a repeat
    # (`render.once`): one source's account, which stands beside a competing
    # one on purpose, or a viewer's own note.
    verbatim: bool = False


class Table(NamedTuple):
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    title: str | None = None


class Layout(NamedTuple):
    """How a table is set at a width, the same in every renderer: its short
    columns aligned on one line a row when they fit (`fits`), its running
    text below the row; when they do not fit, each row as a record, its
    first cell leading and the others labelled below it."""

    narrow: tuple[int, ...]  # the short columns
    wide: tuple[int, ...]  # the running-text columns
    sizes: dict[int, int]  # the width of each short column, its header included
    aligned: int  # the width of a row of short cells, two spaces apart
    fits: bool
    # Set as records, a cell is labelled with its column's header only
    # where a record has more than one cell under its lead: one alone needs
    # no label ("What it shows:" eight times says nothing).
    labelled: bool
    # Records stand apart by a blank line, unless each is its lead and one
    # short line under it.
    spaced: bool


def layout(table: Table, lengths: Sequence[Sequence[int]], width: int) -> Layout:
    """The layout of `table` at `width`, from how wide the renderer finds
    each of its cells (`lengths`, row by row)."""
    narrow = tuple(i for i, c in enumerate(table.columns) if not c.wide)
    wide = tuple(i for i, c in enumerate(table.columns) if c.wide)
    sizes = {i: max([len(table.columns[i].header)] + [row[i] for row in lengths]) for i in narrow}
    aligned = sum(sizes.values()) + 2 * max(0, len(narrow) - 1)
    labelled = len(table.columns) > 2
    spaced = labelled or any(n > width - 4 for row in lengths for n in row[1:])
    return Layout(narrow, wide, sizes, aligned, bool(narrow) and aligned <= width, labelled, spaced)


class Tree(NamedTuple):
    """A labelled tree: each node is (label, children)."""

    label: Cell
    children: tuple[Tree, ...] = ()
    # Quotes shown as found (search hits), never shortened as repeats.
    verbatim: bool = False


class Lines(NamedTuple):
    """Lines shown exactly as given, never wrapped (file:line:col problems)."""

    lines: tuple[Cell, ...]


Block = Union[Heading, Paragraph, Fields, Bullets, Table, Tree, Lines]
