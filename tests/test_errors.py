"""The bad-input table: each odd input gets a one-line error naming what was
wrong, the conventional exit code, no traceback, and nothing lost."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FULL, run
from hishers_cli import progress
from hishers_cli.dataset import load as dataset

SCRIPT = shutil.which("hishers", path=os.path.dirname(sys.executable)) or "hishers"


# What only a real process shows: its locale, its encoding, its terminal.
PROCESS_ONLY = {"LC_ALL", "LANG", "PYTHONIOENCODING", "TERM", "COLUMNS", "NO_COLOR"}


def cli(*args: str, env: dict[str, str] | None = None, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """The installed console script, as a user runs it. The default run takes
    the same command in-process where a process would add nothing (no locale,
    encoding, terminal or working directory of its own); the full run (CI)
    always starts the installed script."""
    if not FULL and not kwargs and not set(env or {}) & PROCESS_ONLY:
        result = run(*args, env=env)
        return subprocess.CompletedProcess([SCRIPT, *args], result.exit_code, result.stdout, result.stderr)
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [SCRIPT, *args], env=full_env, capture_output=True, text=True, check=False, timeout=60, **kwargs
    )  # type: ignore[call-overload]


def assert_clean_failure(result: subprocess.CompletedProcess[str], code: int) -> None:
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
    assert result.stderr.strip(), "an error must say what went wrong"


# -- progress values -------------------------------------------------------


@pytest.mark.parametrize("bad", ["-1", "7", "abc", "", "2.5"])
def test_bad_watched_is_exit_2_naming_the_range_and_saves_nothing(bad: str, isolated: Path) -> None:
    result = cli("--watched", bad, "episodes")
    assert_clean_failure(result, 2)
    assert "0" in result.stderr and "6" in result.stderr
    assert not (isolated / "hishers" / "progress.json").exists()


def test_bad_env_var_is_exit_2_naming_the_variable(isolated: Path) -> None:
    result = cli("cast", env={"HISHERS_WATCHED": "x"})
    assert_clean_failure(result, 2)
    assert "HISHERS_WATCHED" in result.stderr and "0 (nothing watched) to 6" in result.stderr
    assert not (isolated / "hishers" / "progress.json").exists()


# -- the config file -------------------------------------------------------

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
    assert "cannot save progress" in result.stderr
    assert cli("--watched", "2", "cast").returncode == 0


def test_unreadable_config_file_is_a_clear_error(isolated: Path) -> None:
    path = isolated / "hishers" / "progress.json"
    path.mkdir(parents=True)  # a directory cannot be read as a file, even by root
    result = cli("episodes")
    assert_clean_failure(result, 1)
    assert str(path) in result.stderr
    assert cli("--watched", "1", "episodes").returncode == 0


@pytest.mark.parametrize("value", ["", "relative/dir"])
def test_empty_or_relative_xdg_means_the_default_under_home(value: str, tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = cli("progress", "set", "1", cwd=tmp_path, env={"XDG_CONFIG_HOME": value, "HOME": str(home)})
    assert result.returncode == 0, result.stderr
    saved = json.loads((home / ".config" / "hishers" / "progress.json").read_text())
    assert saved["shows"]["his-hers"]["watched"] == 1
    assert not (tmp_path / "relative").exists()


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


def test_a_killed_writer_never_tears_the_file(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    progress.save(path, 1)
    writer = (
        "import sys\nfrom pathlib import Path\nfrom hishers_cli import progress\n"
        "while True:\n    for n in range(7):\n        progress.save(Path(sys.argv[1]), n)\n"
    )
    for _ in range(5 if FULL else 2):
        proc = subprocess.Popen([sys.executable, "-c", writer, str(path)])
        try:
            proc.wait(timeout=0.4)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        assert progress.load_saved(path, 6) in range(7)


# -- --data ----------------------------------------------------------------


def _bad_data(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"{kind}.yaml"
    if kind == "missing":
        return path
    if kind == "directory":
        path.mkdir()
    elif kind == "empty":
        path.write_text("")
    elif kind == "binary":
        path.write_bytes(b"\x00\x01\x02schema: 1")
    elif kind == "latin-1":
        path.write_bytes("series: {title: Caf\xe9}".encode("latin-1"))
    elif kind == "invalid-yaml":
        path.write_text("schema: 1\nseries: a: b\n")
    elif kind == "python-tag":
        path.write_text("schema: !!python/object/apply:os.system [echo owned]\n")
    return path


@pytest.mark.parametrize("kind", ["missing", "directory", "empty", "binary", "latin-1", "invalid-yaml", "python-tag"])
def test_bad_data_file_is_exit_1_with_its_path(kind: str, tmp_path: Path) -> None:
    path = _bad_data(tmp_path, kind)
    result = cli("--data", str(path), "episodes")
    assert_clean_failure(result, 1)
    assert str(path) in result.stderr
    if kind == "invalid-yaml":
        assert f"{path}:2:" in result.stderr  # line (and column) of the problem
    if kind == "python-tag":
        listed = cli("validate", str(path))
        assert listed.returncode == 1 and "unsupported YAML tag" in listed.stdout
        assert "owned" not in result.stdout + listed.stdout


def test_data_from_the_environment_is_used(tmp_path: Path) -> None:
    path = _bad_data(tmp_path, "missing")
    result = cli("episodes", env={"HISHERS_DATA": str(path)})
    assert_clean_failure(result, 1)
    assert str(path) in result.stderr


BOMB = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
schema: 1
sources: *i
series: {title: Bomb, episodes: 1}
episodes: *i
characters: *i
"""


