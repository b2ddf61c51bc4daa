"""Dataset text (YAML) to typed records, with every problem located.

Pure: no files, no caches, no printing. The file is composed into YAML nodes
with a safe loader and then read against the record types in `model`, field
by field as `fields` describes them, so every problem names its file, line,
column and field. Problems are collected rather than raised one at a time,
which lets `hishers validate` list them all at once.

A problem names where it is, the field and the kind of value found, never
the value itself: a dataset's text can be a spoiler, and an error is shown
at any progress.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import re
import sys
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

import yaml

from hishers_cli.controls import has_control, is_control, visible
from hishers_cli.dataset import collector
from hishers_cli.dataset.fields import Field, fields
from hishers_cli.dataset.model import (
    Character,
    CharacterIds,
    Choice,
    Dataset,
    DatasetFile,
    Date,
    EndingPoint,
    Episode,
    NonEmpty,
    Series,
    SourceId,
    SourceIds,
    Stamp,
    Whole,
)
from hishers_cli.errors import Problem

MAX_PROBLEMS = 200

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_KNOWN_TAGS = {_STR, _INT, _NULL, _TIMESTAMP, _BOOL, "tag:yaml.org,2002:float", _SEQ, _MAP}
# Each known tag and the kind of node that fits it.
_FITS = {tag: {_SEQ: yaml.SequenceNode, _MAP: yaml.MappingNode}.get(tag, yaml.ScalarNode) for tag in _KNOWN_TAGS}
# The top level is read in this order: the source ids must be known before
# any source reference can be checked (the episode count, needed for stamps,
# is looked up first of all).
_FIRST = ("schema", "sources", "series")


def parse(text: str, origin: str, *, strict: bool = False) -> tuple[Dataset | None, list[Problem]]:
    """Parse dataset text; the dataset is None when any problem was found.

    A control character in the text (an escape sequence that would drive the
    terminal) is made visible in the records it is read into; `strict` (for
    `hishers validate`) reports each one as a problem instead."""
    with collector.paused():
        return _parse(text, origin, strict)


# Far above any real dataset (the bundled one nests 6 deep and has a few
# thousand nodes; a generated 100,000-fact show has about 1.1 million), and
# low enough that no file within them can exhaust the parser's stack or use
# more than about 1 GB of memory.
MAX_DEPTH = 100
# A show's vocabulary (`words`): how many entries, and how long a phrase.
MAX_VOCABULARY = 1_000
MAX_PHRASE_WORDS = 4
MAX_PHRASE_LENGTH = 40
MAX_MEANINGS = 8
MAX_NODES = 2_000_000
# The most episodes a show may have (`series.episodes`): checked before
# anything is counted or listed per episode.
MAX_EPISODES: int = next(f for f in fields(Series) if f.name == "episodes").mark(Whole).high


def _parse(text: str, origin: str, strict: bool = False) -> tuple[Dataset | None, list[Problem]]:
    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root, refused = _tree(text, loader_class)
        if refused:
            return None, [Problem(origin, *refused)]
    except yaml.reader.ReaderError:
        return None, _unprintable(text, origin)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        message = " ".join(filter(None, [e.context, e.problem])) or "invalid YAML"
        if e.context and e.context.startswith("while parsing a flow"):
            message += " (a colon inside a text of a one-line {...} mapping? put that text in quotes)"
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        return None, [Problem(origin, line, column, f"YAML syntax error: {message}")]
    except yaml.YAMLError:
        return None, [Problem(origin, None, None, "YAML error: not a YAML document")]
    except RecursionError:
        return None, [Problem(origin, None, None, "YAML is nested too deeply")]
    if root is None:
        return None, [Problem(origin, None, None, "the file is empty")]
    reader = _Reader(origin, budget=2 * len(text) + 1000, strict=strict)
    dataset = None
    with contextlib.suppress(_Stop):
        dataset = reader.dataset(root)
    if reader.problems or dataset is None:
        return None, reader.problems or [Problem(origin, None, None, "not a dataset")]
    return dataset, []


class _Refused(Exception):
    """Composing stopped at a limit: the file may be over it."""


def _tree(text: str, loader_class: Any) -> tuple[Any, tuple[int, int, str] | None]:
    """The file's tree of YAML nodes, or where it nests deeper than
    MAX_DEPTH, holds more than MAX_NODES values or a vocabulary of more
    than MAX_VOCABULARY entries.

    The tree is composed in one pass that stops as soon as it might be
    over a limit (`_compose`), so no file builds more than MAX_NODES
    nodes. Only then, or when the file is not valid YAML, is it scanned
    event by event (`_scan`) to tell whether it is over and where, or to
    raise the file's own error from the first place the parser meets it."""
    try:
        root = _compose(text, loader_class, bounded=True)
        if root is not None and _vocabulary(root) > MAX_VOCABULARY:
            raise _Refused
    except (_Refused, yaml.YAMLError) as stopped:
        refused = _scan(text, loader_class)
        if refused:
            return None, refused
        if not isinstance(stopped, _Refused):
            raise
        root = _compose(text, loader_class, bounded=False)
    return root, None


