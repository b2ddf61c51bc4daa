"""Every read command's --json output follows the shipped contract
(`hishers schema --output`, generated from the typed shapes), at every
progress level, on the bundled show and on a fixture show; and a key holds
one shape in every document."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any, get_args, is_typeddict

import jsonschema
import pytest
from typer.testing import Result

from conftest import COMMAND, FULL, TINY, levels, run, run_tiny
from hishers_cli.dataset import load
from hishers_cli.dataset.model import LANES, Dataset
from hishers_cli.gate import RevealKind
from hishers_cli.lookup import BY
from hishers_cli.store.progress import Origin
from hishers_cli.views.shapes import typed
from hishers_cli.views.shapes.schema import DOCUMENTS, def_name, schema

SCHEMA = schema()

NONSENSE = "zzqxv"
AMBIGUOUS = "Error: that could be any of:"


def test_the_contract_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@cache
def validator(command: str) -> jsonschema.Draft202012Validator:
    root = {key: value for key, value in SCHEMA.items() if key != "anyOf"}
    return jsonschema.Draft202012Validator({**root, "$ref": f"#/$defs/command_{command}"})


def check(document: dict[str, Any], command: str) -> None:
    validator(command).validate(document)


def documents(
    runner: Callable[..., Result], watched: int, episode_count: int, names: list[str], words: list[str]
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every read command's document at one progress, each checked to exit
    as it must: 0, except `episodes N` beyond the progress and a `who` query
    no one known fits, which exit 1 with nothing on stdout (a name not known
    yet with the very words a nonsense word gets)."""

    def ok(command: str, *args: str) -> tuple[str, dict[str, Any]]:
        result = runner("--watched", str(watched), *args, "--json")
        assert result.exit_code == 0, (args, result.output)
        return command, json.loads(result.stdout)

    def refused(*args: str) -> Result:
        result = runner("--watched", str(watched), *args, "--json")
        assert result.exit_code == 1 and result.stdout == "", (args, result.output)
        return result

    for args in (
        ["episodes"],
        ["cast"],
        ["about"],
        ["book", "--confirm-spoilers"],
        ["ending", "--confirm-spoilers"],
        ["progress"],
        ["recap"],
        ["recap", "--before", "1"],
        ["timeline"],
        ["timeline", "--lane", "past"],
        ["relations"],
        ["validate"],
        *(["search", word] for word in words),
        ["search", NONSENSE],
    ):
        yield ok(args[0], *args)
    for n in range(1, episode_count + 1):
        if n <= watched:
            yield ok("episode", "episodes", str(n))
        else:
            refused("episodes", str(n))
        yield ok("new", "new", str(n), "--confirm-spoilers")
    nonsense = refused("who", NONSENSE).stderr
    found = []
    for name in names:
        result = runner("--watched", str(watched), "who", name, "--json")
        if result.exit_code == 0:
            found.append(name)
            yield "who", json.loads(result.stdout)
        else:
            assert result.exit_code == 1 and result.stdout == "", (name, result.output)
            assert result.stderr == nonsense or result.stderr.startswith(AMBIGUOUS), (name, result.stderr)
    # The viewer's own notes and board, with someone the viewer may name.
    yield ok("notes_add", "notes", "add", "a note")
    yield ok("notes", "notes")
    if found:
        yield ok("suspect_name", "suspect", found[0])
    yield ok("suspect", "suspect")
    yield ok("suspect", "suspect", "--confirm-spoilers")
    yield ok("ending", "ending", "--confirm-spoilers")
    yield ok("notes_remove", "notes", "remove", "1")
    yield ok("notes_clear", "notes", "clear", "--yes")
    # The other writing commands, each saying what it changed.
    yield ok("progress_set", "progress", "set", str(watched))
    yield ok("progress_next", "progress", "next")
    yield ok("progress_reset", "progress", "reset")
    yield ok("progress_reset", "progress", "reset", "--all")
    yield ok("cache_clear", "cache", "clear")
    folder = Path(tempfile.mkdtemp())
    # A site has a page per level up to --upto, each with its map: the
    # default run writes one up to 1 at most, whose document has the same
    # shape; the full run writes every level the viewer has seen.
    upto = watched if FULL else min(watched, 1)
    try:
        yield ok("export_html", "export", "html", "-o", str(folder / "page.html"))
        yield ok("export_site", "export", "site", str(folder / "site"), "--upto", str(upto))
    finally:
        shutil.rmtree(folder)


