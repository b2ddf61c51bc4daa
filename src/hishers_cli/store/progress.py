"""The viewer's progress ("watched up to episode N"): where it comes from,
where it is saved (one value per show, in one settings file), and how it is
read and written safely."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, Literal, NamedTuple

from hishers_cli.errors import ConfigError, ProgressError
from hishers_cli.numbers import Unwritable, in_range, json_int, parse_watched, refuse_long
from hishers_cli.store import files
from hishers_cli.store.paths import config_dir, folder_fix

ENV_VAR = "HISHERS_WATCHED"
FILE_NAME = "progress.json"


# Where a progress came from.
Origin = Literal["option", "environment", "saved", "default"]


class Progress(NamedTuple):
    watched: int
    origin: Origin


def config_file(environ: Mapping[str, str] = os.environ) -> Path:
    return config_dir(environ) / FILE_NAME


def show_key(title: str) -> str:
    """A show's stable identity for its saved progress: its title, as a slug
    ("His & Hers" -> "his-hers"), so moving or renaming the file keeps it."""
    return "-".join("".join(ch if ch.isalnum() else " " for ch in title.casefold()).split()) or "show"


# Progress saved before it was kept per show belonged to the bundled show.
BUNDLED_SHOW = show_key("His & Hers")
MAX_SETTINGS_BYTES = 64 * 1024
VERSION = 2


class Move(NamedTuple):
    """What `progress next` did to one show's saved progress."""

    was: int
    now: int
    # Saved further on than the episode after the one given: left there.
    kept: bool = False


LEFT_ALONE = "it has been left as it is: fix it by hand, or move it aside to start again"


def _named(path: Path) -> str:
    """The settings file, and where it leads when it is a link."""
    return f"{path} (a link to {os.path.realpath(path)})" if os.path.islink(path) else str(path)


def read_settings(path: Path) -> dict[str, Any] | None:
    """The saved settings, in the current shape; None when there are none.
    Only a regular file of at most 64 KiB is read, opened without blocking,
    so a pipe, a device or a huge file is an error rather than a hang or a
    flood of memory. A file that is not hishers settings (not JSON, or JSON
    of another shape) is an error too, and the error never advises a command
    that would replace or delete it."""
    try:
        raw = files.read_regular(path, MAX_SETTINGS_BYTES)
    except files.NotRegular as e:
        raise _refused(str(e)) from None
    except files.NotAFolder as e:
        raise _no_folder(path, e) from None
    except files.TooLarge:
        raise ConfigError(
            f"saved progress {_named(path)} is larger than {MAX_SETTINGS_BYTES:,} bytes; {LEFT_ALONE}"
        ) from None
    except OSError as e:
        raise ConfigError(f"cannot read saved progress {_named(path)}: {e.strerror or e}; {LEFT_ALONE}") from None
    if raw is None:
        return None  # not saved yet (or a link to a settings file not made yet)
    import json

    try:
        settings = json.loads(raw.decode("utf-8"), parse_int=json_int)
    except json.JSONDecodeError as e:
        raise ConfigError(
            f"saved progress {_named(path)} is not valid JSON (line {e.lineno}, column {e.colno}); {LEFT_ALONE}"
        ) from None
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ConfigError(f"saved progress {_named(path)} is not valid JSON; {LEFT_ALONE}") from None
    if isinstance(settings, dict) and set(settings) == {"watched"} and type(settings["watched"]) is int:
        # The shape before progress was kept per show, exactly: it was the
        # bundled show's. Any other object is not hishers' to rewrite.
        settings = {"version": VERSION, "shows": {BUNDLED_SHOW: {"watched": settings["watched"]}}}
    if isinstance(settings, dict) and "version" in settings:
        written = settings["version"]
        if type(written) is int and written > VERSION:
            raise ConfigError(
                f"saved progress {_named(path)} was written by a newer hishers (settings version {written}; "
                f"this one reads up to {VERSION}); it has been left as it is: upgrade hishers to use it "
                "(meanwhile --watched N works)"
            )
        if type(written) is not int or written < 1:
            raise ConfigError(f"saved progress {_named(path)} does not hold hishers settings; {LEFT_ALONE}")
    if not (isinstance(settings, dict) and isinstance(settings.get("shows"), dict)):
        raise ConfigError(f"saved progress {_named(path)} does not hold hishers settings; {LEFT_ALONE}")
    return settings


def _no_folder(path: Path, error: files.NotAFolder) -> ConfigError:
    return ConfigError(
        f"saved progress {path} cannot be kept: {error}; nothing was changed. "
        f"{folder_fix(error.folder)} to save progress (meanwhile --watched N works)"
    )


def _refused(detail: str) -> ConfigError:
    return ConfigError(
        f"saved progress {detail}; hishers keeps progress only in a regular file and has left this one as it is: "
        f"move it aside to save progress (meanwhile --watched N works)"
    )


def _watched(path: Path, shows: Mapping[str, Any], show: str, episode_count: int) -> int | None:
    entry = shows.get(show)
    if entry is None:
        return None
    watched = entry.get("watched") if isinstance(entry, dict) else None
    if type(watched) is not int or not in_range(watched, episode_count):
        raise ConfigError(
            f"saved progress {path} does not hold an episode number from 0 to {episode_count} for this show; "
            f"run 'hishers progress reset' to start this show again (or fix the file by hand)"
        )
    return watched


def load_saved(path: Path, episode_count: int, show: str = BUNDLED_SHOW) -> int | None:
    """The progress saved for one show, None when nothing is saved for it."""
    settings = read_settings(path)
    return _watched(path, settings["shows"], show, episode_count) if settings else None