def _compose(text: str, loader_class: Any, *, bounded: bool) -> Any:
    """The file's tree of YAML nodes. `bounded`, composing stops (raises
    _Refused) at a node deeper than MAX_DEPTH (counting values too, so a
    value at the limit stops it as well) or at more nodes than MAX_NODES
    less the aliases the file may hold: every alias is written with a `*`.

    The tags are PyYAML's own: a plain value whose first character starts
    none of the safe loader's implicit patterns (a number, a date, true,
    null...) is text, as the loader would find after trying them all."""
    starts = frozenset(loader_class.yaml_implicit_resolvers)
    resolve = loader_class.resolve
    scalar = yaml.ScalarNode
    collections = {
        yaml.SequenceNode: loader_class.DEFAULT_SEQUENCE_TAG,
        yaml.MappingNode: loader_class.DEFAULT_MAPPING_TAG,
    }
    tags: dict[str, str] = {}  # a plain value's tag, by its text: numbers and stamps repeat
    deepest, room = (MAX_DEPTH, MAX_NODES - text.count("*")) if bounded else (sys.maxsize, sys.maxsize)
    depth = 0

    class Loader(loader_class):  # type: ignore[misc]
        def descend_resolver(self, current_node: Any, current_index: Any) -> None:
            nonlocal depth, room
            depth += 1
            room -= 1
            if depth > deepest or room < 0:
                raise _Refused

        def ascend_resolver(self) -> None:
            nonlocal depth
            depth -= 1

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            if kind is not scalar:
                return collections[kind]
            if not implicit[0] or (value and value[0] not in starts):
                return _STR
            tag = tags.get(value)
            if tag is None:
                tag = tags[value] = resolve(self, kind, value, implicit)
            return tag

    assert not loader_class.yaml_path_resolvers  # the safe loader has none to descend
    loader = Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _vocabulary(root: Any) -> int:
    """How many entries the top-level `words` list holds (0 if none)."""
    if type(root) is not yaml.MappingNode:
        return 0
    lists = [v for k, v in root.value if k.value == "words" and type(v) is yaml.SequenceNode]
    return max((len(v.value) for v in lists), default=0)


def _scan(text: str, loader_class: Any) -> tuple[int, int, str] | None:
    """Where the file nests deeper than MAX_DEPTH or holds more than
    MAX_NODES values, event by event. YAML's event parser keeps no tree and
    does not recurse, so this costs time in proportion to the file and
    almost no memory, whatever the file holds."""
    starts = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    values = (yaml.ScalarEvent, yaml.AliasEvent)
    depth = nodes = entries = 0
    words_key = False  # the last event was the top-level key `words`
    words_depth = -1  # the depth of the entries of `words`, while in it
    for event in yaml.parse(text, Loader=loader_class):
        kind = type(event)
        if depth == words_depth and kind is not yaml.SequenceEndEvent:
            entries += 1
            if entries > MAX_VOCABULARY:
                return (*_where(event), f"words: more than {MAX_VOCABULARY:,} entries; refused")
        if kind in starts:
            if words_key and kind is yaml.SequenceStartEvent:
                words_depth = 2
            depth += 1
            nodes += 1
            if depth > MAX_DEPTH:
                return (*_where(event), f"nested more than {MAX_DEPTH} levels deep; refused")
        elif kind in ends:
            depth -= 1
            if depth < words_depth:
                words_depth = -1
        elif kind in values:
            nodes += 1
        words_key = depth == 1 and isinstance(event, yaml.ScalarEvent) and event.value == "words"
        if nodes > MAX_NODES:
            return (*_where(event), f"more than {MAX_NODES:,} values; refused")
    return None


