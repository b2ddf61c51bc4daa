"""`hishers notes`: the viewer's private notebook, kept safely. Notes are
stored per show in the XDG data dir, 0600, written under a lock by the one
safe writer; a file that is not hishers' own notes is refused and kept as it
is; nothing a note holds is interpreted."""

from __future__ import annotations

import io
import json
import os
import re
import stat
import subprocess
import sys
import unicodedata
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings, strategies as st
from rich.console import Console

from conftest import FULL, TINY, examples, run, run_tiny
from hishers_cli.render import rich as rich_output
from hishers_cli.store import notes, paths
from hishers_cli.store.notes import MAX_FILE_BYTES, MAX_NOTE_CHARS
from hishers_cli.views.common import escaped
from hishers_cli.views.shapes.schema import schema

SCHEMA = schema()


def check(document: dict, command: str) -> None:
    root = {key: value for key, value in SCHEMA.items() if key != "anyOf"}
    jsonschema.Draft202012Validator({**root, "$ref": f"#/$defs/command_{command}"}).validate(document)


def notes_path() -> Path:
    return Path(os.environ["XDG_DATA_HOME"]) / "hishers" / "notes" / "tiny-show.json"


def listed(*extra: str) -> dict:
    result = run_tiny(*extra, "notes", "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    check(document, "notes")
    return document


# -- where and how they are kept ---------------------------------------------


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"XDG_DATA_HOME": "/x/data"}, Path("/x/data/hishers")),
        ({"XDG_DATA_HOME": ""}, Path.home() / ".local/share/hishers"),
        ({"XDG_DATA_HOME": "relative/dir"}, Path.home() / ".local/share/hishers"),
        ({}, Path.home() / ".local/share/hishers"),
    ],
)
def test_the_data_dir_follows_the_xdg_rules(environ: dict[str, str], expected: Path) -> None:
    # The home folder is this run's HOME, as Path.home() reads it (a scrubbed
    # shell's HOME need not be the user database's).
    assert paths.data_dir({"HOME": str(Path.home()), **environ}) == expected


def test_a_note_is_kept_per_show_privately_in_the_data_dir() -> None:
    result = run_tiny("--watched", "2", "notes", "add", "Yara knows more")
    assert result.exit_code == 0, result.output
    assert result.stderr == "Note 1 kept, after ep. 2.\n" and result.stdout == ""
    path = notes_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # Another show has a notebook of its own.
    assert run("--watched", "1", "notes", "add", "elsewhere").exit_code == 0
    assert [n["text"] for n in listed("--watched", "2")["notes"]] == ["Yara knows more"]


def test_notes_are_listed_oldest_first_with_their_episode_and_removed_by_number() -> None:
    for level, text in ((0, "before anything"), (1, "after one"), (1, "another after one"), (3, "at the end")):
        assert run_tiny("--watched", str(level), "notes", "add", text).exit_code == 0
    document = listed("--watched", "3")
    assert [(n["number"], n["text"], n["after"]) for n in document["notes"]] == [
        (1, "before anything", 0),
        (2, "after one", 1),
        (3, "another after one", 1),
        (4, "at the end", 3),
    ]
    assert {n["origin"] for n in document["notes"]} == {"option"}
    text = run_tiny("--watched", "3", "notes").stdout
    assert text.index("before ep. 1") < text.index("after ep. 1") < text.index("after ep. 3")
    removed = run_tiny("--watched", "3", "notes", "remove", "2")
    assert removed.exit_code == 0
    assert removed.stderr == "Removed note 2 (after ep. 1): after one\n"
    assert [n["text"] for n in listed("--watched", "3")["notes"]] == [
        "before anything",
        "another after one",
        "at the end",
    ]


def test_a_note_is_stamped_with_the_resolved_progress_and_where_it_came_from() -> None:
    assert run_tiny("progress", "set", "2").exit_code == 0
    assert run_tiny("notes", "add", "saved").exit_code == 0
    assert run_tiny("notes", "add", "from env", env={"HISHERS_WATCHED": "1"}).exit_code == 0
    document = listed()
    assert [(n["after"], n["origin"]) for n in document["notes"]] == [(2, "saved"), (1, "environment")]


@pytest.mark.parametrize("command", [["add", "x"], ["remove", "1"], ["clear", "--yes"], []])
def test_every_notes_command_has_a_json_document_in_the_contract(command: list[str]) -> None:
    assert run_tiny("notes", "add", "x").exit_code == 0
    result = run_tiny("notes", *command, "--json")
    assert result.exit_code == 0, result.output
    name = "notes" + ("_" + command[0] if command else "")
    check(json.loads(result.stdout), name)


