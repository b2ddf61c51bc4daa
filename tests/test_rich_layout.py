"""The Rich path on an interactive terminal: at any width, tables fit,
columns never get too narrow (they turn into records), and no word is split."""

from __future__ import annotations

import io
import re

import pytest

from hishers_cli import gate
from hishers_cli.dataset.model import Dataset
from hishers_cli.render import plain, rich
from hishers_cli.views import about, cast, episodes, status, story


def render(blocks: list, width: int) -> str:
    console = rich.Console(width=width, file=io.StringIO(), theme=rich.THEME, record=True)
    rich.print_blocks(blocks, console)
    return console.export_text()


def words(text: str) -> set[str]:
    return {w for w in re.findall(r"[A-Za-z][A-Za-z']+", text) if len(w) > 3}


@pytest.mark.parametrize("width", [40, 60, 100, 200])
def test_tables_fit_and_never_split_a_word(show: Dataset, width: int) -> None:
    for watched in (0, 2, 6):
        known = gate.known(show, watched)
        for _, blocks in (
            cast.cast(known),
            episodes.listing(known),
            story.timeline(known),
            about.about(known),
            status.screen(known, "saved"),
        ):
            rendered = render(blocks, width)
            assert all(len(line.rstrip()) <= width for line in rendered.splitlines()), width
            expected = words(plain.render(blocks, columns=width))
            missing = {w for w in expected if w not in rendered}
            assert not missing, (width, sorted(missing)[:5])


def test_cast_entries_are_a_few_lines_at_100_columns(show: Dataset) -> None:
    rendered = render(cast.cast(gate.known(show, 2))[1], 100)
    lines = rendered.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Jon Bernthal"))
    end = next(i for i, line in enumerate(lines) if line.startswith("Pablo Schreiber"))
    assert end - start <= 6
    # running text is never squeezed into a column: the only box is the heading's
    assert sum("│" in line for line in lines) == 1


def test_validate_lines_wrap_rather_than_lose_their_message() -> None:
    from hishers_cli.errors import Problem
    from hishers_cli.views import validate

    problem = Problem(
        "/some/long/path/to/a/dataset/file.yaml", 12, 5, "characters[3].bio[0]: expected a mapping, got text"
    )
    rendered = render(validate.report(problem.path, None, [problem])[1], 40)
    assert all(len(line.rstrip()) <= 40 for line in rendered.splitlines())
    assert "expected a mapping, got text" in " ".join(rendered.split())
