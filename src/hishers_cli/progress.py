"""The viewer's progress ("watched up to episode N"): where it comes from,
where it is saved (one value per show, in one settings file), and how it is
read and written safely."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from hishers_cli.errors import ConfigError, ProgressError
from hishers_cli.gate import in_range
from hishers_cli.paths import config_dir

ENV_VAR = "HISHERS_WATCHED"
FILE_NAME = "progress.json"


class Progress(NamedTuple):
    watched: int
    origin: str  # "option", "environment", "saved" or "default"


def config_file(environ: Mapping[str, str] = os.environ) -> Path:
    return config_dir(environ) / FILE_NAME


def parse_watched(value: str, episode_count: int) -> int:
    """An episode number typed by the user, checked against the show."""
    text = value.strip()
    valid = f"use a whole number from 0 (nothing watched) to {episode_count}"
    if not text:
        raise ProgressError(f"progress is empty; {valid}")
    if text[0] in "+-":
        # A sign would be read as a plain number (+1 as episode 1): refused,
        # never reinterpreted.
        raise ProgressError(
            f"a number with a sign is not an episode; {valid}. To move on one episode: hishers progress next"
        )
    try:
        number = int(text, 10)
    except ValueError:
        raise ProgressError(f"{value!r} is not an episode number; {valid}") from None
    if not in_range(number, episode_count):
        raise ProgressError(f"{number} is out of range; {valid}")
    return number


def show_key(title: str) -> str:
    """A show's stable identity for its saved progress: its title, as a slug
    ("His & Hers" -> "his-hers"), so moving or renaming the file keeps it."""
    return "-".join("".join(ch if ch.isalnum() else " " for ch in title.casefold()).split()) or "show"


# Progress saved before it was kept per show belonged to the bundled show.
BUNDLED_SHOW = show_key("His & Hers")
MAX_SETTINGS_BYTES = 64 * 1024


def _fix(path: Path) -> str:
    return f"run 'hishers progress reset --all' to start again (or fix {path} by hand)"


def read_document(path: Path) -> dict[str, Any] | None:
    """The saved settings, in the current shape; None when there are none.
    Only a regular file of at most 64 KiB is read, opened without blocking,
    so a pipe, a device or a huge file is an error rather than a hang or a
    flood of memory."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError as e:
        raise ConfigError(f"cannot read saved progress {path}: {e.strerror or e}; {_fix(path)}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ConfigError(f"saved progress {path} is not a regular file; {_fix(path)}")
        if info.st_size > MAX_SETTINGS_BYTES:
            raise ConfigError(f"saved progress {path} is larger than {MAX_SETTINGS_BYTES:,} bytes; {_fix(path)}")
        raw = os.read(fd, MAX_SETTINGS_BYTES + 1)
    except OSError as e:
        raise ConfigError(f"cannot read saved progress {path}: {e.strerror or e}; {_fix(path)}") from None
    finally:
        os.close(fd)
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ConfigError(f"saved progress {path} is not valid JSON; {_fix(path)}") from None
    if isinstance(document, dict) and "shows" not in document and "watched" in document:
        # The shape before progress was kept per show: it was the bundled show's.
        document = {"version": 2, "shows": {BUNDLED_SHOW: {"watched": document["watched"]}}}
    if not (isinstance(document, dict) and isinstance(document.get("shows"), dict)):
        raise ConfigError(f"saved progress {path} is not in the expected shape; {_fix(path)}")
    return document


def load_saved(path: Path, episode_count: int, show: str = BUNDLED_SHOW) -> int | None:
    """The progress saved for one show, None when nothing is saved for it."""
    document = read_document(path)
    entry = document["shows"].get(show) if document else None
    if entry is None:
        return None
    watched = entry.get("watched") if isinstance(entry, dict) else None
    if type(watched) is not int or not in_range(watched, episode_count):
        raise ConfigError(
            f"saved progress {path} does not hold an episode number from 0 to {episode_count} for this show; "
            f"run 'hishers progress reset' to start this show again (or fix the file by hand)"
        )
    return watched


def save(path: Path, watched: int, show: str = BUNDLED_SHOW, title: str | None = None) -> None:
    """Save one show's progress, keeping every other show's. The file is
    written atomically (a temp file beside it, flushed to disk, then renamed
    over it), so it is never torn; a link (a dotfiles checkout) is written
    through to the file it points at, and stays a link."""
    try:
        document = read_document(path) or {}
    except ConfigError:
        document = {}  # unreadable settings are replaced, as the error said
    shows = dict(document.get("shows", {}))
    shows[show] = {"watched": watched, **({"title": title} if title else {})}
    _write(path, {"version": 2, "shows": shows})


def reset(path: Path, show: str = BUNDLED_SHOW, all_shows: bool = False) -> bool:
    """Forget one show's saved progress (or every show's); True when there
    was something to forget."""
    if all_shows:
        try:
            os.unlink(os.path.realpath(path))
        except FileNotFoundError:
            return False
        except OSError as e:
            raise ConfigError(f"cannot remove {path}: {e.strerror or e}") from None
        return True
    document = read_document(path)
    if not document or show not in document["shows"]:
        return False
    shows = {key: value for key, value in document["shows"].items() if key != show}
    _write(path, {"version": 2, "shows": shows})
    return True


def _write(path: Path, document: dict[str, Any]) -> None:
    import tempfile

    target = Path(os.path.realpath(path))
    data = json.dumps(document, indent=2).encode() + b"\n"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as e:
        raise ConfigError(f"cannot save progress to {path}: {e.strerror or e}") from None


def resolve(
    option: str | None,
    episode_count: int,
    environ: Mapping[str, str] = os.environ,
    show: str = BUNDLED_SHOW,
) -> Progress:
    """Progress for this call: option > environment variable > saved > 0."""
    if option is not None:
        try:
            return Progress(parse_watched(option, episode_count), "option")
        except ProgressError as e:
            raise ProgressError(str(e), "'--watched'") from None
    if ENV_VAR in environ:
        try:
            return Progress(parse_watched(environ[ENV_VAR], episode_count), "environment")
        except ProgressError as e:
            raise ProgressError(str(e), ENV_VAR) from None
    saved = load_saved(config_file(environ), episode_count, show)
    if saved is not None:
        return Progress(saved, "saved")
    return Progress(0, "default")
