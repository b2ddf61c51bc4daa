"""The one place the app reaches into Textual's private machinery: a
screen built (composed and mounted) before it is shown, so that its key
only has to show it. Textual builds an installed screen the first time it
is pushed; this does the same step (`App._get_screen`) ahead of time."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.screen import Screen


async def build(app: App[Any], name: str) -> Screen[Any]:
    """The installed screen `name`, composed and mounted, not shown."""
    screen, mounted = app._get_screen(name)
    await mounted
    return screen