# What YAML does not allow written as it is (only escaped, in double quotes).
_UNPRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _unprintable(text: str, origin: str) -> list[Problem]:
    """Each character YAML refuses to read, located."""
    problems = []
    for found in _UNPRINTABLE.finditer(text):
        line = text.count("\n", 0, found.start()) + 1
        column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
        message = f"control character U+{ord(found.group()):04X} (it would drive the terminal); remove it"
        problems.append(Problem(origin, line, column, message))
        if len(problems) >= MAX_PROBLEMS:
            break
    return problems or [Problem(origin, None, None, "YAML error: a character YAML does not allow")]


def _where(event: Any) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


class _Stop(Exception):
    """Reading was cut short: too many problems, or an alias bomb."""


class _Step(NamedTuple):
    """How the reader reads one field of a record type."""

    name: str
    read: Callable[[Any, str], Any]
    missing: Any  # the value when the key is left out
    nullable: bool


class _Reader:
    def __init__(self, origin: str, budget: int, strict: bool = False):
        self.origin = origin
        self.strict = strict
        self.problems: list[Problem] = []
        # Each node visit costs one unit, and a text value one more per
        # character. Without aliases a file holds fewer nodes and characters
        # than it is long (twice its length is ample), so running out means
        # aliases expand to far more than the file holds: a 1 MB text
        # aliased 20,000 times is 20 GB of text to every command that shows it.
        self.budget = budget
        self.episode_count = 0
        self.count_known = False
        self.source_ids: set[str] = set()
        # Where each record was read, for the checks across records.
        self.nodes: dict[int, Any] = {}
        self.plans: dict[type, tuple[_Step, ...]] = {}

    # -- problems ---------------------------------------------------------

    def problem(self, node: Any, message: str) -> None:
        mark = getattr(node, "start_mark", None)
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        self.problems.append(Problem(self.origin, line, column, message))
        if len(self.problems) >= MAX_PROBLEMS:
            raise _Stop

    def visit(self, node: Any, where: str) -> None:
        value = node.value
        self.budget -= len(value) + 1 if type(value) is str else 1
        if self.budget < 0:
            self.problem(
                node,
                "aliases expand to far more text than the file holds (an alias bomb?); refused",
            )
            raise _Stop
        fits = _FITS.get(node.tag)
        if fits is type(node):
            return
        if fits is None:
            self.problem(node, f"{where}: unsupported YAML tag; only plain YAML data is accepted")
        else:
            # An explicit tag that does not fit its value, such as `!!str [a, b]`.
            self.problem(node, f"{where}: the tag does not fit this value")
            raise _Stop

    # -- records ----------------------------------------------------------

    def dataset(self, root: Any) -> Dataset | None:
        found = self.mapping(root, "dataset", DatasetFile)
        if found is None:
            raise _Stop
        if "series" not in found:
            for key, node in found.items():
                self.visit(node, key)
            raise _Stop
        count = _episode_count(found["series"])
        # With no usable count, stamps are checked against the limit only.
        self.episode_count = MAX_EPISODES if count is None else count
        self.count_known = count is not None
        values: dict[str, Any] = {}
        order = [f for name in _FIRST for f in fields(DatasetFile) if f.name == name]
        order += [f for f in fields(DatasetFile) if f.name not in _FIRST]
        for field in order:
            values[field.name] = self.field(found, field, field.name)
            if field.name == "series" and values["series"] is None:
                raise _Stop
            if field.name == "sources":
                self.source_ids = {s.id for s in values["sources"]}
        contents = DatasetFile(**values)
        dataset = Dataset.of(contents)
        _Across(self).check(contents, found)
        return dataset

    def record(self, node: Any, where: str, record: type) -> Any:
        plan = self.plans.get(record) or self.plan(record)
        found = self.mapping(node, where, record)
        if found is None:
            return None
        values = []
        for name, read, missing, nullable in plan:
            child = found.get(name)
            if child is None:
                values.append(missing)
            elif nullable and child.tag == _NULL:
                self.visit(child, f"{where}.{name}")
                values.append(None)
            else:
                values.append(read(child, f"{where}.{name}"))
        value: Any = _new(record, values)
        self.nodes[id(value)] = node
        return value

    def field(self, found: dict[str, Any], field: Field, where: str) -> Any:
        node = found.get(field.name)
        if node is None:
            return field.default if not field.required else _EMPTY[field.kind]
        if field.nullable and node.tag == _NULL:
            self.visit(node, where)
            return None
        return self.reader(field)(node, where)

    def plan(self, record: type) -> tuple[_Step, ...]:
        """Each field of a record type with its reader, worked out once per
        type rather than once per value."""
        plan = self.plans[record] = tuple(
            _Step(f.name, self.reader(f), f.default if not f.required else _EMPTY[f.kind], f.nullable)
            for f in fields(record)
        )
        return plan

    def reader(self, field: Field) -> Callable[[Any, str], Any]:
        """What reads a value of this field and checks it against the
        field's kind and marks."""
        kind = field.kind
        if kind == "text":
            return self.date if field.mark(Date) else self.text_reader(field)
        if kind == "int":
            if field.mark(Stamp):
                return lambda node, where: self.integer(node, where, 0, self.episode_count)
            whole = field.mark(Whole)
            low, high = (whole.low, whole.high) if whole else (0, 10**9)
            return lambda node, where: self.integer(node, where, low, high)
        if kind == "bool":
            return self.boolean
        if kind == "texts":
            return self.texts_reader(field)
        nested = field.record
        assert nested is not None
        if kind == "record":
            return lambda node, where: self.record(node, where, nested)
        assert kind == "records"
        non_empty = field.mark(NonEmpty) is not None

        def records(node: Any, where: str) -> tuple[Any, ...]:
            found = []
            for i, item in enumerate(self.sequence(node, where)):
                record = self.record(item, f"{where}[{i}]", nested)
                if record is not None:
                    found.append(record)
            if non_empty and not found:
                self.problem(node, f"{where}: must list at least one")
            return tuple(found)

        return records

    def text_reader(self, field: Field) -> Callable[[Any, str], str]:
        source, choice = field.mark(SourceId), field.mark(Choice)
        if source is None and choice is None:
            return self.text

        def text(node: Any, where: str) -> str:
            value = self.text(node, where)
            if source is not None:
                self.reference(node, where, value, self.source_ids, "source")
            if choice is not None and value and value not in choice.words:
                self.problem(node, f"{where}: expected one of {', '.join(choice.words)}")
            return value

        return text

    def texts_reader(self, field: Field) -> Callable[[Any, str], tuple[str, ...]]:
        sources, ids, non_empty = field.mark(SourceIds), field.mark(CharacterIds), field.mark(NonEmpty)

        def texts(node: Any, where: str) -> tuple[str, ...]:
            items = self.sequence(node, where)
            read = []
            for i, item in enumerate(items):  # a loop, not a comprehension: most lists hold one text
                read.append(self.text(item, where, i))
            found = tuple(read)
            if sources:
                if not found:
                    self.problem(node, f"{where}: every record must name at least one source")
                if not self.source_ids.issuperset(found):
                    for item, text in zip(items, found, strict=True):
                        self.reference(item, where, text, self.source_ids, "source")
            if ids and ids.count is not None and len(found) != ids.count:
                self.problem(node, f"{where}: expected {ids.count} character ids, got {len(found)}")
            if non_empty and not found:
                self.problem(node, f"{where}: must list at least one")
            return found

        return texts

    # -- shapes -----------------------------------------------------------

    def mapping(self, node: Any, where: str, record: type) -> dict[str, Any] | None:
        if type(node) is yaml.MappingNode and node.tag == _MAP and self.budget > 0:
            self.budget -= 1  # what `visit` counts for a mapping
        else:
            self.visit(node, where)
        if node.tag != _MAP:
            self.problem(node, f"{where}: expected a mapping, got {_node_kind(node)}")
            return None
        names, known, required = _names(record)
        found: dict[str, Any] = {}
        previous: str | None = None
        for key_node, value_node in node.value:
            key = key_node.value
            if key_node.tag == _STR and type(key) is str and self.budget > len(key):
                self.budget -= len(key) + 1  # what `visit` counts for plain text
            else:
                self.visit(key_node, where)
                key = key_node.value if key_node.tag == _STR else None
            if key is None:
                self.problem(key_node, f"{where}: keys must be text, got {_node_kind(key_node)}")
                continue
            if key in found:
                self.problem(key_node, f"{where}: duplicate key '{key}' (YAML would keep only the last one)")
                continue
            if key not in known:
                import difflib  # only for a misspelt key: a first run imports it no more

                near = difflib.get_close_matches(key, names, n=1)
                hint = f"; did you mean '{near[0]}'?" if near else f"; expected one of: {', '.join(names)}"
                if node.flow_style and value_node.tag == _NULL and not value_node.value and previous:
                    # `{text: a map, folded, known_from: 1}`: the comma ended the text.
                    self.problem(
                        key_node,
                        f"{where}.{previous}: a comma inside this text split the one-line {{...}} mapping, "
                        f"leaving an unknown key{_quoted(key)}; put the text in quotes",
                    )
                    continue
                self.problem(key_node, f"{where}: unknown key{_quoted(key)}{hint}")
                continue
            found[key] = value_node
            previous = key
        for name in required:
            if name not in found:
                self.problem(node, f"{where}: missing required field '{name}'")
        return found

    def sequence(self, node: Any, where: str) -> list[Any]:
        if type(node) is yaml.SequenceNode and node.tag == _SEQ and self.budget > 0:
            self.budget -= 1  # what `visit` counts for a list
            return node.value  # type: ignore[no-any-return]
        self.visit(node, where)
        if node.tag != _SEQ:
            self.problem(node, f"{where}: expected a list, got {_node_kind(node)}")
            return []
        return node.value  # type: ignore[no-any-return]

    def text(self, node: Any, where: str, index: int | None = None) -> str:
        """A text value; `index` is its place in the list at `where`."""
        value = node.value
        plain = node.tag == _STR and type(value) is str and self.budget > len(value)
        if plain and value.isprintable() and value.strip():  # most text: nothing to check further
            self.budget -= len(value) + 1  # what `visit` counts for plain text
            return value  # type: ignore[no-any-return]
        if index is not None:
            where = f"{where}[{index}]"
        self.visit(node, where)
        if node.tag != _STR:
            self.problem(node, f"{where}: expected text, got {_node_kind(node)}")
            return ""
        if not value.strip():
            self.problem(node, f"{where}: must not be empty")
        if not has_control(value):
            return value  # type: ignore[no-any-return]
        if self.strict:
            self.controls(node, where, value)
        return visible(value)

    def controls(self, node: Any, where: str, text: str) -> None:
        """One problem for each control character, on the line it is on
        (counted from the value's first line; exact for literal blocks)."""
        mark = node.start_mark
        for at in (i for i, ch in enumerate(text) if is_control(ch)):
            line = mark.line + 1 + (text.count("\n", 0, at) if node.style == "|" else 0)
            code = f"U+{ord(text[at]):04X}"
            self.problems.append(
                Problem(
                    self.origin,
                    line,
                    mark.column + 1 if line == mark.line + 1 else None,
                    f"{where}: control character {code} (it would drive the terminal); remove it",
                )
            )
            if len(self.problems) >= MAX_PROBLEMS:
                raise _Stop

    def date(self, node: Any, where: str) -> str:
        self.visit(node, where)
        if node.tag not in (_TIMESTAMP, _STR):
            self.problem(node, f"{where}: expected a date like 2026-01-08, got {_node_kind(node)}")
            return ""
        text = str(node.value)
        try:
            if not _DATE.fullmatch(text):
                raise ValueError
            datetime.date.fromisoformat(text)
        except ValueError:
            self.problem(node, f"{where}: not a calendar date; write it as YYYY-MM-DD, like 2026-01-08")
            return ""
        return text

    def integer(self, node: Any, where: str, low: int, high: int) -> int:
        value = node.value
        if node.tag == _INT and type(value) is str and self.budget > len(value):
            self.budget -= len(value) + 1  # what `visit` counts for a plain value
        else:
            self.visit(node, where)
        if node.tag != _INT:
            self.problem(node, f"{where}: expected a whole number, got {_node_kind(node)}")
            return low
        try:
            value = int(value.replace("_", ""), 0)
        except ValueError:
            self.problem(node, f"{where}: expected a whole number in decimal")
            return low
        if not low <= value <= high:
            self.problem(node, f"{where}: out of range ({low} to {high})")
            return low
        return value

    def boolean(self, node: Any, where: str) -> bool:
        self.visit(node, where)
        if node.tag != _BOOL:
            self.problem(node, f"{where}: expected true or false, got {_node_kind(node)}")
            return False
        return bool(node.value.lower() in ("true", "yes", "on", "y"))

    def reference(self, node: Any, where: str, id: str, known: Any, what: str) -> None:
        if id and id not in known:
            self.problem(node, f"{where}: no {what} has this id")


