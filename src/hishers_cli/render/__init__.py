"""Writing a command's result: JSON for scripts, Rich for a terminal, plain
text for everything else. Where it goes, and how, is the `Terminal`'s."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hishers_cli.controls import has_control, visible
from hishers_cli.render.blocks import Span
from hishers_cli.render.terminal import Terminal

if TYPE_CHECKING:
    from hishers_cli.views.view import View


def shown(value: Any) -> Any:
    """`value` (a block, a cell, any part of one) with the control
    characters of every string in it made visible. The dataset's text is
    cleaned when it is read; this covers what a command quotes from
    elsewhere (a query, a path, a setting), so nothing on the way to the
    terminal can drive it."""
    if isinstance(value, str):
        return visible(value) if has_control(value) else value
    if isinstance(value, Span):
        return Span(shown(value.text), value.style) if has_control(value.text) else value
    if isinstance(value, tuple):
        parts = [shown(v) for v in value]
        if all(a is b for a, b in zip(parts, value, strict=True)):
            return value
        return type(value)(*parts) if hasattr(value, "_fields") else tuple(parts)
    return value


def emit(view: View, as_json: bool, terminal: Terminal) -> None:
    """Print one command's result in the format the user asked for. On an
    interactive terminal, output as tall as the screen or taller goes
    through a pager unless paging is off; piped output never does."""
    out = terminal.stdout
    blocks = [] if as_json else [shown(b) for b in view.blocks]
    if as_json:
        import json

        out.write(json.dumps(view.data, indent=2) + "\n")
    elif terminal.stdout_tty:
        from hishers_cli.render import rich

        rich.print_blocks(
            blocks, rich.console_for(terminal), paged=terminal.paging and terminal.stdin_tty, terminal=terminal
        )
    else:
        from hishers_cli.render import plain

        out.write(plain.render(blocks, terminal.width))
    out.flush()
