"""The one safe writer. Every file hishers writes (settings, notes, the cache,
exported pages) goes through `write_atomic`: a temp file created exclusively
in the target's own folder, written, flushed and fsynced, then renamed over
the target, so a reader sees the old file or the new one and never a torn
one. `locked` serialises a read-modify-write between processes: one lock per
real file, beside the file a link leads to, so two names for one file (two
data folders linking to one dotfiles copy) share it. A writer that cannot
have the lock soon says so on stderr and gives up after `LOCK_PATIENCE`
seconds (`Busy`), having written nothing.

Each temp file's name carries its writer's process id. A temp file is litter,
removed by a later write, only when it is provably abandoned: older than a
bound, or its writer is no longer running; a live writer's is never touched.

Locks use `fcntl.flock` rather than the filelock package: the lock file is
opened without following a link and without truncation, checked to be a
regular file, and the wait says once on stderr why it is waiting.

This module knows nothing of what the files hold: callers decide whether an
existing file is theirs to replace (`regular_target` helps them look, and
refuses a file of another user)."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

TEMP_SUFFIX = ".tmp"
# A temp file younger than this whose writer may still run is never removed.
ABANDONED_AFTER = 60 * 60
# How long a writer waits for another's lock before it says so, and in all.
NOTICE_AFTER = 1.0
LOCK_PATIENCE = 10.0
# The longest file name most file systems take, in bytes.
NAME_MAX = 255

PRIVATE = 0o600
PUBLIC = 0o644


class UnsafeFile(OSError):
    """A file hishers will not write: not a regular file, or not its own."""


class NotRegular(UnsafeFile):
    """What is at a path (or a link's target) is not a regular file."""

    def __init__(self, path: Path, mode: int):
        super().__init__(unsafe(path, mode))


class Dangling(UnsafeFile):
    """A link to a file that does not exist: hishers does not create it."""


class NotOwned(UnsafeFile):
    """The file belongs to another user: replacing it would take it from them."""


class NotAFolder(OSError):
    """Something other than a folder stands where a file's folder must be."""

    def __init__(self, folder: Path, mode: int):
        super().__init__(f"{folder} is {kind(mode)}, not a folder")
        self.folder = folder


def check_folders(path: Path) -> None:
    """Refuse (NotAFolder) a `path` one of whose folders is a file: the
    first one that exists and is not a folder (after links) is named."""
    for folder in reversed(Path(os.path.abspath(path)).parents):
        try:
            info = os.stat(folder)
        except FileNotFoundError:
            return
        except OSError:
            continue
        if not stat.S_ISDIR(info.st_mode):
            raise NotAFolder(folder, info.st_mode)


class TooLarge(OSError):
    """A file larger than its reader takes."""


class Busy(OSError):
    """Another process held the lock for longer than a writer waits."""


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
    except NotADirectoryError:
        check_folders(path)
        raise
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


def bounded(name: str, suffix: str = "", limit: int = NAME_MAX) -> str:
    """`name` + `suffix` as a file name of at most `limit` bytes: a name too
    long keeps its start and gains a hash of the whole, so two long names
    stay two files."""
    whole = name + suffix
    if len(whole.encode("utf-8", "surrogateescape")) <= limit:
        return whole
    import hashlib

    digest = hashlib.blake2b(name.encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()
    room = limit - len(suffix.encode()) - len(digest) - 1
    start = name.encode("utf-8", "surrogateescape")[: max(room, 0)].decode("utf-8", "ignore")
    return f"{start}-{digest}{suffix}"


def version(path: Path) -> tuple[int, ...] | None:
    """What tells one version of the file at `path` (or a link's target)
    from another: a write by the one writer always makes a new file."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def temp_prefix(target: Path) -> str:
    # Room for the writer's id, mkstemp's eight characters and the suffix.
    return f".{bounded(target.name, limit=NAME_MAX - 40)}."


def lock_file(target: Path) -> Path:
    """The lock of the real file `target`, beside it."""
    return target.with_name(f".{bounded(target.name, '.lock', NAME_MAX - 1)}")


def regular_target(path: Path) -> Path:
    """Where writing `path` lands: the path itself, or the file a link at
    `path` points to. Refused (UnsafeFile) when that is anything but a
    regular file of this user or a name not taken yet: a device, a FIFO, a
    folder, a socket, or a link to a file that does not exist (`Dangling`:
    creating it would make a file wherever the link says)."""
    target = Path(os.path.realpath(path))
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        if not os.path.islink(path):
            return target
        if not target.parent.is_dir():
            raise UnsafeFile(f"{path} points to {target}, in a folder that does not exist") from None
        # Nothing there is hishers' own yet: a file is never created through a link.
        raise Dangling(
            f"{path} is a link to {target}, which does not exist; hishers creates a file only in its own "
            f"folder, never through a link. Point the link at an existing file, or remove it (rm {path})"
        ) from None
    if not stat.S_ISREG(info.st_mode):
        raise UnsafeFile(unsafe(path, info.st_mode))
    if info.st_uid != os.geteuid():
        shown = path if Path(os.path.abspath(path)) == target else f"{path} (a link to {target})"
        raise NotOwned(f"{shown} belongs to another user; hishers replaces only its own user's files")
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
    litter_age: float = ABANDONED_AFTER,
) -> None:
    """Write `data` to `target` whole or not at all. `target` must already be
    resolved (see `regular_target`); the temp file is made beside it with
    O_EXCL (so a planted link or file at a temp name is never opened), with
    `mode` from the start. With `replace` False an existing `target` is never
    overwritten (FileExistsError). Temp files that an earlier writer left for
    this target are removed first when abandoned: older than `litter_age`
    seconds, or left by a process that is no longer running."""
    write_all([(target, data)], mode, replace, litter_age)


def write_all(
    writes: Sequence[tuple[Path, bytes]],
    mode: int = PRIVATE,
    replace: bool = True,
    litter_age: float = ABANDONED_AFTER,
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


def add_line(path: Path, line: str, limit: int) -> bool:
    """Add `line` at the end of the user's own text file at `path` (a shell's
    start-up file), unless it holds the line already; whether it was added.
    The file is appended to, never rewritten, so what is in it stays as it
    was (its links, owner and mode included), and it is refused as
    `regular_target` refuses a file; one of more than `limit` bytes is left
    alone (TooLarge). No lock file is made: it would be left beside the
    user's own file, and one line appended in one write needs none."""
    target = regular_target(path)
    raw = read_regular(target, limit) or b""
    if line.encode() in raw.splitlines():
        return False
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(target, flags, PUBLIC)
    try:
        os.write(fd, (b"\n" if raw and not raw.endswith(b"\n") else b"") + line.encode() + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)
    return True


def _stage(target: Path, data: bytes, mode: int, litter_age: float) -> Path:
    """A temp file beside `target` holding `data`, on disk."""
    folder = target.parent
    # A folder made for private files is private too.
    folder.mkdir(parents=True, exist_ok=True, mode=0o700 if mode & 0o077 == 0 else 0o777)
    remove_litter(target, litter_age)
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f"{temp_prefix(target)}{os.getpid()}.", suffix=TEMP_SUFFIX, dir=folder)
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


