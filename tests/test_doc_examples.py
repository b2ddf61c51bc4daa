"""Every `$ hishers ...` example in the README and docs/ is real output.

A page is read as a reader follows it: its fenced blocks, in order, are one
session in a fresh home folder of its own (so a note added above shows in a
board below). Each `$ hishers ...` line is run from the repository's root
(piped, so plain text, in a viewer's environment: HOME and no XDG
variables, the home folder shown as `~`), and the lines below it are what
it prints, stdout then stderr. A last line of `...` means the output goes
on and only its start is shown. A `$ hishers` line anywhere else in a page
(an indented block, a line of text) would not be checked, so there is none.
After a wording change, rewrite the examples from the real output with

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
SHOWN_HOME = "~"
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


def environment(home: Path) -> dict[str, str]:
    """A viewer's piped shell, with a fresh home folder and the default
    places for settings, notes and cache under it."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "COLUMNS": "80",
    }


def arguments(command: str) -> list[str]:
    args = shlex.split(command)
    assert args[0] == "hishers"
    return args[1:]


def shown(done: subprocess.CompletedProcess[str], home: Path) -> list[str]:
    """What a run printed, stdout then stderr, with the home folder as the docs show it."""
    out = (done.stdout + done.stderr).replace(str(home), SHOWN_HOME)
    return out.rstrip("\n").splitlines()


def run(command: str, home: Path) -> list[str]:
    """What the command prints, as a viewer's piped shell shows it."""
    done = subprocess.run(
        [sys.executable, "-m", "hishers_cli", *arguments(command)],
        capture_output=True,
        text=True,
        env=environment(home),
        stdin=subprocess.DEVNULL,
        cwd=ROOT,
        timeout=60,
    )
    return shown(done, home)


def page_session(page: Path) -> list[Example]:
    """Every example of a page, in the order a reader meets them."""
    return [e for _start, _end, body in blocks(page.read_text(encoding="utf-8")) for e in session(page, body)]


def all_examples() -> list[list[Example]]:
    return [examples for examples in map(page_session, PAGES) if examples]


def play(examples: list[Example]) -> list[list[str]]:
    with tempfile.TemporaryDirectory() as home:
        return [run(e.command, Path(home)) for e in examples]


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
            probes += [(arguments(e.command), environment(home)) for e in examples]
        results = iter(cli_batch(probes, environment(homes[0]), cwd=ROOT))
        yield {
            i: [shown(next(results), home) for _ in examples]
            for i, (examples, home) in enumerate(zip(SESSIONS, homes, strict=True))
        }
    finally:
        for home in homes:
            shutil.rmtree(home)


def test_there_are_examples_to_check() -> None:
    commands = {word for s in SESSIONS for e in s for word in shlex.split(e.command)[1:] if word.isalpha()}
    assert {"episodes", "cast", "who", "relations", "search", "progress"} <= commands, commands


def unchecked(text: str) -> list[str]:
    """The `$ hishers` lines of a page that lie outside its fenced blocks."""
    outside = FENCE.sub("", text)
    return [line.strip() for line in outside.splitlines() if re.match(r"\s*\$ hishers\b", line)]


def test_every_command_a_page_shows_is_checked() -> None:
    assert unchecked("Text\n\n    $ hishers validate x.yaml\n    x.yaml:1:1: oops\n") == ["$ hishers validate x.yaml"]
    assert not unchecked("```\n$ hishers cast\n```\n")
    for page in PAGES:
        assert not unchecked(page.read_text(encoding="utf-8")), f"{page.name}: put these in a fenced block"


@pytest.mark.parametrize("examples", SESSIONS, ids=lambda s: s[0].page.name)
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
        outputs = iter(play(page_session(page)))
        for start, end, body in blocks(text):
            examples = session(page, body)
            lines = []
            for example, real in zip(examples, outputs, strict=False):
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
