"""Reads like an edited guide: every read command, at every level, on the
bundled show and on a fixture show, piped and on a terminal at three widths,
says no sentence twice and has no line that restates its own heading."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from conftest import COMMAND, DATA, FULL, TINY, flat, levels, run
from hishers_cli.cli import app
from hishers_cli.dataset import load as dataset_module
from hishers_cli.dataset.model import Dataset
from hishers_cli.render import terminal as terminal_module

SHOWS = {"bundled": None, "edited": DATA / "edited.yaml", "tiny": DATA / "tiny.yaml"}

# Words that say nothing on their own: a body made of the heading's words and
# these restates the heading.
FILLER_WORDS = """a an the is are was were be of to too also and or but in on at by for with as its it his her
their he she they them who whom each other one this that so has have had"""
FILLER = set(FILLER_WORDS.split())


def _stem(word: str) -> str:
    word = word.casefold().removesuffix("'s").removesuffix("’s")
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def content(text: str) -> list[str]:
    return [_stem(w) for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", text) if w.casefold() not in FILLER]


STAMP = re.compile(r"\((?:before |by )?ep\. \d+\)|\[[^\]]*\]")


def restates(line: str) -> bool:
    """Whether a 'heading: body' line's body only says again what its
    heading says: every word of it in the heading but at most one, and at
    least two of the heading's own."""
    line = STAMP.sub("", line).strip(" -•")
    if ": " not in line:
        return False
    head, body = line.split(": ", 1)
    said, told = set(content(head)), content(body)
    if not told or len(head) > 80:
        return False
    new = [w for w in told if w not in said]
    return len(new) <= 1 and len(told) - len(new) >= 2


def sentences(output: str) -> Iterator[str]:
    """The output's sentences of five words or more, without stamps and
    source labels, folded."""
    text = STAMP.sub(" ", " ".join(output.split()))
    for s in re.split(r"(?<=[.!?])\s+|\s+[-•]\s+|\n", text):
        s = re.sub(r"^.*?: ", "", s) if s.count(": ") == 1 and s.index(": ") < 40 else s
        words = re.findall(r"[\w'’]+", s.casefold())
        if len(words) >= 5:
            yield " ".join(words)


def rows(args: list[str], output: str) -> list[str]:
    """What is read as one piece: the whole output, or for the cast table
    each actor's row (a viewer looks one up; a stage two characters share is
    in both rows)."""
    return re.split(r"\n(?=\S)", output) if args[:1] == ["cast"] else [output]


def problems(output: str) -> list[str]:
    found = []
    seen: set[str] = set()
    for s in sentences(output):
        if s in seen:
            found.append(f"said twice: {s!r}")
        seen.add(s)
    # A wrapped line continues its heading's line: read whole lines back.
    for line in re.sub(r"\n(?:    |  )(?=\S)", " ", output).splitlines():
        if restates(line):
            found.append(f"restates its heading: {line.strip()!r}")
    return found


@cache
def _load(name: str) -> Dataset:
    return dataset_module.load(SHOWS[name])


READ_COMMANDS = sorted(
    c.name or (c.callback.__name__ if c.callback else "")
    for c in app.registered_commands
    if c.callback is not None and c.callback.__module__ == "hishers_cli.cli.read"
)


def invocations(show: Dataset, level: int) -> list[list[str]]:
    """Every read command with each argument shape it takes at `level`."""
    names = [c.name for c in show.characters if c.known_from <= level]
    words = ["flashback", "the", "harbour", "letter", "anchor"]
    table: dict[str, list[list[str]]] = {
        "episodes": [["episodes"], *(["episodes", str(n)] for n in range(1, level + 1))],
        "cast": [["cast"]],
        "ending": [["ending", "--confirm-spoilers"]],
        "who": [["who", n] for n in names],
        "recap": [["recap"]],
        "new": [["new", str(n)] for n in range(1, level + 1)],
        "timeline": [["timeline"]],
        "relations": [["relations"], ["relations", "--history"]],
        "search": [["search", w] for w in words],
        "about": [["about"]],
        "book": [["book", "--confirm-spoilers"]],
    }
    assert set(table) == set(READ_COMMANDS), "a read command has no entry here"
    return [[]] + [args for name in READ_COMMANDS for args in table[name]]


def cases() -> list[tuple[str, int]]:
    counts = {"bundled": 6, "edited": 3, "tiny": 3}
    return [(show, level) for show, count in counts.items() for level in range(count + 1)]


def _args(show: str, level: int, args: list[str]) -> list[str]:
    path = SHOWS[show]
    return ([] if path is None else ["--data", str(path)]) + ["--watched", str(level), *args]


