"""What `cache clear` and the export commands report: what they removed or wrote."""

from __future__ import annotations

from pathlib import Path

from hishers_cli.gate import Known
from hishers_cli.views import shapes
from hishers_cli.views.view import Change


def cache_cleared(removed: int, folder: Path) -> Change:
    data: shapes.CacheClearDocument = {"file_count": removed, "cache_dir": str(folder)}
    return Change(data, f"Removed {removed} cached file{'s' if removed != 1 else ''} from {folder}.")


def page_written(known: Known, path: str, ending: bool) -> Change:
    """`export html -o FILE`."""
    data: shapes.ExportDocument = {
        "show": known.title,
        "episode_count": known.episode_count,
        "upto": known.watched,
        "ending": ending,
        "files": [path],
    }
    with_ending = " with the ending" if ending else ""
    return Change(data, f"Wrote {path}: the guide up to episode {known.watched} of {known.episode_count}{with_ending}.")


def site_written(title: str, episode_count: int, upto: int, folder: Path, names: list[str]) -> Change:
    """`export site DIR`: the ending is written only with the last level."""
    data: shapes.ExportDocument = {
        "show": title,
        "episode_count": episode_count,
        "upto": upto,
        "ending": "ending.html" in names,
        "files": [str(folder / name) for name in names],
    }
    return Change(data, f"Wrote {len(names)} pages to {folder}: open {folder / 'index.html'} to start.")