def remove_litter(target: Path, older_than: float = ABANDONED_AFTER) -> None:
    """Remove the temp files earlier writers abandoned beside `target`."""
    sweep(target.parent, temp_prefix(target), older_than)


# How a temp file's name ends: its writer's id and mkstemp's characters.
_WRITER = re.compile(r"(?:^|\.)(\d+)\.[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX) + "$")


def sweep(folder: Path, prefix: str, older_than: float = ABANDONED_AFTER) -> None:
    """Remove abandoned temp files (regular files named `prefix`...`.tmp`)
    in `folder`: older than `older_than` seconds, or named for a writer
    that is no longer running. A live writer's temp file is never removed."""
    cutoff = time.time() - older_than
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith(prefix) and entry.name.endswith(TEMP_SUFFIX):
                with contextlib.suppress(OSError):
                    info = entry.stat(follow_symlinks=False)
                    if stat.S_ISREG(info.st_mode) and (info.st_mtime <= cutoff or _gone(entry.name[len(prefix) :])):
                        os.unlink(entry.path)


def _gone(rest: str) -> bool:
    """Whether the writer a temp file is named for (`rest`: what follows
    its prefix) is provably no longer running on this machine."""
    written = _WRITER.search(rest)
    if written is None:
        return False
    pid = int(written.group(1))
    if pid == os.getpid() or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # running, as another user
        return False
    return False


def tell(line: str) -> None:
    """A line on stderr, its control characters shown, if stderr takes it."""
    from hishers_cli.controls import visible

    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.write(visible(line) + "\n")
        sys.stderr.flush()


@contextlib.contextmanager
def locked(path: Path, notice: Callable[[str], None] = tell) -> Iterator[Path]:
    """Hold the lock of the real file `path` names (a link's target, see
    `regular_target`) for a read-modify-write, and give that file's path.
    The lock file sits beside the real file (private, never opened through
    a link). A lock held by another process is waited for: after
    `NOTICE_AFTER` seconds `notice` is told, and after `LOCK_PATIENCE` the
    wait ends with `Busy`."""
    while True:
        check_folders(path)
        target = regular_target(path)
        check_folders(target)
        with _flock(lock_file(target), path, notice):
            # A link changed while this waited leads to another file: lock that one.
            if regular_target(path) == target:
                yield target
                return


@contextlib.contextmanager
def _flock(lock: Path, path: Path, notice: Callable[[str], None]) -> Iterator[None]:
    import fcntl

    lock.parent.mkdir(parents=True, exist_ok=True, mode=0o700)  # a folder made for locked files is private
    fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), PRIVATE)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UnsafeFile(f"{lock} is not a regular file")
        start = time.monotonic()
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                waited = time.monotonic() - start
                if waited >= LOCK_PATIENCE:
                    raise Busy(
                        f"another hishers has been writing {path} for {LOCK_PATIENCE:g} seconds "
                        "(or one was stopped, as with Ctrl-Z); nothing was written. Try again once it has finished"
                    ) from None
                if waited >= NOTICE_AFTER and not told:
                    notice(f"Waiting: another hishers is writing {path}.")
                    told = True
                time.sleep(min(0.05, LOCK_PATIENCE - waited))
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
