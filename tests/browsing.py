"""Driving `hishers browse` headless (`App.run_test` and its Pilot): an app
on a dataset at a progress, and what each screen says."""

from __future__ import annotations

import asyncio
import contextlib
import html
import io
import re
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import yaml
from rich.console import Console
from rich.table import Table
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from hishers_cli.app.main import Browse
from hishers_cli.app.render import Blocks
from hishers_cli.app.screens import Choices
from hishers_cli.dataset import load as dataset_module
from hishers_cli.dataset.model import Dataset
from hishers_cli.store.notes import notes_file
from hishers_cli.store.progress import Progress, config_file, show_key

DATA = Path(__file__).parent / "data"
T = TypeVar("T")
HARBOUR = DATA / "harbour.yaml"


def browse(dataset: Dataset, watched: int, origin: str = "option") -> Browse:
    """The app on `dataset` at progress `watched`, with the files the line
    commands use (the test's own, see conftest's `isolated`)."""
    show = show_key(dataset.title)
    return Browse(dataset, Progress(watched, origin), show, config_file(), notes_file(show))  # type: ignore[arg-type]


def screen_text(app: Browse) -> str:
    """Everything the current screen holds, scrolled into view or not: the
    header, each presenter's blocks, the map as drawn, each list's items
    (a long list's items not added yet too), each line of text; never what
    the viewer typed."""
    screen = app.screen
    parts = [app.title, app.sub_title, screen.sub_title or ""]
    for widget in screen.query("*"):
        if isinstance(widget, Blocks):  # the map too: its lines as drawn
            parts.append(widget.text())
        elif isinstance(widget, OptionList):
            options = widget.everything() if isinstance(widget, Choices) else widget.options
            for option in options:
                prompt = option.prompt
                parts.append(prompt.plain if isinstance(prompt, Text) else str(prompt))
        elif isinstance(widget, Static):
            shown = widget.content
            parts.append(plain(shown) if isinstance(shown, Table) else str(widget.render()))
    return "\n".join(parts)


async def settle(pilot: Pilot[Any], app: Any) -> None:
    """Until nothing is left to do: every key handled, every text laid out
    and looked up in its thread, and the screen drawn. A worker may start
    another once it is done, or once the screen is drawn (a section's text
    is laid out at its width), so this waits until the app has been drawn
    twice running with no worker left unfinished. A worker replaced by a
    newer one ends cancelled; one that fails fails the test."""
    from textual.worker import WorkerCancelled, WorkerState

    quiet = 0
    while quiet < 2:
        await pilot.pause()
        busy = [w for w in app.workers if w.state in (WorkerState.PENDING, WorkerState.RUNNING)]
        quiet = 0 if busy else quiet + 1
        for worker in busy:
            with contextlib.suppress(WorkerCancelled):
                await worker.wait()


Drive = Callable[[Pilot[None], Browse], Awaitable[None]]


def drive(app: Browse, script: Drive, size: tuple[int, int] = (100, 30)) -> None:
    """Run `script` against the app headless."""

    async def run() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await script(pilot, app)

    apart(asyncio.run, run())


def apart(call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`call` in a thread of its own, for an event loop of its own: a test
    run before in the same process may leave one running in this thread
    (Playwright's synchronous API does)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call, *args, **kwargs).result()


def notifications(app: Browse) -> list[str]:
    """The messages the app shows now (Textual keeps them in a list of its own)."""
    return [str(n.message) for n in app._notifications]


def plain(table: Table) -> str:
    """A table's text, each row on a line of its own."""
    console = Console(width=200, color_system=None, file=io.StringIO())
    with console.capture() as captured:
        console.print(table)
    return captured.get()


def drawn(app: Browse) -> str:
    """What the terminal shows of the screen, a line of text a line of the
    terminal, as painted (read from Textual's own picture of it)."""
    rows: dict[float, list[tuple[float, str]]] = {}
    for x, y, text in re.findall(
        r'<text [^>]*?x="([\d.]+)" y="([\d.]+)"[^>]*clip-path[^>]*>(.*?)</text>', app.export_screenshot()
    ):
        rows.setdefault(float(y), []).append((float(x), html.unescape(text).replace("\xa0", " ")))
    return "\n".join("".join(text for _, text in sorted(row)) for _, row in sorted(rows.items()))


def stripped(source: Path, level: int, into: Path) -> Path:
    """A copy of a dataset file with every record stamped after `level`
    taken out, at any depth: what a show would be if nothing later existed."""

    document = yaml.safe_load(source.read_text(encoding="utf-8"))
    gone = {c["id"] for c in document.get("characters", ()) if _later(c, level)}

    def keep(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: keep(v) for k, v in node.items() if not _later(v, level)}
        if isinstance(node, list):
            # A later character goes from the lists that name them, too.
            return [keep(v) for v in node if not _later(v, level) and not (isinstance(v, str) and v in gone)]
        return node

    into.write_text(yaml.safe_dump(keep(document), sort_keys=False, allow_unicode=True), encoding="utf-8")
    return into


def _later(node: Any, level: int) -> bool:
    return isinstance(node, dict) and isinstance(node.get("known_from"), int) and node["known_from"] > level


def load(path: Path) -> Dataset:
    return dataset_module.load(path, use_cache=False)
