"""A parsed copy of each dataset in the user cache dir.

Parsing and checking YAML is the slow part of a run; a dataset that has not
changed since it was last read is loaded from a compact `marshal` copy
instead. The copy holds the whole dataset exactly as parsed (before any
gating), so using it can never change what the gate shows. It is keyed by the
file's path, size, mtime and content checksum, the package version and the
Python version; anything that does not match, or does not read back cleanly,
is ignored and rebuilt.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
import zlib
from pathlib import Path
from typing import Any

from hishers_cli import __version__
from hishers_cli.model import (
    Account,
    Alias,
    BioStage,
    BookDifference,
    Casting,
    Character,
    Credit,
    Dataset,
    EndingPoint,
    Episode,
    Event,
    Relationship,
    SeriesFact,
    Source,
    Summary,
)
from hishers_cli.paths import cache_dir

FORMAT = 1

Key = tuple[str, int, int, int]  # resolved path, size, mtime_ns, crc32 of the content


def key(path: Path, size: int, mtime_ns: int, content: bytes) -> Key:
    return (str(path.resolve()), size, mtime_ns, zlib.crc32(content))


def _file(k: Key, root: Path) -> Path:
    return root / f"dataset-{zlib.crc32(k[0].encode('utf-8', 'surrogateescape')):08x}.marshal"


def _header(k: Key) -> tuple[Any, ...]:
    return ("hishers", FORMAT, __version__, sys.version_info[:2], *k)


def read(k: Key, root: Path | None = None) -> Dataset | None:
    """The cached dataset for this key, or None when there is no usable copy."""
    try:
        with open(_file(k, root or cache_dir()), "rb") as f:
            stored = marshal.loads(f.read())
        header, data = stored
        if header != _header(k):
            return None
        return rebuild(data)
    except Exception:  # a missing, corrupt, truncated or foreign file is a miss
        return None


def write(k: Key, dataset: Dataset, root: Path | None = None) -> None:
    """Store a parsed dataset; a cache that cannot be written is skipped."""
    target = _file(k, root or cache_dir())
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as f:
            f.write(marshal.dumps((_header(k), flatten(dataset))))
        os.replace(tmp, target)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):
            tmp.unlink()


def flatten(dataset: Dataset) -> tuple[Any, ...]:
    """The dataset as plain nested tuples, which marshal can store: records
    are named tuples, and marshal takes only plain ones. `rebuild` is the
    inverse."""

    def flat(records: tuple[tuple[Any, ...], ...]) -> tuple[tuple[Any, ...], ...]:
        return tuple(map(tuple, records))

    d = dataset
    return (
        d.title,
        d.episode_count,
        flat(d.sources),
        flat(d.facts),
        flat(d.credits),
        tuple((*e[:5], tuple(e.summary) if e.summary else None, e.appearances) for e in d.episodes),
        tuple((*c[:4], flat(c.cast), flat(c.bio), flat(c.aliases), c.note) for c in d.characters),
        flat(d.relationships),
        tuple((*p[:3], flat(p.accounts), p.agree) for p in d.ending),
        flat(d.book_differences),
        flat(d.events),
    )


def rebuild(data: Any) -> Dataset:
    """The inverse of `flatten` for a Dataset."""
    title, count, sources, facts, credits, episodes, characters, relationships, ending, book, events = data
    return Dataset(
        title,
        count,
        tuple(Source(*s) for s in sources),
        tuple(SeriesFact(*f) for f in facts),
        tuple(Credit(*c) for c in credits),
        tuple(
            Episode(number, title, runtime, known_from, cited, Summary(*summary) if summary else None, appearances)
            for number, title, runtime, known_from, cited, summary, appearances in episodes
        ),
        tuple(
            Character(
                id,
                name,
                known_from,
                cited,
                tuple(Casting(*k) for k in cast),
                tuple(BioStage(*b) for b in bio),
                tuple(Alias(*a) for a in aliases),
                note,
            )
            for id, name, known_from, cited, cast, bio, aliases, note in characters
        ),
        tuple(Relationship(*r) for r in relationships),
        tuple(
            EndingPoint(topic, question, known_from, tuple(Account(*a) for a in accounts), agree)
            for topic, question, known_from, accounts, agree in ending
        ),
        tuple(BookDifference(*d) for d in book),
        tuple(Event(*ev) for ev in events),
    )
