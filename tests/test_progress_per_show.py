"""Saved progress is kept per show, read only from a regular file of a
sensible size, and written through a link to the file it points at."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from conftest import MINIMAL, char_device, run, run_json
from hishers_cli.errors import ConfigError
from hishers_cli.store import progress

OTHER = MINIMAL.replace("title: Tiny", "title: Other Show")


@pytest.fixture
def other_show(tmp_path: Path) -> Path:
    path = tmp_path / "other.yaml"
    path.write_text(OTHER, encoding="utf-8")
    return path


def test_progress_is_saved_per_show(isolated: Path, other_show: Path) -> None:
    assert run("progress", "set", "1").exit_code == 0
    assert run("--data", str(other_show), "progress", "set", "2").exit_code == 0
    # His & Hers keeps its own progress: nothing from episode 2 of it shows
    assert run_json("cast")["watched"] == 1
    assert run_json("--data", str(other_show), "cast")["watched"] == 2
    shown = run("--data", str(other_show), "progress").stdout
    assert "Other Show" in shown and "2 of 2" in shown


def test_progress_follows_the_show_not_the_file(isolated: Path, other_show: Path, tmp_path: Path) -> None:
    assert run("--data", str(other_show), "progress", "set", "2").exit_code == 0
    moved = tmp_path / "elsewhere" / "renamed.yaml"
    moved.parent.mkdir()
    other_show.rename(moved)
    assert run_json("--data", str(moved), "progress")["watched"] == 2


def test_reset_forgets_one_show_unless_all(isolated: Path, other_show: Path) -> None:
    run("progress", "set", "4")
    run("--data", str(other_show), "progress", "set", "1")
    reset = run("--data", str(other_show), "progress", "reset")
    assert reset.exit_code == 0 and "Other Show" in reset.stderr
    assert run_json("--data", str(other_show), "progress")["watched"] == 0
    assert run_json("progress")["watched"] == 4
    assert run("progress", "reset", "--all").exit_code == 0
    assert run_json("progress")["watched"] == 0


def test_a_shorter_show_does_not_break_on_the_other_show_s_progress(isolated: Path, other_show: Path) -> None:
    run("progress", "set", "6")
    assert run("--data", str(other_show), "cast").exit_code == 0


def test_progress_saved_before_it_was_per_show_is_kept_for_the_bundled_show(isolated: Path) -> None:
    path = isolated / "hishers" / "progress.json"
    path.parent.mkdir(parents=True)
    path.write_text('{"watched": 3}')
    assert run_json("cast")["watched"] == 3
    assert run("progress", "next").exit_code == 0
    assert json.loads(path.read_text())["shows"]["his-hers"]["watched"] == 4


def test_settings_that_are_not_a_regular_file_are_refused(tmp_path: Path) -> None:
    zero = tmp_path / "zero.json"
    zero.symlink_to("/dev/zero")
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    for path in (zero, fifo):
        with pytest.raises(ConfigError, match="not a regular file"):
            progress.load_saved(path, 6)


def test_huge_or_deeply_nested_settings_are_refused(tmp_path: Path) -> None:
    sparse = tmp_path / "sparse.json"
    with open(sparse, "wb") as f:
        f.truncate(2 << 30)  # 2 GB on paper
    with pytest.raises(ConfigError, match="larger than"):
        progress.load_saved(sparse, 6)
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000)
    with pytest.raises(ConfigError, match="left as it is"):
        progress.load_saved(deep, 6)


def test_saving_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "progress.json"
    real.parent.mkdir()
    real.write_text('{"version": 2, "shows": {}}')
    link = tmp_path / "config" / "progress.json"
    link.parent.mkdir()
    link.symlink_to(real)
    progress.save(link, 3)
    assert link.is_symlink() and progress.load_saved(real, 6) == 3
    # One lock per real file: beside the file the link leads to.
    assert sorted(p.name for p in real.parent.iterdir()) == [".progress.json.lock", "progress.json"]
    assert sorted(p.name for p in link.parent.iterdir()) == ["progress.json"]


def _settings(isolated: Path) -> Path:
    path = isolated / "hishers" / "progress.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


WRITING = (["progress", "set", "3"], ["progress", "next"], ["progress", "reset"], ["progress", "reset", "--all"])


def _snapshot(path: Path) -> tuple[object, ...]:
    """What a file is: its kind, device number and mode, and its bytes when
    it is a regular file (a folder: its entries)."""
    info = os.stat(path)
    if stat.S_ISREG(info.st_mode):
        content: object = path.read_bytes()
    elif stat.S_ISDIR(info.st_mode):
        content = sorted(os.listdir(path))
    else:
        content = None
    return (stat.S_IFMT(info.st_mode), info.st_rdev, info.st_mode, info.st_ino, content)


def _not_hishers_own(tmp_path: Path) -> dict[str, Path]:
    """Files a settings link may point at that hishers must never write,
    replace or delete: a device, a FIFO, a folder, a user's text file and
    another program's JSON."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    fifo = elsewhere / "fifo"
    os.mkfifo(fifo)
    folder = elsewhere / "folder"
    folder.mkdir()
    (folder / "keep.txt").write_text("keep")
    notes = elsewhere / "notes.txt"
    notes.write_text("my notes\n")
    package = elsewhere / "package.json"
    package.write_text('{"name": "left-pad"}\n')
    return {"device": char_device(elsewhere), "fifo": fifo, "folder": folder, "notes": notes, "json": package}