def test_alias_bomb_is_refused_within_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB)
    # 512 MB of address space is far more than hishers needs and far less
    # than expanding the bomb would take; the timeout only guards a hang.
    limit = "import resource; resource.setrlimit(resource.RLIMIT_AS, (512 << 20, 512 << 20))\n"
    probe = limit + "import sys; from hishers_cli.cli import main; sys.argv = ['hishers'] + sys.argv[1:]; main()\n"
    result = subprocess.run(
        [sys.executable, "-c", probe, "--data", str(path), "episodes"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert_clean_failure(result, 1)
    assert "alias" in result.stderr


def test_file_over_the_size_limit_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dataset, "MAX_BYTES", 1000)
    path = tmp_path / "huge.yaml"
    path.write_text("# padding\n" * 200)
    result = run("--data", str(path), "episodes")
    assert result.exit_code == 1
    assert "the limit is 1,000" in result.stderr and str(path) in result.stderr


# -- terminals -------------------------------------------------------------


def test_closed_stdout_is_quiet() -> None:
    proc = subprocess.Popen(
        [SCRIPT, "--watched", "6", "cast"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # like `| head -n 0`: the reader is gone before hishers writes
    stderr = proc.stderr.read()
    proc.wait(timeout=60)
    assert "Traceback" not in stderr and "Exception ignored" not in stderr
    assert "Error" not in stderr


def test_output_piped_into_head_is_quiet() -> None:
    result = subprocess.run(
        f"'{SCRIPT}' --watched 6 search the | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.strip() and result.stderr == ""


@pytest.mark.parametrize(
    "env",
    [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "LANG": "C"}, {"COLUMNS": "20"}, {"TERM": "dumb"}],
    ids=["ascii", "C-locale", "20-columns", "dumb-terminal"],
)
def test_odd_terminals_get_readable_output(env: dict[str, str]) -> None:
    # A table, a card, and (in the full profile) the guide and the ending.
    commands = [["cast"], ["who", "anna"]]
    if FULL:
        commands += [["episodes"], ["ending", "--confirm-spoilers"]]
    for args in commands:
        result = cli("--watched", "6", *args, env=env)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        assert "Anna" in result.stdout
        if args == ["cast"] and "COLUMNS" in env:
            assert max(len(line) for line in result.stdout.splitlines() if " " in line.strip()) <= 40


def test_no_color_and_piped_means_no_escape_codes() -> None:
    for args in (["cast"], ["episodes"], ["who", "anna"], ["validate"], ["--help"]):
        result = cli("--watched", "3", *args, env={"NO_COLOR": "1", "TERM": "xterm-256color"})
        assert result.returncode == 0, result.stderr
        assert "\x1b" not in result.stdout and "\x1b" not in result.stderr


def test_unknown_command_and_option_suggest_the_right_one() -> None:
    command = cli("epsiodes")
    assert_clean_failure(command, 2)
    assert "episodes" in command.stderr
    option = cli("cast", "--jsno")
    assert_clean_failure(option, 2)
    assert "--json" in option.stderr


@pytest.mark.parametrize("group", ["cache", "export"])
def test_a_group_without_its_command_shows_its_help(group: str) -> None:
    result = run(group)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Usage: hishers {group} [OPTIONS] COMMAND") and "Error" not in result.stderr
    assert "Commands" in result.stderr


def test_ctrl_c_at_the_spoiler_prompt_exits_130_showing_nothing(tmp_path: Path) -> None:
    """On a real terminal (a pty), Ctrl-C at the y/N prompt is exit 130. The
    test waits for the prompt itself, then interrupts: no fixed delays, and
    no fork of the (threaded) test process, only a plain subprocess."""
    import pty
    import select

    master, slave = pty.openpty()
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache"), "TERM": "dumb"}
    proc = subprocess.Popen(
        [SCRIPT, "--watched", "2", "ending"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        close_fds=True,
    )
    os.close(slave)

    def read(timeout: float) -> bytes:
        ready, _, _ = select.select([master], [], [], timeout)
        if not ready:
            return b""
        try:
            return os.read(master, 4096)
        except OSError:  # the pty is closed once hishers has exited
            return b""

    try:
        seen = b""
        deadline = time.monotonic() + 60
        while b"Show it anyway?" not in seen:
            assert time.monotonic() < deadline and proc.poll() is None, seen
            seen += read(1)
        proc.send_signal(signal.SIGINT)  # what the terminal sends for Ctrl-C
        assert proc.wait(timeout=60) == 130, seen
        rest = b""
        while chunk := read(0.2):
            rest += chunk
    finally:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
        os.close(master)
    assert b"Traceback" not in rest and b"finale" not in rest.split(b"?")[-1] and b"confesses" not in rest


def test_progress_limits_follow_the_dataset(tmp_path: Path) -> None:
    from test_dataset import MINIMAL

    path = tmp_path / "tiny.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    too_far = cli("--data", str(path), "--watched", "3", "episodes")
    assert_clean_failure(too_far, 2)
    assert "0 (nothing watched) to 2" in too_far.stderr
    ok = cli("--data", str(path), "--watched", "2", "episodes", "--json")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["episode_count"] == 2


def test_export_html_to_dash_is_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    to_stdout = run("export", "html", "--watched", "2")
    dashed = run("export", "html", "--watched", "2", "-o", "-")
    assert dashed.exit_code == 0, dashed.output
    assert dashed.stdout == to_stdout.stdout and dashed.stdout.startswith("<!DOCTYPE html>")
    assert list(here.iterdir()) == []  # no file named "-"
    named = run("export", "html", "--watched", "2", "-o", "./-")
    assert named.exit_code == 0 and (here / "-").read_text(encoding="utf-8") == to_stdout.stdout
