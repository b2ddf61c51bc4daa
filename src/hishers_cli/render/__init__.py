"""Writing a command's result: JSON for scripts, Rich for a terminal, plain
text for everything else. Where it goes, and how, is the `Terminal`'s."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hishers_cli.render.blocks import Block
from hishers_cli.render.terminal import Terminal


def emit(data: dict[str, Any], blocks: Sequence[Block], as_json: bool, terminal: Terminal) -> None:
    """Print one command's result in the format the user asked for. On an
    interactive terminal, output as tall as the screen or taller goes
    through a pager unless paging is off; piped output never does."""
    out = terminal.stdout
    if as_json:
        import json

        out.write(json.dumps(data, indent=2) + "\n")
    elif terminal.stdout_tty:
        from hishers_cli.render import rich

        rich.print_blocks(
            blocks, rich.console_for(terminal), paged=terminal.paging and terminal.stdin_tty, terminal=terminal
        )
    else:
        from hishers_cli.render import plain

        out.write(plain.render(blocks, terminal.width))
    out.flush()