def test_a_settings_link_to_anything_but_hishers_settings_is_refused(isolated: Path, tmp_path: Path) -> None:
    """set, next, reset and reset --all through the link: exit 1, one line
    naming it, the link and what it points at exactly as they were, and no
    advice to run a command that would destroy it."""
    path = _settings(isolated)
    for what, target in _not_hishers_own(tmp_path).items():
        path.unlink(missing_ok=True)
        path.symlink_to(target)
        before = _snapshot(target)
        for args in WRITING:
            result = run(*args)
            message = result.stderr.strip()
            assert result.exit_code == 1, (what, args, result.output)
            assert len(message.splitlines()) == 1 and str(path) in message, message
            assert "reset" not in message, message
            assert _snapshot(target) == before, (what, args)
            assert path.is_symlink() and os.readlink(path) == str(target)
        assert sorted(os.listdir(path.parent)) == ["progress.json"]


def test_settings_that_are_a_fifo_device_or_folder_are_refused_unchanged(isolated: Path) -> None:
    path = _settings(isolated)
    for make in (os.mkfifo, os.mkdir):
        make(path)
        before = _snapshot(path)
        for args in WRITING:
            result = run(*args)
            assert result.exit_code == 1 and "not a regular file" in result.stderr, (args, result.output)
            assert "reset" not in result.stderr and _snapshot(path) == before
        os.rmdir(path) if path.is_dir() else path.unlink()


