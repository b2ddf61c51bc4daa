"""Command-line values without Typer's pydantic coercion.

Typer 0.29 coerces every parameter value through pydantic, even for `--help`,
and importing pydantic takes longer than everything else a hishers command
does. hishers' parameters are all flags or text that its commands check
themselves, so `cli._Group` gives them `AsTyped` instead. This is the one
place that touches a Typer internal (`_runtime_param`, read by
`_TyperParameter.get_runtime_param`). pyproject.toml pins Typer to the minor
versions this is tested on, and `hook_available` checks once per process
that the hook is still what it was: if it is not, the parameters keep
Typer's own coercion (slower, still correct).
"""

from __future__ import annotations

import sys
from functools import cache
from typing import Any


class AsTyped:
    """Takes a command-line value as typed: text stays text, flags stay flags."""

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None:
            return () if param.nargs == -1 or param.multiple else None
        if isinstance(value, (tuple, list)):
            return [str(item) for item in value]
        if isinstance(value, bool):
            return value
        return str(value)


_AS_TYPED = AsTyped()


@cache
def hook_available() -> bool:
    """Whether Typer still reads a parameter's coercer from `_runtime_param`
    through `get_runtime_param`, as the versions hishers is tested on do."""
    core = sys.modules.get("typer.core")
    parameter = getattr(core, "_TyperParameter", None)
    if parameter is None:
        return False
    annotations = getattr(parameter, "__annotations__", {})
    return "_runtime_param" in annotations and callable(getattr(parameter, "get_runtime_param", None))


def take_as_typed(params: list[Any]) -> None:
    """Use `AsTyped` for the text and flag parameters; any other type, or a
    Typer whose hook is not as expected, keeps Typer's own coercion."""
    if not hook_available():
        return
    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        typed = descriptor is not None and descriptor.annotation in (str, list[str], bool)
        if typed and getattr(param, "_runtime_param", _AS_TYPED) is None:
            param._runtime_param = _AS_TYPED
