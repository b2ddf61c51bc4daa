"""The exceptions hishers raises and the exit codes the CLI maps them to."""

from __future__ import annotations

from typing import NamedTuple


class ExitCode:
    """The exit codes besides 0 (plain ints: an IntEnum costs a tenth of a
    millisecond of every run to create)."""

    ERROR = 1
    USAGE = 2
    DECLINED = 3  # "no" at the spoiler prompt: nothing shown, nothing wrong
    INTERRUPTED = 130


class HishersError(Exception):
    """Base class: a problem to report to the user in one line, no traceback."""

    exit_code = ExitCode.ERROR


class Problem(NamedTuple):
    """One thing wrong with a dataset file, located as precisely as we can."""

    path: str
    line: int | None
    column: int | None
    message: str

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class DatasetError(HishersError):
    """The dataset could not be read or is not valid."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        first = str(problems[0])
        more = len(problems) - 1
        if more:
            first += f" (and {more} more problem{'s' if more > 1 else ''}; run 'hishers validate')"
        super().__init__(first)


class NumberError(HishersError):
    """A number the user typed is not one the command takes. `param` names
    where the value came from: an option, an argument or a variable."""

    exit_code = ExitCode.USAGE

    def __init__(self, message: str, param: str = "'N'"):
        super().__init__(message)
        self.param = param


class ProgressError(NumberError):
    """A progress value is not an episode number of this show."""

    def __init__(self, message: str, param: str = "progress"):
        super().__init__(message, param)


class ConfigError(HishersError):
    """The saved settings cannot be read or written."""


class LockedError(HishersError):
    """The viewer asked for what episode `episode` reveals, beyond their
    progress (`watched`), without consent. The CLI words the advice."""

    def __init__(self, *, episode: int, watched: int):
        so_far = "nothing watched yet" if watched == 0 else f"watched up to episode {watched}"
        super().__init__(f"episode {episode} is beyond your progress ({so_far})")
        self.episode = episode
        self.watched = watched