BUNDLED_NAMES = [
    "anna",
    "alice",
    "lexy",
    "priya",
    "chris bauer",
    "sunita mani",
    "zoe",
    "catherine",
    "detectives",
    "william oldroyd",
]
LEVELS = levels()
# The levels the walks below read: together they show every kind of answer.
WALKED = range(7) if FULL else (0, 3, 6)
# The fixture show's people, and the progress from which `who` finds each.
TINY_NAMES = {"xavier": 0, "yara": 1, "zed": 2, "bo player": 0, "pat maker": 0}


def searches(show: Dataset) -> list[str]:
    """A common word, and a credited name (no other record holds names of
    the crew)."""
    return ["the", *(c.name for c in show.credits[:1])]


@cache
def bundled(watched: int) -> list[tuple[str, dict[str, Any]]]:
    return list(documents(run, watched, 6, BUNDLED_NAMES, searches(load.load())))


@cache
def fixture(watched: int) -> list[tuple[str, dict[str, Any]]]:
    return list(documents(run_tiny, watched, 3, list(TINY_NAMES), searches(load.load(TINY))))


@pytest.mark.parametrize("watched", LEVELS)
def test_every_command_follows_the_contract_on_the_bundled_show(watched: int) -> None:
    found = bundled(watched)
    assert {command for command, _ in found} == set(DOCUMENTS) - ({"episode"} if watched == 0 else set())
    for command, document in found:
        check(document, command)


@pytest.mark.parametrize("watched", range(4))
def test_every_command_follows_the_contract_on_the_fixture_show(watched: int) -> None:
    answered = [d["match"]["query"] for c, d in fixture(watched) if c == "who"]
    assert answered == [name for name, first in TINY_NAMES.items() if first <= watched]
    for command, document in fixture(watched):
        check(document, command)


