"""docs/json.md: every `jq` example runs and prints something, and the page
names every read command."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import jq
import pytest

from conftest import assert_no_leak, run, sampled
from hishers_cli.views.shapes.schema import DOCUMENTS, schema

DOC = (Path(__file__).resolve().parents[1] / "docs" / "json.md").read_text(encoding="utf-8")
EXAMPLES = [line.strip() for line in DOC.splitlines() if line.startswith("    hishers ") and "| jq" in line]


@pytest.mark.parametrize("example", sampled(EXAMPLES))
def test_jq_example_runs(example: str) -> None:
    command, _, pipeline = example.partition(" | ")
    args = shlex.split(command)[1:]
    words = shlex.split(pipeline)
    assert words[0] == "jq"
    program = words[-1]
    result = run(*args)
    assert result.exit_code == 0, result.output
    output = jq.compile(program).input_value(json.loads(result.stdout)).all()
    assert output and all(item not in ("", None) for item in output), (example, output)


def test_every_read_command_has_an_example() -> None:
    commands = {shlex.split(e.partition(" | ")[0])[1:][2 if e.startswith("hishers --watched") else 0] for e in EXAMPLES}
    assert commands >= {
        "episodes",
        "cast",
        "who",
        "recap",
        "new",
        "timeline",
        "relations",
        "search",
        "about",
        "book",
        "ending",
        "progress",
        "validate",
    }


def test_the_page_spoils_nothing() -> None:
    assert_no_leak(DOC, 0, "docs/json.md")
    assert re.search(r"hishers schema --output", DOC)


def walk(node: object) -> list[dict]:
    """Every object in the output schema, at any depth."""
    if isinstance(node, dict):
        return [node, *(found for value in node.values() for found in walk(value))]
    if isinstance(node, list):
        return [found for item in node for found in walk(item)]
    return []


def test_every_key_the_page_names_is_in_the_schema() -> None:
    """A renamed key cannot stay in the page: each key a `jq` example reads
    and each word the shape table quotes is a key, a closed set's value or a
    command of the schema."""
    nodes = walk(schema())
    keys = {key for node in nodes if isinstance(node.get("properties"), dict) for key in node["properties"]}
    keys |= {key for node in nodes for key in node.get("propertyNames", {}).get("enum", ())}
    values = {value for node in nodes for value in [*node.get("enum", ()), node.get("const")] if isinstance(value, str)}
    read = {key for example in EXAMPLES for key in re.findall(r"\.([a-z_]+)", example.partition(" | ")[2])}
    table = DOC[DOC.index("| kind | shape |") : DOC.index("## The viewer's own notes")]
    quoted = set(re.findall(r"`([a-z_]+)`", table))
    assert read - keys == set()
    assert quoted - keys - values - set(DOCUMENTS) - {"null"} == set()
