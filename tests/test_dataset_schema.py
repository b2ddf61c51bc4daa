"""`dataset.schema`: the JSON Schema of a dataset file is derived from the
model, so every field is in it and a value the reader refuses is refused by
the schema too."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

from conftest import DATA, MINIMAL, as_json, read_yaml, record_types
from hishers_cli.dataset import model
from hishers_cli.dataset.fields import fields
from hishers_cli.dataset.schema import schema

VALIDATOR = jsonschema.Draft202012Validator(schema())


def as_object(schema_part: dict[str, Any]) -> dict[str, Any]:
    """The object schema inside a field's schema (through null and array)."""
    if "anyOf" in schema_part:
        schema_part = schema_part["anyOf"][0]
    return schema_part["items"] if schema_part.get("type") == "array" else schema_part


def walk(record: type, part: dict[str, Any], out: dict[type, list[dict[str, Any]]]) -> None:
    out.setdefault(record, []).append(part)
    for f in fields(record):
        if f.record is not None:
            walk(f.record, as_object(part["properties"][f.name]), out)


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(schema())


def test_every_field_of_every_record_is_in_the_schema_and_nothing_else() -> None:
    found: dict[type, list[dict[str, Any]]] = {}
    walk(model.DatasetFile, schema(), found)
    assert set(found) == record_types()
    for record, parts in found.items():
        for part in parts:
            assert list(part["properties"]) == [f.name for f in fields(record)], record.__name__
            assert part["required"] == [f.name for f in fields(record) if f.required], record.__name__
            assert part["additionalProperties"] is False


def test_a_nullable_field_takes_null_and_a_documented_one_says_what_it_means() -> None:
    found: dict[type, list[dict[str, Any]]] = {}
    walk(model.DatasetFile, schema(), found)
    for record, parts in found.items():
        for f in fields(record):
            part = parts[0]["properties"][f.name]
            assert ("anyOf" in part and {"type": "null"} in part["anyOf"]) == f.nullable, (record.__name__, f.name)
            doc = f.mark(model.Doc)
            if doc:
                described = part["anyOf"][0] if f.nullable else part
                assert described["description"] == doc.text


def test_the_fixture_shows_and_the_smallest_dataset_are_accepted() -> None:
    fixtures = [path.read_text(encoding="utf-8") for path in sorted(DATA.glob("*.yaml"))]
    for text in (MINIMAL, *fixtures):
        assert list(VALIDATOR.iter_errors(as_json(read_yaml(text)))) == []


# One bad value of each kind of field, put into the smallest dataset.
BAD = {
    "empty text": ("name: Xavier", 'name: ""'),
    "blank text": ("name: Xavier", 'name: "   "'),
    "text for a number": ("episodes: 2", "episodes: two"),
    "negative stamp": ("{id: x, name: Xavier, known_from: 0", "{id: x, name: Xavier, known_from: -1"),
    "a fixed number changed": ("schema: 1", "schema: 2"),
    "text for a boolean": ("known_from: 0, sources: [a]}\n", "known_from: 0, sources: [a], exact: maybe}\n"),
    "no sources": (
        "{id: x, name: Xavier, known_from: 0, sources: [a]}",
        "{id: x, name: Xavier, known_from: 0, sources: []}",
    ),
    "a number in a list of text": ("sources: [a]}\n", "sources: [1]}\n"),
    "unknown key": ("name: Xavier", "name: Xavier, nickname: X"),
    "missing required key": ("{id: x, name: Xavier, ", "{id: x, "),
    "a list for a record": ("series:\n  title: Tiny\n  episodes: 2\n", "series: []\n"),
}


@pytest.mark.parametrize("change", BAD.values(), ids=BAD.keys())
def test_a_bad_value_is_rejected(change: tuple[str, str]) -> None:
    text = MINIMAL.replace(*change)
    assert text != MINIMAL, "the change must apply"
    assert list(VALIDATOR.iter_errors(as_json(read_yaml(text)))), "the schema accepts it"
