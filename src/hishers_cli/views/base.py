"""What every JSON shape and every presenter share: the held-back hint and
how a source is named."""

from __future__ import annotations

from hishers_cli.gate import Known

# What a viewer is told about anything held back: the same words for every
# character, record and command at a given progress, and never how much,
# from when or about whom.
HELD_HINT = "More is revealed in later episodes."


def label(known: Known, id: str) -> str:
    """A source as a reader knows it: its label, else its title."""
    source = known.source(id)
    if source is None:
        return id
    return source.label or source.title
