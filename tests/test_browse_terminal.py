"""`hishers browse` in a real terminal (tmux), in the full profile: it
starts, every section opens by its footer key, q quits with 0 and Ctrl-C
with 130, and the terminal is given back as it was (echo and line editing
on, the main screen shown again)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from browsing import HARBOUR
from conftest import SCRIPT
from hishers_cli.app.screens import SECTIONS

pytestmark = [
    # It starts a real terminal: the full profile only.
    pytest.mark.full,
    # Under CI (.ci/run installs tmux) a missing tmux fails instead of skipping.
    pytest.mark.skipif(shutil.which("tmux") is None and not os.environ.get("CI"), reason="needs tmux"),
]

TMUX_KEYS = {"slash": "/", "escape": "Escape", "ctrl+c": "C-c"}


class Terminal:
    def __init__(self, socket: str) -> None:
        self.socket = socket

    def tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False, timeout=30
        ).stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p")

    def press(self, key: str) -> None:
        self.tmux("send-keys", TMUX_KEYS.get(key, key))

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never shown; the screen:\n{self.screen()}")

    def wait_gone(self, text: str, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while text in self.screen():
            assert time.monotonic() < deadline, f"{text!r} still shown"
            time.sleep(0.1)


@pytest.mark.long
@pytest.mark.parametrize(("last", "code"), [("q", 0), ("ctrl+c", 130)])
def test_every_section_by_its_key_then_quit(last: str, code: int, tmp_path: Path) -> None:
    done = tmp_path / "done"
    shell = (
        f"{SCRIPT} --data {HARBOUR} --watched 3 browse; echo $? > {done}.code; "
        f"stty -a > {done}.stty; touch {done}; sleep 60"
    )
    term = Terminal(f"hishers-test-{uuid.uuid4().hex[:8]}")
    env = {**os.environ, "TERM": "xterm-256color"}
    subprocess.run(
        ["tmux", "-L", term.socket, "-f", "/dev/null", "new-session", "-d", "-x", "100", "-y", "30", shell],
        env=env,
        check=True,
        timeout=30,
    )
    try:
        term.wait_for("watched 3 of 6")
        for section in SECTIONS:
            term.press(section.key)
            if section.key == "f":  # before the finale: the dialog, answered No
                term.wait_for("Show it anyway?")
            else:
                term.wait_for(f"{section.label} · watched 3 of 6")
            term.press("escape")
            term.wait_for("Home · watched 3 of 6")
            term.wait_gone("Show it anyway?")
        term.press(last)
        deadline = time.monotonic() + 20
        while not done.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert done.exists(), term.screen()
        assert (tmp_path / "done.code").read_text().strip() == str(code)
        settings = (tmp_path / "done.stty").read_text()
        assert " icanon" in settings and " echo " in settings  # line editing and echo back on
        assert "Home · watched" not in term.screen()  # the app's screen is gone
    finally:
        term.tmux("kill-server")