class _Across:
    """The checks across records, once every record is read: unique ids,
    references between records, the order of stamps and what an exact stamp
    claims. Each problem is reported where the reader read the record."""

    def __init__(self, reader: _Reader):
        self.problem = reader.problem
        self.nodes = reader.nodes
        self.count_known = reader.count_known
        self.episode_count = reader.episode_count

    def check(self, contents: DatasetFile, top: dict[str, Any]) -> None:
        """Unique ids, references between records and the order of stamps."""
        self.unique([s.id for s in contents.sources], top.get("sources"), "sources", "source id")
        self.unique([c.id for c in contents.characters], top.get("characters"), "characters", "character id")
        self.unique([str(e.number) for e in contents.episodes], top.get("episodes"), "episodes", "episode number")
        if self.count_known:
            numbers = {e.number for e in contents.episodes}
            missing = _ranges(n for n in range(1, self.episode_count + 1) if n not in numbers)
            if missing:
                self.problem(
                    top.get("episodes"),
                    f"episodes: series.episodes is {self.episode_count} but {_listed(missing)} missing",
                )
        known = {c.id: c for c in contents.characters}
        for i, episode in enumerate(contents.episodes):
            self.check_episode(episode, f"episodes[{i}]", known)
        numbered: dict[int, Episode] = {}
        for episode in contents.episodes:
            numbered.setdefault(episode.number, episode)
        for i, c in enumerate(contents.characters):
            self.check_character(c, f"characters[{i}]", numbered)
        for i, r in enumerate(contents.relationships):
            where = f"relationships[{i}]"
            if r.roles and len(r.roles) != len(r.between):
                self.problem(self.nodes.get(id(r)), f"{where}.roles: give one role for each of the two characters")
            for end in r.between:
                if end not in known:
                    self.problem(self.nodes.get(id(r)), f"{where}.between: no character has this id")
                elif known[end].known_from > r.known_from:
                    self.problem(self.nodes.get(id(r)), f"{where}: stamped before one of its characters is known")
        for i, point in enumerate(contents.ending):
            told = [a.source for a in point.accounts]
            if len(set(told)) < len(told):
                self.problem(
                    self.nodes.get(id(point)),
                    f"ending[{i}].accounts: two accounts from the same source; give each source one account",
                )
            self.check_agree(point, f"ending[{i}]")
            for id_ in dict.fromkeys(id_ for _, ids in point.answers() for id_ in ids):
                if id_ not in known:
                    self.problem(self.nodes.get(id(point)), f"ending[{i}].answer: no character has this id")
                elif known[id_].known_from > point.known_from:
                    self.problem(
                        self.nodes.get(id(point)), f"ending[{i}].answer: names a character before they are known"
                    )
        self.check_questions(contents)
        self.check_exact(contents)
        self.check_words(contents)

    def check_words(self, contents: DatasetFile) -> None:
        """`words` is a vocabulary, not a text: bounded in the length of each
        phrase, so reading a query against it stays cheap."""
        # How many entries is bounded before the records are read (`_tree`).
        for i, entry in enumerate(contents.words):
            for field, phrase in [("word", entry.word), *(("means", m) for m in entry.means)]:
                if len(phrase.split()) > MAX_PHRASE_WORDS or len(phrase) > MAX_PHRASE_LENGTH:
                    self.problem(
                        self.nodes.get(id(entry)),
                        f"words[{i}].{field}: at most {MAX_PHRASE_WORDS} words and {MAX_PHRASE_LENGTH} characters",
                    )
            if len(entry.means) > MAX_MEANINGS:
                self.problem(self.nodes.get(id(entry)), f"words[{i}].means: at most {MAX_MEANINGS} words")

    def check_agree(self, point: EndingPoint, where: str) -> None:
        """A point's `agree` says what its accounts show: agree or disagree
        where two sources answer it, nothing where one does."""
        node, said, shown = self.nodes.get(id(point)), point.agree, point.verdict
        words = {True: "the sources agree", False: "the sources disagree", None: "one source only"}
        if point.answers():
            if said is not None and said != shown:
                self.problem(node, f"{where}.agree: says {words[said]}, but the accounts' answers say {words[shown]}")
        elif len(point.accounts) < 2 and said is not None:
            self.problem(node, f"{where}.agree: says {words[said]}, but only one source gives an account")
        elif len(point.accounts) >= 2 and said is None:
            self.problem(node, f"{where}.agree: two sources give an account; say whether they agree (true or false)")

    def check_questions(self, contents: DatasetFile) -> None:
        """A question's answer becomes known after the question is asked; an
        ending point it names exists, once, with the answer's own stamp."""
        topics: dict[str, list[int]] = {}
        for point in contents.ending:
            topics.setdefault(point.topic, []).append(point.known_from)
        for i, episode in enumerate(contents.episodes):
            for j, q in enumerate(episode.recap.questions if episode.recap else ()):
                where, node, answered = (
                    f"episodes[{i}].recap.questions[{j}].answered",
                    self.nodes.get(id(q)),
                    q.answered,
                )
                if answered is None or episode.recap is None:
                    continue
                if answered.known_from <= episode.recap.known_from:
                    self.problem(node, f"{where}: known when the question is asked; stamp it with a later episode")
                if answered.ending is not None:
                    stamps = topics.get(answered.ending, [])
                    if len(stamps) != 1:
                        what = "no ending point has" if not stamps else "more than one ending point has"
                        self.problem(node, f"{where}.ending: {what} this topic")
                    elif stamps[0] != answered.known_from:
                        self.problem(node, f"{where}: stamped apart from the ending point it names; give it its stamp")

    def check_exact(self, contents: DatasetFile) -> None:
        """An exact stamp N says a source ties the record to episode N, so
        one of its sources must be one that episode N's record (or its
        summary or recap) cites: the sources that describe that episode."""
        describing: dict[int, set[str]] = {}
        for e in contents.episodes:
            parts = (e, e.summary, e.recap)
            describing.setdefault(e.number, set()).update(s for part in parts if part for s in part.sources)
        for where, record in _records(contents, ""):
            if isinstance(record, Episode) or not getattr(record, "exact", False):
                continue
            n = record.known_from
            if n in describing and describing[n].isdisjoint(record.sources):
                self.problem(
                    self.nodes.get(id(record)),
                    f"{where}: stamped exact at episode {n}, but none of its sources describes that episode "
                    f"(none is cited by episode {n}); cite one that does, or set exact: false",
                )

    def check_episode(self, episode: Episode, where: str, known: dict[str, Character]) -> None:
        node = self.nodes.get(id(episode))
        for part, record in (("summary", episode.summary), ("recap", episode.recap)):
            if record is not None and record.known_from < episode.number:
                self.problem(node, f"{where}.{part}: stamped before its own episode")
        for id_ in episode.appearances:
            if id_ not in known:
                self.problem(node, f"{where}.appearances: no character has this id")
            elif known[id_].known_from > episode.number:
                self.problem(node, f"{where}.appearances: a character seen before they are known")

    def check_character(self, c: Character, where: str, episodes: dict[int, Episode]) -> None:
        node = self.nodes.get(id(c))
        for part, records in (
            ("bio", c.bio),
            ("aliases", c.aliases),
            ("described_as", c.described_as),
            ("cast", c.cast),
        ):
            for record in records:
                if record.known_from < c.known_from and part != "cast":
                    self.problem(node, f"{where}.{part}: stamped before the character is known")
        # An exact stamp says the character is introduced in that episode:
        # then that episode must list them.
        if c.exact and c.known_from >= 1:
            introduced = episodes.get(c.known_from)
            if introduced is not None and c.id not in introduced.appearances:
                self.problem(
                    node,
                    f"{where}: introduced in episode {c.known_from} (an exact stamp) but not among its "
                    "appearances; add them there, or set exact: false",
                )

    def unique(self, values: list[str], node: Any, where: str, what: str) -> None:
        seen: set[str] = set()
        for value in values:
            if value in seen:
                self.problem(node, f"{where}: duplicate {what}")
            seen.add(value)


