"""The terminal a run talks to, in one object (as httpie's `Environment`):
its streams, whether they are terminals, its width, whether to use colour
and styles, and how to page. The CLI builds one per run; tests build their
own, with string streams and any flags, and so reach the Rich path, the
pager and the prompt without a pty."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import IO, Any

from hishers_cli.output.less import less_options


def _is_tty(stream: Any) -> bool:
    try:
        return stream is not None and bool(stream.isatty())
    except (AttributeError, OSError, ValueError):
        return False


@dataclass
class Terminal:
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
    pager_command: list[str]
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
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
            width=max(20, size.columns),
            height=max(5, size.lines),
            styled=not no_color,
            paging=paging,
            pager_command=shlex.split(environ.get("PAGER") or "less") or ["less"],
            environ=dict(environ),
        )

    @property
    def interactive(self) -> bool:
        """Both ends are a person at a terminal: prompts and pagers make sense."""
        return self.stdout_tty and self.stdin_tty

    def page(self, text: str) -> None:
        """Show `text` through the pager, or print it when the pager cannot
        be run or fails (a missing program, PAGER=false): nothing is lost."""
        environ = {**self.environ, "LESS": less_options(self.environ.get("LESS"))}
        run = self.run_pager or _run_pager
        if not run(self.pager_command, text, environ):
            self.stdout.write(text)
            self.stdout.flush()

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
        pager = subprocess.Popen(command, stdin=subprocess.PIPE, env=dict(environ))
    except OSError:
        return False
    assert pager.stdin is not None
    try:
        pager.stdin.write(text.encode("utf-8", "replace"))
        pager.stdin.close()
    except BrokenPipeError:
        # The pager stopped reading: quit early (fine) or failed (see its code).
        pass
    try:
        return pager.wait() == 0
    except KeyboardInterrupt:
        pager.wait()
        return True
