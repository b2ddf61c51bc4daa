"""Time `hishers browse` side by side with a bare Textual app.

    python bench/browse.py             # the full table
    python bench/browse.py --tiny      # a quick smoke run: small datasets, one run

First paint: each app is started in a pseudo-terminal of 100x30 and timed
from the start of its process until the screen it paints first has been
written (the footer's Quit is on the terminal), then quit with q. The
runs are interleaved and reported as medians, and hishers' as a ratio to
the bare app with a header and a footer (`bare_textual_app.py`).

Key latency: the app is driven headless (`App.run_test`) and every press
of a walk through the sections (each section's key, lists moved, a card
opened, a filter and a search typed, the ending's and the next episode's
questions answered No, the theme switched, Escape) is timed from sending
the key until the app has handled it, and every message that sent in turn,
and painted the screen (the key answered); and until the work it started in
threads (text laid out, a search looked up) is done and drawn too. The walk
runs a few times (`--walks`) on the bundled show and on the big synthetic
dataset (1,000 episodes, 400 characters, from generate.py), after the app
has started and built its sections; each press counts as its median over
the walks, and the slowest press is held to the target (100 ms on the
bundled show, 500 ms on the big dataset).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import pty
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from fcntl import ioctl
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PAINT_RATIO = 1.5  # first paint against the bare Textual app
KEY_MS = {"bundled": 100.0, "big": 500.0}  # the slowest key, per dataset
SIZE = (100, 30)


def first_paint(argv: list[str], sentinel: bytes, env: dict[str, str], timeout: float = 30.0) -> float:
    """Seconds from starting `argv` in a pty until `sentinel` has been
    written to it; the app is then told to quit."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: become the app
        os.execvpe(argv[0], argv, env)
    ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    start = time.perf_counter()
    seen = b""
    took = float("nan")
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if not ready:
                continue
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
            if sentinel in seen:
                took = time.perf_counter() - start
                break
        os.write(fd, b"q")
        deadline = time.perf_counter() + 5
        while time.perf_counter() < deadline:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            with contextlib_suppress():
                if select.select([fd], [], [], 0.05)[0]:
                    os.read(fd, 65536)
        else:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    finally:
        os.close(fd)
    return took


class contextlib_suppress:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return exc[0] is not None and issubclass(exc[0], OSError)  # type: ignore[arg-type]


