"""A parsed copy of each dataset in the user cache dir.

Parsing and checking YAML is the slow part of a run; a dataset that has not
changed since it was last read is loaded from a compact `marshal` copy
instead. The copy holds the whole dataset exactly as parsed (before any
gating), so using it can never change what the gate shows. It is keyed by the
file's path, size, mtime and a SHA-256 hash of its content, the package
version, the Python version and the shape of the record types, and carries a
SHA-256 digest of its own payload; anything that does not match, is not a
regular file of a sensible size, or whose payload has changed since it was
written, is ignored and rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import stat
import sys
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from hishers_cli import __version__
from hishers_cli.fields import fields
from hishers_cli.model import Dataset
from hishers_cli.paths import cache_dir

# Raised whenever what a cached dataset may hold changes, so copies made by an
# older reader are rebuilt (4: the reader shows control characters and
# budgets aliases by the text they expand to).
FORMAT = 4
PREFIX = "dataset-"
# Temp files older than this are left from an interrupted write.
STALE_SECONDS = 24 * 60 * 60

Key = tuple[str, int, int, str]  # resolved path, size, mtime_ns, SHA-256 of the content


def key(path: Path, size: int, mtime_ns: int, content: bytes) -> Key:
    return (str(path.resolve()), size, mtime_ns, hashlib.sha256(content).hexdigest())


def _file(k: Key, root: Path) -> Path:
    name = hashlib.blake2b(k[0].encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()
    return root / f"{PREFIX}{name}.marshal"


def _header(k: Key) -> tuple[Any, ...]:
    return ("hishers", FORMAT, __version__, sys.version_info[:2], _shape(Dataset), *k)


def read(k: Key, source_size: int, root: Path | None = None) -> Dataset | None:
    """The cached dataset for this key, or None when there is no usable copy.
    Only a regular file no larger than a few times the dataset is read; a
    pipe, a device or a link is never opened for reading, let alone waited on."""
    limit = 4 * source_size + (1 << 20)
    try:
        fd = os.open(_file(k, root or cache_dir()), os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        with os.fdopen(fd, "rb", closefd=False) as f:
            raw = f.read(limit + 1)
        if len(raw) > limit:
            return None
        header, digest, payload = marshal.loads(raw)
        if header != _header(k) or digest != _digest(payload):
            return None
        return rebuild(marshal.loads(payload))
    except Exception:  # a corrupt, truncated, foreign or ill-typed copy is a miss
        return None
    finally:
        os.close(fd)


def write(k: Key, dataset: Dataset, root: Path | None = None) -> None:
    """Store a parsed dataset; a cache that cannot be written is skipped. An
    interrupted write removes its temp file; temp files left by a process
    that was killed are removed by a later write once they are a day old."""
    target = _file(k, root or cache_dir())
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale(target.parent)
        payload = marshal.dumps(flatten(dataset))
        with open(tmp, "wb") as f:
            f.write(marshal.dumps((_header(k), _digest(payload), payload)))
        os.replace(tmp, target)
    except BaseException as e:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if not isinstance(e, (OSError, ValueError)):
            raise


def clear(root: Path | None = None) -> int:
    """Remove every cached dataset and temp file; how many files went."""
    folder = root or cache_dir()
    removed = 0
    try:
        entries = list(folder.iterdir())
    except OSError:
        return 0
    for entry in entries:
        if entry.name.startswith((PREFIX, f".{PREFIX}")):
            with contextlib.suppress(OSError):
                entry.unlink()
                removed += 1
    return removed


def _remove_stale(folder: Path) -> None:
    cutoff = time.time() - STALE_SECONDS
    for entry in folder.glob(f".{PREFIX}*.tmp"):
        with contextlib.suppress(OSError):
            if entry.lstat().st_mtime < cutoff:
                entry.unlink()


def flatten(record: Any) -> Any:
    """A record as plain nested tuples, which marshal can store (it takes no
    named tuples), in the order `fields` gives. `_rebuild` is the inverse."""
    out = []
    kind: type = type(record)
    for f, value in zip(fields(kind), record, strict=True):
        if f.kind == "record" and value is not None:
            value = flatten(value)
        elif f.kind == "records":
            value = tuple(flatten(v) for v in value)
        out.append(value)
    return tuple(out)


def _digest(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()


def rebuild(data: Any) -> Dataset:
    """The inverse of `flatten` for a Dataset."""
    dataset: Dataset = _rebuild(Dataset)(data)
    return dataset


@cache
def _shape(record: type) -> tuple[Any, ...]:
    """Field names and kinds, nested: a copy written for another shape of
    the records is not read back."""
    return tuple((f.name, f.kind, f.nullable, _shape(f.record) if f.record else None) for f in fields(record))


@cache
def _rebuild(record: type) -> Callable[[Any], Any]:
    """A function from flattened tuples back to a record. Only the fields
    that nest records need work; the payload's digest, checked before, makes
    sure every value is what `flatten` wrote."""
    nested = [(i, f.kind, f.record) for i, f in enumerate(fields(record)) if f.record is not None]
    new = tuple.__new__

    def make(values: Any) -> Any:
        return new(record, values)

    if not nested:
        return make

    def rebuild(data: Any) -> Any:
        values = list(data)
        for i, kind, inner in nested:
            value = values[i]
            if kind == "records":
                values[i] = tuple(map(_rebuild(inner), value))
            elif value is not None:
                values[i] = _rebuild(inner)(value)
        return make(values)

    return rebuild