@pytest.mark.parametrize("number", ["0", "-1", "x", "3", ""])
def test_a_wrong_note_number_is_refused_and_nothing_changes(number: str) -> None:
    assert run_tiny("notes", "add", "one").exit_code == 0
    assert run_tiny("notes", "add", "two").exit_code == 0
    before = notes_path().read_bytes()
    result = run_tiny("notes", "remove", "--", number)
    assert result.exit_code in (1, 2) and "Traceback" not in result.output
    assert "notes" in result.stderr and result.stdout == ""
    assert notes_path().read_bytes() == before


def test_a_note_from_beyond_the_progress_is_neither_shown_nor_echoed() -> None:
    assert run_tiny("--watched", "3", "notes", "add", "Xavier wrote it").exit_code == 0
    assert run_tiny("--watched", "1", "notes", "add", "early thought").exit_code == 0
    document = listed("--watched", "1")
    assert [n["text"] for n in document["notes"]] == ["early thought"] and document["hidden"] == 1
    text = run_tiny("--watched", "1", "notes").stdout
    assert "Xavier wrote it" not in text and "early thought" in text and "Hidden at this progress: 1 note" in text
    refused = run_tiny("--watched", "1", "notes", "remove", "1")
    assert refused.exit_code == 1 and "Xavier wrote it" not in refused.output and "--watched 3" in refused.stderr
    assert run_tiny("--watched", "3", "notes", "remove", "1").exit_code == 0


# -- clear ---------------------------------------------------------------------


def test_clear_needs_yes_when_there_is_no_terminal_and_keeps_everything_without_it() -> None:
    assert run_tiny("notes", "add", "keep me").exit_code == 0
    assert run_tiny("--watched", "1", "suspect", "yara").exit_code == 0
    before = notes_path().read_bytes()
    refused = run_tiny("notes", "clear", input="y\n")
    assert refused.exit_code == 1 and "--yes" in refused.stderr
    assert notes_path().read_bytes() == before
    cleared = run_tiny("notes", "clear", "--yes")
    assert cleared.exit_code == 0 and cleared.stderr == "Removed 1 note and 1 guess for Tiny Show.\n"
    assert listed()["notes"] == []
    assert run_tiny("--watched", "1", "suspect", "--json").stdout.count('"suspect": null') == 2


@pytest.mark.full
@pytest.mark.parametrize(
    ("typed", "code", "kept"), [("y\n", 0, False), ("n\n", 3, True), ("\n", 3, True), ("", 130, True)]
)
def test_clear_asks_on_a_terminal(monkeypatch: pytest.MonkeyPatch, typed: str, code: int, kept: bool) -> None:
    from hishers_cli.render.terminal import Terminal

    monkeypatch.setattr(Terminal, "interactive", property(lambda self: True))
    assert run_tiny("notes", "add", "keep me").exit_code == 0
    result = run_tiny("notes", "clear", input=typed)
    assert result.exit_code == code
    assert "[y/N]" in result.stderr
    assert bool(listed()["notes"]) is kept


def test_progress_reset_never_touches_notes() -> None:
    assert run_tiny("progress", "set", "2").exit_code == 0
    assert run_tiny("notes", "add", "mine").exit_code == 0
    before = notes_path().read_bytes()
    assert run_tiny("progress", "reset").exit_code == 0
    assert run_tiny("progress", "reset", "--all").exit_code == 0
    assert notes_path().read_bytes() == before


def test_notes_never_go_into_exported_pages(tmp_path: Path) -> None:
    marker = "privatemarker4711"
    for level in range(4):
        assert run_tiny("--watched", str(level), "notes", "add", marker).exit_code == 0
        assert run_tiny("--watched", str(level), "suspect", "xavier").exit_code == 0
    page = run_tiny("--watched", "3", "export", "html")
    assert page.exit_code == 0 and "Xavier" in page.stdout and marker not in page.stdout
    site = tmp_path / "site"
    assert run_tiny("export", "site", str(site)).exit_code == 0
    written = [p.read_text(encoding="utf-8") for p in site.rglob("*") if p.is_file()]
    assert written and not any(marker in text for text in written)


# -- nothing in a note is interpreted -----------------------------------------

