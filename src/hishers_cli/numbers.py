"""What a number a user types may be, and what an episode number may be.

Every number a viewer types (a progress, from `--watched`, HISHERS_WATCHED
or `progress set`; an episode argument; `--before`, `--upto`; a note's
number) is read here, by one rule and with one wording for a refusal: the
ASCII digits 0-9 only, with ASCII spaces around them allowed. Python's
`int()` would also read "３", "٣", "+1", " 1_0" and take a huge string
of digits to a traceback; none of those is a number a viewer means.

Pure: no files, no settings, no command line. The gate takes its ranges
from here, never from the settings store."""

from __future__ import annotations

from hishers_cli.errors import NumberError, ProgressError

ASCII_SPACE = " \t\n\r\f\v"
# More significant digits than this is out of any range hishers reads.
MAX_DIGITS = 18


def in_range(watched: int, episode_count: int) -> bool:
    """Whether `watched` is a progress this show has: 0 to its episode count."""
    return 0 <= watched <= episode_count


def is_episode(number: int, episode_count: int) -> bool:
    """Whether `number` is one of the show's episodes: 1 to its episode count."""
    return 1 <= number <= episode_count


def whole(text: str) -> int | None:
    """The value of `text` as a whole number in the digits 0-9 (ASCII
    spaces around it allowed), or None when it is none, or has more than
    `MAX_DIGITS` significant digits."""
    digits = text.strip(ASCII_SPACE)
    if not (digits.isascii() and digits.isdigit()):
        return None
    significant = digits.lstrip("0") or "0"
    return int(significant) if len(significant) <= MAX_DIGITS else None


class LongNumber:
    """A whole number in a JSON file with more digits than Python's `int()`
    reads from text (`sys.get_int_max_str_digits`): read as this rather than
    letting `json.loads` fail as if the file were not JSON. It is no
    episode number, so whoever reads it refuses it as one."""

    def __init__(self, digits: str):
        self.length = len(digits)

    def __str__(self) -> str:
        return f"a number of {self.length:,} digits"


def json_int(digits: str) -> int | LongNumber:
    """A JSON integer (`json.loads(..., parse_int=json_int)`): its value, or
    a `LongNumber` when it has too many digits to read."""
    import sys

    limit = getattr(sys, "get_int_max_str_digits", lambda: 0)()
    if limit and len(digits.lstrip("-")) > limit:
        return LongNumber(digits)
    return int(digits)


class Unwritable(ValueError):
    """A `LongNumber` met while writing a file back (`refuse_long`)."""

    def __init__(self, number: LongNumber):
        super().__init__(str(number))
        self.number = number


def refuse_long(value: object) -> object:
    """`json.dumps`' `default` for data read with `json_int`: a `LongNumber`
    cannot be written back as it was (Unwritable); anything else is no JSON."""
    if isinstance(value, LongNumber):
        raise Unwritable(value)
    raise TypeError(value)


def read_number(text: str, low: int, high: int | None, what: str, param: str = "'N'") -> int:
    """The number `text` gives, from `low` to `high` (no upper bound when
    None); otherwise NumberError, worded the same for every number."""
    number = whole(text)
    if number is None or number < low or (high is not None and number > high):
        limits = f"from {low} to {high}" if high is not None else f"of at least {low}"
        raise NumberError(
            f"{_shown(text)} is not {what}: use a whole number {limits}, written with the digits 0-9", param
        )
    return number


def parse_watched(value: str, episode_count: int, param: str = "progress") -> int:
    """A progress the user typed: 0 (nothing watched) to the episode count."""
    try:
        return read_number(value, 0, episode_count, "an episode number", param)
    except NumberError as e:
        raise ProgressError(str(e), param) from None


def episode_number(text: str, episode_count: int, param: str = "'N'") -> int:
    """An episode the user named: 1 to the episode count."""
    return read_number(text, 1, episode_count, "an episode number", param)


def _shown(text: str) -> str:
    """A value the user gave, short and quoted (escapes show its controls)."""
    return repr(text if len(text) <= 20 else text[:20] + "...")
