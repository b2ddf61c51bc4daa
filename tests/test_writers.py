"""Every writer of the user's files, as a class: one lock per real file
however many names lead to it, a held lock waited for briefly and then
refused, only abandoned temp files swept, unknown keys kept at every level,
a change that is made reported as made, files of another user refused, and
paths in JSON written as valid UTF-8."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import FULL, MINIMAL, SCRIPT, TINY, finished_pid, run, run_tiny, sampled
from hishers_cli.store import files, notes, progress


def notes_path() -> Path:
    return Path(os.environ["XDG_DATA_HOME"]) / "hishers" / "notes" / "tiny-show.json"


def settings_path() -> Path:
    return Path(os.environ["XDG_CONFIG_HOME"]) / "hishers" / "progress.json"


# -- one lock per real file -------------------------------------------------------------

ROUNDS = 60 if FULL else 20


def _add_notes(path: str, worker: int, rounds: int) -> None:
    for i in range(rounds):
        notes.add_note(Path(path), notes.Note(f"w{worker} n{i}", 1, "option"))


def _save_progress(path: str, worker: int, rounds: int) -> None:
    for i in range(rounds):
        progress.save(Path(path), i % 7, show=f"show-{worker}")


@pytest.mark.long
@pytest.mark.parametrize("writer", [_add_notes, _save_progress], ids=["notes", "progress"])
def test_two_names_for_one_file_share_one_lock(tmp_path: Path, writer: object) -> None:
    """Writers through two links to one real file (two data folders linking
    to one dotfiles copy) never lose each other's changes nor fail."""
    real = tmp_path / "dotfiles" / "shared.json"
    real.parent.mkdir()
    real.write_bytes(notes.encode(notes.Notebook()) if writer is _add_notes else b'{"version": 2, "shows": {}}')
    names = []
    for side in ("a", "b"):
        link = tmp_path / side / "shared.json"
        link.parent.mkdir()
        link.symlink_to(real)
        names.append(link)
    workers = [
        multiprocessing.Process(target=writer, args=(str(names[i % 2]), i, ROUNDS))  # type: ignore[arg-type]
        for i in range(4)
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
        assert w.exitcode == 0
    if writer is _add_notes:
        kept = {n.text for n in notes.read(real).notes}
        assert kept == {f"w{w} n{i}" for w in range(4) for i in range(ROUNDS)}
    else:
        shows = progress.read_settings(real)["shows"]  # type: ignore[index]
        assert {show: entry["watched"] for show, entry in shows.items()} == {
            f"show-{w}": (ROUNDS - 1) % 7 for w in range(4)
        }
    assert sorted(os.listdir(real.parent)) == [".shared.json.lock", "shared.json"]
    for link in names:
        assert link.is_symlink() and os.listdir(link.parent) == ["shared.json"]


@pytest.mark.long
def test_parallel_notes_add_through_two_data_folders_keeps_every_note(tmp_path: Path) -> None:
    """The command itself, as two shells with two data folders linking to
    one dotfiles notes file run it: every run succeeds and every note stays."""
    real = tmp_path / "dotfiles" / "notes.json"
    real.parent.mkdir()
    real.write_bytes(notes.encode(notes.Notebook()))
    homes = []
    for side in ("a", "b"):
        home = tmp_path / side
        (home / "hishers" / "notes").mkdir(parents=True)
        (home / "hishers" / "notes" / "tiny-show.json").symlink_to(real)
        homes.append(home)
    each = 20 if FULL else 2
    base = [sys.executable, "-m", "hishers_cli", "--data", str(TINY), "--watched", "1", "notes", "add"]
    runs = [
        subprocess.Popen(
            [*base, f"note {side} {i}"],
            env={**os.environ, "XDG_DATA_HOME": str(home)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for i in range(each)
        for side, home in enumerate(homes)
    ]
    for p in runs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    kept = sorted(n.text for n in notes.read(real).notes)
    assert kept == sorted(f"note {side} {i}" for i in range(each) for side in range(2))
    assert not [name for name in os.listdir(real.parent) if name.endswith(files.TEMP_SUFFIX)]


def test_only_abandoned_temp_files_are_swept(tmp_path: Path) -> None:
    """A temp file is removed only when its writer is gone or it is older
    than the bound; a live writer's young one is never touched."""
    target = tmp_path / "notes.json"
    prefix = files.temp_prefix(target)
    live = subprocess.Popen(["sleep", "30"])
    try:
        made = {
            "live writer": tmp_path / f"{prefix}{live.pid}.abcd_123{files.TEMP_SUFFIX}",
            "this writer": tmp_path / f"{prefix}{os.getpid()}.abcd_124{files.TEMP_SUFFIX}",
            "ended writer": tmp_path / f"{prefix}{finished_pid()}.abcd_125{files.TEMP_SUFFIX}",
            "old, live writer": tmp_path / f"{prefix}{live.pid}.abcd_126{files.TEMP_SUFFIX}",
            "unnamed writer": tmp_path / f"{prefix}abcd_127{files.TEMP_SUFFIX}",
        }
        for path in made.values():
            path.write_bytes(b"half a file")
        old = time.time() - 2 * 24 * 60 * 60
        os.utime(made["old, live writer"], (old, old))
        files.write_atomic(target, b"new")
        left = {what for what, path in made.items() if path.exists()}
        assert left == {"live writer", "this writer", "unnamed writer"}
        assert target.read_bytes() == b"new"
    finally:
        live.kill()
        live.wait()


# -- a held lock --------------------------------------------------------------------------


@pytest.fixture
def short_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "NOTICE_AFTER", 0.05, raising=False)
    monkeypatch.setattr(files, "LOCK_PATIENCE", 0.3, raising=False)


def _held(path: Path) -> int:
    """Take the lock of `path`'s real file as another process would."""
    import fcntl

    real = Path(os.path.realpath(path))
    lock = real.with_name(f".{real.name}.lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


WRITERS = [
    ["--watched", "1", "notes", "add", "one more"],
    ["--watched", "1", "notes", "remove", "1"],
    ["--watched", "1", "notes", "clear", "--yes"],
    ["--watched", "1", "suspect", "xavier"],
    ["progress", "set", "2"],
    ["progress", "next"],
    ["progress", "reset"],
    ["progress", "reset", "--all"],
]


@pytest.mark.parametrize("args", sampled(WRITERS), ids=" ".join)
def test_a_held_lock_is_waited_for_said_and_given_up_on(tmp_path: Path, short_wait: None, args: list[str]) -> None:
    """Every writer, while another holds the lock: a line on stderr that
    another hishers is writing, then exit 1 within a bounded time, with a
    clear error and nothing written."""
    data = tmp_path / "show.yaml"
    data.write_text(MINIMAL)
    assert run("--data", str(data), "--watched", "1", "notes", "add", "first").exit_code == 0
    assert run("--data", str(data), "progress", "set", "1").exit_code == 0
    target = settings_path() if args[0] == "progress" else notes_path().with_name("tiny.json")
    before = target.read_bytes()
    fd = _held(target)
    outcome: list[object] = []
    worker = threading.Thread(target=lambda: outcome.append(run("--data", str(data), *args)))
    started = time.monotonic()
    try:
        worker.start()
        worker.join(timeout=10)
        waited = time.monotonic() - started
        assert outcome, f"{args} still waits for the lock after 10 seconds"
    finally:
        os.close(fd)
        worker.join(timeout=30)
    result = outcome[0]
    assert result.exit_code == 1, result.output  # type: ignore[attr-defined]
    err = result.stderr  # type: ignore[attr-defined]
    assert "Waiting: another hishers is writing" in err
    assert "nothing was written" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 2, err
    assert waited < 5
    assert target.read_bytes() == before


# -- unknown keys ---------------------------------------------------------------------------

FOREIGN_NOTES = {
    "kind": "hishers notes",
    "version": 1,
    "synced_at": "2026-01-01T00:00:00Z",
    "device": {"name": "phone", "ids": [1, 2]},
    "notes": [
        {"text": "kept one", "after": 1, "origin": "option", "tags": ["a", "b"], "pinned": True},
        {"text": "second", "after": 2, "origin": "saved", "colour": None},
    ],
    "guesses": [{"after": 1, "character": "yara", "origin": "saved", "confidence": 0.7}],
}


def _subset(part: object, whole: object) -> bool:
    if isinstance(part, dict):
        return isinstance(whole, dict) and all(k in whole and _subset(v, whole[k]) for k, v in part.items())
    if isinstance(part, list):
        return isinstance(whole, list) and len(part) <= len(whole) and all(map(_subset, part, whole))
    return part == whole


@pytest.mark.parametrize(
    "args",
    [
        ["--watched", "2", "notes", "add", "new"],
        ["--watched", "2", "suspect", "xavier"],
        ["--watched", "2", "notes", "remove", "2"],
        ["--watched", "2", "notes", "clear", "--yes"],
    ],
    ids=" ".join,
)
def test_keys_hishers_does_not_know_are_kept_at_every_level(args: list[str]) -> None:
    path = notes_path()
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(FOREIGN_NOTES))
    result = run_tiny(*args)
    assert result.exit_code == 0, result.output
    stored = json.loads(path.read_text())
    top = {k: v for k, v in FOREIGN_NOTES.items() if k not in ("notes", "guesses")}
    assert _subset(top, stored)
    kept = [n for n in FOREIGN_NOTES["notes"] if n["text"] in {s["text"] for s in stored["notes"]}]  # type: ignore[index]
    for note in kept:  # every note still there keeps every key it had
        assert any(_subset(note, s) for s in stored["notes"]), note
    if "add" in args:
        assert _subset(FOREIGN_NOTES["notes"], stored["notes"])
        assert _subset(FOREIGN_NOTES["guesses"], stored["guesses"])
    # and reading it back shows what hishers knows, unchanged
    assert run_tiny("--watched", "2", "notes", "--json").exit_code == 0


# -- a change made, then output that cannot be written ------------------------------------

FULL_OUTPUT = [
    ["notes", "add", "--json", "a note"],
    ["suspect", "--json", "xavier"],
    ["notes", "remove", "--json", "1"],
    ["notes", "clear", "--yes", "--json"],
    ["progress", "set", "2"],
]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_change_that_was_made_is_reported_as_made_when_stdout_fails() -> None:
    """stdout on a full device: the change is made, the run exits 0 and
    says on stderr what it did, so it is not repeated."""
    env = {**os.environ, "HISHERS_DATA": str(TINY), "HISHERS_WATCHED": "1"}
    for args in FULL_OUTPUT if FULL else FULL_OUTPUT[:3]:
        with open("/dev/full", "w") as full:
            result = subprocess.run(
                [SCRIPT, *args], stdout=full, stderr=subprocess.PIPE, text=True, env=env, timeout=60, check=False
            )
        assert result.returncode == 0, (args, result.stderr)
        assert "Traceback" not in result.stderr and "cannot write the output" not in result.stderr
        assert result.stderr.strip(), args
        if "--json" in args:
            assert "could not be written" in result.stderr, result.stderr
        if args[:2] == ["notes", "add"]:  # kept once, not to be added again
            assert [n.text for n in notes.read(notes_path()).notes] == ["a note"]
    assert notes.read(notes_path()).notes == ()


# -- files of another user, and paths that are not UTF-8 -------------------------------------


def test_a_file_of_another_user_is_refused_and_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_tiny("--watched", "1", "notes", "add", "mine").exit_code == 0
    assert run_tiny("progress", "set", "1").exit_code == 0
    for path in (notes_path(), settings_path()):
        os.chmod(path, 0o644)
    before = {p: p.read_bytes() for p in (notes_path(), settings_path())}
    someone_else = os.stat(notes_path()).st_uid + 1
    monkeypatch.setattr(files.os, "geteuid", lambda: someone_else)
    for args in (["--watched", "1", "notes", "add", "more"], ["--watched", "1", "suspect", "xavier"]):
        result = run_tiny(*args)
        assert result.exit_code == 1 and "belongs to another user" in result.stderr, result.output
    result = run_tiny("progress", "set", "2")
    assert result.exit_code == 1 and "belongs to another user" in result.stderr, result.output
    for path, content in before.items():
        assert path.read_bytes() == content and os.stat(path).st_mode & 0o777 == 0o644


def test_a_path_that_is_not_utf8_is_written_as_utf8_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / os.fsdecode(b"d\xff\xfe")
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    for args in (["notes", "add", "--json", "x"], ["notes", "--json"], ["suspect", "--json"], ["progress", "--json"]):
        result = run_tiny("--watched", "1", *args)
        assert result.exit_code == 0, result.output
        document = json.loads(result.stdout)
        shown = document["file"] if "file" in document else document["config_file"]
        shown.encode("utf-8")  # no lone surrogate
        assert "d\\xff\\xfe" in shown


# -- folders, names and homes -------------------------------------------------------------------


def test_a_notes_folder_that_is_a_file_is_named_with_what_to_do() -> None:
    folder = notes_path().parent
    folder.parent.mkdir(parents=True)
    folder.write_text("not a folder")
    for args in (["notes", "add", "x"], ["notes"], ["suspect", "xavier"], ["notes", "clear", "--yes"]):
        result = run_tiny("--watched", "1", *args)
        assert result.exit_code == 1, result.output
        err = result.stderr
        assert f"{folder} is a regular file, not a folder" in err and f"mv {folder} {folder}.bak" in err, err
        assert "File exists" not in err and f"mv {notes_path()}" not in err
    assert folder.read_text() == "not a folder"


@pytest.mark.parametrize("length", [200, 300, 3000])
def test_a_long_title_gives_a_bounded_notes_file_name(tmp_path: Path, length: int) -> None:
    data = tmp_path / "show.yaml"
    title = ("a long title " * length)[:length].strip()
    data.write_text(MINIMAL.replace("title: Tiny", f"title: {title}"))
    other = tmp_path / "other.yaml"
    other.write_text(MINIMAL.replace("title: Tiny", f"title: {title} two"))
    for show in (data, other):
        result = run("--data", str(show), "--watched", "1", "notes", "add", f"note for {show.name}")
        assert result.exit_code == 0, result.output
        assert run("--data", str(show), "--watched", "1", "suspect", "xavier").exit_code == 0
        ending = run("--data", str(show), "--watched", "2", "ending")
        assert "Warning" not in ending.stderr, ending.stderr
    names = os.listdir(Path(os.environ["XDG_DATA_HOME"]) / "hishers" / "notes")
    stored = [n for n in names if n.endswith(".json") and not n.startswith(".")]
    assert len(stored) == 2 and all(len(n.encode()) <= 255 for n in names), names
    listing = json.loads(run("--data", str(data), "--watched", "1", "notes", "--json").stdout)
    assert [n["text"] for n in listing["notes"]] == ["note for show.yaml"]


@pytest.mark.parametrize("home", ["", "relative/home", "."])
@pytest.mark.parametrize(
    "args",
    [
        ["notes", "add", "x"],
        ["progress", "set", "1"],
        ["suspect", "xavier"],
        *(["--install-completion", shell] for shell in ("bash", "zsh", "fish")),
    ],
    ids=" ".join,
)
def test_an_unusable_home_is_a_clear_error_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, home: str, args: list[str]
) -> None:
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, "relative/ignored")
    monkeypatch.setenv("HOME", home)
    monkeypatch.chdir(tmp_path)
    result = run_tiny("--watched", "1", *args)
    assert result.exit_code == 1, result.output
    assert "HOME" in result.stderr and "Traceback" not in result.stderr
    assert os.listdir(tmp_path) == []


