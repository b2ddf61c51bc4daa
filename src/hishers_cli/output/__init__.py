"""Writing a command's result: JSON for scripts, Rich for a terminal, plain
text for everything else."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

from hishers_cli.document import Block


def emit(data: dict[str, Any], blocks: Sequence[Block], as_json: bool, pager: bool = True) -> None:
    """Print one command's result to stdout in the format the user asked for.
    On an interactive terminal, output taller than the screen goes through a
    pager unless `pager` is False; piped output never does."""
    if as_json:
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
    elif sys.stdout.isatty():
        from hishers_cli.output import rich

        rich.print_blocks(blocks, paged=pager and sys.stdin.isatty())
    else:
        from hishers_cli.output import plain

        sys.stdout.write(plain.render(blocks))
    sys.stdout.flush()
