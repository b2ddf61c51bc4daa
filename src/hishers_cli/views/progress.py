"""`hishers progress`: how far the viewer is, with a small progress bar."""

from __future__ import annotations

from hishers_cli.gate import Known
from hishers_cli.render.blocks import Block, Fields, Paragraph
from hishers_cli.store.progress import ENV_VAR, Override, Progress
from hishers_cli.views import shapes
from hishers_cli.views.common import ORIGINS, bar, hint
from hishers_cli.views.shapes import envelope
from hishers_cli.views.view import View


def card(progress: Progress, known: Known, config_file: str) -> View:
    total = known.episode_count
    data: shapes.ProgressDocument = {**envelope(known), "origin": progress.origin, "config_file": config_file}
    watched = f"{bar(progress.watched, total)} {progress.watched} of {total} episodes"
    blocks: list[Block] = [
        Fields(
            (
                ("Show", known.title),
                ("Watched", watched),
                ("Setting", ORIGINS[progress.origin]),
                ("Saved in", config_file),
            )
        ),
    ]
    if not known.finished:
        blocks.append(Paragraph(hint("After the next episode: hishers progress next")))
    return View(data, blocks)


def saved(watched: int, total: int, title: str, was: int | None = None) -> str:
    """What `progress set` and `progress next` say once they have saved."""
    moved = f" (was {was})" if was is not None else ""
    return f"Saved: watched up to episode {watched} of {total} of {title}{moved}."


def finished(total: int) -> str:
    return f"You have watched all {total} episodes; nothing changed."


def override_note(override: Override) -> str:
    """The one line that says a saved value is not what commands read while
    an option or variable gives another."""
    if override.watched is None:
        return f"Note: {ENV_VAR} is set but is not an episode number, so commands refuse it until it is fixed or unset."
    if override.origin == "option":
        return f"Note: --watched {override.watched} still applies to reading wherever it is given, whatever is saved."
    return (
        f"Note: {ENV_VAR}={override.watched} still applies to reading: commands show up to episode "
        f"{override.watched} until it is unset."
    )
