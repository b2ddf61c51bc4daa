"""The terminal a run talks to, in one object (as httpie's `Environment`):
its streams, whether they are terminals, its width, whether to use colour
and styles, and how to page. The CLI builds one per run; tests build their
own, with string streams and any flags, and so reach the Rich path, the
pager and the prompt without a pty."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import IO, Any, NamedTuple

from hishers_cli.render.less import less_options

# Beyond this a line is unreadable anyway; a width taken from COLUMNS
# (100000000) must not make every line that long, nor the output gigabytes.
MAX_WIDTH = 500
MAX_HEIGHT = 1000


def _is_tty(stream: Any) -> bool:
    try:
        return stream is not None and bool(stream.isatty())
    except (AttributeError, OSError, ValueError):
        return False


class Terminal(NamedTuple):
    stdout: IO[str]
    stderr: IO[str] | None
    stdin: IO[str] | None
    stdout_tty: bool
    stdin_tty: bool
    width: int
    height: int
    # Colour and styles (bold, dim): off with NO_COLOR or TERM=dumb.
    styled: bool
    # Whether long output may go through a pager at all (--no-pager turns it off).
    paging: bool
    # The pager to run; None: read PAGER (default less) when paging, never before.
    pager_command: list[str] | None = None
    environ: Mapping[str, str] = MappingProxyType({})
    # How paged text reaches the pager; replaceable in tests.
    run_pager: Callable[[list[str], str, Mapping[str, str]], bool] | None = None

    @classmethod
    def from_system(cls, paging: bool = True, environ: Mapping[str, str] = os.environ) -> Terminal:
        size = shutil.get_terminal_size((80, 24))
        no_color = bool(environ.get("NO_COLOR")) or environ.get("TERM") == "dumb"
        return cls(
            stdout=sys.stdout,
            stderr=sys.stderr,
            stdin=sys.stdin,
            stdout_tty=_is_tty(sys.stdout),
            stdin_tty=_is_tty(sys.stdin),
            width=min(MAX_WIDTH, max(20, size.columns)),
            height=min(MAX_HEIGHT, max(5, size.lines)),
            styled=not no_color,
            paging=paging,
            environ=dict(environ),
        )

    @property
    def interactive(self) -> bool:
        """Both ends are a person at a terminal: prompts and pagers make sense."""
        return self.stdout_tty and self.stdin_tty

    def page(self, text: str) -> None:
        """Show `text` through the pager, or print it when the pager cannot
        be run or fails (a missing program, PAGER=false, a PAGER that is not
        a command line): nothing is lost. Ctrl-C while the pager runs ends
        the run (KeyboardInterrupt) once the pager has quit."""
        command = self.pager_command or self.pager_from_environ()
        environ = {**self.environ, "LESS": less_options(self.environ.get("LESS"))}
        run = self.run_pager or _run_pager
        if command is None or not run(command, text, environ):
            self.stdout.write(text)
            self.stdout.flush()

    def pager_from_environ(self) -> list[str] | None:
        """PAGER as a command (less when unset or blank), or None with one
        warning line when it cannot be split into one (`PAGER='"'`)."""
        import shlex

        try:
            return shlex.split(self.environ.get("PAGER") or "") or ["less"]
        except ValueError:
            self._say("Warning: PAGER is not a valid command line; printing without a pager.\n")
            return None

    def confirm(self, question: str) -> bool | None:
        """Ask a y/N question on stderr; None when the viewer leaves instead
        of answering (Ctrl-C, end of input). Anything but yes, no or Enter
        asks again."""
        while True:
            self._say(f"{question} [y/N]: ")
            try:
                line = self._read_line()
            except KeyboardInterrupt:
                return None
            if not line:
                return None
            answer = line.strip().lower()
            if answer in ("y", "yes"):
                return True
            if answer in ("", "n", "no"):
                return False
            self._say("Please answer y or n.\n")

    def _say(self, text: str) -> None:
        stream = self.stderr or self.stdout
        stream.write(text)
        stream.flush()

    def _read_line(self) -> str:
        """One line from stdin. On a real stream, wait for it in short steps:
        a Ctrl-C that arrives just before the wait would otherwise be noticed
        only at the next key press."""
        if self.stdin is None:
            return ""
        try:
            fd: int | None = self.stdin.fileno()
        except (AttributeError, OSError, ValueError):
            fd = None
        if fd is not None:
            import select

            try:
                while not select.select([fd], [], [], 0.1)[0]:
                    pass
            except (OSError, ValueError):
                pass  # not selectable: read directly
        return self.stdin.readline()


def _run_pager(command: list[str], text: str, environ: Mapping[str, str]) -> bool:
    """Whether the pager ran and showed `text`."""
    import subprocess

    try:
        # Unbuffered: after Ctrl-C, closing the pipe must not wait to flush
        # into a pager that stopped reading.
        pager = subprocess.Popen(command, stdin=subprocess.PIPE, env=dict(environ), bufsize=0)
    except (OSError, ValueError):
        return False
    assert pager.stdin is not None
    try:
        try:
            rest = memoryview(text.encode("utf-8", "replace"))
            while rest:
                rest = rest[pager.stdin.write(rest) or 0 :]
            pager.stdin.close()
        except BrokenPipeError:
            # The pager stopped reading: quit early (fine) or failed (see its code).
            pass
        return pager.wait() == 0
    except KeyboardInterrupt:
        # Ctrl-C reaches the pager too; less takes it as "stop reading" and
        # stays until the viewer quits. Leave the terminal to it until then,
        # and end the run as interrupted (130).
        _wait_out(pager)
        raise


def _wait_out(pager: Any) -> None:
    """Wait for the pager to quit, through any further Ctrl-C."""
    while True:
        try:
            with contextlib.suppress(OSError, ValueError):
                pager.stdin.close()
            pager.wait()
            return
        except KeyboardInterrupt:
            continue
