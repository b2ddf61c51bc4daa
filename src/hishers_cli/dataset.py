"""Read a show dataset (YAML) into typed records.

The file is composed into YAML nodes with a safe loader and then read field by
field against the schema, so every problem can name its file, line, column and
field. Problems are collected rather than raised one at a time, which lets
`hishers validate` list them all at once.
"""

from __future__ import annotations

import contextlib
import difflib
import gc
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from hishers_cli.errors import DatasetError, Problem
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
    Stamped,
    Summary,
)

BUNDLED = "his-and-hers.yaml"
MAX_BYTES = 64 * 1024 * 1024
MAX_PROBLEMS = 200
LANES = ("present", "past")

_T = TypeVar("_T")
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_NODE_KINDS = {"tag:yaml.org,2002:seq": "SequenceNode", "tag:yaml.org,2002:map": "MappingNode"}
_KNOWN_TAGS = {
    _STR,
    _INT,
    _NULL,
    _TIMESTAMP,
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


def bundled_path() -> Path:
    """Where the dataset shipped with the package lives."""
    path = Path(__file__).resolve().parent / "data" / BUNDLED
    if path.is_file():
        return path
    # Running from a source checkout: the dataset sits in the top-level data/.
    return Path(__file__).resolve().parents[2] / "data" / BUNDLED


def read_bytes(path: Path) -> tuple[bytes, os.stat_result]:
    """The file's bytes and its stat, or a DatasetError saying why they
    cannot be read."""
    try:
        stat = path.stat()
        if path.is_dir():
            raise _unreadable(path, "is a directory, not a dataset file")
        if stat.st_size > MAX_BYTES:
            raise _unreadable(path, f"file is {stat.st_size:,} bytes; the limit is {MAX_BYTES:,}")
        with open(path, "rb") as f:
            raw = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise _unreadable(path, "no such file") from None
    except PermissionError:
        raise _unreadable(path, "permission denied") from None
    except OSError as e:
        raise _unreadable(path, e.strerror or str(e)) from None
    if len(raw) > MAX_BYTES:
        raise _unreadable(path, f"file is over the limit of {MAX_BYTES:,} bytes")
    return raw, stat


def decode(raw: bytes, path: Path) -> str:
    if b"\0" in raw:
        raise _unreadable(path, "binary file, not YAML text")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise _unreadable(path, f"not UTF-8 text (byte {e.start})") from None


def _unreadable(path: Path, message: str) -> DatasetError:
    return DatasetError([Problem(str(path), None, None, message)])


_loaded: dict[tuple[str, int, int, int], Dataset] = {}


def load(path: Path | str | None = None, *, use_cache: bool = True) -> Dataset:
    """Load and validate a dataset; the bundled one when no path is given.

    An unchanged file is not parsed again: not in this process, and (unless
    `use_cache` is False) not across runs, thanks to the on-disk cache."""
    from hishers_cli import cache

    target = Path(path) if path is not None else bundled_path()
    raw, stat = read_bytes(target)
    key = cache.key(target, stat.st_size, stat.st_mtime_ns, raw)
    dataset = _loaded.get(key)
    if dataset is not None:
        return dataset
    with _collector_paused():
        dataset = cache.read(key) if use_cache else None
        if dataset is None:
            found, problems = parse(decode(raw, target), str(target))
            if found is None:
                raise DatasetError(problems)
            dataset = found
            if use_cache:
                cache.write(key, dataset)
        _loaded[key] = dataset
        # The records are immutable and live as long as the process: moved
        # out of the collector's sight, they are not rescanned by every later
        # collection while a command builds its output.
        gc.freeze()
    return dataset


def check(path: Path) -> tuple[Dataset | None, list[Problem]]:
    """Read a dataset file and list every problem with it."""
    try:
        text = decode(read_bytes(path)[0], path)
    except DatasetError as e:
        return None, e.problems
    return parse(text, str(path))


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Parsing makes hundreds of thousands of short-lived objects and no
    reference cycles; the cyclic collector would only rescan them, over and
    over, as they pile up."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse(text: str, origin: str) -> tuple[Dataset | None, list[Problem]]:
    """Parse dataset text; the dataset is None when any problem was found."""
    with _collector_paused():
        return _parse(text, origin)


def _parse(text: str, origin: str) -> tuple[Dataset | None, list[Problem]]:
    import yaml

    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(text, Loader=loader_class)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        message = " ".join(filter(None, [e.context, e.problem])) or "invalid YAML"
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        return None, [Problem(origin, line, column, f"YAML syntax error: {message}")]
    except yaml.YAMLError as e:
        return None, [Problem(origin, None, None, f"YAML error: {e}")]
    except RecursionError:
        return None, [Problem(origin, None, None, "YAML is nested too deeply")]
    if root is None:
        return None, [Problem(origin, None, None, "the file is empty")]
    reader = _Reader(origin, budget=len(text) + 1000)
    dataset = None
    with contextlib.suppress(_Stop):
        dataset = reader.dataset(root)
    if reader.problems or dataset is None:
        return None, reader.problems or [Problem(origin, None, None, "not a dataset")]
    return dataset, []


class _Stop(Exception):
    """Reading was cut short: too many problems, or an alias bomb."""


class _Reader:
    def __init__(self, origin: str, budget: int):
        self.origin = origin
        self.problems: list[Problem] = []
        # Each node visit costs one unit. Without aliases a file cannot hold
        # more nodes than characters, so running out means aliases are being
        # expanded far beyond the file's size.
        self.budget = budget
        self.episodes = 0
        self.source_ids: set[str] = set()

    # -- problems ---------------------------------------------------------

    def problem(self, node: Any, message: str) -> None:
        mark = getattr(node, "start_mark", None)
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        self.problems.append(Problem(self.origin, line, column, message))
        if len(self.problems) >= MAX_PROBLEMS:
            raise _Stop

    def visit(self, node: Any, where: str) -> None:
        self.budget -= 1
        if self.budget < 0:
            self.problem(node, "too many YAML nodes for the file's size (alias expansion?); refused")
            raise _Stop
        if node.tag not in _KNOWN_TAGS:
            self.problem(node, f"{where}: unsupported YAML tag {node.tag!r}; only plain YAML data is accepted")
        elif type(node).__name__ != _NODE_KINDS.get(node.tag, "ScalarNode"):
            # An explicit tag that does not fit its value, such as `!!str [a, b]`.
            self.problem(node, f"{where}: the tag {node.tag!r} does not fit this value")
            raise _Stop

    # -- shapes -----------------------------------------------------------

    def mapping(
        self, node: Any, where: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, Any] | None:
        self.visit(node, where)
        if node.tag != "tag:yaml.org,2002:map":
            self.problem(node, f"{where}: expected a mapping, got {_describe(node)}")
            return None
        fields: dict[str, Any] = {}
        allowed = required + optional
        for key_node, value_node in node.value:
            self.visit(key_node, where)
            key = key_node.value if key_node.tag == _STR else None
            if key is None:
                self.problem(key_node, f"{where}: keys must be text, got {_describe(key_node)}")
                continue
            if key in fields:
                self.problem(key_node, f"{where}: duplicate key '{key}' (YAML would keep only the last one)")
                continue
            if key not in allowed:
                near = difflib.get_close_matches(key, allowed, n=1)
                hint = f"; did you mean '{near[0]}'?" if near else f"; expected one of: {', '.join(allowed)}"
                self.problem(key_node, f"{where}: unknown key '{key}'{hint}")
                continue
            fields[key] = value_node
        for key in required:
            if key not in fields:
                self.problem(node, f"{where}: missing required field '{key}'")
        return fields

    def sequence(self, node: Any, where: str) -> list[Any]:
        self.visit(node, where)
        if node.tag != "tag:yaml.org,2002:seq":
            self.problem(node, f"{where}: expected a list, got {_describe(node)}")
            return []
        return list(node.value)

    def items(self, node: Any, where: str, read: Callable[[Any, str], _T | None]) -> tuple[_T, ...]:
        out = []
        for i, item in enumerate(self.sequence(node, where)):
            value = read(item, f"{where}[{i}]")
            if value is not None:
                out.append(value)
        return tuple(out)

    def text(self, node: Any, where: str) -> str:
        self.visit(node, where)
        if node.tag != _STR:
            self.problem(node, f"{where}: expected text, got {_describe(node)}")
            return ""
        if not node.value.strip():
            self.problem(node, f"{where}: must not be empty")
        return str(node.value)

    def optional_text(self, node: Any, where: str) -> str | None:
        if node is None or node.tag == _NULL:
            return None
        return self.text(node, where)

    def integer(self, node: Any, where: str, low: int, high: int) -> int:
        self.visit(node, where)
        if node.tag != _INT:
            self.problem(node, f"{where}: expected a whole number, got {_describe(node)}")
            return low
        try:
            value = int(node.value.replace("_", ""), 0)
        except ValueError:
            self.problem(node, f"{where}: expected a whole number, got {node.value!r}")
            return low
        if not low <= value <= high:
            self.problem(node, f"{where}: {value} is out of range ({low} to {high})")
            return low
        return value

    def stamp(self, node: Any, where: str) -> int:
        return self.integer(node, where, 0, self.episodes)

    def texts(self, node: Any, where: str) -> tuple[str, ...]:
        return tuple(self.text(item, f"{where}[{i}]") for i, item in enumerate(self.sequence(node, where)))

    def sources(self, node: Any, where: str) -> tuple[str, ...]:
        ids = self.texts(node, where)
        if not ids:
            self.problem(node, f"{where}: every record must name at least one source")
        for i, id in enumerate(ids):
            if id and id not in self.source_ids:
                self.problem(node.value[i], f"{where}: unknown source '{id}'{_suggest(id, self.source_ids)}")
        return ids

    # -- records ----------------------------------------------------------

    def dataset(self, root: Any) -> Dataset | None:
        top = self.mapping(
            root,
            "dataset",
            ("schema", "sources", "series", "episodes", "characters"),
            ("relationships", "ending", "book_differences", "events"),
        )
        if top is None:
            raise _Stop
        if "schema" in top:
            self.integer(top["schema"], "schema", 1, 1)
        series = self.mapping(top.get("series", root), "series", ("title", "episodes"), ("facts", "credits"))
        if series is None or "episodes" not in series:
            raise _Stop
        self.episodes = self.integer(series["episodes"], "series.episodes", 1, 10_000)
        sources = self.items(top["sources"], "sources", self.source) if "sources" in top else ()
        self.source_ids = {s.id for s in sources}
        self.unique([s.id for s in sources], top.get("sources"), "sources", "source id")
        title = self.text(series["title"], "series.title") if "title" in series else ""
        facts = self.items(series["facts"], "series.facts", self.series_fact) if "facts" in series else ()
        credits = self.items(series["credits"], "series.credits", self.credit) if "credits" in series else ()
        episodes = self.items(top["episodes"], "episodes", self.episode) if "episodes" in top else ()
        characters = self.items(top["characters"], "characters", self.character) if "characters" in top else ()
        relationships = (
            self.items(top["relationships"], "relationships", self.relationship) if "relationships" in top else ()
        )
        ending = self.items(top["ending"], "ending", self.ending_point) if "ending" in top else ()
        book = (
            self.items(top["book_differences"], "book_differences", self.book_difference)
            if "book_differences" in top
            else ()
        )
        events = self.items(top["events"], "events", self.event) if "events" in top else ()
        dataset = Dataset(
            title=title,
            episode_count=self.episodes,
            sources=sources,
            facts=facts,
            credits=credits,
            episodes=tuple(sorted(episodes, key=lambda e: e.number)),
            characters=characters,
            relationships=relationships,
            ending=ending,
            book_differences=book,
            events=tuple(sorted(events, key=lambda e: (e.lane, e.order))),
        )
        self.cross_check(dataset, episodes, top)
        return dataset

    def unique(self, values: list[str], node: Any, where: str, what: str) -> None:
        seen: set[str] = set()
        for value in values:
            if value in seen:
                self.problem(node, f"{where}: duplicate {what} '{value}'")
            seen.add(value)

    def source(self, node: Any, where: str) -> Source | None:
        f = self.mapping(node, where, ("id", "title", "file"), ("date", "note"))
        if f is None:
            return None
        date = None
        if "date" in f and f["date"].tag != _NULL:
            self.visit(f["date"], f"{where}.date")
            if f["date"].tag not in (_TIMESTAMP, _STR):
                self.problem(f["date"], f"{where}.date: expected a date like 2026-01-08, got {_describe(f['date'])}")
            date = str(f["date"].value)
        return Source(
            id=self.text(f["id"], f"{where}.id") if "id" in f else "",
            title=self.text(f["title"], f"{where}.title") if "title" in f else "",
            date=date,
            file=self.text(f["file"], f"{where}.file") if "file" in f else "",
            note=self.optional_text(f.get("note"), f"{where}.note"),
        )

    def stamped(
        self, node: Any, where: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> tuple[dict[str, Any], int, tuple[str, ...]] | None:
        """A mapping that carries `known_from` and `sources`."""
        f = self.mapping(node, where, (*required, "known_from", "sources"), optional)
        if f is None:
            return None
        known_from = self.stamp(f["known_from"], f"{where}.known_from") if "known_from" in f else 0
        sources = self.sources(f["sources"], f"{where}.sources") if "sources" in f else ()
        return f, known_from, sources

    def series_fact(self, node: Any, where: str) -> SeriesFact | None:
        got = self.stamped(node, where, ("topic", "text"))
        if got is None:
            return None
        f, known_from, sources = got
        return SeriesFact(self.field_text(f, "topic", where), self.field_text(f, "text", where), known_from, sources)

    def credit(self, node: Any, where: str) -> Credit | None:
        got = self.stamped(node, where, ("name", "roles"))
        if got is None:
            return None
        f, known_from, sources = got
        roles = self.texts(f["roles"], f"{where}.roles") if "roles" in f else ()
        return Credit(self.field_text(f, "name", where), roles, known_from, sources)

    def episode(self, node: Any, where: str) -> Episode | None:
        got = self.stamped(node, where, ("number",), ("title", "runtime_minutes", "summary", "appearances"))
        if got is None:
            return None
        f, known_from, sources = got
        number = self.integer(f["number"], f"{where}.number", 1, self.episodes) if "number" in f else 0
        runtime = None
        if "runtime_minutes" in f and f["runtime_minutes"].tag != _NULL:
            runtime = self.integer(f["runtime_minutes"], f"{where}.runtime_minutes", 1, 10_000)
        summary = None
        if "summary" in f and f["summary"].tag != _NULL:
            got_summary = self.stamped(f["summary"], f"{where}.summary", ("text",))
            if got_summary is not None:
                fs, summary_from, summary_sources = got_summary
                summary = Summary(self.field_text(fs, "text", f"{where}.summary"), summary_from, summary_sources)
        appearances = self.texts(f["appearances"], f"{where}.appearances") if "appearances" in f else ()
        return Episode(
            number=number,
            title=self.optional_text(f.get("title"), f"{where}.title"),
            runtime_minutes=runtime,
            known_from=known_from,
            sources=sources,
            summary=summary,
            appearances=appearances,
        )

    def character(self, node: Any, where: str) -> Character | None:
        got = self.stamped(node, where, ("id", "name"), ("cast", "bio", "aliases", "note"))
        if got is None:
            return None
        f, known_from, sources = got
        return Character(
            id=self.field_text(f, "id", where),
            name=self.field_text(f, "name", where),
            known_from=known_from,
            sources=sources,
            cast=self.items(f["cast"], f"{where}.cast", self.casting) if "cast" in f else (),
            bio=self.items(f["bio"], f"{where}.bio", self.bio_stage) if "bio" in f else (),
            aliases=self.items(f["aliases"], f"{where}.aliases", self.alias) if "aliases" in f else (),
            note=self.optional_text(f.get("note"), f"{where}.note"),
        )

    def casting(self, node: Any, where: str) -> Casting | None:
        got = self.stamped(node, where, ("actor",), ("known_for", "part"))
        if got is None:
            return None
        f, known_from, sources = got
        return Casting(
            actor=self.field_text(f, "actor", where),
            known_from=known_from,
            sources=sources,
            known_for=self.texts(f["known_for"], f"{where}.known_for") if "known_for" in f else (),
            part=self.optional_text(f.get("part"), f"{where}.part"),
        )

    def bio_stage(self, node: Any, where: str) -> BioStage | None:
        got = self.stamped(node, where, ("text",))
        if got is None:
            return None
        f, known_from, sources = got
        return BioStage(self.field_text(f, "text", where), known_from, sources)

    def alias(self, node: Any, where: str) -> Alias | None:
        got = self.stamped(node, where, ("name",))
        if got is None:
            return None
        f, known_from, sources = got
        return Alias(self.field_text(f, "name", where), known_from, sources)

    def relationship(self, node: Any, where: str) -> Relationship | None:
        got = self.stamped(node, where, ("between", "kind", "text"))
        if got is None:
            return None
        f, known_from, sources = got
        between = self.texts(f["between"], f"{where}.between") if "between" in f else ()
        if len(between) != 2:
            self.problem(f.get("between", node), f"{where}.between: expected two character ids, got {len(between)}")
            return None
        return Relationship(
            between=(between[0], between[1]),
            kind=self.field_text(f, "kind", where),
            text=self.field_text(f, "text", where),
            known_from=known_from,
            sources=sources,
        )

    def ending_point(self, node: Any, where: str) -> EndingPoint | None:
        f = self.mapping(node, where, ("topic", "question", "known_from", "accounts"), ("agree",))
        if f is None:
            return None
        agree = None
        if "agree" in f and f["agree"].tag != _NULL:
            self.visit(f["agree"], f"{where}.agree")
            if f["agree"].tag != "tag:yaml.org,2002:bool":
                self.problem(f["agree"], f"{where}.agree: expected true or false, got {_describe(f['agree'])}")
            else:
                agree = f["agree"].value.lower() in ("true", "yes", "on", "y")
        accounts = self.items(f["accounts"], f"{where}.accounts", self.account) if "accounts" in f else ()
        if "accounts" in f and not accounts:
            self.problem(f["accounts"], f"{where}.accounts: every ending point needs at least one account")
        return EndingPoint(
            topic=self.field_text(f, "topic", where),
            question=self.field_text(f, "question", where),
            known_from=self.stamp(f["known_from"], f"{where}.known_from") if "known_from" in f else 0,
            accounts=accounts,
            agree=agree,
        )

    def account(self, node: Any, where: str) -> Account | None:
        f = self.mapping(node, where, ("source", "text"))
        if f is None:
            return None
        source = self.field_text(f, "source", where)
        if source and source not in self.source_ids:
            self.problem(f["source"], f"{where}.source: unknown source '{source}'{_suggest(source, self.source_ids)}")
        return Account(source, self.field_text(f, "text", where))

    def book_difference(self, node: Any, where: str) -> BookDifference | None:
        got = self.stamped(node, where, ("topic", "text"))
        if got is None:
            return None
        f, known_from, sources = got
        return BookDifference(
            self.field_text(f, "topic", where), self.field_text(f, "text", where), known_from, sources
        )

    def event(self, node: Any, where: str) -> Event | None:
        got = self.stamped(node, where, ("lane", "order", "text"))
        if got is None:
            return None
        f, known_from, sources = got
        lane = self.field_text(f, "lane", where)
        if lane and lane not in LANES:
            self.problem(f["lane"], f"{where}.lane: expected one of {', '.join(LANES)}, got {lane!r}")
        order = self.integer(f["order"], f"{where}.order", 0, 10**9) if "order" in f else 0
        return Event(lane, order, self.field_text(f, "text", where), known_from, sources)

    def field_text(self, fields: dict[str, Any], key: str, where: str) -> str:
        return self.text(fields[key], f"{where}.{key}") if key in fields else ""

    # -- references and stamps across records ------------------------------

    def cross_check(self, dataset: Dataset, episodes: tuple[Episode, ...], top: dict[str, Any]) -> None:
        """Check ids, references and stamp order; `episodes` is in file order."""

        def nodes(key: str) -> list[Any]:
            node = top.get(key)
            return list(node.value) if node is not None and node.tag.endswith(":seq") else []

        def at(found: list[Any], i: int) -> Any:
            return found[i] if i < len(found) else top.get("characters")

        known = {c.id: c.known_from for c in dataset.characters}
        self.unique([c.id for c in dataset.characters], top.get("characters"), "characters", "character id")
        numbers = [e.number for e in episodes]
        self.unique([str(n) for n in numbers], top.get("episodes"), "episodes", "episode number")
        missing = sorted(set(range(1, dataset.episode_count + 1)) - set(numbers))
        if missing:
            listed = ", ".join(map(str, missing))
            self.problem(
                top.get("episodes"),
                f"episodes: series.episodes is {dataset.episode_count} but episode(s) {listed} are missing",
            )
        episode_nodes = nodes("episodes")
        for i, episode in enumerate(episodes):
            node, where = at(episode_nodes, i), f"episodes[{i}]"
            if episode.summary and episode.summary.known_from < episode.number:
                self.problem(
                    node, f"{where}.summary: stamped {episode.summary.known_from}, before episode {episode.number}"
                )
            for id in episode.appearances:
                if id not in known:
                    self.problem(node, f"{where}.appearances: unknown character '{id}'{_suggest(id, known)}")
                elif known[id] > episode.number:
                    self.problem(node, f"{where}.appearances: '{id}' is stamped {known[id]}, after this episode")
        character_nodes = nodes("characters")
        for i, c in enumerate(dataset.characters):
            stages: list[tuple[str, Stamped]] = [("bio", b) for b in c.bio] + [("aliases", a) for a in c.aliases]
            for part, record in stages:
                if record.known_from < c.known_from:
                    self.problem(
                        at(character_nodes, i),
                        f"characters[{i}].{part}: stamped {record.known_from}, "
                        f"before '{c.id}' is known ({c.known_from})",
                    )
        relationship_nodes = nodes("relationships")
        for i, r in enumerate(dataset.relationships):
            for end in r.between:
                if end not in known:
                    self.problem(
                        at(relationship_nodes, i),
                        f"relationships[{i}].between: unknown character '{end}'{_suggest(end, known)}",
                    )
                elif known[end] > r.known_from:
                    self.problem(
                        at(relationship_nodes, i),
                        f"relationships[{i}]: stamped {r.known_from}, before '{end}' is known ({known[end]})",
                    )


def _describe(node: Any) -> str:
    tag = node.tag.rsplit(":", 1)[-1]
    if tag == "bool":
        return f"a true/false value ({node.value!r}; quote it if you meant text)"
    if tag == "null":
        return "nothing (null)"
    if tag == "seq":
        return "a list"
    if tag == "map":
        return "a mapping"
    if tag in ("int", "float"):
        return f"a number ({node.value})"
    if tag == "timestamp":
        return f"a date ({node.value})"
    if tag == "str":
        return f"text ({node.value!r})"
    return f"a value tagged {node.tag!r}"


def _suggest(name: str, choices: Any) -> str:
    near = difflib.get_close_matches(name, list(choices), n=1)
    return f" (did you mean '{near[0]}'?)" if near else ""