HOSTILE = [
    "\x1b[31mred\x1b[0m",
    "\x1b]0;new title\x07",
    "\x1b]8;;https://example.invalid\x1b\\link\x1b]8;;\x1b\\",
    "\x9b31m C1 CSI",
    "bell\x07 backspace\x08 del\x7f",
    "abc\u202egnp.exe",
    "zero\u200bwidth \u2066isolate\u2069",
    "two\nlines\tand\rreturn",
    "[red]not red[/red] [bold]not bold[/] [link=https://x.invalid]x[/link]",
    "<script>alert(1)</script> &amp; <b>",
    '{"json": [1, 2]} ${HOME} $(rm -rf /) `id` %s %n',
    "emoji 🕵️‍♀️ and accents: Zoë, Ñ",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_hostile_note_is_kept_exactly_and_shown_inert(text: str) -> None:
    assert run_tiny("notes", "add", text).exit_code == 0
    assert listed()["notes"][0]["text"] == text  # kept exactly; JSON escapes it
    _assert_inert(run_tiny("notes").stdout, text)
    _assert_inert(run_tiny("suspect").stdout, text)
    # On a styled terminal, through Rich: markup stays text, controls stay
    # escaped; the only escape codes are Rich's own styles.
    from hishers_cli import gate
    from hishers_cli.dataset import load as dataset
    from hishers_cli.views import notes as view_notes

    known = gate.Known(dataset.load(TINY), 0)
    blocks = view_notes.listing(known, notes.read(notes_path()), str(notes_path())).blocks
    out = io.StringIO()
    console = Console(
        file=out, width=100, force_terminal=True, color_system="truecolor", highlight=False, theme=rich_output.THEME
    )
    rich_output.print_blocks(blocks, console)
    _assert_inert(re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue()), text)
    if "[red]" in text:
        assert "[red]not red[/red]" in out.getvalue()


