"""The dataset format as a JSON Schema, for editors (`hishers schema`).

It is derived from the record types in `model`, as the reader is, so the two
cannot drift apart. The reader also checks what a schema cannot express
(references between records, stamp order, unique ids)."""

from __future__ import annotations

from typing import Any

from hishers_cli.dataset.fields import Field, fields
from hishers_cli.dataset.model import (
    CharacterIds,
    Choice,
    DatasetFile,
    Date,
    Doc,
    NonEmpty,
    SourceId,
    SourceIds,
    Stamp,
    Whole,
)

TEXT: dict[str, Any] = {"type": "string", "minLength": 1, "pattern": "\\S"}


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a dataset file."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "hishers dataset",
        "description": "A show for hishers: every fact is stamped with the episode that reveals it.",
        **_record(DatasetFile),
    }


def _record(record: type) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {f.name: _field(f) for f in fields(record)},
        "required": [f.name for f in fields(record) if f.required],
        "additionalProperties": False,
    }


def _field(f: Field) -> dict[str, Any]:
    out: dict[str, Any]
    if f.kind == "text":
        out = {"type": "string", "format": "date"} if f.mark(Date) else dict(TEXT)
        if f.mark(Choice):
            out = {"enum": list(f.mark(Choice).words)}
        if f.mark(SourceId):
            out["description"] = "The id of a source."
    elif f.kind == "int":
        out = {"type": "integer", "minimum": 0}
        whole = f.mark(Whole)
        if whole:
            out.update(minimum=whole.low, maximum=whole.high)
        if whole and whole.low == whole.high:
            out = {"const": whole.low}
        if f.mark(Stamp):
            out["minimum"] = 0
    elif f.kind == "bool":
        out = {"type": "boolean"}
    elif f.kind == "texts":
        out = {"type": "array", "items": TEXT}
        if f.mark(SourceIds):
            out.update(minItems=1, description="Ids of the sources this record rests on.")
    elif f.kind == "record":
        assert f.record is not None
        out = _record(f.record)
    else:
        assert f.record is not None
        out = {"type": "array", "items": _record(f.record)}
    if f.kind in ("texts", "records") and f.mark(NonEmpty):
        out["minItems"] = 1
    count = getattr(f.mark(CharacterIds), "count", None)
    if count is not None:
        out.update(minItems=count, maxItems=count)
    doc = f.mark(Doc)
    if doc:
        out["description"] = doc.text
    if f.nullable:
        out = {"anyOf": [out, {"type": "null"}]}
    return out
