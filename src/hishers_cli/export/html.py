"""Pages for `hishers export`: the same blocks the terminal shows, written
as HTML through Jinja2 templates (package data, autoescaped: every dataset
string is escaped). The pages are self-contained: inline CSS, no scripts,
nothing fetched from anywhere."""

from __future__ import annotations

import functools
from typing import Any, NamedTuple

from hishers_cli.export.map import Map
from hishers_cli.export.sections import Section
from hishers_cli.render.blocks import Cell, Span, plain


class Link(NamedTuple):
    href: str
    text: str
    current: bool = False


class Page(NamedTuple):
    """One page: what it is for, where it stands, and what it shows."""

    title: str
    heading: str
    progress: str
    held: str | None
    sections: list[Section]
    map: Map | None = None
    # The level picker ("I've watched up to episode ..."), on a site's pages.
    levels: tuple[Link, ...] = ()
    # Further links: the separate ending page, back to the guide.
    links: tuple[Link, ...] = ()
    version: str = ""
    # A site's front page, linked from every other page.
    home: str | None = None
    # A line the page opens with (the last level says it covers the finale).
    notice: str | None = None
    # What the footer says the page holds.
    footer: str = (
        "Every fact is stamped with the episode that reveals it; "
        "this page holds only what is known at the progress above."
    )


def _spans(cell: Cell) -> list[tuple[str, str | None]]:
    """A cell as (text, style) runs, for the template to wrap in spans."""
    if isinstance(cell, str):
        return [(cell, None)]
    if isinstance(cell, Span):
        return [(cell.text, cell.style)]
    return [run for part in cell for run in _spans(part)]


def _kind(block: Any) -> str:
    return type(block).__name__.lower()


@functools.cache
def _environment() -> Any:
    """The templates, compiled once per process."""
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("hishers_cli.export", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["spans"] = _spans
    env.filters["kind"] = _kind
    env.filters["plain"] = plain
    return env


# What a page says where its map would be too dense to read.
MAP_LEFT_OUT = "There are too many relationships here to draw as a readable map; they follow in words."


def render(page: Page) -> str:
    return str(_environment().get_template("level.html.j2").render(page=page, map_left_out=MAP_LEFT_OUT))


def render_index(title: str, levels: tuple[Link, ...], version: str) -> str:
    """The site's front page: it asks how far the reader has watched before
    it shows anything."""
    return str(_environment().get_template("index.html.j2").render(title=title, levels=levels, version=version))