def save(path: Path, watched: int, show: str = BUNDLED_SHOW, title: str | None = None) -> None:
    """Save one show's progress, keeping every other show's."""

    def change(shows: dict[str, Any]) -> bool:
        shows[show] = _entry(shows.get(show), watched, title)
        return True

    _update(path, change)


def advance(
    path: Path, episode_count: int, show: str = BUNDLED_SHOW, title: str | None = None, past: int | None = None
) -> Move:
    """Move one show's saved progress (0 when none is saved) on by one
    episode, up to the last; never from an option or variable, which say
    what to read, not what was watched. Given `past` (the progress the
    full-screen app shows, wherever it came from: the viewer says they
    watched the episode after it), to the episode after `past`; never back."""
    move = Move(0, 0)

    def change(shows: dict[str, Any]) -> bool:
        nonlocal move
        was = _watched(path, shows, show, episode_count) or 0
        asked = min((was if past is None else past) + 1, episode_count)
        move = Move(was, max(was, asked), kept=was > asked)
        if move.now == was:
            return False
        shows[show] = _entry(shows.get(show), move.now, title)
        return True

    _update(path, change)
    return move


def _entry(was: Any, watched: int, title: str | None) -> dict[str, Any]:
    """A show's entry, keeping any field of the one it replaces that
    hishers does not know."""
    kept = was if isinstance(was, dict) else {}
    return {**kept, "watched": watched, **({"title": title} if title else {})}


def reset(path: Path, show: str = BUNDLED_SHOW, all_shows: bool = False) -> bool:
    """Forget one show's saved progress (or every show's); True when there
    was something to forget. Every show's goes with the settings file
    itself, or, when the file is a link (a dotfiles checkout), with every
    entry in it, so the link keeps working; only hishers settings are ever
    changed or removed."""
    if not os.path.lexists(path):
        return False
    if not all_shows:

        def change(shows: dict[str, Any]) -> bool:
            return shows.pop(show, None) is not None

        return _update(path, change)
    seen = files.version(path)
    settings = read_settings(path)  # refused before a lock file is made beside what is not hishers' settings
    if settings is None:
        return False
    with _locked(path) as target:
        if files.version(path) != seen:  # changed while this waited for the lock
            settings = read_settings(path)
        if settings is None:
            return False
        if os.path.islink(path):
            _write(path, target, {**settings, "version": VERSION, "shows": {}})
            return True
        try:
            os.unlink(target)
        except FileNotFoundError:
            return False
        except OSError as e:
            raise ConfigError(f"cannot remove {path}: {e.strerror or e}") from None
        return True


def _update(path: Path, change: Callable[[dict[str, Any]], bool]) -> bool:
    """Read, change and write the settings under their lock, so two
    processes saving two shows at once both keep theirs. `change` edits the
    shows in place and says whether there is anything to write. Settings
    that are not hishers' own (or not a regular file) are never replaced."""
    seen = files.version(path)
    settings = read_settings(path)  # refused before a lock file is made beside what is not hishers' settings
    with _locked(path) as target:
        if files.version(path) != seen:  # changed while this waited for the lock
            settings = read_settings(path)
        settings = settings or {"version": VERSION, "shows": {}}
        shows = dict(settings["shows"])
        if not change(shows):
            return False
        _write(path, target, {**settings, "version": VERSION, "shows": shows})
        return True


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[Path]:
    """The lock of the real settings file (a link's target), and its path."""
    with contextlib.ExitStack() as stack:
        try:
            target = stack.enter_context(files.locked(path))
        except files.NotAFolder as e:
            raise _no_folder(path, e) from None
        except (files.NotOwned, files.Dangling) as e:
            raise ConfigError(f"cannot save progress: saved progress {e}; nothing was saved") from None
        except files.UnsafeFile as e:
            raise _refused(str(e)) from None
        except files.Busy as e:
            raise ConfigError(f"cannot save progress: {e}") from None
        except OSError as e:
            raise ConfigError(f"cannot save progress to {path}: {e.strerror or e}") from None
        yield target


def _write(path: Path, target: Path, settings: dict[str, Any]) -> None:
    import json

    try:
        data = json.dumps(settings, indent=2, default=refuse_long).encode() + b"\n"
    except Unwritable as e:
        raise ConfigError(
            f"cannot save progress to {path}: it holds {e.number}, which hishers cannot write back as it was; "
            "nothing was saved. Fix the file by hand (meanwhile --watched N works)"
        ) from None
    if len(data) > MAX_SETTINGS_BYTES:
        # Never write what could not be read back: every later run would refuse it.
        raise ConfigError(
            f"cannot save progress to {path}: the settings would grow past {MAX_SETTINGS_BYTES:,} bytes "
            "(a show's title that long is not one to keep); nothing was saved. --watched N works meanwhile"
        )
    try:
        files.write_atomic(target, data, files.PRIVATE)
    except OSError as e:
        raise ConfigError(f"cannot save progress to {path}: {e.strerror or e}") from None


class Override(NamedTuple):
    """A progress given for reading, in place of the saved one."""

    origin: str  # "option" or "environment"
    watched: int | None  # None: not an episode number, so reading commands refuse it


def override(option: str | None, episode_count: int, environ: Mapping[str, str] = os.environ) -> Override | None:
    """The progress reading commands take instead of the saved one, when an
    option or the environment gives one. An option that is not an episode
    number is an error (it was typed for this command); a variable that is
    not one is only reported, as it may be left over from another day."""
    if option is not None:
        try:
            return Override("option", parse_watched(option, episode_count))
        except ProgressError as e:
            raise ProgressError(str(e), "'--watched'") from None
    if ENV_VAR not in environ:
        return None
    try:
        return Override("environment", parse_watched(environ[ENV_VAR], episode_count))
    except ProgressError:
        return Override("environment", None)


def current(
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
