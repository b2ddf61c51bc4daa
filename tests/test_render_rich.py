"""The Rich path on an interactive terminal: at any width, tables fit,
columns never get too narrow (they turn into records), and no word is split."""

from __future__ import annotations

import io
import math
import re

import pytest

from conftest import DATA, sampled
from hishers_cli import gate
from hishers_cli.dataset import load as dataset
from hishers_cli.dataset.model import Dataset
from hishers_cli.render import plain, rich
from hishers_cli.render.blocks import Column, Heading, Table
from hishers_cli.views import about, cast, episodes, status, story


def render(blocks: list, width: int) -> str:
    console = rich.Console(width=width, file=io.StringIO(), theme=rich.THEME, record=True)
    rich.print_blocks(blocks, console)
    return console.export_text()


def words(text: str) -> set[str]:
    return {w for w in re.findall(r"[A-Za-z][A-Za-z']+", text) if len(w) > 3}


@pytest.mark.parametrize("name", sampled(["tiny", "whodunit"]))
@pytest.mark.parametrize("width", sampled([40, 60, 100, 200]))
def test_tables_fit_and_never_split_a_word(name: str, width: int) -> None:
    show = dataset.load(DATA / f"{name}.yaml")
    for watched in range(show.episode_count + 1):
        known = gate.Known(show, watched)
        for view in (
            cast.cast(known),
            episodes.listing(known),
            story.timeline(known),
            about.about(known),
            status.screen(known, "saved"),
        ):
            rendered = render(view.blocks, width)
            assert all(len(line.rstrip()) <= width for line in rendered.splitlines()), width
            expected = words(plain.render(view.blocks, columns=width))
            missing = {w for w in expected if w not in rendered}
            assert not missing, (width, sorted(missing)[:5])


LONG = (
    "A postman by the sea who reads every letter before he delivers it, keeps the ones he likes in his coat, "
    "and tells nobody in town, not even his sister at the lighthouse, what he has read in them over the years."
)


def test_running_text_is_never_squeezed_into_a_column() -> None:
    """At 100 columns each row takes its short cells' line and, for each
    running text, as many lines as the text needs at nearly the full width;
    the only box drawn is the heading's."""
    table = Table(
        (Column("Actor"), Column("Character"), Column("Known for", wide=True), Column("As far as you know", wide=True)),
        tuple((f"Actor {n}", f"Person {n}", "Big Film", LONG[: 60 * n]) for n in range(1, 5)),
    )
    lines = render([Heading("Cast"), table], 100).splitlines()
    starts = [next(i for i, line in enumerate(lines) if line.startswith(f"Actor {n} ")) for n in range(1, 5)]
    for n, (start, end) in enumerate(zip(starts, [*starts[1:], len(lines)], strict=True), start=1):
        needed = 1 + sum(
            math.ceil((len(header) + 2 + len(text)) / 92)
            for header, text in (("Known for", "Big Film"), ("As far as you know", LONG[: 60 * n]))
        )
        assert end - start <= needed, (n, lines[start:end])
    assert sum("│" in line for line in lines) == 1


def test_cast_entries_of_a_fixture_show_are_a_line_per_value(tiny: Dataset) -> None:
    """Each entry of `cast` at 100 columns: the actor's line, then one line
    for each short value it has (the fixture's are short)."""
    known = gate.Known(tiny, 2)
    rendered = render(cast.cast(known).blocks, 100)
    lines = rendered.splitlines()
    actors = [c.actor for ch in known.characters for c in ch.cast]
    starts = [next(i for i, line in enumerate(lines) if line.startswith(actor)) for actor in actors]
    for start, end in zip(starts, starts[1:], strict=False):
        assert 2 <= end - start <= 3, lines[start:end]
    assert sum("│" in line for line in lines) == 1


def test_validate_lines_wrap_rather_than_lose_their_message() -> None:
    from hishers_cli.errors import Problem
    from hishers_cli.views import validate

    problem = Problem(
        "/some/long/path/to/a/dataset/file.yaml", 12, 5, "characters[3].bio[0]: expected a mapping, got text"
    )
    rendered = render(validate.report(problem.path, None, [problem]).blocks, 40)
    assert all(len(line.rstrip()) <= 40 for line in rendered.splitlines())
    assert "expected a mapping, got text" in " ".join(rendered.split())


# Rich's and Textual's markup: a style, a link (an escape sequence that
# would send the terminal elsewhere), a click, an unclosed tag.
MARKUP = "[@click=app.quit]Q[/] [b]B[/b] [link=https://example.org]L[/link] [red"


def marked_blocks(t: str) -> list:
    """One block of each kind with `t` in every text it holds, as a str and as a styled span."""
    from hishers_cli.render.blocks import Bullets, Fields, Lines, Paragraph, Span, Tree

    cell = (t, " ", Span(t, "character"))
    short = Table((Column(t), Column(t)), ((t, Span(t, "actor")),), title=t)
    wide = Table((Column(t), Column(t, wide=True)), ((t, cell),), title=t)
    return [
        Heading(t),
        Paragraph(cell),
        Paragraph(t, style="dim"),
        Fields(((t, cell),)),
        Bullets((cell,), title=t),
        short,
        wide,
        Tree(cell, (Tree(t),)),
        Lines((cell,)),
    ]


@pytest.mark.parametrize("width", sampled([60, 100, 200]))
def test_no_text_is_read_as_markup(width: int) -> None:
    """Every text of every kind of block is shown as written: nothing in it
    styles, links or acts."""
    for block in marked_blocks(MARKUP):
        # The colours the other tests' consoles use: Rich keeps a style's
        # escape codes on the style, whatever console drew it first.
        console = rich.Console(
            width=width, file=io.StringIO(), theme=rich.THEME, record=True, force_terminal=True, color_system="256"
        )
        rich.print_blocks([block], console)
        shown = " ".join(console.export_text().split())
        assert "QBL" not in shown.replace(" ", ""), block
        assert "[@click=app.quit]Q[/]" in shown.replace(" ", ""), block
        assert "\x1b]8" not in console.file.getvalue(), block  # no hyperlink  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", sampled([40, 60, 100]))
def test_a_word_longer_than_the_line_is_folded_not_cut(width: int) -> None:
    from hishers_cli.render.blocks import Bullets, Fields, Lines, Paragraph, Tree

    word = "x" * 250 + "END"
    wide = Table((Column("Who"), Column("Note", wide=True)), (("Mara", word),))
    # Where running text goes: a label of a field or a table's short cell is a name, kept on one line.
    for block in (Paragraph(word), Bullets((word,)), Fields((("Note", word),)), wide, Tree(word), Lines((word,))):
        shown = render([block], width)
        assert "…" not in shown and word in re.sub(r"[\s│╭╮╰╯─•]", "", shown), block
