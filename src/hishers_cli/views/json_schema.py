"""The `--json` contract: a JSON Schema of every read command's document.

Each kind of thing has one definition here, matching the one function in
`views/shapes.py` that builds it; each command's document is the common
envelope plus its own keys. `hishers schema --output` prints this, and the
test suite validates every command's output against it at every progress
level. docs/json.md explains it for script authors.
"""

from __future__ import annotations

from typing import Any

VERSION = 1

STRING: dict[str, Any] = {"type": "string"}
INT: dict[str, Any] = {"type": "integer"}
BOOL: dict[str, Any] = {"type": "boolean"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}"}


def _list(schema: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": schema}


def _object(required: dict[str, Any], optional: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {**required, **(optional or {})},
        "required": list(required),
        "additionalProperties": False,
    }


STAMPED: dict[str, Any] = {
    "known_from": {**INT, "description": "The episode after which a viewer knows this (0 = before episode 1)."},
    "exact": {**BOOL, "description": "false: no source ties this to an episode; known_from is a latest bound."},
    "disputed": {**BOOL, "description": "true: the sources disagree here; this record gives its sources' account."},
    "sources": _list(_ref("source_ref")),
}

DEFINITIONS: dict[str, Any] = {
    "source_ref": _object({"id": STRING, "label": STRING}),
    "source": _object({"id": STRING, "label": STRING, "title": STRING, "date": _nullable(STRING), "file": STRING}),
    "character_ref": _object({"id": STRING, "name": STRING}),
    "match": _object(
        {
            "by": {"enum": ["name", "alias", "actor", "relation", "role", "description", "misspelling"]},
            "query": {**STRING, "description": "The query as typed."},
        }
    ),
    "episode_ref": _object({"number": INT}),
    "held": _nullable(_object({"text": STRING})),
    "fact": _object({"text": STRING, **STAMPED}, {"topic": STRING}),
    "credit": _object({"name": STRING, "roles": _list(STRING), **STAMPED}),
    "casting": _object(
        {
            "actor": STRING,
            "character": _nullable(_ref("character_ref")),
            "part": _nullable(STRING),
            "known_for": _list(STRING),
            **STAMPED,
        }
    ),
    "relationship_ref": _object(
        {
            "between": {**_list(_ref("character_ref")), "minItems": 2, "maxItems": 2},
            "kind": STRING,
            "roles": _nullable({**_list(STRING), "minItems": 2, "maxItems": 2}),
        }
    ),
    "relationship": _object(
        {
            "between": {**_list(_ref("character_ref")), "minItems": 2, "maxItems": 2},
            "kind": STRING,
            "roles": _nullable({**_list(STRING), "minItems": 2, "maxItems": 2}),
            "current": {**_list(_ref("fact")), "minItems": 1},
            "history": _list(_ref("fact")),
        }
    ),
    "event": _object({"lane": {"enum": ["present", "past"]}, "order": INT, "text": STRING, **STAMPED}),
    "character": _object(
        {
            "id": STRING,
            "name": STRING,
            "exact": BOOL,
            "sources": _list(_ref("source_ref")),
            "aliases": _list(_ref("fact")),
            "cast": _list(_ref("casting")),
            "bio": _list(_ref("fact")),
            "relationships": _list(_ref("relationship")),
            "seen_in": _list(_ref("episode_ref")),
        }
    ),
    "episode": _object(
        {
            "number": INT,
            "title": _nullable(STRING),
            "runtime_minutes": _nullable(INT),
            "watched": BOOL,
            "summary": _nullable(STRING),
            "sources": _list(_ref("source_ref")),
            "appearances": _list(_ref("character_ref")),
        }
    ),
    "recap": _object({"points": _list(STRING), "questions": _list(STRING), **STAMPED}),
    "ending_point": _object(
        {
            "topic": STRING,
            "question": STRING,
            "agree": _nullable(BOOL),
            "known_from": INT,
            "accounts": _list(
                _object({"sources": _list(_ref("source_ref")), "text": STRING, "answer": _list(_ref("character_ref"))})
            ),
        }
    ),
    "reveal": _object(
        {"kind": {"enum": ["character", "casting", "alias", "bio", "relationship"]}, "first_shown": BOOL},
        {
            "character": _nullable(_ref("character_ref")),
            "casting": _ref("casting"),
            "relationship": _ref("relationship_ref"),
            "fact": _ref("fact"),
        },
    ),
    "problem": _object({"path": STRING, "line": _nullable(INT), "column": _nullable(INT), "message": STRING}),
    "note": _object(
        {
            "number": {**INT, "description": "1 = the oldest note; what `hishers notes remove N` takes."},
            "text": {**STRING, "description": "The note exactly as kept (never interpreted)."},
            "after": {**INT, "description": "The episode the viewer had watched up to when writing it."},
            "origin": {"enum": ["option", "environment", "saved", "default"]},
        }
    ),
    "guess": _object(
        {
            "after": {**INT, "description": "The episode the viewer had watched up to."},
            "suspect": _ref("character_ref"),
            "origin": {"enum": ["option", "environment", "saved", "default"]},
        }
    ),
    "verdict": _object(
        {
            "topic": STRING,
            "question": STRING,
            "agree": {**BOOL, "description": "true: every account gives the same answer."},
            "accounts": _list(_object({"sources": _list(_ref("source_ref")), "answer": _list(_ref("character_ref"))})),
            "suspected": _list(
                _object(
                    {
                        "character": _ref("character_ref"),
                        "after": {**_list(INT), "description": "Every episode after which the viewer suspected them."},
                        "first_after": _nullable(INT),
                    }
                )
            ),
        }
    ),
    "board": _object(
        {
            "episodes": _list(
                _object({"after": INT, "suspect": _nullable(_ref("character_ref")), "notes": _list(_ref("note"))})
            ),
            "hidden": {**INT, "description": "Notes and guesses from beyond this progress, not shown."},
            "answers": {
                **_nullable(_list(_ref("verdict"))),
                "description": "null until the viewer has watched the finale (or confirms spoilers).",
            },
        }
    ),
}

ENVELOPE: dict[str, Any] = {
    "show": _nullable(STRING),
    "watched": _nullable(INT),
    "episode_count": _nullable(INT),
    "held": _ref("held"),
}

SEARCH_KINDS = ("episode", "bio", "alias", "casting", "relationship", "event", "fact", "credit", "ending", "book")
_SEARCH_RECORD = {
    "episode": "episode",
    "bio": "fact",
    "alias": "fact",
    "casting": "casting",
    "relationship": "relationship",
    "event": "event",
    "fact": "fact",
    "credit": "credit",
    "ending": "ending_point",
    "book": "fact",
}

COMMANDS: dict[str, dict[str, Any]] = {
    "episodes": {"episodes": _list(_ref("episode"))},
    "episode": {"episode": _ref("episode"), "reveals": _list(_ref("reveal"))},
    # cast rows, recap items and search hits extend a kind: see _document
    "cast": {},
    "who": {},
    "recap": {"before": _nullable(INT)},
    "new": {"episode": _ref("episode"), "reveals": _list(_ref("reveal")), "events": _list(_ref("event"))},
    "timeline": {"lanes": _object({}, {"present": _list(_ref("event")), "past": _list(_ref("event"))})},
    "relations": {"relationships": _list(_ref("relationship"))},
    "search": {"query": _nullable(STRING)},
    "about": {
        "facts": _list(_ref("fact")),
        "credits": _list(_ref("credit")),
        "renewal": _list(_ref("fact")),
        "sources": _list(_ref("source")),
    },
    "book": {"differences": _list(_ref("fact"))},
    "ending": {
        "points": _list(_ref("ending_point")),
        "disagreements": _list(STRING),
        "sources": _list(_ref("source")),
        "board": _nullable(_ref("board")),
    },
    "notes": {"notes": _list(_ref("note")), "hidden": INT, "file": STRING},
    "notes_add": {"note": _ref("note"), "file": STRING},
    "notes_remove": {"note": _ref("note"), "file": STRING},
    "notes_clear": {"removed": _object({"notes": INT, "guesses": INT}), "file": STRING},
    "suspect": {"board": _ref("board"), "file": STRING},
    "suspect_name": {"guess": _ref("guess"), "file": STRING},
    "progress": {"origin": {"enum": ["option", "environment", "saved", "default"]}, "config_file": STRING},
    "validate": {"path": STRING, "valid": BOOL, "problems": _list(_ref("problem"))},
}


def _document(command: str) -> dict[str, Any]:
    own = COMMANDS[command]
    if command == "cast":
        row = {
            "type": "object",
            "properties": {**DEFINITIONS["casting"]["properties"], "so_far": _nullable(STRING)},
            "required": [*DEFINITIONS["casting"]["required"], "so_far"],
            "additionalProperties": False,
        }
        own = {"cast": _list(row)}
    if command == "recap":
        item = {
            "type": "object",
            "properties": {
                **DEFINITIONS["episode"]["properties"],
                "recap": _nullable(_ref("recap")),
                "new_characters": _list(_ref("character_ref")),
            },
            "required": [*DEFINITIONS["episode"]["required"], "recap", "new_characters"],
            "additionalProperties": False,
        }
        own = {**own, "episodes": _list(item)}
    if command == "search":
        hit = {
            "oneOf": [
                _object({"kind": {"const": kind}, "section": STRING, kind: _ref(_SEARCH_RECORD[kind])})
                for kind in SEARCH_KINDS
            ]
        }
        own = {**own, "results": _list(hit)}
    document = _object({**ENVELOPE, **own})
    if command == "who":
        document = {
            "oneOf": [
                _object({**ENVELOPE, "match": _ref("match"), "character": _ref("character")}),
                _object({**ENVELOPE, "match": _ref("match"), "casting": _ref("casting")}),
                _object({**ENVELOPE, "match": _ref("match"), "characters": _list(_ref("character"))}),
            ]
        }
    return document


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of every command's `--json` document:
    one definition per kind of thing, and one per command under
    `$defs/commands`; the document of command C validates against
    `#/$defs/command_C`."""
    defs = dict(DEFINITIONS)
    for command in COMMANDS:
        defs[f"command_{command}"] = _document(command)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://hishers.invalid/output/v{VERSION}",
        "title": "hishers --json output",
        "description": (
            "Every read command prints one JSON document: the common envelope (show, watched, "
            "episode_count, held) and the command's own keys. The document of `hishers C --json` "
            "validates against #/$defs/command_C ('episode' is `hishers episodes N`, "
            "'notes_add' is `hishers notes add`, 'suspect_name' is `hishers suspect NAME`)."
        ),
        "$defs": defs,
        "anyOf": [_ref(f"command_{command}") for command in COMMANDS],
    }
