"""Every way a run can end is an exit code and at most one line on stderr:
closed or full streams, closed stdin at the prompt, Ctrl-C at any moment.
These run the installed console script, as a user does."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import FULL, SCRIPT, TINY, interruptible, sampled
from hishers_cli.dataset import load as dataset


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


@pytest.mark.full
@pytest.mark.parametrize(
    "args", sampled(["cast", "cast --json", "schema", "relations --format dot", "validate", "progress"])
)
def test_stdout_closed_is_one_line_and_exit_1(args: str, env: dict[str, str]) -> None:
    result = shell(f"hishers {args} >&-", env)
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip() == "Error: standard output is closed; nothing can be shown."


@pytest.mark.full
@pytest.mark.parametrize("args", sampled(["cast", "--help", "--version", "--watched 6 ending"]))
def test_stdout_on_a_full_disk_is_one_line_and_exit_1(args: str, env: dict[str, str]) -> None:
    result = shell(f"hishers {args} >/dev/full", env)
    assert result.returncode == 1
    assert result.stderr.strip() == "Error: cannot write the output: No space left on device."


@pytest.mark.full
@pytest.mark.parametrize("command", ["ending", "book"])
def test_stdin_closed_at_the_prompt_is_the_usual_refusal(command: str, env: dict[str, str]) -> None:
    result = shell(f"hishers --watched 3 {command} <&-", env)
    assert result.returncode == 1 and result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("Error:") and "--confirm-spoilers" in line


@pytest.mark.full
def test_a_usage_error_keeps_its_exit_code_when_stderr_is_full(env: dict[str, str]) -> None:
    assert shell("hishers --watched 9 cast 2>/dev/full", env).returncode == 2
    assert shell("hishers --watched 3 episodes 5 2>/dev/full", env).returncode == 1


# Runs hishers as its console script does, and sends it SIGINT (what Ctrl-C
# sends) as it enters the N-th call of its own code; N = 0 only counts them.
AT_CALL = """\
import os, signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started with it ignored
target, calls = int(sys.argv[1]), 0

def hook(frame, event, arg):
    global calls
    if event == "call" and "hishers_cli" in frame.f_code.co_filename:
        calls += 1
        if calls == target:
            sys.setprofile(None)
            os.kill(os.getpid(), signal.SIGINT)

from hishers_cli.entry import main
sys.argv = ["hishers", *sys.argv[2:]]
sys.setprofile(hook)
try:
    main()
finally:
    if not target:
        os.write(2, f"calls {calls}\\n".encode())