@pytest.mark.parametrize(("show", "level"), cases())
def test_piped_output_says_each_thing_once(show: str, level: int) -> None:
    found = []
    for args in invocations(_load(show), level):
        result = run(*_args(show, level, args))
        assert result.exit_code == 0, (args, result.output)
        found += [f"{' '.join(args)}: {p}" for row in rows(args, result.stdout) for p in problems(row)]
    assert not found, "\n".join(found[:12])


def on_a_terminal(monkeypatch: pytest.MonkeyPatch, width: int) -> io.StringIO:
    out = io.StringIO()

    def fake(cls: type, paging: bool = True, environ: object = None) -> terminal_module.Terminal:
        return terminal_module.Terminal(
            stdout=out,
            stderr=io.StringIO(),
            stdin=None,
            stdout_tty=True,
            stdin_tty=False,
            width=width,
            height=50,
            styled=False,
            paging=False,
            pager_command=["less"],
        )

    monkeypatch.setattr(terminal_module.Terminal, "from_system", classmethod(fake))
    return out


@pytest.mark.parametrize("width", [200, 100, 60])
@pytest.mark.parametrize("show", ["bundled", "edited"])
def test_terminal_output_says_each_thing_once(monkeypatch: pytest.MonkeyPatch, show: str, width: int) -> None:
    out = on_a_terminal(monkeypatch, width)
    count = _load(show).episode_count
    found = []
    for level in levels(count):
        for args in invocations(_load(show), level):
            out.seek(0)
            out.truncate()
            result = run(*_args(show, level, args))
            assert result.exit_code == 0, (args, result.output)
            text = out.getvalue()
            # Box drawing and panel edges are not words.
            text = re.sub(r"[│╭╮╰╯─┃━┏┓┗┛]", " ", text)
            found += [f"{level} {' '.join(args)}: {p}" for row in rows(args, text) for p in problems(row)]
    assert not found, "\n".join(found[:12])


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("- Richard Jones, Anna Andrews's cameraman: Richard is Anna's cameraman. [ep. 1]", True),
        ("- Jim Pruss, Lexy Jones's boss: Jim Pruss is Lexy's boss too.", True),
        ("- Rachel Hopkins, Alice's victim: Alice murdered Rachel.", True),
        ("- Alice, Anna's mother: in Dahlonega, Anna stays with her in the family home.", False),
        ("Played by:        Tessa Thompson", False),
        ("Setting:  saved", False),
        ("Seen in episodes: 1, 2", False),
    ],
)
def test_the_checks_know_a_restated_heading(line: str, expected: bool) -> None:
    assert restates(line) is expected


def test_the_checks_know_a_repeated_sentence() -> None:
    assert problems("Priya doubts that Jack can be objective.\n- Priya doubts that Jack can be objective.\n")
    assert not problems("Priya doubts that Jack can be objective.\nJack doubts that Priya can be objective.\n")


def test_fixture_shows_exist() -> None:
    assert all(p is None or Path(p).is_file() for p in SHOWS.values())


# A bio far longer than a readable line, for the measure tests.
LONG_BIO = " ".join(["A postman by the sea who reads every letter before he delivers it."] * 6)


@pytest.mark.parametrize("columns", [200, 10**6])
def test_running_text_keeps_a_readable_measure(monkeypatch: pytest.MonkeyPatch, columns: int, tmp_path: Path) -> None:
    show = tmp_path / "long.yaml"
    show.write_text(TINY.read_text(encoding="utf-8").replace("A postman by the sea.", LONG_BIO), encoding="utf-8")
    data = ["--data", str(show), "--watched", "3"]
    for args in (["cast"], ["episodes"], ["who", "xavier"], ["ending"]):
        piped = run(*data, *args, env={"COLUMNS": str(columns)}).stdout
        assert piped.strip() and max(map(len, piped.splitlines())) <= 100, args
    piped = run(*data, "cast", env={"COLUMNS": str(columns)}).stdout
    assert flat(LONG_BIO) in flat(piped)
    out = on_a_terminal(monkeypatch, columns)
    run(*data, "cast")
    lines = out.getvalue().splitlines()
    assert lines and max(len(line) for line in lines) <= 100
    assert flat(LONG_BIO) in flat(out.getvalue())


