from __future__ import annotations

import json
import multiprocessing
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FULL, MINIMAL, assert_clean_failure, cli, finished_pid
from hishers_cli import numbers
from hishers_cli.errors import ConfigError, NumberError, ProgressError
from hishers_cli.store import files, progress


@pytest.mark.parametrize("text", ["0", "3", "6", " 6 ", "\t3\n", "003", "0" * 40 + "2"])
def test_parse_watched_accepts_episode_numbers(text: str) -> None:
    assert numbers.parse_watched(text, 6) == int(text)


# Each of these is a number to Python's int() (or would be stripped to one by
# str.strip), but not one a viewer types as an episode: only ASCII digits are.
NOT_ASCII_DIGITS = [
    "\uff13",  # full-width 3
    "\u0663",  # Arabic-Indic 3
    "\u09e9",  # Bengali 3
    "\U0001d7d1",  # mathematical bold 3
    "0_3",
    "1_0",
    "\u00a03",  # after a no-break space
    "3\u2003",  # before an em space
    "\u20073",  # after a figure space
    "\u00b3",  # superscript 3
]


@pytest.mark.parametrize("text", ["-1", "7", "abc", "", "3.5", "0x3", "1" * 5000, *NOT_ASCII_DIGITS])
def test_parse_watched_rejects_anything_else(text: str) -> None:
    with pytest.raises(ProgressError, match="from 0 to 6") as refused:
        numbers.parse_watched(text, 6)
    assert len(str(refused.value)) < 200  # a huge value is not echoed whole


@pytest.mark.parametrize("text", ["+3", "-0", "+0"])
def test_a_signed_value_is_refused_in_the_words_of_every_number(text: str) -> None:
    with pytest.raises(ProgressError, match=f"^{re.escape(repr(text))} is not an episode number: use a whole number"):
        numbers.parse_watched(text, 6)


@pytest.mark.parametrize("text", [*NOT_ASCII_DIGITS, "+3"])
def test_non_ascii_progress_is_refused_everywhere_it_is_read(tmp_path: Path, text: str) -> None:
    """The option, the variable and `progress set` all refuse it (exit 2,
    nothing saved), and so does a settings file holding it."""
    from conftest import run

    saved = tmp_path / "config" / "hishers" / "progress.json"
    for args, env in (
        (["--watched", text, "cast"], None),
        (["cast", "--watched", text], None),
        (["cast"], {"HISHERS_WATCHED": text}),
        (["progress", "set", text], None),
        (["progress", text], None),
    ):
        result = run(*args, env=env)
        assert result.exit_code == 2, (args, env, result.output)
        assert "Traceback" not in result.output and not saved.exists()
    saved.parent.mkdir(parents=True)
    saved.write_text(json.dumps({"version": 2, "shows": {"his-hers": {"watched": text}}}), encoding="utf-8")
    result = run("cast")
    assert result.exit_code == 1 and str(saved) in result.stderr


def test_precedence_option_over_env_over_saved_over_default(isolated: Path) -> None:
    env = {"XDG_CONFIG_HOME": str(isolated)}
    assert progress.current(None, 6, env) == progress.Progress(0, "default")
    progress.save(progress.config_file(env), 2)
    assert progress.current(None, 6, env) == progress.Progress(2, "saved")
    env["HISHERS_WATCHED"] = "4"
    assert progress.current(None, 6, env) == progress.Progress(4, "environment")
    assert progress.current("5", 6, env) == progress.Progress(5, "option")


def test_invalid_env_is_a_progress_error_naming_the_variable(isolated: Path) -> None:
    with pytest.raises(ProgressError) as err:
        progress.current(None, 6, {"XDG_CONFIG_HOME": str(isolated), "HISHERS_WATCHED": "x"})
    assert err.value.param == "HISHERS_WATCHED"


