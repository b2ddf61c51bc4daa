"""The fields of each record type, read off the annotations in `model`.

`fields(model.Character)` says, for each field in order: its name, what kind
of value it holds, whether it may be left out or be null, its default, the
record type it nests, and the `Annotated` marks on it. The reader, the JSON
Schema and the cache all work from this, never from a list of their own.
"""

from __future__ import annotations

import types
import typing
from functools import cache
from typing import Any, NamedTuple


class Field(NamedTuple):
    name: str
    # "text", "int", "bool", "texts" (a list of text), "record" or "records"
    kind: str
    required: bool  # the key must be present
    nullable: bool  # the value may be null
    default: Any
    record: type | None  # the nested record type, for "record" and "records"
    marks: tuple[object, ...]
    by_class: dict[type, object]  # the marks again, by class, for `mark`

    def mark(self, kind: type) -> Any:
        """This field's mark of the given class, or None."""
        return self.by_class.get(kind)


def is_record(kind: object) -> bool:
    return isinstance(kind, type) and issubclass(kind, tuple) and hasattr(kind, "_fields")


@cache
def fields(record: type) -> tuple[Field, ...]:
    """The fields of a record type, in declaration order."""
    hints = record.__annotations__
    if any(isinstance(hint, (str, typing.ForwardRef)) for hint in hints.values()):  # not evaluated yet
        hints = typing.get_type_hints(record, include_extras=True)
    defaults: dict[str, Any] = record._field_defaults  # type: ignore[attr-defined]
    out = []
    for name in record._fields:  # type: ignore[attr-defined]
        kind, nullable, nested, marks = _hint_kind(hints[name])
        out.append(
            Field(
                name=name,
                kind=kind,
                required=name not in defaults,
                nullable=nullable,
                default=defaults.get(name),
                record=nested,
                marks=marks,
                by_class={type(m): m for m in marks},
            )
        )
    return tuple(out)


def _hint_kind(hint: Any) -> tuple[str, bool, type | None, tuple[object, ...]]:
    marks: tuple[object, ...] = ()
    if typing.get_origin(hint) is typing.Annotated:
        hint, *extra = typing.get_args(hint)
        marks = tuple(extra)
    nullable = False
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        nullable = len(options) < len(typing.get_args(hint))
        (hint,) = options
    if hint is str:
        return "text", nullable, None, marks
    if hint is bool:
        return "bool", nullable, None, marks
    if hint is int:
        return "int", nullable, None, marks
    if typing.get_origin(hint) is tuple:
        item = typing.get_args(hint)[0]
        if item is str:
            return "texts", nullable, None, marks
        if is_record(item):
            return "records", nullable, item, marks
    if is_record(hint):
        return "record", nullable, hint, marks
    raise TypeError(f"no format for a field of type {hint!r}")
