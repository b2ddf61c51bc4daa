"""Loading a show dataset: which file, reading its bytes within limits, and
not parsing it again when it has not changed (an in-process memo and the
on-disk cache). Parsing and validation themselves are in `parse`."""

from __future__ import annotations

import os
import stat as stat_kinds
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from hishers_cli.dataset import collector
from hishers_cli.errors import DatasetError, Problem

if TYPE_CHECKING:
    from hishers_cli.dataset.model import Dataset

BUNDLED = "his-and-hers.yaml"
MAX_BYTES = 64 * 1024 * 1024


class Read(NamedTuple):
    """A dataset file's bytes, and whether it is a regular file: only a
    regular file has a stable identity (size, mtime) worth caching under."""

    raw: bytes
    regular: bool
    size: int
    mtime_ns: int


def bundled_path() -> Path:
    """Where the dataset shipped with the package lives."""
    path = Path(__file__).resolve().parents[1] / "data" / BUNDLED
    if path.is_file():
        return path
    # Running from a source checkout: the dataset sits in the top-level data/.
    return Path(__file__).resolve().parents[3] / "data" / BUNDLED


def read_bytes(path: Path) -> Read:
    """The file's bytes, or a DatasetError saying why they cannot be read.

    Nothing here waits for long. The file is opened without blocking (a FIFO
    with no writer would otherwise hold `open` forever) and checked for what
    it is: a regular file is read up to the size limit; a pipe
    (`--data /dev/stdin` after `cat show.yaml |`) is read as its bytes
    arrive, and refused when none come for PIPE_WAIT seconds; a directory
    or a device is refused."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise _unreadable(path, "no such file") from None
    except PermissionError:
        raise _unreadable(path, "permission denied") from None
    except OSError as e:
        raise _unreadable(path, e.strerror or "cannot be read") from None
    try:
        info = os.fstat(fd)
        kind = info.st_mode
        if stat_kinds.S_ISDIR(kind):
            raise _unreadable(path, "is a directory, not a dataset file")
        if stat_kinds.S_ISREG(kind):
            if info.st_size > MAX_BYTES:
                raise _unreadable(path, f"file is {info.st_size:,} bytes; the limit is {MAX_BYTES:,}")
            os.set_blocking(fd, True)
            raw = _read_all(fd, path)
        elif stat_kinds.S_ISFIFO(kind) or stat_kinds.S_ISSOCK(kind):
            raw = _read_all(fd, path, wait=PIPE_WAIT)
        else:
            raise _unreadable(path, "is a device, not a dataset file")
    except OSError as e:
        raise _unreadable(path, e.strerror or "cannot be read") from None
    finally:
        os.close(fd)
    if len(raw) > MAX_BYTES:
        raise _unreadable(path, f"file is over the limit of {MAX_BYTES:,} bytes")
    return Read(raw, stat_kinds.S_ISREG(kind), info.st_size, info.st_mtime_ns)


# How long a pipe may keep a command waiting for its next bytes. A FIFO that
# no program writes to sends none, ever.
PIPE_WAIT = 2.0


def _read_all(fd: int, path: Path, wait: float | None = None) -> bytes:
    """The bytes to the end, but no more than one past the size limit (enough
    to tell an input over it). With `wait` (a pipe, read as its bytes
    arrive), each wait for more is bounded by that many seconds."""
    if wait is not None:
        import select  # a pipe's only: a regular file is read on every run

    limit = MAX_BYTES + 1
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        if wait is not None and not select.select([fd], [], [], wait)[0]:
            what = "nothing arrived" if not chunks else "the rest did not arrive"
            raise _unreadable(path, f"a pipe, and {what} within {wait:g} seconds (is anything writing to it?)")
        try:
            chunk = os.read(fd, min(1 << 20, limit - size))
        except BlockingIOError:
            continue
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def decode(raw: bytes, path: Path) -> str:
    if b"\0" in raw:
        raise _unreadable(path, "binary file, not YAML text")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise _unreadable(path, f"not UTF-8 text (byte {e.start})") from None


def _unreadable(path: Path, message: str) -> DatasetError:
    return DatasetError([Problem(str(path), None, None, message)])


_loaded: dict[object, Dataset] = {}


def load(path: Path | str | None = None, *, use_cache: bool = True) -> Dataset:
    """Load and validate a dataset; the bundled one when no path is given.

    An unchanged regular file is not parsed again: not in this process, and
    (unless `use_cache` is False) not across runs, thanks to the on-disk
    cache. Anything else (a pipe, a device) is parsed every time and never
    cached."""
    from hishers_cli.dataset import cache

    target = Path(path) if path is not None else bundled_path()
    read = read_bytes(target)
    key = cache.key(target, read.size, read.mtime_ns, read.raw) if read.regular else None
    dataset = _loaded.get(key) if key else None
    if dataset is not None:
        return dataset
    with collector.paused():
        dataset = cache.read(key, len(read.raw)) if key and use_cache else None
        if dataset is None:
            from hishers_cli.dataset.parse import parse

            found, problems = parse(decode(read.raw, target), str(target))
            if found is None:
                raise DatasetError(problems)
            dataset = found
            if key and use_cache:
                cache.write(key, dataset)
    if key:
        _loaded[key] = dataset
    return dataset


def check(path: Path) -> tuple[Dataset | None, list[Problem]]:
    """Read a dataset file and list every problem with it, control
    characters included (a loaded dataset shows them instead)."""
    try:
        text = decode(read_bytes(path).raw, path)
    except DatasetError as e:
        return None, e.problems
    from hishers_cli.dataset.parse import parse

    return parse(text, str(path), strict=True)
