"""The viewer's progress ("watched up to episode N"): where it comes from,
where it is saved, and how it is written safely."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

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
        raise ProgressError(f"a number with a sign is not an episode; {valid} (one more: hishers progress next)")
    try:
        number = int(text, 10)
    except ValueError:
        raise ProgressError(f"{value!r} is not an episode number; {valid}") from None
    if not in_range(number, episode_count):
        raise ProgressError(f"{number} is out of range; {valid}")
    return number


def load_saved(path: Path, episode_count: int) -> int | None:
    """The saved progress, None when nothing is saved."""
    fix = f"run 'hishers progress reset' to start again (or fix {path} by hand)"
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as e:
        raise ConfigError(f"cannot read saved progress {path}: {e.strerror or e}; {fix}") from None
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ConfigError(f"saved progress {path} is not valid JSON; {fix}") from None
    watched = document.get("watched") if isinstance(document, dict) else None
    if type(watched) is not int or not in_range(watched, episode_count):
        raise ConfigError(f"saved progress {path} does not hold an episode number from 0 to {episode_count}; {fix}")
    return watched


def save(path: Path, watched: int) -> None:
    """Write the progress atomically: a temp file in the same folder, flushed
    to disk, then renamed over the old one, so the file is never torn."""
    import tempfile

    data = json.dumps({"watched": watched}).encode() + b"\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as e:
        raise ConfigError(f"cannot save progress to {path}: {e.strerror or e}") from None


def reset(path: Path) -> bool:
    """Forget the saved progress; True when there was something to forget."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as e:
        raise ConfigError(f"cannot remove {path}: {e.strerror or e}") from None
    return True


def resolve(
    option: str | None,
    episode_count: int,
    environ: Mapping[str, str] = os.environ,
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
    saved = load_saved(config_file(environ), episode_count)
    if saved is not None:
        return Progress(saved, "saved")
    return Progress(0, "default")
