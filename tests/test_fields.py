"""`dataset.fields`: what the reader, the schema and the cache know of each
record type is read off its annotations, and nothing else."""

from __future__ import annotations

from typing import Annotated, NamedTuple

import pytest

from conftest import record_types
from hishers_cli.dataset import model
from hishers_cli.dataset.fields import Field, fields, is_record


class Inner(NamedTuple):
    text: str


class Every(NamedTuple):
    """One field of every kind the model may use."""

    name: str
    count: Annotated[int, model.Whole(1, 9), model.Doc("How many.")]
    flag: bool
    words: Annotated[tuple[str, ...], model.NonEmpty()]
    inner: Inner
    inners: tuple[Inner, ...]
    maybe: str | None = None
    later: Annotated[int | None, model.STAMP] = None
    listed: tuple[str, ...] = ()


def by_name(record: type) -> dict[str, Field]:
    return {f.name: f for f in fields(record)}


def test_each_annotation_gives_its_kind_in_declaration_order() -> None:
    got = by_name(Every)
    assert list(got) == list(Every._fields)
    kinds = {name: (f.kind, f.record) for name, f in got.items()}
    assert kinds == {
        "name": ("text", None),
        "count": ("int", None),
        "flag": ("bool", None),
        "words": ("texts", None),
        "inner": ("record", Inner),
        "inners": ("records", Inner),
        "maybe": ("text", None),
        "later": ("int", None),
        "listed": ("texts", None),
    }


def test_a_default_makes_a_field_optional_and_none_in_the_hint_makes_it_nullable() -> None:
    got = by_name(Every)
    assert {n for n, f in got.items() if not f.required} == {"maybe", "later", "listed"}
    assert {n for n, f in got.items() if f.nullable} == {"maybe", "later"}
    assert got["listed"].default == () and got["maybe"].default is None and got["name"].default is None


def test_marks_are_kept_in_order_and_found_by_class() -> None:
    count = by_name(Every)["count"]
    assert [type(m) for m in count.marks] == [model.Whole, model.Doc]
    assert count.mark(model.Whole).high == 9 and count.mark(model.Doc).text == "How many."
    assert count.mark(model.Stamp) is None
    assert by_name(Every)["later"].mark(model.Stamp) is model.STAMP
    assert by_name(Every)["name"].marks == ()


@pytest.mark.parametrize("hint", [float, dict[str, str], tuple[int, ...], list[str], bytes])
def test_a_type_with_no_format_is_refused(hint: object) -> None:
    Odd = NamedTuple("Odd", [("value", hint)])  # type: ignore[misc]  # noqa: UP014 (a hint made at run time)
    with pytest.raises(TypeError, match="no format"):
        fields(Odd)


def test_every_record_of_the_model_is_derived_and_nests_only_records() -> None:
    found = record_types()
    assert model.Character in found and model.Relationship in found and model.Source in found
    for record in found:
        assert is_record(record)
        for f in fields(record):
            assert (f.record is not None) == (f.kind in ("record", "records")), (record.__name__, f.name)


def test_every_stamp_in_the_model_is_an_int_marked_as_one() -> None:
    """`known_from` is the one name of a stamp: always an int with the
    stamp's mark, so the gate and the reader find every one."""
    for record in record_types():
        for f in fields(record):
            if f.name == "known_from":
                assert f.kind == "int" and f.mark(model.Stamp) is not None, record.__name__