def test_a_link_to_hishers_settings_is_written_through_and_kept(isolated: Path, tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "progress.json"
    real.parent.mkdir()
    path = _settings(isolated)
    path.symlink_to(real)  # dangling: the dotfiles' settings are not made yet
    refused = run("progress", "set", "2")  # a file is never created through a link
    assert refused.exit_code == 1 and f"rm {path}" in refused.stderr and not real.exists()
    real.write_text('{"version": 2, "shows": {}}')  # made by the user: hishers' settings
    assert run("progress", "set", "2").exit_code == 0
    assert run("progress", "next").exit_code == 0
    assert path.is_symlink() and json.loads(real.read_text())["shows"]["his-hers"]["watched"] == 3
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert run("progress", "reset", "--all").exit_code == 0
    # every show forgotten, and the dotfiles' file and the link both kept
    assert path.is_symlink() and json.loads(real.read_text())["shows"] == {}
    assert run_json("progress")["watched"] == 0
    assert sorted(os.listdir(real.parent)) == [".progress.json.lock", "progress.json"]


def _show(tmp_path: Path, n: int) -> Path:
    path = tmp_path / f"show-{n}.yaml"
    path.write_text(MINIMAL.replace("title: Tiny", f"title: Show {n}"), encoding="utf-8")
    return path


# Each writer imports everything first, says so, and starts when told, so
# the writers' read-modify-writes overlap as often as they can.
STARTER = """
import sys
from hishers_cli.cli import main
print("ready", flush=True)
sys.stdin.readline()
main()
"""


@pytest.mark.full
@pytest.mark.long
def test_parallel_writers_for_different_shows_keep_every_show(isolated: Path, tmp_path: Path) -> None:
    """50 rounds (a few in the quick profile) of several real `progress set`
    processes, one per show, started at once: every show is kept."""
    import subprocess
    import sys

    from conftest import FULL

    writers = 4
    shows = [_show(tmp_path, n) for n in range(writers)]
    env = {**os.environ, "XDG_CONFIG_HOME": str(isolated), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("HISHERS_WATCHED", None)
    for show in shows:  # parse each show once (into the same cache dir), so every round reads it from the cache
        assert run("--data", str(show), "cast").exit_code == 0
    path = isolated / "hishers" / "progress.json"
    for round in range(50 if FULL else 5):
        path.unlink(missing_ok=True)
        started = [
            subprocess.Popen(
                [sys.executable, "-c", STARTER, "--data", str(show), "progress", "set", str(1 + n % 2)],
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for n, show in enumerate(shows)
        ]
        for process in started:
            assert process.stdout is not None and process.stdout.readline() == "ready\n"
        for process in started:
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        for process in started:
            _, err = process.communicate(timeout=60)
            assert process.returncode == 0, err
        saved = json.loads(path.read_text())["shows"]
        assert sorted(saved) == [f"show-{n}" for n in range(writers)], f"round {round}: {saved}"
        assert [saved[f"show-{n}"]["watched"] for n in range(writers)] == [1 + n % 2 for n in range(writers)]


ENV_NOTE = "Note: HISHERS_WATCHED={0} still applies to reading: commands show up to episode {0} until it is unset."
OPTION_NOTE = "Note: --watched {0} still applies to reading wherever it is given, whatever is saved."
BAD_NOTE = (
    "Note: HISHERS_WATCHED is set but is not an episode number, so commands refuse it until it is fixed or unset."
)
NEXT_CASES = [
    # (saved before, override environment, global --watched, saved after, the note)
    (None, {}, None, 1, None),
    (2, {}, None, 3, None),
    (2, {"HISHERS_WATCHED": "4"}, None, 3, ENV_NOTE.format(4)),
    (2, {}, "5", 3, OPTION_NOTE.format(5)),
    (2, {"HISHERS_WATCHED": "0"}, "6", 3, OPTION_NOTE.format(6)),
    (0, {"HISHERS_WATCHED": "not a number"}, None, 1, BAD_NOTE),
    (5, {"HISHERS_WATCHED": "1"}, None, 6, ENV_NOTE.format(1)),
    (6, {"HISHERS_WATCHED": "2"}, None, 6, ENV_NOTE.format(2)),
]


@pytest.mark.parametrize(("saved", "env", "option", "after", "note"), NEXT_CASES)
def test_next_moves_the_saved_progress_whatever_overrides_reading(
    isolated: Path, saved: int | None, env: dict[str, str], option: str | None, after: int, note: str | None
) -> None:
    """It starts from the saved value (0 when none), never from --watched or
    HISHERS_WATCHED, says where it moved from, and adds one line when an
    override still decides what commands show."""
    if saved is not None:
        assert run("progress", "set", str(saved)).exit_code == 0
    args = ["--watched", option] if option else []
    result = run(*args, "progress", "next", env=env)
    assert result.exit_code == 0, result.output
    assert run_json("progress")["watched"] == after
    if after == saved:
        said = "You have watched all 6 episodes; nothing changed."
    else:
        said = f"Saved: watched up to episode {after} of 6 of His & Hers (was {saved or 0})."
    assert result.stderr.splitlines() == [said, *([note] if note else [])]


def test_set_says_when_an_override_still_applies_to_reading(isolated: Path) -> None:
    plain = run("progress", "set", "2")
    assert plain.stderr == "Saved: watched up to episode 2 of 6 of His & Hers.\n"
    overridden = run("progress", "set", "3", env={"HISHERS_WATCHED": "1"})
    assert overridden.exit_code == 0
    assert overridden.stderr.splitlines() == [
        "Saved: watched up to episode 3 of 6 of His & Hers.",
        "Note: HISHERS_WATCHED=1 still applies to reading: commands show up to episode 1 until it is unset.",
    ]
    assert run_json("progress")["watched"] == 3


@pytest.mark.parametrize("command", [["progress", "next"], ["progress", "set", "3"]])
def test_a_bad_watched_option_on_a_saving_command_is_a_usage_error_and_saves_nothing(
    isolated: Path, command: list[str]
) -> None:
    assert run("progress", "set", "2").exit_code == 0
    for bad in ("abc", "9", "\uff13"):
        result = run("--watched", bad, *command)
        assert result.exit_code == 2 and "'--watched'" in result.stderr, result.output
        assert run_json("progress")["watched"] == 2


def test_settings_are_never_written_past_what_is_read_back(tmp_path: Path) -> None:
    """A show whose title would make the settings larger than the reader
    takes is refused before anything is written; what was saved stays."""
    path = tmp_path / "progress.json"
    progress.save(path, 2)
    before = path.read_bytes()
    with pytest.raises(ConfigError, match="nothing was saved"):
        progress.save(path, 1, show="long-show", title="L" * progress.MAX_SETTINGS_BYTES)
    assert path.read_bytes() == before and progress.load_saved(path, 6) == 2
