"""`export.html`: each block type as HTML, every string escaped wherever it
lands (text or attribute), and the page valid HTML."""

from __future__ import annotations

from typing import Any

import html5lib
import pytest

from hishers_cli.export.html import MAP_LEFT_OUT, Link, Page, render, render_index
from hishers_cli.export.map import Map
from hishers_cli.export.sections import Section
from hishers_cli.render.blocks import (
    BREAK,
    CHARACTER,
    Bullets,
    Column,
    Fields,
    Heading,
    Lines,
    Paragraph,
    Span,
    Table,
    Tree,
)

# Text that would be markup, an attribute break-out or an entity if it were
# not escaped.
HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "&amp; &lt;b&gt;", "' onmouseover='x"]


def parse(page: str) -> Any:
    """Parsed by a spec-compliant parser that fails on any error."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)


def text_of(element: Any) -> str:
    return "".join(element.itertext())


def page(sections: list[Section], **extra: Any) -> Page:
    return Page(title="T", heading="H", progress="P", held=None, sections=sections, **extra)


def one(block: Any) -> Any:
    """The rendered block, as a parsed element tree."""
    return parse(render(page([Section("s", "S", [block])]))).find(".//section")


def test_each_block_type_is_its_element() -> None:
    assert [text_of(h) for h in one(Heading("Xavier")).iter("h2")] == ["S", "Xavier"]
    assert text_of(one(Paragraph("A postman.", style="hint")).find("p[@class='hint']")) == "A postman."
    fields = one(Fields((("Actor", "Ada"), ("Known for", "Big Film"))))
    assert [text_of(e) for e in fields.iter("dt")] == ["Actor", "Known for"]
    assert [text_of(e) for e in fields.iter("dd")] == ["Ada", "Big Film"]
    bullets = one(Bullets(("One.", "Two."), title="Points"))
    assert [text_of(e) for e in bullets.find("ul").iter("li")] == ["One.", "Two."]
    assert "Points" in [text_of(h) for h in bullets.iter("h3")]
    tree = one(Tree("Xavier", (Tree("Yara", (Tree("Zed"),)),)))
    assert [text_of(e).split("\n")[0] for e in tree.find("ul").iter("li")] == ["XavierYaraZed", "YaraZed", "Zed"]
    lines = one(Lines(("file.yaml:1:2: problem", "second")))
    assert text_of(lines.find("pre")) == "file.yaml:1:2: problem\nsecond\n"


def test_a_table_has_its_headers_cells_and_labels() -> None:
    table = Table(
        (Column("Name"), Column("About", wide=True), Column("Episode", labels=True)),
        (("Xavier", "A postman.", "1"),),
        title="Cast",
    )
    element = one(table).find("table")
    assert element.get("class") == "records one-wide"
    assert text_of(element.find("caption")) == "Cast"
    assert [text_of(th) for th in element.iter("th")] == ["Name", "About", "Episode"]
    cells = list(element.find("tbody").iter("td"))
    assert [text_of(td) for td in cells] == ["Xavier", "A postman.", "1"]
    assert [td.get("data-label") for td in cells] == ["Name", "About", "Episode"]
    assert [td.get("class") for td in cells] == [None, "wide", "labelled"]


def test_styled_spans_and_breaks_in_a_cell() -> None:
    p = one(Paragraph((Span("Xavier", CHARACTER), " said", BREAK, "then"))).find("p")
    assert p.find("span").get("class") == CHARACTER and text_of(p.find("span")) == "Xavier"
    assert p.find("br") is not None and text_of(p) == "Xavier saidthen"


def every_slot(text: str) -> Page:
    """A page with `text` in every place a dataset string can land."""
    blocks = [
        Heading(text),
        Paragraph((Span(text, CHARACTER), text)),
        Fields(((text, text),)),
        Bullets((text,), title=text),
        Table((Column(text), Column(text, wide=True)), ((text, text),), title=text),
        Tree(text, (Tree(text),)),
        Lines((text,)),
    ]
    return Page(
        title=text,
        heading=text,
        progress=text,
        held=text,
        sections=[Section("characters", text, blocks[:1] + blocks), Section("s", text, blocks)],
        levels=(Link("level-1.html", text), Link("level-2.html", text, current=True)),
        links=(Link("ending.html", text),),
        notice=text,
        home="index.html",
    )


@pytest.mark.parametrize("text", HOSTILE)
def test_every_string_is_escaped_wherever_it_lands(text: str) -> None:
    tree = parse(render(every_slot(text)))
    assert not list(tree.iter("script")) and not list(tree.iter("img")) and not list(tree.iter("b"))
    for element in tree.iter():
        assert not any(name.startswith("on") for name in element.attrib), element.attrib
    # Shown as text, exactly as written, in every slot: the page title, the
    # header, the picker, the contents, each block and the links.
    shown = text_of(tree.find("body")) + text_of(tree.find("head/title"))
    assert shown.count(text) >= 30
    for element in tree.iter("td"):
        assert element.get("data-label") == text  # an attribute holds it whole too


@pytest.mark.parametrize("text", HOSTILE)
def test_the_front_page_escapes_too(text: str) -> None:
    tree = parse(render_index(text, (Link("level-1.html", text),), "1.0"))
    assert not list(tree.iter("script")) and not list(tree.iter("img"))
    assert text in text_of(tree.find("head/title")) and text in text_of(tree.find("body"))


def test_a_map_left_out_is_said_in_its_place() -> None:
    left_out = Map(width=0, height=0, nodes=(), edges=(), left_out=True)
    shown = render(page([Section("relationships", "R", [Paragraph("In words.")])], map=left_out))
    assert MAP_LEFT_OUT in shown and "<svg" not in shown and "In words." in shown
