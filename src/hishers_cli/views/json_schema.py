"""The `--json` contract: a JSON Schema of every read command's document,
derived from the typed shapes in `views/shapes.py`.

Each `TypedDict` there becomes one definition under `$defs` (named in snake
case: `CharacterRef` is `character_ref`), each command's document one
`command_C`; `Annotated` marks give descriptions and list bounds, `Literal`
types closed sets. `hishers schema --output` prints this, and the test suite
validates every command's output against it at every progress level.
docs/json.md explains it for script authors.
"""

from __future__ import annotations

import re
import types
import typing
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints, is_typeddict

from hishers_cli.dataset.model import Doc
from hishers_cli.views import shape_types as shapes
from hishers_cli.views.shape_types import Items

VERSION = 2

# Each read command's document, by the name of its definition: the document
# of `hishers C --json` validates against `#/$defs/command_C`.
COMMANDS: dict[str, Any] = {
    "episodes": shapes.EpisodesDocument,
    "episode": shapes.EpisodeDocument,
    "cast": shapes.CastDocument,
    "who": shapes.WhoDocument,
    "recap": shapes.RecapDocument,
    "new": shapes.NewDocument,
    "timeline": shapes.TimelineDocument,
    "relations": shapes.RelationsDocument,
    "search": shapes.SearchDocument,
    "about": shapes.AboutDocument,
    "book": shapes.BookDocument,
    "ending": shapes.EndingDocument,
    "notes": shapes.NotesDocument,
    "notes_add": shapes.NoteDocument,
    "notes_remove": shapes.NoteDocument,
    "notes_clear": shapes.NotesClearDocument,
    "suspect": shapes.SuspectDocument,
    "suspect_name": shapes.SuspectNameDocument,
    "progress": shapes.ProgressDocument,
    "progress_set": shapes.ProgressChangeDocument,
    "progress_next": shapes.ProgressChangeDocument,
    "progress_reset": shapes.ProgressChangeDocument,
    "cache_clear": shapes.CacheClearDocument,
    "export_html": shapes.ExportDocument,
    "export_site": shapes.ExportDocument,
    "validate": shapes.ValidateDocument,
}

SIMPLE = {str: "string", int: "integer", bool: "boolean", float: "number", type(None): "null"}


def def_name(shape: type) -> str:
    """A shape's name in `$defs`: CharacterRef -> character_ref."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", shape.__name__).lower()


class SchemaBuilder:
    """Turns types into JSON Schema, collecting each TypedDict once under
    `$defs`."""

    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def ref(self, shape: type) -> dict[str, Any]:
        name = def_name(shape)
        if name not in self.defs:
            self.defs[name] = {}  # a placeholder while its keys are described
            self.defs[name] = self.object(shape)
        return {"$ref": f"#/$defs/{name}"}

    def object(self, shape: type) -> dict[str, Any]:
        """A TypedDict: every key required (a document always holds each
        key, null where it has no value), no other key."""
        hints = get_type_hints(shape, include_extras=True)
        schema: dict[str, Any] = {"type": "object"}
        if shape.__doc__:
            schema["description"] = " ".join(shape.__doc__.split())
        schema["properties"] = {key: self.of(hint) for key, hint in hints.items()}
        schema["required"] = list(hints)
        schema["additionalProperties"] = False
        return schema

    def document(self, shape: Any) -> dict[str, Any]:
        """A command's document: one TypedDict, or a union of them."""
        if is_typeddict(shape):
            return self.object(shape)
        return {"oneOf": [self.object(option) for option in get_args(shape)]}

    def of(self, hint: Any) -> dict[str, Any]:
        origin, args = get_origin(hint), get_args(hint)
        if origin is typing.Annotated:
            schema = dict(self.of(args[0]))
            for mark in args[1:]:
                if isinstance(mark, Doc):
                    schema["description"] = mark.text
                elif isinstance(mark, Items):
                    if mark.min is not None:
                        schema["minItems"] = mark.min
                    if mark.max is not None:
                        schema["maxItems"] = mark.max
            return schema
        if origin in (Union, types.UnionType):
            options = [a for a in args if a is not type(None)]
            schemas = [self.of(a) for a in options]
            one = schemas[0] if len(schemas) == 1 else {"oneOf": schemas}
            return {"anyOf": [one, {"type": "null"}]} if len(options) < len(args) else one
        if origin is Literal:
            return {"const": args[0]} if len(args) == 1 else {"enum": list(args)}
        if origin is list:
            return {"type": "array", "items": self.of(args[0])}
        if origin is dict:
            keys = self.of(args[0])
            schema = {"type": "object", "additionalProperties": self.of(args[1])}
            return schema if keys == {"type": "string"} else {**schema, "propertyNames": keys}
        if is_typeddict(hint):
            return self.ref(hint)
        if hint in SIMPLE:
            return {"type": SIMPLE[hint]}
        raise TypeError(f"no JSON Schema for {hint!r}")


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of every command's `--json` document:
    one definition per kind of thing, and one per command; the document of
    command C validates against `#/$defs/command_C`."""
    builder = SchemaBuilder()
    commands = {f"command_{name}": builder.document(shape) for name, shape in COMMANDS.items()}
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
        "$defs": {**dict(sorted(builder.defs.items())), **commands},
        "anyOf": [{"$ref": f"#/$defs/{name}"} for name in commands],
    }
