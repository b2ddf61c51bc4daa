"""The console entry point: every way a run can end is an exit code and at
most one line on stderr, never a traceback, from the first instant on.

This module is tiny and imports nothing heavy, so Ctrl-C while the rest of
hishers is still being imported exits 130 quietly too."""

from __future__ import annotations

import os
import sys
from typing import Any


def main() -> None:
    previous = sys.unraisablehook

    def unraisable(info: Any) -> None:
        """Ctrl-C that lands as Python cleans up after code that has
        finished (an abandoned generator being closed) cannot be raised
        there, and Python would only print it and carry on: the run ends
        there, as interrupted. (Its handlers further up do not run; Python
        offers no way to raise it in the code that runs next.)"""
        if info.exc_value is not None and _interrupted(info.exc_value):
            _leave(130)
        previous(info)

    sys.unraisablehook = unraisable
    try:
        _run()
    except KeyboardInterrupt:  # even as the last output is flushed
        _leave(130)
    finally:
        sys.unraisablehook = previous


def _run() -> None:
    try:
        if sys.stdout is None:  # started with stdout closed (`hishers cast >&-`)
            _say("Error: standard output is closed; nothing can be shown.")
            raise SystemExit(1)
        # Start-up makes tens of thousands of objects that live as long as the
        # process (modules, classes, then the dataset's records) and no
        # garbage: the collector would only scan them over and over. It is
        # turned back on once the dataset is loaded (`Session.dataset`); a
        # run that never loads one is short and keeps it off.
        from hishers_cli.dataset.collector import pause_for_start_up

        pause_for_start_up()
        from hishers_cli.cli.root import main as run

        run()
    except SystemExit as e:
        _finish(e.code)
        raise
    except KeyboardInterrupt:
        _leave(130)
    except OSError as e:
        if _interrupted(e):
            _leave(130)
        # Output that cannot be written (a full disk, a broken device).
        _say(f"Error: cannot write the output: {e.strerror or e}.")
        _leave(1)
    except Exception as e:
        # Ctrl-C that lands inside Python's own machinery (a class being
        # created, a module being imported) can arrive wrapped in another
        # error; it is still Ctrl-C.
        if _interrupted(e):
            _leave(130)
        raise
    _finish(0)


def _finish(code: object) -> None:
    """Flush both streams now, while the run's exit code can still be kept:
    a stderr that cannot take its last line (a full disk) would otherwise
    fail in Python's own flush at exit and turn the code into 120."""
    status = code if isinstance(code, int) else 0 if code is None else 1
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:
        _leave(status)  # the reader stopped early (`| head`): nothing to say
    except (OSError, ValueError):
        if status == 0:
            _say("Error: cannot write the output.")
            status = 1
        _leave(status)
    try:
        if sys.stderr is not None:
            sys.stderr.flush()
    except (OSError, ValueError):
        _leave(status)


def _interrupted(error: BaseException) -> bool:
    """Whether a KeyboardInterrupt is anywhere in the error's chain."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, KeyboardInterrupt):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def _say(line: str) -> None:
    """One line on stderr, if stderr can take it."""
    try:
        if sys.stderr is not None:
            sys.stderr.write(line + "\n")
            sys.stderr.flush()
    except (OSError, ValueError):
        pass


def _leave(code: int) -> None:
    """Exit without Python complaining at shutdown about streams that could
    not be flushed."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
    except OSError:
        pass
    os._exit(code)
