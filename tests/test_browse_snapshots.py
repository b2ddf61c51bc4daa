"""What `hishers browse` shows, as SVG snapshots (tests/__snapshots__/):
every section, the help and the ending's dialog, at 100x30 and 60x20, at
levels 0, 3 and 6, on the six-episode fixture show and the bundled one. The
default run takes a few; HISHERS_TEST_PROFILE=full takes them all. After a
change that is meant to show, run `pytest tests/test_browse_snapshots.py
--snapshot-update` and read the new pictures before committing them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from browsing import HARBOUR, apart, browse, load, settle
from conftest import FULL
from hishers_cli.app.screens import SECTIONS
from hishers_cli.dataset import load as dataset_module

SHOWS = {"harbour": HARBOUR, "bundled": dataset_module.bundled_path()}
SIZES = {"100x30": (100, 30), "60x20": (60, 20)}
# Each screen by the keys that reach it from home: every section by its
# footer key (before the finale the ending's key opens its dialog), the
# help, and a card and an episode opened from their lists.
SCREENS = {
    "home": (),
    **{s.label.lower().replace(" ", "-"): (s.key,) for s in SECTIONS},
    "help": ("question_mark",),
    "episode": ("e", "down", "enter"),
    "card": ("p", "down", "enter"),
}
DEFAULT = [
    ("harbour", "60x20", 3, "home"),
    ("harbour", "100x30", 3, "map"),
    ("harbour", "100x30", 3, "ending"),
    ("harbour", "60x20", 6, "card"),
    ("bundled", "100x30", 3, "people"),
    ("bundled", "60x20", 0, "help"),
]
CASES = (
    [(show, size, level, screen) for show in SHOWS for size in SIZES for level in (0, 3, 6) for screen in SCREENS]
    if FULL
    else DEFAULT
)


def keys(pressed: tuple[str, ...]) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot, pilot.app)  # the map's layout, the text laid out
        await pilot.press(*pressed)
        await settle(pilot, pilot.app)
        # A text field's cursor shown and still: the picture does not depend
        # on how long the screen took to settle.
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
            if field.has_focus:
                field.blur()
                field.focus()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize(
    ("show", "size", "level", "screen"), [pytest.param(*c, id="-".join(map(str, c))) for c in CASES]
)
def test_screen(snap_compare: Any, show: str, size: str, level: int, screen: str) -> None:
    app = browse(load(SHOWS[show]), level)
    assert apart(snap_compare, app, terminal_size=SIZES[size], run_before=keys(SCREENS[screen]))


def test_light_theme(snap_compare: Any) -> None:
    app = browse(load(HARBOUR), 3)
    assert apart(snap_compare, app, terminal_size=(100, 30), run_before=keys(("d", "p", "down", "enter")))
