"""`hishers progress`: how far the viewer is, with a small progress bar."""

from __future__ import annotations

from hishers_cli.gate import Known
from hishers_cli.render.blocks import Block, Fields, Paragraph
from hishers_cli.store.progress import ENV_VAR, Override, Progress
from hishers_cli.views import shapes
from hishers_cli.views.common import ORIGINS, bar, hint
from hishers_cli.views.shapes import envelope
from hishers_cli.views.view import Change, View


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
    if progress.origin in ORIGINS_GIVEN:
        # `progress next` moves the saved progress, not this one: say what changes it.
        given = "--watched" if progress.origin == "option" else ENV_VAR
        blocks.append(Paragraph(hint(f"Set by {given} for this call; 'hishers progress set N' changes the saved one.")))
    elif not known.finished:
        blocks.append(Paragraph(hint("After the next episode: hishers progress next")))
    return View(data, blocks)


# The origins of a progress given for one call, which `progress next` does not move.
ORIGINS_GIVEN = ("option", "environment")


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


def _change(
    title: str | None, total: int | None, now: int | None, was: int | None, changed: bool, config_file: str
) -> shapes.ProgressChangeDocument:
    return {
        "show": title,
        "episode_count": total,
        "saved": now,
        "was": was,
        "changed": changed,
        "config_file": config_file,
    }


def set_to(watched: int, total: int, title: str, config_file: str) -> Change:
    """`progress set N`."""
    return Change(_change(title, total, watched, None, True, config_file), saved(watched, total, title))


def moved(now: int, was: int, total: int, title: str, config_file: str) -> Change:
    """`progress next`: on by one, or nothing at the last episode."""
    line = finished(total) if now == was else saved(now, total, title, was=was)
    return Change(_change(title, total, now, was, now != was, config_file), line)


def reset(removed: bool, total: int, title: str, config_file: str) -> Change:
    """`progress reset`: this show's saved progress forgotten."""
    line = f"Progress reset for {title}: nothing watched." if removed else f"Nothing was saved for {title}."
    return Change(_change(title, total, None, None, removed, config_file), line)


def reset_all(removed: bool, config_file: str) -> Change:
    """`progress reset --all`: every show's."""
    line = "Progress reset for every show." if removed else "Nothing was saved."
    return Change(_change(None, None, None, None, removed, config_file), line)
