"""A parsed copy of each dataset in the user cache dir.

Parsing and checking YAML is the slow part of a run; a dataset that has not
changed since it was last read is loaded from a compact `marshal` copy
instead. The copy holds the whole dataset exactly as parsed (before any
gating), so using it can never change what the gate shows. It is keyed by the
file's path, size, mtime and a BLAKE2b-256 hash of its content, the package
version, the Python version and the shape of the record types, and carries a
BLAKE2b-256 digest of its own payload; anything that does not match, is not a
regular file of a sensible size, whose payload has changed since it was
written, or that holds a value the reader could not have made (a wrong type,
a stamp out of range, an unknown id), is ignored and rebuilt. Copies are
written through the one safe writer, private to the user.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import marshal
import operator
import os
import stat
import sys
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from hishers_cli import __version__
from hishers_cli.dataset.fields import Field, fields
from hishers_cli.dataset.model import CharacterIds, Choice, Dataset, NonEmpty, Series, SourceId, SourceIds, Stamp, Whole
from hishers_cli.store import files
from hishers_cli.store.paths import NoHome, cache_dir

try:
    # BLAKE2b straight from CPython's own module: `hashlib` loads OpenSSL
    # first, which costs more than the rest of reading a cached dataset.
    from _blake2 import blake2b
except ImportError:  # another Python implementation
    from hashlib import blake2b

# Raised whenever what a cached dataset may hold changes, so copies made by an
# older reader are rebuilt (4: the reader shows control characters and
# budgets aliases by the text they expand to).
FORMAT = 4
PREFIX = "dataset-"
# Temp files older than this are left from an interrupted write.
STALE_SECONDS = 24 * 60 * 60

Key = tuple[str, int, int, str]  # resolved path, size, mtime_ns, BLAKE2b-256 of the content


def key(path: Path, size: int, mtime_ns: int, content: bytes) -> Key:
    return (str(path.resolve()), size, mtime_ns, blake2b(content, digest_size=32).hexdigest())


def _file(k: Key, root: Path) -> Path:
    name = blake2b(k[0].encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()
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
    except (OSError, NoHome):  # no cache dir to be had: no copy
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
    """Store a parsed dataset, private to the user (it may hold a private
    file's text); a cache that cannot be written is skipped. An interrupted
    write removes its temp file; temp files left by a process that was killed
    are removed by a later write once they are a day old."""
    try:
        target = _file(k, root or cache_dir())
        payload = marshal.dumps(flatten(dataset))
        data = marshal.dumps((_header(k), _digest(payload), payload))
        files.sweep(target.parent, f".{PREFIX}", STALE_SECONDS)
        # The name is replaced, never followed: a link planted there is not written through.
        files.write_atomic(target, data, files.PRIVATE, litter_age=STALE_SECONDS)
    except (OSError, ValueError, NoHome):
        pass


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


def flatten(record: Any) -> Any:
    """A record as plain nested tuples, which marshal can store (it takes no
    named tuples), in the order `fields` gives. `_rebuild` is the inverse."""
    kind: type = type(record)
    nested = _nested(kind)
    if not nested:
        return tuple(record)
    out = list(record)
    for i, many in nested:
        value = out[i]
        if many:
            out[i] = tuple(map(flatten, value))
        elif value is not None:
            out[i] = flatten(value)
    return tuple(out)


@cache
def _nested(kind: type) -> tuple[tuple[int, bool], ...]:
    """Where a record type nests records: each such field's place, and
    whether it holds a list of them."""
    return tuple((i, f.kind == "records") for i, f in enumerate(fields(kind)) if f.kind in ("record", "records"))


def _digest(payload: bytes) -> str:
    return blake2b(payload, digest_size=32).hexdigest()


def rebuild(data: Any) -> Dataset:
    """The inverse of `flatten` for a Dataset, checked as the reader checks a
    file: every value of its field's type and range, every id known. A copy
    that fails (IllTyped) is not used, whoever wrote it: the gate and views
    may rely on what the reader guarantees."""
    dataset: Dataset = _rebuild(Dataset)(data)
    episodes = _SERIES_EPISODES
    if type(dataset.episode_count) is not int or not episodes.low <= dataset.episode_count <= episodes.high:
        raise IllTyped("episode_count")
    if type(dataset.sources) is not tuple or type(dataset.characters) is not tuple:
        raise IllTyped("sources or characters")
    ids = _Ids(
        dataset.episode_count,
        frozenset(getattr(s, "id", None) for s in dataset.sources),
        frozenset(getattr(c, "id", None) for c in dataset.characters),
    )
    _check(Dataset, (dataset,), ids)
    return dataset


class IllTyped(ValueError):
    """A cached copy holds a value its field cannot hold."""


class _Ids(NamedTuple):
    episode_count: int
    sources: frozenset[Any]
    characters: frozenset[Any]


_NOT_NONE = functools.partial(operator.is_not, None)
_TYPES: dict[str, type] = {"text": str, "int": int, "bool": bool, "texts": tuple, "records": tuple}
_SERIES_EPISODES: Whole = next(f for f in fields(Series) if f.name == "episodes").mark(Whole)


def _check(record: type, items: Sequence[Any], ids: _Ids) -> None:
    """Raise IllTyped unless every one of `items` is a record of this type
    holding what the reader could have made from a file, by the same field
    table. Checked a field at a time across all the records (each a column
    of values), so the loops run in C: a few milliseconds for a big show."""
    if not items:
        return
    table = fields(record)
    if set(map(type, items)) != {record} or set(map(len, items)) != {len(table)}:
        raise IllTyped(record.__name__)
    for f, column in zip(table, zip(*items, strict=True), strict=True):
        kinds = set(map(type, column))
        if type(None) in kinds:
            if not f.nullable:
                raise IllTyped(f"{record.__name__}.{f.name}")
            kinds.discard(type(None))
            column = tuple(filter(_NOT_NONE, column))
        if not column:
            continue
        if kinds != {f.record if f.kind == "record" else _TYPES[f.kind]} or not _fits(f, column, ids):
            raise IllTyped(f"{record.__name__}.{f.name}")


def _fits(f: Field, column: tuple[Any, ...], ids: _Ids) -> bool:
    """Whether a column of values, each of the field's type, is in range."""
    if f.kind == "int":
        whole = f.mark(Whole)
        low, high = (0, ids.episode_count) if f.mark(Stamp) else (whole.low, whole.high) if whole else (0, 10**9)
        return bool(low <= min(column) and max(column) <= high)
    if f.kind == "bool":
        return True
    if f.kind == "text":
        choice = f.mark(Choice)
        known: frozenset[Any] | None = frozenset(choice.words) if choice else ids.sources if f.mark(SourceId) else None
        return known is None or bool(known.issuperset(column))
    if f.kind == "record":
        assert f.record is not None
        _check(f.record, column, ids)
        return True
    sizes = set(map(len, column))
    if (f.mark(NonEmpty) or f.mark(SourceIds)) and 0 in sizes:
        return False
    items = tuple(itertools.chain.from_iterable(column))
    if f.kind == "records":
        assert f.record is not None
        _check(f.record, items, ids)
        return True
    characters = f.mark(CharacterIds)
    if characters and characters.count is not None and sizes != {characters.count}:
        return False
    if items and set(map(type, items)) != {str}:
        return False
    ids_of = ids.sources if f.mark(SourceIds) else ids.characters if characters else None
    return ids_of is None or ids_of.issuperset(items)


@cache
def _shape(record: type) -> tuple[Any, ...]:
    """Field names and kinds, nested: a copy written for another shape of
    the records is not read back."""
    return tuple((f.name, f.kind, f.nullable, _shape(f.record) if f.record else None) for f in fields(record))


@cache
def _rebuild(record: type) -> Callable[[Any], Any]:
    """A function from flattened tuples back to a record. Only the fields
    that nest records need work; `rebuild` then checks every value."""
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
