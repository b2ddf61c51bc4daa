"""The one safe writer. Every file hishers writes (settings, notes, the cache,
exported pages) goes through `write_atomic`: a temp file created exclusively
in the target's own folder, written, flushed and fsynced, then renamed over
the target, so a reader sees the old file or the new one and never a torn
one. `locked` serialises a read-modify-write between processes.

This module knows nothing of what the files hold: callers decide whether an
existing file is theirs to replace (`regular_target` helps them look)."""

from __future__ import annotations

import contextlib
import os
import stat
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

TEMP_SUFFIX = ".tmp"

PRIVATE = 0o600
PUBLIC = 0o644


class UnsafeFile(OSError):
    """A file hishers will not write: not a regular file, or not its own."""


class NotRegular(UnsafeFile):
    """What is at a path (or a link's target) is not a regular file."""

    def __init__(self, path: Path, mode: int):
        super().__init__(unsafe(path, mode))


class TooLarge(OSError):
    """A file larger than its reader takes."""


def read_regular(path: Path, limit: int) -> bytes | None:
    """The bytes of the regular file at `path` (or a link's target); None
    when there is no file. Opened without blocking and checked before a byte
    is read, so a FIFO, a device or a folder (NotRegular) and a file of more
    than `limit` bytes (TooLarge) are errors, never a hang or a flood of
    memory; anything else that stops the read is an OSError."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(path, info.st_mode)
        raw = b""
        while info.st_size <= limit and len(raw) <= limit:
            chunk = os.read(fd, limit + 1 - len(raw))
            if not chunk:
                break
            raw += chunk
    finally:
        os.close(fd)
    if info.st_size > limit or len(raw) > limit:
        raise TooLarge(f"{path} is larger than {limit:,} bytes")
    return raw


def temp_prefix(target: Path) -> str:
    return f".{target.name}."


def regular_target(path: Path) -> Path:
    """Where writing `path` lands: the path itself, or the file a link at
    `path` points to. Refused (UnsafeFile) when that is anything but a
    regular file or a name not taken yet: a device, a FIFO, a folder, a
    socket or a dangling link's missing folder."""
    target = Path(os.path.realpath(path))
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        if os.path.islink(path) and not target.parent.is_dir():
            raise UnsafeFile(f"{path} points to {target}, in a folder that does not exist") from None
        return target
    if not stat.S_ISREG(info.st_mode):
        raise UnsafeFile(unsafe(path, info.st_mode))
    return target


def unsafe(path: Path, mode: int) -> str:
    """Why `path`, whose file (or link's target) has `mode`, is not written."""
    target = Path(os.path.realpath(path))
    if Path(os.path.abspath(path)) != target:
        return f"{path} points to {target}, {kind(mode)}, not a regular file"
    return f"{path} is {kind(mode)}, not a regular file"


def kind(mode: int) -> str:
    """What a file of this `st_mode` is, in a few words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a link"
    return "a regular file" if stat.S_ISREG(mode) else "not a file"


def write_atomic(
    target: Path,
    data: bytes,
    mode: int = PRIVATE,
    replace: bool = True,
    litter_age: float = 0.0,
) -> None:
    """Write `data` to `target` whole or not at all. `target` must already be
    resolved (see `regular_target`); the temp file is made beside it with
    O_EXCL (so a planted link or file at a temp name is never opened), with
    `mode` from the start. With `replace` False an existing `target` is never
    overwritten (FileExistsError). Temp files that an earlier, killed writer
    left for this target are removed first when older than `litter_age`
    seconds (0 for callers that hold the target's lock)."""
    write_all([(target, data)], mode, replace, litter_age)


def write_all(
    writes: Sequence[tuple[Path, bytes]],
    mode: int = PRIVATE,
    replace: bool = True,
    litter_age: float = 0.0,
) -> None:
    """`write_atomic` for several files at once, all or nothing as far as a
    file system allows: every file is written to its temp file and fsynced
    before any is renamed into place, so a full disk or an error on one file
    leaves every target as it was. With `replace` False the names are taken
    with hard links, and a name found taken undoes the ones already made."""
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in writes:
            staged.append((_stage(target, data, mode, litter_age), target))
        if replace:
            while staged:
                tmp, target = staged[0]
                os.replace(tmp, target)
                staged.pop(0)
        else:
            _link_all(staged)
    finally:
        for tmp, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    for folder in {target.parent for target, _ in writes}:
        _sync_folder(folder)


def _stage(target: Path, data: bytes, mode: int, litter_age: float) -> Path:
    """A temp file beside `target` holding `data`, on disk."""
    folder = target.parent
    # A folder made for private files is private too.
    folder.mkdir(parents=True, exist_ok=True, mode=0o700 if mode & 0o077 == 0 else 0o777)
    remove_litter(target, litter_age)
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(target), suffix=TEMP_SUFFIX, dir=folder)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def _link_all(staged: list[tuple[Path, Path]]) -> None:
    """Give each temp file its target's name, never replacing a file; on a
    failure, take back the names already given (only while they are still
    the files this call made)."""
    done: list[tuple[Path, Path]] = []
    try:
        for tmp, target in staged:
            os.link(tmp, target)  # fails if the name is taken
            done.append((tmp, target))
    except BaseException:
        for tmp, target in done:
            with contextlib.suppress(OSError):
                if os.path.samestat(os.lstat(tmp), os.lstat(target)):
                    os.unlink(target)
        raise


def remove_litter(target: Path, older_than: float = 0.0) -> None:
    """Remove temp files a killed writer left beside `target`."""
    sweep(target.parent, temp_prefix(target), older_than)


def sweep(folder: Path, prefix: str, older_than: float = 0.0) -> None:
    """Remove temp files (regular files named `prefix`...`.tmp`) in `folder`
    older than `older_than` seconds: the litter of writers that were killed."""
    cutoff = time.time() - older_than
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith(prefix) and entry.name.endswith(TEMP_SUFFIX):
                with contextlib.suppress(OSError):
                    info = entry.stat(follow_symlinks=False)
                    if stat.S_ISREG(info.st_mode) and info.st_mtime <= cutoff:
                        os.unlink(entry.path)


@contextlib.contextmanager
def locked(target: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on a lock file beside `target` (made
    private, never through a link) for a read-modify-write. fcntl.flock
    rather than the filelock package: stdlib, nothing to import at start-up,
    and the open is O_NOFOLLOW without truncation."""
    import fcntl

    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # a folder made for locked files is private
    lock = target.with_name(f".{target.name}.lock")
    fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), PRIVATE)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UnsafeFile(f"{lock} is not a regular file")
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing drops the lock


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every file system
    lets a folder be opened)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
