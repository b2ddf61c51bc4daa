"""Every read command's --json output follows the shipped contract
(`hishers schema --output`), at every progress level."""

from __future__ import annotations

import json
from functools import cache

import jsonschema
import pytest

from conftest import FULL, run, run_tiny
from hishers_cli.views.json_schema import schema

SCHEMA = schema()
jsonschema.Draft202012Validator.check_schema(SCHEMA)


@cache
def validator(command: str) -> jsonschema.Draft202012Validator:
    root = {key: value for key, value in SCHEMA.items() if key != "anyOf"}
    return jsonschema.Draft202012Validator({**root, "$ref": f"#/$defs/command_{command}"})


def check(document: dict, command: str) -> None:
    validator(command).validate(document)


def commands(episode_count: int, names: list[str]) -> list[tuple[str, list[str]]]:
    read = [
        ("episodes", ["episodes"]),
        ("cast", ["cast"]),
        ("about", ["about"]),
        ("book", ["book", "--confirm-spoilers"]),
        ("ending", ["ending", "--confirm-spoilers"]),
        ("progress", ["progress"]),
        ("recap", ["recap"]),
        ("timeline", ["timeline"]),
        ("relations", ["relations"]),
        ("validate", ["validate"]),
        ("search", ["search", "the"]),
        ("search", ["search", "zzzz"]),
    ]
    read += [("episode", ["episodes", str(n)]) for n in range(1, episode_count + 1)]
    read += [("new", ["new", str(n), "--confirm-spoilers"]) for n in range(1, episode_count + 1)]
    read += [("recap", ["recap", "--before", "1"])]
    read += [("who", ["who", name]) for name in names]
    return read


LEVELS = range(7) if FULL else (0, 3, 6)


@pytest.mark.parametrize("watched", LEVELS)
def test_every_command_follows_the_contract_on_the_bundled_show(watched: int) -> None:
    names = ["anna", "alice", "lexy", "priya", "chris bauer", "sunita mani", "zoe", "catherine"]
    for command, args in commands(6, names):
        result = run("--watched", str(watched), *args, "--json")
        if result.exit_code != 0:  # a name not known yet, or an episode not watched
            assert result.stdout == "", args
            continue
        check(json.loads(result.stdout), command)


@pytest.mark.parametrize("watched", range(4))
def test_every_command_follows_the_contract_on_the_fixture_show(watched: int) -> None:
    for command, args in commands(3, ["xavier", "yara", "zed", "bo player"]):
        result = run_tiny("--watched", str(watched), *args, "--json")
        if result.exit_code != 0:
            continue
        check(json.loads(result.stdout), command)


def test_the_contract_catches_a_wrong_shape() -> None:
    document = json.loads(run("--watched", "3", "who", "alice", "--json").stdout)
    check(document, "who")
    document["character"]["seen_in"] = [1, 3]  # numbers instead of episode references
    with pytest.raises(jsonschema.ValidationError):
        check(document, "who")


def test_schema_output_prints_the_contract() -> None:
    result = run("schema", "--output")
    assert result.exit_code == 0 and json.loads(result.stdout) == json.loads(json.dumps(SCHEMA))
