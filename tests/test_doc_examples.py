"""Every `$ hishers ...` example in the README and docs/ is real output.

A fenced block is a little session: each `$ hishers ...` line is run (piped,
so plain text, in a fresh config dir shown as /tmp/xdg) and the lines below it
are what it prints, stdout then stderr. A last line of `...` means the output
goes on and only its start is shown. After a wording change, rewrite the
examples from the real output with

    python tests/test_doc_examples.py --update
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

from conftest import FULL, Probe, cli_batch

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SHOWN_CONFIG = "/tmp/xdg"
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.S | re.M)


class Example(NamedTuple):
    page: Path
    command: str
    shown: list[str]
    cut: bool  # only the start of the output is shown


def blocks(text: str) -> list[tuple[int, int, str]]:
    """The fenced blocks that hold at least one `$ hishers` line: their
    start and end offsets in the page, and their body."""
    found = []
    for m in FENCE.finditer(text):
        body = m.group(1)
        if any(line.startswith("$ hishers") for line in body.splitlines()):
            found.append((m.start(1), m.end(1), body))
    return found


def session(page: Path, body: str) -> list[Example]:
    examples: list[Example] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            examples.append(Example(page, line[2:], [], False))
        elif examples:
            examples[-1].shown.append(line)
    for i, e in enumerate(examples):
        if e.shown and e.shown[-1] == "...":
            examples[i] = e._replace(shown=e.shown[:-1], cut=True)
    return examples


def environment(config: Path) -> dict[str, str]:
    """A viewer's piped shell, with a fresh config dir."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(config.parent),
        "LANG": "C.UTF-8",
        "XDG_CONFIG_HOME": str(config),
        "XDG_CACHE_HOME": str(config.parent / "cache"),
        "XDG_DATA_HOME": str(config / "data"),
        "COLUMNS": "80",
    }


def arguments(command: str) -> list[str]:
    args = shlex.split(command)
    assert args[0] == "hishers"
    return args[1:]


def shown(done: subprocess.CompletedProcess[str], config: Path) -> list[str]:
    """What a run printed, stdout then stderr, with the config dir as the docs show it."""
    out = (done.stdout + done.stderr).replace(str(config), SHOWN_CONFIG)
    return out.rstrip("\n").splitlines()


def run(command: str, config: Path) -> list[str]:
    """What the command prints, as a viewer's piped shell shows it."""
    done = subprocess.run(
        [sys.executable, "-m", "hishers_cli", *arguments(command)],
        capture_output=True,
        text=True,
        env=environment(config),
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    return shown(done, config)


def all_examples() -> list[list[Example]]:
    sessions = []
    for page in PAGES:
        for _start, _end, body in blocks(page.read_text(encoding="utf-8")):
            sessions.append(session(page, body))
    return sessions


def play(examples: list[Example]) -> list[list[str]]:
    with tempfile.TemporaryDirectory() as home:
        config = Path(home) / "config"
        return [run(e.command, config) for e in examples]


SESSIONS = all_examples()


@pytest.fixture(scope="module")
def played() -> Iterator[dict[int, list[list[str]]]]:
    """In the default run, every session played at once: one process runs
    each session's commands in turn, each session in a fresh config dir of
    its own as `play` makes it (the full run, CI, starts a process per
    command)."""
    if FULL:
        yield {}
        return
    homes = [Path(tempfile.mkdtemp()) for _ in SESSIONS]
    try:
        probes: list[Probe] = []
        for examples, home in zip(SESSIONS, homes, strict=True):
            probes += [(arguments(e.command), environment(home / "config")) for e in examples]
        results = iter(cli_batch(probes, environment(homes[0] / "config")))
        yield {
            i: [shown(next(results), home / "config") for _ in examples]
            for i, (examples, home) in enumerate(zip(SESSIONS, homes, strict=True))
        }
    finally:
        for home in homes:
            shutil.rmtree(home)


def test_there_are_examples_to_check() -> None:
    commands = {word for s in SESSIONS for e in s for word in shlex.split(e.command)[1:] if word.isalpha()}
    assert {"episodes", "cast", "who", "relations", "search", "progress"} <= commands, commands


@pytest.mark.parametrize("examples", SESSIONS, ids=lambda s: f"{s[0].page.name}:{s[0].command}")
def test_example_is_real_output(examples: list[Example], played: dict[int, list[list[str]]]) -> None:
    outputs = played[SESSIONS.index(examples)] if played else play(examples)
    for example, real in zip(examples, outputs, strict=True):
        got = real[: len(example.shown)] if example.cut else real
        assert got == example.shown, f"{example.page.name}: $ {example.command}\n" + "\n".join(real)
        if example.cut:
            assert len(real) > len(example.shown), f"{example.command}: the output is no longer than shown; drop '...'"


def update() -> None:
    """Rewrite every example block from the real output, keeping each cut
    example to the number of lines it shows now."""
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        pieces, last = [], 0
        for start, end, body in blocks(text):
            examples = session(page, body)
            lines = []
            for example, real in zip(examples, play(examples), strict=True):
                lines.append(f"$ {example.command}")
                if example.cut and len(real) > len(example.shown):
                    lines += [*real[: len(example.shown)], "..."]
                else:
                    lines += real
            pieces += [text[last:start], "\n".join(lines) + "\n"]
            last = end
        page.write_text("".join([*pieces, text[last:]]), encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        update()
    else:
        sys.exit(__doc__)
