"""Shell completion: values from closed sets, and names and episode numbers
the viewer may know at the progress typed so far."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from hishers_cli.gate import Known

FORMATS = ("text", "dot", "mermaid")


def complete_name(ctx: typer.Context, incomplete: str) -> list[str]:
    """Names the viewer may know, for shell completion of NAME: a full name,
    or the one word of a name (a surname) that starts with what was typed;
    after a first word, the next word of the names it begins."""
    try:
        from hishers_cli import lookup

        names = lookup.names(known_for_completion(ctx))
        before = [lookup.normalize(word) for word in (ctx.params.get("name") or [])]
        typed = lookup.normalize(incomplete)
        if incomplete and not typed:
            return []  # only punctuation typed: no name starts with it
        offered: list[str] = []
        for name in names:
            words = name.split()
            if before:
                rest = words[len(before) :]
                if rest and lookup.normalize(" ".join(words[: len(before)])) == " ".join(before):
                    offered.append(rest[0])
            else:
                offered += [name, *words[1:]]
        matching = [o for o in offered if lookup.normalize(o).startswith(typed)]
        # Shells keep only completions that start with the word as typed
        # ("pr" -> "priya" rather than "Priya").
        return list(dict.fromkeys(incomplete + o[len(incomplete) :] for o in matching))
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
