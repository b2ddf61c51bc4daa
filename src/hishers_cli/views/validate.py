"""`hishers validate`: every problem in a dataset file, one per line."""

from __future__ import annotations

from hishers_cli.controls import visible
from hishers_cli.dataset.model import Dataset
from hishers_cli.errors import Problem
from hishers_cli.render.blocks import Lines, Paragraph
from hishers_cli.views import shapes
from hishers_cli.views.common import hint
from hishers_cli.views.view import View


def report(path: str, dataset: Dataset | None, problems: list[Problem]) -> View:
    """The result of checking one file. It never quotes the dataset's content
    beyond what a problem message needs, so it spoils nothing; the path is
    shown with its control characters made visible."""
    data: shapes.ValidateDocument = {
        # The common envelope: validate reads a file, not a viewer's progress.
        "show": dataset.title if dataset else None,
        "watched": None,
        "episode_count": dataset.episode_count if dataset else None,
        "held": None,
        "path": path,
        "valid": not problems,
        "problems": [shapes.problem(p) for p in problems],
    }
    path = visible(path)
    if not problems and dataset is not None:
        return View(data, [Lines((f"{path}: valid ({dataset.episode_count} episodes); no problems found.",))])
    noun = "problem" if len(problems) == 1 else "problems"
    lines = Lines(tuple(visible(str(p)) for p in problems))
    return View(data, [lines, Paragraph(hint(f"{len(problems)} {noun} in {path}."))])