def test_save_writes_json_atomically_and_leaves_no_temp_files(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "progress.json"
    progress.save(path, 3)
    progress.save(path, 4)
    assert progress.load_saved(path, 6) == 4
    assert sorted(os.listdir(path.parent)) == [".progress.json.lock", "progress.json"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) & 0o077 == 0  # the folder made for it too


def test_temp_litter_of_a_killed_save_is_removed_by_the_next_save(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    progress.save(path, 1)
    # As a writer killed before its rename leaves it: named for a process that has ended.
    litter = tmp_path / f".progress.json.{finished_pid()}.k1ll3d00{files.TEMP_SUFFIX}"
    litter.write_text('{"version": 2, "shows": {}}')
    progress.save(path, 2)
    assert not litter.exists() and progress.load_saved(path, 6) == 2


BAD_ENTRIES = [b'{"watched": 9}', b'{"watched": -1}', b'{"version": 2, "shows": {"his-hers": {}}}']


@pytest.mark.parametrize("content", BAD_ENTRIES)
def test_a_bad_entry_for_this_show_is_reported_with_the_reset_that_fixes_it(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "progress.json"
    path.write_bytes(content)
    with pytest.raises(ConfigError, match="hishers progress reset") as err:
        progress.load_saved(path, 6)
    assert str(path) in str(err.value)
    assert path.read_bytes() == content
    assert progress.reset(path) is True and progress.load_saved(path, 6) is None


# Settings that cannot be parsed, or are not hishers settings at all.
NOT_SETTINGS = {
    "trailing comma": b'{"version": 2, "shows": {"a": {"watched": 1}, "b": {"watched": 2}, "c": {"watched": 3},}}',
    "garbage": b"garbage",
    "empty": b"",
    "binary": b"\x00\xff\xfe",
    "a list": b"[3]",
    "a string": b'"3"',
    "another program's JSON": b'{"name": "left-pad", "version": "1.0.0"}',
    "shows not a mapping": b'{"version": 2, "shows": [1, 2]}',
    "too deep": b"[" * 100_000,
}


@pytest.mark.parametrize("content", NOT_SETTINGS.values(), ids=NOT_SETTINGS.keys())
def test_unparsable_settings_are_refused_named_and_never_replaced(isolated: Path, content: bytes) -> None:
    """Every command that writes refuses (exit 1, one line naming the file,
    a fix that does not destroy it) and leaves the file byte for byte."""
    from conftest import run

    path = isolated / "hishers" / "progress.json"
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    for args in (["progress", "set", "3"], ["progress", "next"], ["progress", "reset"], ["progress", "reset", "--all"]):
        result = run(*args)
        assert result.exit_code == 1, (args, result.output)
        message = result.stderr.strip()
        assert len(message.splitlines()) == 1 and str(path) in message, message
        assert "left as it is" in message and "reset" not in message
        assert path.read_bytes() == content, args
    assert sorted(os.listdir(path.parent)) == ["progress.json"]  # refused before a lock is made
    assert run("--watched", "2", "cast").exit_code == 0  # an option still works meanwhile


def test_reset_forgets_one_show_and_all_removes_the_file(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    assert progress.reset(path) is False
    progress.save(path, 1)
    progress.save(path, 2, show="other")
    assert progress.reset(path) is True and progress.load_saved(path, 6) is None
    assert progress.load_saved(path, 6, show="other") == 2
    assert progress.reset(path, all_shows=True) is True and not path.exists()


def _writer(path: str, value: int) -> None:
    from conftest import FULL

    for _ in range(200 if FULL else 40):
        progress.save(Path(path), value)


@pytest.mark.full
def test_concurrent_saves_never_tear_the_file(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    workers = [multiprocessing.Process(target=_writer, args=(str(path), n)) for n in (1, 5)]
    for w in workers:
        w.start()
    seen = set()
    while any(w.is_alive() for w in workers):
        if path.exists():
            seen.add(progress.load_saved(path, 6))
    for w in workers:
        w.join()
    assert seen <= {1, 5}
    assert progress.load_saved(path, 6) in {1, 5}


@pytest.mark.parametrize("bad", ["-1", "7", "abc", "", "2.5"])
@pytest.mark.parametrize("given", ["--watched", "HISHERS_WATCHED"])
def test_a_bad_progress_for_one_call_is_exit_2_naming_where_and_the_range_and_saves_nothing(
    bad: str, given: str, isolated: Path
) -> None:
    result = cli("--watched", bad, "episodes") if given == "--watched" else cli("cast", env={given: bad})
    assert_clean_failure(result, 2)
    assert given in result.stderr and "use a whole number from 0 to 6" in result.stderr
    assert not (isolated / "hishers" / "progress.json").exists()


FOREIGN_WITH_WATCHED = {
    "extra keys": b'{"watched": 3, "theme": "dark", "token": "keepme"}',
    "text": b'{"watched": "three"}',
    "a string digit": b'{"watched": "3"}',
    "a boolean": b'{"watched": true}',
    "a version": b'{"version": 1, "watched": 3}',
}


@pytest.mark.parametrize("content", FOREIGN_WITH_WATCHED.values(), ids=FOREIGN_WITH_WATCHED.keys())
@pytest.mark.parametrize("linked", [False, True])
def test_a_file_that_only_looks_like_old_settings_is_never_rewritten(
    content: bytes, linked: bool, isolated: Path, tmp_path: Path
) -> None:
    """Only `{"watched": N}` exactly is the settings of earlier versions; any
    other object with a `watched` key is some other program's, refused by
    every command that writes, and kept byte for byte, through a link too."""
    path = isolated / "hishers" / "progress.json"
    path.parent.mkdir(parents=True)
    target = tmp_path / "app.json" if linked else path
    target.write_bytes(content)
    if linked:
        path.symlink_to(target)
    for args in (["progress", "set", "4"], ["progress", "next"], ["progress", "reset"], ["progress", "reset", "--all"]):
        result = cli(*args)
        assert_clean_failure(result, 1)
        assert target.read_bytes() == content, args
        assert path.is_symlink() == linked
    assert cli("--watched", "2", "episodes").returncode == 0


def test_the_settings_of_earlier_versions_are_still_read_and_kept(isolated: Path) -> None:
    path = isolated / "hishers" / "progress.json"
    path.parent.mkdir(parents=True)
    path.write_bytes(b'{"watched": 3}')
    assert progress.load_saved(path, 6) == 3
    assert cli("progress", "next").returncode == 0 and progress.load_saved(path, 6) == 4


BAD_CONFIG = {
    "garbage": b"watched = 3",
    "wrong-type": b'{"watched": "three"}',
    "not-an-object": b"[3]",
    "out-of-range": b'{"watched": 9}',
    "empty": b"",
    "binary": b"\x00\xff\xfe\x01",
}


@pytest.mark.parametrize("content", BAD_CONFIG.values(), ids=BAD_CONFIG.keys())
def test_bad_config_names_file_and_fix_and_is_left_alone(content: bytes, isolated: Path) -> None:
    path = isolated / "hishers" / "progress.json"
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    result = cli("episodes")
    assert_clean_failure(result, 1)
    # the fix: a reset of this show's entry, or (for a file that is not
    # hishers settings at all) mending or moving it, never a command that replaces it
    assert str(path) in result.stderr
    assert "hishers progress reset" in result.stderr or "fix it by hand, or move it aside" in result.stderr
    assert path.read_bytes() == content
    # progress from the flag or the environment still works
    assert cli("--watched", "2", "episodes").returncode == 0
    assert cli("episodes", env={"HISHERS_WATCHED": "2"}).returncode == 0
    assert path.read_bytes() == content


def test_unwritable_config_dir_is_a_clear_error(isolated: Path) -> None:
    isolated.parent.mkdir(parents=True, exist_ok=True)
    isolated.write_text("a file where the config dir should be")
    result = cli("progress", "set", "2")
    assert_clean_failure(result, 1)
    assert f"{isolated} is a regular file, not a folder" in result.stderr
    assert cli("--watched", "2", "cast").returncode == 0


def test_unreadable_config_file_is_a_clear_error(isolated: Path) -> None:
    path = isolated / "hishers" / "progress.json"
    path.mkdir(parents=True)  # a directory cannot be read as a file, even by root
    result = cli("episodes")
    assert_clean_failure(result, 1)
    assert str(path) in result.stderr
    assert cli("--watched", "1", "episodes").returncode == 0


def test_a_failed_write_keeps_the_old_value(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "progress.json"
    progress.save(path, 2)

    def crash(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(progress.ConfigError, match="No space left"):
        progress.save(path, 5)
    assert progress.load_saved(path, 6) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == [".progress.json.lock", "progress.json"]


def test_progress_limits_follow_the_dataset(tmp_path: Path) -> None:
    path = tmp_path / "tiny.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    too_far = cli("--data", str(path), "--watched", "3", "episodes")
    assert_clean_failure(too_far, 2)
    assert "use a whole number from 0 to 2" in too_far.stderr
    ok = cli("--data", str(path), "--watched", "2", "episodes", "--json")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["episode_count"] == 2


# Saves the settings over and over, saying so on stdout after each one.
WRITER = """\
import sys
from pathlib import Path
from hishers_cli.store import progress
while True:
    for n in range(7):
        progress.save(Path(sys.argv[1]), n)
        print(n, flush=True)
"""


@pytest.mark.full
def test_a_killed_writer_never_tears_the_file(tmp_path: Path) -> None:
    """The writer is killed after it has saved (it says so), while it goes on
    saving: the file still holds a whole value (a torn one would not load)."""
    path = tmp_path / "progress.json"
    progress.save(path, 1)
    for saves in range(1, 6 if FULL else 3):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        try:
            said = [proc.stdout.readline() for _ in range(saves)]
            assert all(said), "the writer stopped before it saved"
        finally:
            proc.kill()
            proc.wait(timeout=60)
            proc.stdout.close()
        assert progress.load_saved(path, 6) in range(7)


# Saves once, pausing where the new settings are made durable (the first
# fsync): it says so on stdout and waits there to be killed.
PAUSED_WRITER = """\
import os, sys
from pathlib import Path
from hishers_cli.store import progress

def pause(fd):
    print("making it durable", flush=True)
    sys.stdin.read()

os.fsync = pause
progress.save(Path(sys.argv[1]), 5)
print("saved without making it durable", flush=True)
"""


@pytest.mark.full
def test_a_writer_killed_before_its_save_is_durable_leaves_the_old_settings(tmp_path: Path) -> None:
    """Killed at the moment it makes the new settings durable, before they
    take the old ones' place: the old settings are there, whole, and the
    next save works and leaves no litter."""
    path = tmp_path / "progress.json"
    progress.save(path, 2)
    proc = subprocess.Popen(
        [sys.executable, "-c", PAUSED_WRITER, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdin is not None
    try:
        said = proc.stdout.readline()
    finally:
        proc.kill()
        proc.wait(timeout=60)
        proc.stdout.close()
        proc.stdin.close()
    assert said == "making it durable\n", said
    assert progress.load_saved(path, 6) == 2
    progress.save(path, 3)
    assert progress.load_saved(path, 6) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == [".progress.json.lock", "progress.json"]


@pytest.mark.parametrize(
    ("typed", "number"),
    [("1", 1), ("03", 3), (" 2 ", 2), ("6", 6), ("0", None), ("7", None), ("-1", None), ("+1", None)]
    + [("\uff13", None), ("٣", None), ("3.0", None), ("", None), ("1" + "0" * 30, None), ("x", None)]
    + [("0" * 4300 + "2", 2), ("0" * 5000 + "7", None), ("\u00a02", None), ("\u30002", None)],
)
def test_an_episode_is_named_with_the_digits_0_to_9_and_is_one_of_the_shows(typed: str, number: int | None) -> None:
    if number is None:
        with pytest.raises(NumberError, match="is not an episode number: use a whole number from 1 to 6"):
            numbers.episode_number(typed, 6)
    else:
        assert numbers.episode_number(typed, 6) == number and numbers.is_episode(number, 6)


@pytest.mark.parametrize("version", [progress.VERSION + 1, 99, 10**30])
def test_settings_of_a_newer_version_are_refused_and_left_as_they_are(isolated: Path, version: int) -> None:
    path = isolated / "hishers" / "progress.json"
    path.parent.mkdir(parents=True)
    content = json.dumps({"version": version, "shows": {"his-hers": {"watched": 2}}}).encode()
    path.write_bytes(content)
    for args in (["cast"], ["progress"], ["progress", "set", "4"], ["progress", "next"], ["progress", "reset"]):
        result = cli(*args)
        assert_clean_failure(result, 1)
        assert "written by a newer hishers" in result.stderr and len(result.stderr.strip().splitlines()) == 1
        assert path.read_bytes() == content, args
    assert cli("--watched", "2", "cast").returncode == 0


@pytest.mark.parametrize("digits", [19, 4300, 4301, 5000, 60_000])
def test_a_saved_progress_of_too_many_digits_is_not_an_episode_number(isolated: Path, digits: int) -> None:
    path = isolated / "hishers" / "progress.json"
    path.parent.mkdir(parents=True)
    path.write_text('{"version": 2, "shows": {"his-hers": {"watched": ' + "9" * digits + "}}}")
    result = cli("cast")
    assert_clean_failure(result, 1)
    assert "does not hold an episode number from 0 to 6" in result.stderr and "not valid JSON" not in result.stderr
    # the advice works
    assert cli("progress", "reset").returncode == 0 and json.loads(path.read_text())["shows"] == {}


@pytest.mark.parametrize("where", ["another show's entry", "a key hishers does not know"])
def test_a_number_too_long_to_keep_elsewhere_is_never_rewritten(isolated: Path, where: str) -> None:
    path = isolated / "hishers" / "progress.json"
    path.parent.mkdir(parents=True)
    huge = "7" * 5000
    shows = '{"other": {"watched": ' + huge + "}}" if where.startswith("another") else "{}"
    extra = ', "counter": ' + huge if not where.startswith("another") else ""
    content = ('{"version": 2, "shows": ' + shows + extra + "}").encode()
    path.write_bytes(content)
    assert cli("cast").returncode == 0
    result = cli("progress", "set", "2")
    assert_clean_failure(result, 1)
    assert "nothing was saved" in result.stderr and path.read_bytes() == content


def test_a_bad_progress_variable_is_an_error_of_the_variable_not_of_the_command(isolated: Path) -> None:
    for command in (["cast"], ["episodes"], ["notes"], ["who", "xavier"]):
        result = cli(*command, env={"HISHERS_WATCHED": "abc"})
        assert_clean_failure(result, 2)
        assert "--help" not in result.stderr, result.stderr
        assert "Fix or unset HISHERS_WATCHED" in result.stderr and "'abc'" in result.stderr


@pytest.mark.parametrize("name", ["progress.json", "elsewhere.txt"])
def test_a_link_to_a_missing_file_is_never_created_through(isolated: Path, tmp_path: Path, name: str) -> None:
    path = isolated / "hishers" / "progress.json"
    path.parent.mkdir(parents=True)
    elsewhere = tmp_path / "not-hishers"
    elsewhere.mkdir()
    path.symlink_to(elsewhere / name)
    for args in (["progress", "set", "2"], ["progress", "next"], ["progress", "reset"], ["progress", "reset", "--all"]):
        result = cli(*args)
        assert result.returncode in (0, 1) and "Traceback" not in result.stderr
        assert os.listdir(elsewhere) == [], (args, result.stderr)
        assert path.is_symlink()
    refused = cli("progress", "set", "2")
    assert_clean_failure(refused, 1)
    assert "does not exist" in refused.stderr and f"rm {path}" in refused.stderr
    assert cli("progress").returncode == 0  # read as nothing saved


@pytest.mark.parametrize("saved", [None, 0, 2, 4, 6])
@pytest.mark.parametrize("past", [None, 0, 2, 3, 5, 6])
def test_advance_moves_on_by_one_from_the_saved_or_the_given_progress_and_never_back(
    saved: int | None, past: int | None, tmp_path: Path
) -> None:
    path = tmp_path / "config.json"
    if saved is not None:
        progress.save(path, saved)
    move = progress.advance(path, 6, past=past)
    start = (saved or 0) if past is None else past
    asked = min(start + 1, 6)
    assert move == progress.Move(saved or 0, max(saved or 0, asked), kept=(saved or 0) > asked)
    assert progress.load_saved(path, 6) == (move.now if move.now != move.was or saved is not None else None)