def paint_table(runs: int, data: Path | None) -> tuple[float, float]:
    env = {**os.environ, "TERM": "xterm-256color", "XDG_CONFIG_HOME": tempfile.mkdtemp(), "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    hishers = str(Path(sys.executable).parent / "hishers")
    cases = {
        "bare Textual app (header, footer)": ([sys.executable, str(HERE / "bare_textual_app.py")], b"Quit"),
        "hishers browse": (
            [hishers, *(["--data", str(data)] if data else []), "--watched", "3", "browse"],
            b"Quit",  # on the footer: help and quit come first
        ),
    }
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, (argv, sentinel) in cases.items():
            times[name].append(first_paint(argv, sentinel, env))
    medians = {name: statistics.median(t) * 1000 for name, t in times.items()}
    bare, ours = medians.values()
    return bare, ours


async def settle(app: Any) -> None:
    """Until every worker is done (one replaced by a newer one ends cancelled)."""
    from textual.worker import WorkerCancelled

    while True:
        try:
            await app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            continue


# What a key sends besides its name (Textual's pilot works it out the same way).
CHARACTERS = {"slash": "/", "question_mark": "?", "enter": "\r", "escape": "\x1b", "backspace": "\x7f"}


async def answer(app: Any, pilot: Any, key: str | None) -> None:
    """Send `key` (if any) and return once the app has handled it, every message that
    sent in turn has been handled, and the screen has been painted.

    Pilot's own `press` and `pause` wait for the process to idle in steps of
    20 ms (at least 60 ms a key whatever the key does), so they would time
    the waiting rather than the app; this waits for the app's messages
    instead. `_wait_for_screen` and `_on_timer_update` are Textual's own
    (the pilot calls them); the paint they force is the one the screen's
    frame timer would do next."""
    from textual import events

    if key:
        app.post_message(events.Key(key, CHARACTERS.get(key, key if len(key) == 1 else None)))
    while True:
        await pilot._wait_for_screen()
        await asyncio.sleep(0)
        if not any(node.message_queue_size for node in (app, *app.screen.walk_children(with_self=True))):
            break
    app.screen._on_timer_update()


async def _latencies(data: Path | None) -> list[tuple[str, float, float]]:
    from hishers_cli.app.main import Browse
    from hishers_cli.dataset import load
    from hishers_cli.store.notes import notes_file
    from hishers_cli.store.progress import Progress, config_file, show_key

    dataset = load.load(data)
    watched = dataset.episode_count // 2
    show = show_key(dataset.title)
    app = Browse(dataset, Progress(watched, "option"), show, config_file(), notes_file(show))
    walk = [
        "e", "j", "j", "k", "enter", "escape", "escape",
        "p", "a", "n", "n", "backspace", "backspace", "backspace", "down", "enter", "escape", "escape",
        "m", "c", "c", "escape",
        "t", "escape", "slash", "a", "n", "n", "a", "escape",
        "s", "escape", "i", "escape", "question_mark", "escape", "l", "escape",
        "f", "escape", "n", "escape", "d", "d",
    ]  # fmt: skip
    timed: list[tuple[str, float, float]] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await settle(app)
        await pilot.pause()
        for key in walk:
            start = time.perf_counter()
            await answer(app, pilot, key)
            answered = time.perf_counter()
            # Long text is laid out, and a search looks up, in a thread: the
            # key is answered, and that text drawn a little later.
            await settle(app)
            await answer(app, pilot, None)  # no key: what the workers sent, handled and painted
            timed.append((key, (answered - start) * 1000, (time.perf_counter() - start) * 1000))
            await pilot.pause()  # the screen's timers (the header's clock, a cursor) between keys
    return timed


def key_rows(name: str, walks: list[list[tuple[str, float, float]]]) -> tuple[list[str], bool]:
    """The table's rows for one dataset's walks: each press's time is the
    median of that press over the walks; the slowest press is held to the
    target, and the slowest single press of any walk is shown beside it."""
    presses = [
        (key, statistics.median(w[i][1] for w in walks), statistics.median(w[i][2] for w in walks))
        for i, (key, _, _) in enumerate(walks[0])
    ]
    answered_key, answered, _ = max(presses, key=lambda p: p[1])
    drawn_key, _, drawn = max(presses, key=lambda p: p[2])
    once_key, once = max(((key, t) for w in walks for key, t, _ in w), key=lambda p: p[1])
    met = answered <= KEY_MS[name]
    walked = f"{len(presses)} presses, median of {len(walks)} walks"
    return [
        f"| key answered, {name} ({walked}) | {statistics.median(p[1] for p in presses):.0f} "
        f"| {answered:.0f} ('{answered_key}') | | slowest <= {KEY_MS[name]:.0f} ms: {'met' if met else 'MISSED'} |",
        f"| the slowest single press of any walk, {name} | | {once:.0f} ('{once_key}') | | |",
        f"| everything drawn after a key, {name} | {statistics.median(p[2] for p in presses):.0f} "
        f"| {drawn:.0f} ('{drawn_key}') | | |",
    ], met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="first paints of each app")
    parser.add_argument("--walks", type=int, default=3, help="walks through the sections on each dataset")
    parser.add_argument("--tiny", action="store_true", help="small datasets, one run: checks the script only")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    runs, walks = (1, 1) if args.tiny else (args.runs, args.walks)
    missed = False
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.yaml"
        shape = ["--facts", "300", "--episodes", "20", "--characters", "12"] if args.tiny else []
        with big.open("w") as out:
            subprocess.run([sys.executable, str(HERE / "generate.py"), *shape], stdout=out, check=True)
        os.environ["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")
        os.environ["XDG_DATA_HOME"] = str(Path(tmp) / "data")
        os.environ["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")
        bare, ours = paint_table(runs, None)
        ratio = ours / bare
        met = ratio <= PAINT_RATIO
        missed |= not met
        print(
            f"first paint: medians of {runs} interleaved runs; keys: each press timed headless at {SIZE[0]}x{SIZE[1]}"
        )
        print()
        print("| case | median ms | slowest ms | ratio | target |")
        print("| --- | --- | --- | --- | --- |")
        print(f"| first paint: bare Textual app (header, footer) | {bare:.0f} | | | |")
        print(
            f"| first paint: hishers browse (bundled show, 100x30) | {ours:.0f} | | {ratio:.2f}x "
            f"| <= {PAINT_RATIO}x the bare app: {'met' if met else 'MISSED'} |"
        )
        for name, data in (("bundled", None), ("big", big)):
            rows, met = key_rows(name, [asyncio.run(_latencies(data)) for _ in range(walks)])
            missed |= not met
            print("\n".join(rows))
    if args.check and missed:
        sys.exit(1)


if __name__ == "__main__":
    main()
