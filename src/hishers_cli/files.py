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
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

TEMP_SUFFIX = ".tmp"

PRIVATE = 0o600
PUBLIC = 0o644


class UnsafeFile(OSError):
    """A file hishers will not write: not a regular file, or not its own."""


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
        return target
    if not stat.S_ISREG(info.st_mode):
        raise UnsafeFile(f"{path} is not a regular file" + (f" (it points to {target})" if target != path else ""))
    return target


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
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    remove_litter(target, litter_age)
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(target), suffix=TEMP_SUFFIX, dir=folder)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if replace:
            os.replace(tmp, target)
        else:
            os.link(tmp, target)  # fails if the name was taken meanwhile
            os.unlink(tmp)
        _sync_folder(folder)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def remove_litter(target: Path, older_than: float = 0.0) -> None:
    """Remove temp files a killed writer left beside `target`."""
    cutoff = time.time() - older_than
    prefix = temp_prefix(target)
    with contextlib.suppress(OSError), os.scandir(target.parent) as entries:
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

    target.parent.mkdir(parents=True, exist_ok=True)
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
