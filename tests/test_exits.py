"""Every way a run can end is an exit code and at most one line on stderr:
closed or full streams, closed stdin at the prompt, Ctrl-C at any moment.
These run the installed console script, as a user does."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import FULL

SCRIPT = shutil.which("hishers") or str(Path(sys.executable).parent / "hishers")


def shell(command: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", command.replace("hishers", f"'{SCRIPT}'", 1)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **env},
        check=False,
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_CACHE_HOME": str(tmp_path / "cache")}


@pytest.mark.parametrize("args", ["cast", "cast --json", "schema", "relations --format dot", "validate", "progress"])
def test_stdout_closed_is_one_line_and_exit_1(args: str, env: dict[str, str]) -> None:
    result = shell(f"hishers {args} >&-", env)
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip() == "Error: standard output is closed; nothing can be shown."


@pytest.mark.parametrize("args", ["cast", "--help", "--version", "--watched 6 ending"])
def test_stdout_on_a_full_disk_is_one_line_and_exit_1(args: str, env: dict[str, str]) -> None:
    result = shell(f"hishers {args} >/dev/full", env)
    assert result.returncode == 1
    assert result.stderr.strip() == "Error: cannot write the output: No space left on device."


@pytest.mark.parametrize("command", ["ending", "book"])
def test_stdin_closed_at_the_prompt_is_the_usual_refusal(command: str, env: dict[str, str]) -> None:
    result = shell(f"hishers --watched 3 {command} <&-", env)
    assert result.returncode == 1 and result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("Error:") and "--confirm-spoilers" in line


def test_a_usage_error_keeps_its_exit_code_when_stderr_is_full(env: dict[str, str]) -> None:
    assert shell("hishers --watched 9 cast 2>/dev/full", env).returncode == 2
    assert shell("hishers --watched 3 episodes 5 2>/dev/full", env).returncode == 1


def test_ctrl_c_while_hishers_starts_is_quiet(env: dict[str, str]) -> None:
    """SIGINT at moments spread over hishers' own start-up (its imports, the
    dataset, the output) ends the run with 130 and no traceback from hishers.
    (Before hishers' first line runs, Python and the launcher the installer
    wrote are still starting; that part is not ours.)"""
    delays = range(40, 200, 10 if FULL else 40)
    for delay in delays:
        proc = subprocess.Popen(
            [SCRIPT, "--watched", "3", "cast"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, **env},
        )
        time.sleep(delay / 1000)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        # No frame of hishers' own code; the launcher's line that imports it
        # ("from hishers_cli.entry import main") is still Python starting up.
        assert not re.search(rb'File "[^"]*hishers_cli[/\\]', err), (delay, err.decode()[-400:])
        # 130 from hishers; 0 if it had finished; killed or 1 while Python itself was starting
        assert proc.returncode in (0, 130, -signal.SIGINT, 1), (delay, proc.returncode)


@pytest.mark.parametrize("wrap", [RuntimeError, ImportError, OSError])
def test_ctrl_c_wrapped_by_python_is_still_ctrl_c(wrap: type[Exception], monkeypatch: pytest.MonkeyPatch) -> None:
    """Python 3.11 wraps an exception raised while a class is being created
    (cached_property's __set_name__) in a RuntimeError; Ctrl-C at that moment
    still exits 130 quietly, while other errors are not swallowed."""
    import importlib

    from hishers_cli import entry

    app = importlib.import_module("hishers_cli.cli.root")

    def interrupted() -> None:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as e:
            raise wrap("Error calling __set_name__") from e

    left: list[int] = []

    def leave(code: int) -> None:
        left.append(code)
        raise SystemExit(code)

    monkeypatch.setattr(app, "main", interrupted)
    monkeypatch.setattr(entry, "_leave", leave)
    with pytest.raises(SystemExit):
        entry.main()
    assert left == [130]

    def broken() -> None:
        raise wrap("a real problem")

    monkeypatch.setattr(app, "main", broken)
    left.clear()
    if wrap is OSError:
        with pytest.raises(SystemExit):
            entry.main()
        assert left == [1]
    else:
        with pytest.raises(wrap):
            entry.main()
        assert left == []


def on_a_terminal(args: list[str], env: dict[str, str], timeout: float = 30) -> tuple[int, str]:
    """Run hishers with stdin, stdout and stderr on a pseudo-terminal, as a
    viewer does; its exit code and everything it showed."""
    import pty

    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [SCRIPT, *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env={**os.environ, "TERM": "xterm", **env},
        start_new_session=True,
    )
    os.close(follower)
    shown = bytearray()
    deadline = time.monotonic() + timeout
    import select

    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal's other end closed: hishers is gone
                break
            if not chunk:
                break
            shown += chunk
        elif proc.poll() is not None:
            break
    os.close(leader)
    try:
        code = proc.wait(timeout=max(0.1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    return code, shown.decode("utf-8", "replace")


# A pager that reads everything, then does what a viewer's Ctrl-C does: the
# signal reaches hishers (its parent) while the pager is still on screen.
CTRL_C_PAGER = "sh -c 'cat >/dev/null; kill -INT $PPID; sleep 0.3'"


def test_ctrl_c_while_the_pager_runs_exits_130(env: dict[str, str]) -> None:
    code, shown = on_a_terminal(["--watched", "6", "cast"], {**env, "PAGER": CTRL_C_PAGER, "LINES": "10"})
    assert code == 130, shown
    assert "Traceback" not in shown


@pytest.mark.parametrize("pager", ['"', "\\", "less '", "'"])
def test_a_malformed_pager_prints_instead_with_one_warning(pager: str, env: dict[str, str]) -> None:
    code, shown = on_a_terminal(["--watched", "6", "cast"], {**env, "PAGER": pager, "LINES": "10"})
    assert code == 0, shown
    assert "Traceback" not in shown and shown.count("Warning:") == 1
    last = json.loads(shell("hishers --watched 6 cast --json", env).stdout)
    names = re.findall(r'"name": "([^"]+)"', json.dumps(last))
    assert names and names[-1] in shown  # printed in full: nothing lost


@pytest.mark.parametrize("args", ["cast", "cast --json", "ending --json --watched 6", "who anna --json"])
def test_piped_output_never_reads_pager(args: str, env: dict[str, str]) -> None:
    result = shell(f"hishers {args} | cat", {**env, "PAGER": '"'})
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert result.stdout.strip()


def test_an_error_with_stderr_full_keeps_its_exit_code_with_buffered_streams(env: dict[str, str]) -> None:
    """As a newcomer's shell runs it: no PYTHONUNBUFFERED, so stderr is
    buffered and its flush fails at exit, not at the write."""
    plain = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    cases = [
        ("--watched 9 cast", 2),
        ("--watched 3 episodes 5", 1),
        ("no-such-command", 2),
        ("cast --no-such-option", 2),
        ("--data /nonexistent cast", 1),
    ]
    for args, expected in cases:
        result = subprocess.run(
            ["bash", "-c", f"'{SCRIPT}' {args} 2>/dev/full"],
            capture_output=True,
            text=True,
            timeout=60,
            env={**plain, **env},
            check=False,
        )
        assert result.returncode == expected, (args, result.returncode, result.stdout)


def with_pipe_wait(args: list[str], env: dict[str, str], stdin: Any = None) -> subprocess.CompletedProcess[str]:
    """hishers with its pipe wait as shipped in the full profile, and short
    in the default run (the wait, not its length, is what is tested)."""
    wait = "" if FULL else "from hishers_cli.dataset import load as dataset; dataset.PIPE_WAIT = 0.3\n"
    probe = f"{wait}import sys; from hishers_cli.entry import main; sys.argv = ['hishers'] + sys.argv[1:]; main()\n"
    return subprocess.run(
        [sys.executable, "-c", probe, *args],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, **env},
        stdin=stdin,
        check=False,
    )


@pytest.mark.parametrize("args", [["cast"], ["who", "x"], ["export", "html"], ["validate"]])
def test_a_fifo_with_no_writer_is_refused_without_hanging(args: list[str], env: dict[str, str], tmp_path: Path) -> None:
    from hishers_cli.dataset import load as dataset

    fifo = tmp_path / "show.yaml"
    os.mkfifo(fifo)
    started = time.monotonic()
    result = with_pipe_wait(["--data", str(fifo), *args], env)
    assert time.monotonic() - started < dataset.PIPE_WAIT + 10
    assert result.returncode == 1 and "Traceback" not in result.stderr
    said = result.stderr + result.stdout
    assert f"{fifo}: a pipe, and nothing arrived within" in said, said


def test_a_writer_that_never_writes_is_refused_too(env: dict[str, str], tmp_path: Path) -> None:
    fifo = tmp_path / "show.yaml"
    os.mkfifo(fifo)
    silent = subprocess.Popen([sys.executable, "-c", f"import time; f = open({str(fifo)!r}, 'w'); time.sleep(30)"])
    try:
        result = with_pipe_wait(["--data", str(fifo), "cast"], env)
    finally:
        silent.kill()
        silent.wait()
    assert result.returncode == 1 and "nothing arrived within" in result.stderr, result.stderr


def test_a_device_or_directory_is_refused_at_once(env: dict[str, str], tmp_path: Path) -> None:
    for path, why in (("/dev/zero", "is a device"), ("/dev/urandom", "is a device"), (str(tmp_path), "is a directory")):
        if not os.path.exists(path):
            continue
        result = shell(f"hishers --data {path} cast", env)
        assert result.returncode == 1 and f"{path}: {why}" in result.stderr, (path, result.stderr)


def test_a_pipe_that_is_written_is_read(env: dict[str, str]) -> None:
    from conftest import TINY

    with open(TINY, "rb") as show:
        piped = subprocess.run(
            ["bash", "-c", f"cat | '{SCRIPT}' --data /dev/stdin --watched 1 about"],
            stdin=show,
            capture_output=True,
            text=True,
            timeout=30,
            env={**os.environ, **env},
            check=False,
        )
    assert piped.returncode == 0 and "Tiny Show" in piped.stdout, piped.stderr