def _assert_inert(output: str, text: str) -> None:
    """No control character but line ends in the output, and the note is
    there in its visible form."""
    controls = [ch for ch in output if ch != "\n" and unicodedata.category(ch) in ("Cc", "Cs")]
    assert not controls, (text, controls)
    assert not any(ch in output for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b")
    assert " ".join(escaped(text).split()) in " ".join(output.split()), text


@settings(max_examples=examples(500), deadline=None)
@given(st.text(min_size=1, max_size=60))
def test_escaped_shows_every_control_as_an_escape_and_leaves_other_text_alone(text: str) -> None:
    shown = escaped(text)
    assert not any(unicodedata.category(ch) in ("Cc", "Cs") for ch in shown)
    assert not any(ch in shown for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    if text.isprintable():
        assert shown == text


# -- size limits -----------------------------------------------------------------


def test_a_note_past_the_documented_length_is_refused_with_a_clear_error() -> None:
    assert run_tiny("notes", "add", "x" * MAX_NOTE_CHARS).exit_code == 0
    before = notes_path().read_bytes()
    for size in (MAX_NOTE_CHARS + 1, 1_000_000):
        result = run_tiny("notes", "add", "y" * size)
        assert result.exit_code == 1 and result.stdout == ""
        assert f"at most {MAX_NOTE_CHARS:,} characters" in result.stderr and len(result.stderr) < 300
        assert notes_path().read_bytes() == before


def test_an_empty_note_is_refused() -> None:
    result = run_tiny("notes", "add", "  ")
    assert result.exit_code == 1 and "needs some text" in result.stderr
    assert not notes_path().exists()


def test_the_notes_file_never_grows_past_its_limit() -> None:
    full = {"kind": notes.KIND, "version": notes.VERSION, "guesses": [], "notes": []}
    big = "z" * (MAX_NOTE_CHARS - 10)
    while len(json.dumps(full, indent=1)) < MAX_FILE_BYTES - 2 * MAX_NOTE_CHARS:
        full["notes"].append({"text": big, "after": 0, "origin": "default"})  # type: ignore[attr-defined]
    path = notes_path()
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(full))
    os.chmod(path, 0o600)
    added = 0
    while True:
        result = run_tiny("notes", "add", big)
        if result.exit_code:
            break
        added += 1
    assert added <= 2
    assert "limit of 1,048,576 bytes" in result.stderr and "nothing was saved" in result.stderr
    assert path.stat().st_size <= MAX_FILE_BYTES


# -- a file that is not hishers' own notes ----------------------------------------


def _plant(kind: str, path: Path, elsewhere: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "not json":
        path.write_text("my shopping list\n")
    elif kind == "not utf-8":
        path.write_bytes(b"\xff\xfe{\x00")
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "other json":
        path.write_text('{"shows": {"his-hers": {"watched": 3}}}\n')
    elif kind == "wrong shape":
        path.write_text(json.dumps({"kind": notes.KIND, "version": 1, "notes": [{"text": 3}], "guesses": []}))
    elif kind == "too large":
        path.write_bytes(b" " * (MAX_FILE_BYTES + 1))
    elif kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "link to another file":
        elsewhere.write_text("export PATH=$PATH:~/bin\n")
        path.symlink_to(elsewhere)
    elif kind == "dangling link":
        path.symlink_to(elsewhere)
    elif kind == "link to a device":
        path.symlink_to("/dev/null")
    else:
        raise AssertionError(kind)


def _snapshot(path: Path, elsewhere: Path) -> tuple[object, ...]:
    def one(p: Path) -> object:
        if p.is_symlink():
            return ("link", os.readlink(p))
        if p.is_file():
            return ("file", p.read_bytes(), stat.S_IMODE(p.stat().st_mode))
        return ("other", p.exists() and stat.S_IFMT(p.stat().st_mode))

    return (one(path), one(elsewhere))


def _invoke(args: list[str], subprocess_: bool) -> tuple[int, str, str]:
    """In-process, or as a real process with a timeout (a FIFO must not hang it)."""
    if not subprocess_:
        result = run_tiny(*args)
        return result.exit_code, result.stdout, result.stderr
    done = subprocess.run(
        [sys.executable, "-m", "hishers_cli", "--data", str(TINY), *args],
        capture_output=True,
        text=True,
        timeout=30,
        env=os.environ,
    )
    return done.returncode, done.stdout, done.stderr


KINDS = [
    "not json",
    "not utf-8",
    "empty",
    "other json",
    "wrong shape",
    "too large",
    "folder",
    "fifo",
    "link to another file",
    "dangling link",
    "link to a device",
]
CHANGES = [
    ["notes"],
    ["notes", "add", "x"],
    ["notes", "remove", "1"],
    ["notes", "clear", "--yes"],
    ["suspect", "xavier"],
    ["suspect"],
]


@pytest.mark.full
@pytest.mark.parametrize("kind", KINDS)
def test_a_file_that_is_not_hishers_notes_is_refused_named_and_kept(kind: str, tmp_path: Path) -> None:
    path, elsewhere = notes_path(), tmp_path / "elsewhere.txt"
    _plant(kind, path, elsewhere)
    before = _snapshot(path, elsewhere)
    for args in CHANGES:
        code, stdout, stderr = _invoke(["--watched", "1", *args], subprocess_=kind == "fifo")
        assert code == 1, (kind, args, stderr)
        assert "Traceback" not in stderr and stdout == "", (kind, args)
        assert str(path) in stderr and "mv " in stderr and len(stderr.splitlines()) == 1, (kind, args, stderr)
        assert _snapshot(path, elsewhere) == before, (kind, args)
    # The ending is still shown, with a warning instead of the board.
    ending = run_tiny("--watched", "3", "ending")
    assert ending.exit_code == 0 and "Xavier wrote it." in ending.stdout and str(path) in ending.stderr


def test_a_link_to_hishers_own_notes_is_written_through_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "notes.json"
    real.parent.mkdir()
    real.write_bytes(notes.encode(notes.Notebook()))
    path = notes_path()
    path.parent.mkdir(parents=True)
    path.symlink_to(real)
    assert run_tiny("notes", "add", "through the link").exit_code == 0
    assert path.is_symlink() and "through the link" in real.read_text()
    assert stat.S_IMODE(real.stat().st_mode) == 0o600


@pytest.mark.parametrize("kind", ["a foreign file", "a missing file"])
def test_a_refused_link_leaves_nothing_beside_its_target(tmp_path: Path, kind: str) -> None:
    """The lock sits beside the notes' own name: a link to a file that is
    not hishers' notes (or to nothing) gets no lock file, or anything else,
    in the folder it points into."""
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    target = foreign / "important.txt"
    if kind == "a foreign file":
        target.write_text("mine")
    path = notes_path()
    path.parent.mkdir(parents=True)
    path.symlink_to(target)
    before = sorted(os.listdir(foreign))
    result = run_tiny("--watched", "2", "notes", "add", "hello")
    assert result.exit_code == 1
    assert sorted(os.listdir(foreign)) == before
    assert path.is_symlink()


# -- parallel writers -----------------------------------------------------------------

PARALLEL = 50 if FULL else 12


@pytest.mark.full
@pytest.mark.long
def test_parallel_adds_keep_every_note() -> None:
    """Real processes adding at once: the lock keeps every note."""
    base = [sys.executable, "-m", "hishers_cli", "--data", str(TINY), "--watched", "1", "notes", "add"]
    processes = [
        subprocess.Popen([*base, f"note {i}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=os.environ)
        for i in range(PARALLEL)
    ]
    for p in processes:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    texts = sorted(n["text"] for n in listed("--watched", "1")["notes"])
    assert texts == sorted(f"note {i}" for i in range(PARALLEL))
    leftovers = [p.name for p in notes_path().parent.iterdir() if p.name.endswith(".tmp")]
    assert not leftovers


# -- stamped beyond the last episode --------------------------------------------

LAST = 3  # Tiny Show's episodes


def _stamped(after: int) -> dict:
    """A notebook of one note and one guess, both stamped after `after`."""
    stored = {
        "kind": notes.KIND,
        "version": notes.VERSION,
        "notes": [{"text": "late", "after": after, "origin": "saved"}],
        "guesses": [{"after": after, "character": "yara", "origin": "saved"}],
    }
    notes_path().parent.mkdir(parents=True, exist_ok=True)
    notes_path().write_text(json.dumps(stored), encoding="utf-8")
    return stored


@pytest.mark.parametrize("after", [1, LAST, LAST + 1, 99])
def test_a_note_beyond_the_last_episode_is_read_as_written_after_the_last(after: int) -> None:
    _stamped(after)
    seen = min(after, LAST)
    for watched in range(LAST + 1):
        shown = listed("--watched", str(watched))
        assert [n["after"] for n in shown["notes"]] == ([seen] if watched >= seen else [])
        assert shown["hidden"] == (0 if watched >= seen else 1)
        board = json.loads(run_tiny("--watched", str(watched), "suspect", "--json").stdout)
        guessed = [row["after"] for row in board["board"]["rows"] if row["suspect"] is not None]
        assert guessed == ([seen] if watched >= seen else [])
    # what is not touched is written back as it was stored
    assert run_tiny("--watched", "1", "notes", "add", "another").exit_code == 0
    kept = json.loads(notes_path().read_text(encoding="utf-8"))
    assert kept["notes"][0]["after"] == after and kept["guesses"][0]["after"] == after


@pytest.mark.parametrize("after", [1, 2, LAST, LAST + 1, 99])
def test_the_advice_to_remove_a_later_note_names_a_command_that_removes_it(after: int) -> None:
    for watched in range(min(after, LAST)):
        _stamped(after)
        refused = run_tiny("--watched", str(watched), "notes", "remove", "1")
        assert refused.exit_code == 1 and "late" not in refused.stderr, refused.stderr
        advised = re.search(r"add --watched (\d+) to remove it", refused.stderr)
        assert advised, refused.stderr
        removed = run_tiny("--watched", advised.group(1), "notes", "remove", "1")
        assert removed.exit_code == 0 and "late" in removed.stderr, removed.stderr
        assert json.loads(notes_path().read_text(encoding="utf-8"))["notes"] == []
    _stamped(after)
    removed = run_tiny("--watched", str(LAST), "notes", "remove", "1")
    assert removed.exit_code == 0 and "late" in removed.stderr


@pytest.mark.parametrize("where", ["top", "note", "guess"])
@pytest.mark.parametrize("args", [["notes", "add", "more"], ["suspect", "xavier"], ["notes", "remove", "1"]])
def test_a_number_too_long_to_write_back_is_never_rewritten(where: str, args: list[str]) -> None:
    """A key hishers does not know that holds a number of more digits than
    Python reads is kept as it was: a change that would write the file back
    is refused with one line, and the file is left byte for byte."""
    huge = "7" * 5000
    note = '{"text": "a note", "after": 1, "origin": "option"' + (', "mine": ' + huge if where == "note" else "") + "}"
    guess = '{"after": 1, "character": "xavier", "origin": "option"' + (', "mine": ' + huge if where == "guess" else "")
    guess += "}"
    top = ', "mine": ' + huge if where == "top" else ""
    first = '{"text": "an earlier note", "after": 0, "origin": "option"}'
    content = f'{{"kind": "hishers notes", "version": 1, "notes": [{first}, {note}], "guesses": [{guess}]{top}}}'
    content = content.encode()
    path = notes_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    assert run_tiny("--watched", "2", "notes").exit_code == 0
    result = run_tiny("--watched", "2", *args)
    assert result.exit_code == 1, result.output
    assert "cannot write back as it was; nothing was saved" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert path.read_bytes() == content