def shape(value: Any) -> Any:
    """A value's JSON type; an array's with the types of its items and the
    keys its objects hold, an object's with its keys."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        fields = frozenset(key for item in value if isinstance(item, dict) for key in item)
        return ("array", frozenset(json_type(item) for item in value), fields)
    if isinstance(value, dict):
        return ("object", frozenset(value))
    raise TypeError(value)


def json_type(value: Any) -> str:
    found = shape(value)
    return found if isinstance(found, str) else found[0]


def keys(document: Any) -> Iterator[tuple[str, Any]]:
    """Every (key, value) in a document, at any depth."""
    if isinstance(document, dict):
        for key, value in document.items():
            yield key, value
            yield from keys(value)
    elif isinstance(document, list):
        for item in document:
            yield from keys(item)


def compatible(a: Any, b: Any) -> bool:
    """Two sightings of one key agree: the same JSON type; arrays whose items
    have one type; objects where one holds a subset of the other's keys (a
    reference and its record); objects of two arrays have keys in common."""
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    if a[0] != b[0]:
        return False
    if a[0] == "array":
        if not a[1] or not b[1]:  # an empty list says nothing of its items
            return True
        # Items of one list may be of several kinds (search hits), so
        # objects in two lists need only have keys in common.
        return len(a[1] | b[1]) == 1 and (a[2] == b[2] or bool(a[2] & b[2]))
    return a[1] <= b[1] or b[1] <= a[1]


def conflicts(docs: list[dict[str, Any]]) -> dict[str, set[Any]]:
    seen: dict[str, set[Any]] = {}
    for document in docs:
        for key, value in keys(document):
            if value is not None:
                seen.setdefault(key, set()).add(shape(value))
    return {key: shapes for key, shapes in seen.items() if not all(compatible(a, b) for a in shapes for b in shapes)}


def test_each_key_has_one_shape_in_every_document() -> None:
    docs = [d for w in LEVELS for _, d in bundled(w)] + [d for w in range(4) for _, d in fixture(w)]
    assert conflicts(docs) == {}


def test_a_key_with_two_shapes_is_caught() -> None:
    assert set(conflicts([{"watched": 3}, {"episodes": [{"watched": True}]}])) == {"watched"}
    assert set(conflicts([{"points": [{"topic": "t"}]}, {"points": ["a"]}])) == {"points"}
    assert set(conflicts([{"bio": []}, {"bio": {"text": "t"}}])) == {"bio"}
    assert set(conflicts([{"a": {"id": 1}}, {"a": {"number": 1}}])) == {"a"}
    assert set(conflicts([{"rows": [{"after": 1}]}, {"rows": [{"number": 1}]}])) == {"rows"}
    assert set(conflicts([{"after": 1}, {"after": [1]}])) == {"after"}
    assert (
        conflicts([{"character": {"id": "x", "name": "X"}}, {"character": {"id": "x", "name": "X", "bio": []}}]) == {}
    )


def json_commands(command: Any, path: tuple[str, ...] = ()) -> Iterator[str]:
    """Every command in the registry that takes --json, as `notes_add`."""
    if any("--json" in getattr(p, "opts", ()) for p in command.params):
        yield "_".join(path)
    for name, sub in getattr(command, "commands", {}).items():
        yield from json_commands(sub, (*path, name))


def test_every_command_with_json_is_in_the_contract_and_walked() -> None:
    registered = set(json_commands(COMMAND))
    assert registered <= set(DOCUMENTS)
    assert registered <= {command for command, _ in bundled(WALKED[-1])}


def kinds(union: dict[str, Any]) -> list[str]:
    """The `kind`s of the variants of a union of shapes (`oneOf` of refs)."""
    found = [SCHEMA["$defs"][v["$ref"].rpartition("/")[2]]["properties"]["kind"] for v in union["oneOf"]]
    return [k for kind in found for k in ([kind["const"]] if "const" in kind else kind["enum"])]


def test_every_kind_of_search_hit_is_walked() -> None:
    defined = kinds(SCHEMA["$defs"]["command_search"]["properties"]["results"]["items"])
    documents = [*(d for w in WALKED for d in bundled(w)), *(d for w in range(4) for d in fixture(w))]
    walked = {hit["kind"] for c, d in documents if c == "search" for hit in d["results"]}
    assert walked == set(defined)


def test_every_kind_of_who_answer_is_walked() -> None:
    defined = SCHEMA["$defs"]["command_who"]["oneOf"]
    walked = {
        next(iter(set(d) - set(typed.Envelope.__annotations__) - {"match"}))
        for w in WALKED
        for c, d in bundled(w)
        if c == "who"
    }
    assert len(walked) == len(defined) and walked == {"character", "casting", "characters", "named"}


def test_every_shape_is_in_the_schema() -> None:
    """No shape is left out of the schema (and so out of the tests)."""
    declared = {def_name(t) for t in vars(typed).values() if is_typeddict(t) and t.__module__ == typed.__name__}
    documents = {def_name(t) for shape in DOCUMENTS.values() for t in (get_args(shape) or (shape,))}
    bases = {"envelope", "stamped"}  # their keys open every document and stamped record
    assert declared - documents - bases == set(SCHEMA["$defs"]) - {f"command_{c}" for c in DOCUMENTS}


def test_the_contract_catches_a_wrong_shape() -> None:
    document = json.loads(run("--watched", "3", "who", "alice", "--json").stdout)
    check(document, "who")
    document["character"]["seen_in"] = [1, 3]  # numbers instead of episode references
    with pytest.raises(jsonschema.ValidationError):
        check(document, "who")


def test_closed_sets_come_from_the_code() -> None:
    """The schema's closed sets are the code's own Literal types."""
    defs = SCHEMA["$defs"]
    assert defs["match"]["properties"]["by"]["enum"] == list(BY)
    assert defs["event"]["properties"]["lane"]["enum"] == list(LANES)
    assert defs["command_timeline"]["properties"]["lanes"]["propertyNames"]["enum"] == list(LANES)
    assert defs["command_progress"]["properties"]["origin"]["enum"] == list(get_args(Origin))
    assert sorted(kinds(defs["command_episode"]["properties"]["reveals"]["items"])) == sorted(get_args(RevealKind))


def test_schema_output_prints_the_contract() -> None:
    result = run("schema", "--output")
    assert result.exit_code == 0 and json.loads(result.stdout) == json.loads(json.dumps(SCHEMA))


def test_the_table_of_commands_names_every_document_and_each_once() -> None:
    """The schema has a definition for each document the table of commands
    lists, and for no other; the status screen lists the commands the table
    words for it."""
    from hishers_cli import commands

    listed = [d for c in commands.COMMANDS.values() for d in c.documents]
    assert sorted(listed) == sorted(DOCUMENTS)
    assert {name for name, c in commands.COMMANDS.items() if c.usage} == set(commands.ON_STATUS)