@pytest.mark.parametrize("width", [200, 100, 60])
def test_the_timeline_has_no_column_header(monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    piped = run("--watched", "6", "timeline", env={"COLUMNS": str(width)}).stdout
    out = on_a_terminal(monkeypatch, width)
    run("--watched", "6", "timeline")
    for text in (piped, out.getvalue()):
        assert "(ep. 1)" in text and "Rachel Hopkins is found murdered" in " ".join(text.split())
        assert "Known" not in text
        assert not [line for line in text.splitlines() if set(line.strip()) == {"-"}]


def test_the_status_screen_and_new_at_zero_give_the_same_next_step() -> None:
    status = run("--watched", "0").stdout
    new = run("--watched", "0", "new")
    assert new.exit_code == 1
    assert "hishers progress next" in status and "hishers progress next" in new.stderr
    assert "progress set" not in new.stderr


# --- search ------------------------------------------------------------------


@pytest.mark.parametrize("words", [["anchor"], ["lake", "house"], ["Rachel"], ["mother"]])
def test_search_shows_the_matching_sentences_not_whole_texts(words: list[str]) -> None:
    from hishers_cli.lookup import normalize

    output = run("--watched", "6", "search", *words, env={"COLUMNS": "100"}).stdout
    items = re.sub(r"\n {2,}(?!- )(?=\S)", " ", output).split("\n")
    shown = [line for line in items if line.lstrip().startswith("- ")]
    assert shown
    for line in shown:
        # Every sentence shown holds a word searched for ("- heading: text",
        # or under a heading "  - text").
        nested = line.startswith("  ")
        if not nested and ": " not in line:
            continue  # a heading with its passages below
        text = STAMP.sub("", line.strip()[2:] if nested else line.split(": ", 1)[1])
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", text.replace("…", " ").strip()) if s.strip()]
        matching = [s for s in sentences if any(normalize(w) in normalize(s) for w in words)]
        # Where only the heading matched, its opening sentence alone.
        assert matching == sentences or (not matching and len(sentences) == 1), (words, line)


def test_search_finds_words_in_every_text_the_viewer_sees() -> None:
    found = run("--watched", "2", "search", "flashback").stdout
    assert "in flashbacks" in found and "No matches" not in found
    # A part stays hidden while its role is: a locked role's part is not searched.
    assert "No matches" in run("--data", str(DATA / "edited.yaml"), "--watched", "0", "search", "flashbacks").stdout
    assert "young Mara" in run("--data", str(DATA / "edited.yaml"), "--watched", "2", "search", "flashbacks").stdout


@pytest.mark.full
@pytest.mark.parametrize("distinct", [True, False])
def test_search_with_a_huge_number_of_words_answers_at_once(distinct: bool) -> None:
    import subprocess
    import sys

    count = 30_000 if FULL else 3_000
    words = [f"w{i}" for i in range(count)] if distinct else ["anna"] * count
    script = Path(sys.executable).parent / "hishers"
    done = subprocess.run([str(script), "--watched", "2", "search", *words], capture_output=True, text=True, timeout=20)
    assert "Traceback" not in done.stderr
    if distinct:
        assert done.returncode == 2 and "at most" in done.stderr
    else:
        assert done.returncode == 0 and "Anna Andrews" in done.stdout


# --- help ----------------------------------------------------------------------


@pytest.mark.parametrize("columns", [60, 100, 200])
def test_help_gives_each_commands_whole_description_and_the_exit_codes(columns: int) -> None:
    import typer

    help_text = run("--help", env={"COLUMNS": str(columns)}).stdout
    group: Any = COMMAND
    ctx = typer.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None and command.help
        first = " ".join(command.help.split("\n\n")[0].replace("\b", "").split())
        assert first in " ".join(help_text.split()), name
    assert "..." not in help_text.split("Commands:", 1)[1]
    assert "Exit codes:" in help_text and "130" in help_text and "HISHERS_WATCHED" in help_text


# --- disputed accounts stay apart ------------------------------------------------


def _line_of(text: str, phrase: str) -> int:
    lines = text.splitlines()
    return next(i for i, line in enumerate(lines) if phrase in line)


@pytest.mark.parametrize(
    "args",
    [["cast"], ["who", "Mara Vell"], ["relations"], ["relations", "Ned Rook"], ["who", "Ned Rook"]],
)
def test_each_sources_account_is_a_line_of_its_own(monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    edited = ["--data", str(DATA / "edited.yaml"), "--watched", "3"]
    disputed = (
        [("Leaves the harbour for good.", "Stays on and opens a studio by the pier.")]
        if args[0] in ("cast", "who") and "Ned" not in " ".join(args)
        else [("They open a studio together.", "They part on bad terms.")]
    )
    piped = run(*edited, *args, env={"COLUMNS": "200"}).stdout
    out = on_a_terminal(monkeypatch, 200)
    run(*edited, *args)
    for text in (piped, out.getvalue()):
        for one, other in disputed:
            assert one in text and other in text, args
            assert _line_of(text, one) != _line_of(text, other), (args, text)
            # each with its own source's label on its line
            assert "[" in text.splitlines()[_line_of(text, one)] and "[" in text.splitlines()[_line_of(text, other)]
    if args == ["cast"]:
        # What the sources agree on stays one paragraph, before the accounts.
        assert _line_of(piped, "A photographer coming home") < _line_of(piped, "Leaves the harbour for good.")