@functools.cache
def _names(record: type) -> tuple[list[str], frozenset[str], tuple[str, ...]]:
    """A record type's keys in order, as a set, and the required ones."""
    names = [f.name for f in fields(record)]
    return names, frozenset(names), tuple(f.name for f in fields(record) if f.required)


def _records(value: Any, where: str) -> Iterator[tuple[str, Any]]:
    """Every record nested in `value` (itself excluded), with its place."""
    kind: type = type(value)
    for name, many in _nested(kind):
        child = getattr(value, name)
        place = f"{where}.{name}" if where else name
        if not many and child is not None:
            yield place, child
            yield from _records(child, place)
        elif many:
            for i, item in enumerate(child):
                yield f"{place}[{i}]", item
                item_kind: type = type(item)
                if _nested(item_kind):  # most listed records nest none: no generator for them
                    yield from _records(item, f"{place}[{i}]")


@functools.cache
def _nested(kind: type) -> tuple[tuple[str, bool], ...]:
    """The fields of a record type that nest records, and whether each
    holds a list of them."""
    return tuple((f.name, f.kind == "records") for f in fields(kind) if f.kind in ("record", "records"))


def _episode_count(series: Any) -> int | None:
    """`series.episodes` if it is a whole number within the limit, looked up
    before the records whose stamps it bounds; None otherwise (the reader
    reports why). Nothing is counted per episode before this check."""
    if series.tag != _MAP:
        return None
    for key_node, value_node in series.value:
        if key_node.value == "episodes" and value_node.tag == _INT:
            try:
                count = int(value_node.value.replace("_", ""), 0)
            except ValueError:
                return None
            return count if 1 <= count <= MAX_EPISODES else None
    return None


