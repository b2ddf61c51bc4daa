"""The dataset format as a JSON Schema, for editors (`hishers schema`).

`dataset.py` is the authority: it also checks what a schema cannot express
(references between records, stamp order, unique ids). This schema describes
the shape, and tests keep the two in step."""

from __future__ import annotations

from typing import Any

TEXT: dict[str, Any] = {"type": "string", "minLength": 1, "pattern": "\\S"}
OPTIONAL_TEXT: dict[str, Any] = {"type": ["string", "null"]}
TEXTS: dict[str, Any] = {"type": "array", "items": TEXT}
STAMP: dict[str, Any] = {
    "type": "integer",
    "minimum": 0,
    "description": "The episode after which a viewer knows this (0 = before episode 1); at most series.episodes.",
}
SOURCES: dict[str, Any] = {
    "type": "array",
    "items": TEXT,
    "minItems": 1,
    "description": "Ids of the sources this record rests on.",
}


def _record(required: dict[str, Any], optional: dict[str, Any] | None = None) -> dict[str, Any]:
    properties = {**required, **(optional or {})}
    return {
        "type": "object",
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }


def _stamped(required: dict[str, Any], optional: dict[str, Any] | None = None) -> dict[str, Any]:
    return _record({**required, "known_from": STAMP, "sources": SOURCES}, optional)


def _list(item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": item}


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a dataset file."""
    summary = _stamped({"text": TEXT})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "hishers dataset",
        "description": "A show for hishers: every fact is stamped with the episode that reveals it.",
        **_record(
            {
                "schema": {"const": 1},
                "sources": _list(
                    _record(
                        {"id": TEXT, "title": TEXT, "file": TEXT},
                        {"date": {"type": ["string", "null"], "format": "date"}, "note": OPTIONAL_TEXT},
                    )
                ),
                "series": _record(
                    {"title": TEXT, "episodes": {"type": "integer", "minimum": 1, "maximum": 10_000}},
                    {
                        "facts": _list(_stamped({"topic": TEXT, "text": TEXT})),
                        "credits": _list(_stamped({"name": TEXT, "roles": TEXTS})),
                    },
                ),
                "episodes": _list(
                    _stamped(
                        {"number": {"type": "integer", "minimum": 1}},
                        {
                            "title": OPTIONAL_TEXT,
                            "runtime_minutes": {"type": ["integer", "null"], "minimum": 1},
                            "summary": {"oneOf": [summary, {"type": "null"}]},
                            "appearances": {**TEXTS, "description": "Ids of the characters in this episode."},
                        },
                    )
                ),
                "characters": _list(
                    _stamped(
                        {"id": TEXT, "name": TEXT},
                        {
                            "cast": _list(_stamped({"actor": TEXT}, {"known_for": TEXTS, "part": OPTIONAL_TEXT})),
                            "bio": _list(_stamped({"text": TEXT})),
                            "aliases": _list(_stamped({"name": TEXT})),
                            "note": OPTIONAL_TEXT,
                        },
                    )
                ),
            },
            {
                "relationships": _list(
                    _stamped(
                        {
                            "between": {**TEXTS, "minItems": 2, "maxItems": 2},
                            "kind": TEXT,
                            "text": TEXT,
                        }
                    )
                ),
                "ending": _list(
                    _record(
                        {
                            "topic": TEXT,
                            "question": TEXT,
                            "known_from": STAMP,
                            "accounts": {
                                "type": "array",
                                "minItems": 1,
                                "items": _record({"source": TEXT, "text": TEXT}),
                            },
                        },
                        {"agree": {"type": ["boolean", "null"]}},
                    )
                ),
                "book_differences": _list(_stamped({"topic": TEXT, "text": TEXT})),
                "events": _list(
                    _stamped(
                        {
                            "lane": {"enum": ["present", "past"]},
                            "order": {"type": "integer", "minimum": 0},
                            "text": TEXT,
                        }
                    )
                ),
            },
        ),
    }
