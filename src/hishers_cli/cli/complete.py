"""Shell completion: values from closed sets, and names and episode numbers
the viewer may know at the progress typed so far."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from hishers_cli.gate import Known

FORMATS = ("text", "dot", "mermaid")


def complete_name(ctx: typer.Context, incomplete: str) -> list[str]:
    """Names the viewer may know, for shell completion of NAME."""
    try:
        from hishers_cli import dataset, gate, lookup, progress

        root = ctx.find_root().params
        shown = dataset.load(root.get("data") or None)
        chosen = ctx.params.get("watched") or root.get("watched")
        level = progress.resolve(chosen, shown.episode_count, show=progress.show_key(shown.title)).watched
        prefix = lookup.normalize(incomplete)
        names = [n for n in lookup.names(gate.known(shown, level)) if lookup.normalize(n).startswith(prefix)]
        # Keep what was typed as typed ("pr" -> "priya"): shells only offer
        # completions that start with the word on the command line.
        return [incomplete + n[len(incomplete) :] for n in names]
    except Exception:  # completion must never break the shell
        return []


def known_for_completion(ctx: typer.Context) -> Known:
    """What the viewer may see, for shell completion: progress and --data
    as typed on the command line so far."""
    from hishers_cli import dataset, gate, progress

    root = ctx.find_root().params
    shown = dataset.load(root.get("data") or None)
    chosen = ctx.params.get("watched") or root.get("watched")
    return gate.known(shown, progress.resolve(chosen, shown.episode_count, show=progress.show_key(shown.title)).watched)


def complete_watched_episode(ctx: typer.Context, incomplete: str) -> list[str]:
    """Episode numbers the viewer may open, for `episodes N` and `new N`."""
    try:
        numbers = [str(e.number) for e in known_for_completion(ctx).episodes if e.watched]
    except Exception:  # completion must never break the shell
        return []
    return [n for n in numbers if n.startswith(incomplete)]


def complete_progress(ctx: typer.Context, incomplete: str) -> list[str]:
    """Every progress the show has, for `progress set N`."""
    try:
        count = known_for_completion(ctx).episode_count
    except Exception:  # completion must never break the shell
        return []
    return [n for n in map(str, range(count + 1)) if n.startswith(incomplete)]


def complete_lane(incomplete: str) -> list[str]:
    from hishers_cli.model import LANES

    return [lane for lane in LANES if lane.startswith(incomplete)]


def complete_format(incomplete: str) -> list[str]:
    return [f for f in FORMATS if f.startswith(incomplete)]