def _ranges(numbers: Iterator[int]) -> list[tuple[int, int]]:
    """Increasing numbers as runs of consecutive ones, (first, last)."""
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and runs[-1][1] == n - 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def _listed(runs: list[tuple[int, int]], most: int = 5) -> str:
    """Missing episodes in a short phrase: "episode 3 is", "episodes 2 to
    10000 are", at most `most` runs and then how many more."""
    words = [str(a) if a == b else f"{a} and {b}" if b == a + 1 else f"{a} to {b}" for a, b in runs[:most]]
    if len(runs) > most:
        words.append(f"{len(runs) - most} more runs")
    single = len(runs) == 1 and runs[0][0] == runs[0][1]
    text = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    return f"episode {text} is" if single else f"episodes {text} are"


def _quoted(key: str) -> str:
    """An unknown key named back, when it is short enough to be a key name
    and not a sentence of the dataset's."""
    return f" '{key}'" if re.fullmatch(r"[\w-]{1,30}", key) else ""


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

# What `record(*values)` makes of a named tuple's values in field order,
# without a call of its `__new__` in Python for each record.
_new = tuple.__new__

_EMPTY: dict[str, Any] = {"text": "", "int": 0, "bool": False, "texts": (), "record": None, "records": ()}


def _node_kind(node: Any) -> str:
    """The kind of a value, never the value: it may be a spoiler."""
    tag = node.tag.rsplit(":", 1)[-1]
    return {
        "bool": "a true/false value (quote it if you meant text)",
        "null": "nothing (null)",
        "seq": "a list",
        "map": "a mapping",
        "int": "a number",
        "float": "a number",
        "timestamp": "a date",
        "str": "text",
    }.get(tag, "a value with an unsupported tag")
