"""What a presenter returns. Every renderer (plain text, Rich, JSON, the
exported HTML pages, the full-screen app) draws from the same result, so the
formats always carry the same content."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from hishers_cli.render.blocks import Block


@dataclass(frozen=True)
class View:
    """One command's result: `data` is its JSON document (the envelope and
    the command's own keys), `blocks` the text every other renderer draws."""

    data: Mapping[str, object]
    blocks: Sequence[Block]


@dataclass(frozen=True)
class Change:
    """What a writing command reports: `data` is its JSON document, `line`
    the one sentence that says on stderr what was changed."""

    data: Mapping[str, object]
    line: str
