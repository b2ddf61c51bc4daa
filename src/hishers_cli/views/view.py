"""What a presenter returns. Every renderer (plain text, Rich, JSON, the
exported HTML pages, the full-screen app) draws from the same result, so the
formats always carry the same content. (Named tuples: a dataclass would
cost every run its code generation at start-up.)"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from hishers_cli.render.blocks import Block


class View(NamedTuple):
    """One command's result: `data` is its JSON document (the envelope and
    the command's own keys), `blocks` the text every other renderer draws."""

    data: Mapping[str, object]
    blocks: Sequence[Block]


class Change(NamedTuple):
    """What a writing command reports: `data` is its JSON document, `line`
    the one sentence that says on stderr what was changed."""

    data: Mapping[str, object]
    line: str