"""


def interrupted_at(call: int, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-c", AT_CALL, str(call), "--watched", "3", "cast"],
        capture_output=True,
        timeout=60,
        env={**os.environ, **env},
        check=False,
    )


def calls_in_a_run(env: dict[str, str]) -> int:
    """How many of hishers' own calls a run makes (its cache already filled,
    so every run after it makes the same calls)."""
    assert interrupted_at(0, env).returncode == 0  # fills the cache
    counted = interrupted_at(0, env)
    assert counted.returncode == 0, counted.stderr.decode()[-400:]
    return int(counted.stderr.decode().rsplit("calls ", 1)[1])


def assert_ctrl_c(call: int, env: dict[str, str]) -> None:
    result = interrupted_at(call, env)
    err = result.stderr.decode()
    assert result.returncode == 130, (call, result.returncode, err[-400:])
    assert "Traceback" not in err and "Exception ignored" not in err, (call, err[-400:])


@pytest.mark.full
def test_ctrl_c_at_any_moment_of_a_run_is_exit_130_and_quiet(env: dict[str, str]) -> None:
    """SIGINT at moments spread over a whole run (hishers' imports, the
    dataset, the output), each the entry of one of hishers' own calls:
    every one ends the run with 130 and no traceback. The first call is the
    entry point itself, whose first line is not yet running, so the moments
    start at the second; the last call, where the run flushes its output,
    has a test of its own."""
    calls = calls_in_a_run(env)
    assert calls > 100, calls
    moments = 24 if FULL else 5
    for call in sorted({2 + (calls - 3) * k // (moments - 1) for k in range(moments)}):
        assert_ctrl_c(call, env)


@pytest.mark.full
def test_ctrl_c_as_the_run_flushes_its_output_is_exit_130_and_quiet(env: dict[str, str]) -> None:
    assert_ctrl_c(calls_in_a_run(env), env)


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
        interruptible(SCRIPT, *args),
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


@pytest.mark.full
def test_ctrl_c_while_the_pager_runs_exits_130(env: dict[str, str]) -> None:
    code, shown = on_a_terminal(["--watched", "6", "cast"], {**env, "PAGER": CTRL_C_PAGER, "LINES": "10"})
    assert code == 130, shown
    assert "Traceback" not in shown


# Each a PAGER that cannot be split into a command.
MALFORMED_PAGERS = ['"', "\\", "less '", "'"]


@pytest.mark.full
@pytest.mark.parametrize("pager", sampled(MALFORMED_PAGERS))
def test_a_malformed_pager_prints_instead_with_one_warning(pager: str, env: dict[str, str]) -> None:
    code, shown = on_a_terminal(["--watched", "6", "cast"], {**env, "PAGER": pager, "LINES": "10"})
    assert code == 0, shown
    assert "Traceback" not in shown and shown.count("Warning:") == 1
    last = json.loads(shell("hishers --watched 6 cast --json", env).stdout)
    names = re.findall(r'"name": "([^"]+)"', json.dumps(last))
    assert names and names[-1] in shown  # printed in full: nothing lost


@pytest.mark.full
@pytest.mark.parametrize("args", sampled(["cast", "cast --json", "ending --json --watched 6", "who anna --json"]))
def test_piped_output_never_reads_pager(args: str, env: dict[str, str]) -> None:
    result = shell(f"hishers {args} | cat", {**env, "PAGER": '"'})
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert result.stdout.strip()


@pytest.mark.full
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
    wait = "" if FULL else "from hishers_cli.dataset import load as dataset; dataset.PIPE_WAIT = 0.05\n"
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


@pytest.mark.full
@pytest.mark.parametrize("args", sampled([["cast"], ["who", "x"], ["export", "html"], ["validate"]]))
def test_a_fifo_with_no_writer_is_refused_without_hanging(args: list[str], env: dict[str, str], tmp_path: Path) -> None:
    fifo = tmp_path / "show.yaml"
    os.mkfifo(fifo)
    started = time.monotonic()
    result = with_pipe_wait(["--data", str(fifo), *args], env)
    assert time.monotonic() - started < dataset.PIPE_WAIT + 10
    assert result.returncode == 1 and "Traceback" not in result.stderr
    said = result.stderr + result.stdout
    assert f"{fifo}: a pipe, and nothing arrived within" in said, said


@pytest.mark.full
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


@pytest.mark.full
def test_a_device_or_directory_is_refused_at_once(env: dict[str, str], tmp_path: Path) -> None:
    for path, why in (("/dev/zero", "is a device"), ("/dev/urandom", "is a device"), (str(tmp_path), "is a directory")):
        if not os.path.exists(path):
            continue
        result = shell(f"hishers --data {path} cast", env)
        assert result.returncode == 1 and f"{path}: {why}" in result.stderr, (path, result.stderr)


@pytest.mark.full
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


@pytest.mark.full
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


@pytest.mark.full
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


@pytest.mark.full
def test_ctrl_c_at_the_spoiler_prompt_exits_130_showing_nothing(tmp_path: Path) -> None:
    """On a real terminal (a pty), Ctrl-C at the y/N prompt is exit 130. The
    test waits for the prompt itself, then interrupts: no fixed delays, and
    no fork of the (threaded) test process, only a plain subprocess."""
    import pty
    import select

    master, slave = pty.openpty()
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / "cache"), "TERM": "dumb"}
    proc = subprocess.Popen(
        interruptible(SCRIPT, "--data", str(TINY), "--watched", "2", "ending"),
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
    assert b"Traceback" not in rest
    # Nothing of the ending after the prompt: no question, no account.
    ending = [t for point in dataset.load(TINY).ending for t in (point.question, *(a.text for a in point.accounts))]
    assert ending and not any(t.encode() in rest.split(b"Show it anyway?")[-1] for t in ending)


# A run whose command drops a generator that Ctrl-C reaches as it is closed.
CLOSED_GENERATOR = """\
import sys
import hishers_cli.cli.root

def interrupted_as_it_is_closed():
    try:
        yield 1
    finally:
        raise {raised}

def run():
    next(interrupted_as_it_is_closed())  # dropped at once: closed, and the interrupt cannot be raised
    print("went on")

hishers_cli.cli.root.main = run
from hishers_cli.entry import main
sys.argv = ["hishers"]
main()
"""


@pytest.mark.full
@pytest.mark.parametrize("raised", ["KeyboardInterrupt", "RuntimeError('while closing') from KeyboardInterrupt()"])
def test_ctrl_c_as_python_closes_a_finished_generator_still_ends_the_run_with_130(
    raised: str, env: dict[str, str]
) -> None:
    script = CLOSED_GENERATOR.format(raised=raised)
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, timeout=60, env={**os.environ, **env}, check=False
    )
    assert result.returncode == 130, result
    assert result.stdout == b"" and result.stderr == b"", result


def test_any_other_error_as_python_cleans_up_goes_to_the_hook_there_was(monkeypatch: pytest.MonkeyPatch) -> None:
    import hishers_cli.cli.root
    from hishers_cli import entry

    def failing_as_it_is_closed() -> Iterator[int]:
        try:
            yield 1
        finally:
            raise RuntimeError("while closing")

    def run() -> None:
        next(failing_as_it_is_closed())

    seen: list[BaseException | None] = []
    before = sys.unraisablehook
    monkeypatch.setattr(sys, "unraisablehook", lambda info: seen.append(info.exc_value))
    monkeypatch.setattr(hishers_cli.cli.root, "main", run)
    entry.main()
    assert [type(e) for e in seen] == [RuntimeError]  # reported as Python would, and the run went on
    assert sys.unraisablehook is not before and sys.unraisablehook.__name__ == "<lambda>"  # the hook there was, again