def test_a_reader_needs_no_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands that only read still answer with --watched, and write nothing."""
    monkeypatch.setenv("HOME", "")
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    for args in (["cast"], ["ending", "--confirm-spoilers"], ["episodes", "1"]):
        result = run_tiny("--watched", "3", *args)
        assert result.exit_code == 0, result.output
    assert os.listdir(tmp_path) == []


def test_python_m_runs_under_the_same_rules() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "hishers_cli", "--data", str(TINY), "--watched", "1", "notes", "add", "x"],
        env={**os.environ, "HOME": "", "XDG_DATA_HOME": ""},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1 and "HOME" in result.stderr, result.stderr


def test_progress_keeps_keys_it_does_not_know_at_every_level() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    stored = {
        "version": 2,
        "synced_at": "then",
        "shows": {"tiny-show": {"watched": 1, "rating": 5}, "other": {"watched": 2, "extra": [1]}},
    }
    path.write_text(json.dumps(stored))
    for args in (["progress", "set", "2"], ["progress", "next"]):
        assert run_tiny(*args).exit_code == 0
    now = json.loads(path.read_text())
    assert now["synced_at"] == "then" and now["shows"]["other"] == stored["shows"]["other"]
    assert now["shows"]["tiny-show"]["rating"] == 5 and now["shows"]["tiny-show"]["watched"] == 3


def test_a_config_folder_that_is_a_file_is_named_with_what_to_do() -> None:
    folder = settings_path().parent
    folder.parent.mkdir(parents=True)
    folder.write_text("not a folder")
    for args in (["progress", "set", "1"], ["progress", "next"], ["progress"]):
        result = run_tiny(*args)
        assert result.exit_code == 1, (args, result.output)
        assert f"{folder} is a regular file, not a folder" in result.stderr, result.stderr
        assert f"mv {folder} {folder}.bak" in result.stderr
    assert folder.read_text() == "not a folder"
    assert run_tiny("--watched", "1", "cast").exit_code == 0


def test_the_cache_sweeps_a_killed_writers_temp_file_at_once(tmp_path: Path) -> None:
    """A temp file of the dataset cache whose writer has ended goes with the
    next write, without waiting out the day the age bound gives it."""
    from hishers_cli.dataset import cache

    show = TINY.read_bytes()
    key = cache.key(TINY, len(show), 1, show)
    target = cache._file(key, tmp_path)
    tmp_path.mkdir(exist_ok=True)
    ended = tmp_path / f"{files.temp_prefix(target)}{finished_pid()}.abcd_123{files.TEMP_SUFFIX}"
    ended.write_bytes(b"half")
    live = tmp_path / f"{files.temp_prefix(target)}{os.getpid()}.abcd_124{files.TEMP_SUFFIX}"
    live.write_bytes(b"half")
    from hishers_cli.dataset import load as dataset

    cache.write(key, dataset.load(TINY, use_cache=False), tmp_path)
    assert not ended.exists() and live.exists() and target.exists()
