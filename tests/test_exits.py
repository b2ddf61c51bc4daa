"""Every way a run can end is an exit code and at most one line on stderr:
closed or full streams, closed stdin at the prompt, Ctrl-C at any moment.
These run the installed console script, as a user does."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

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

    app = importlib.import_module("hishers_cli.cli.app")

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
