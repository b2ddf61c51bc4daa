"""Every use of Typer's and click's private machinery, in one place.

hishers builds on Typer's public API everywhere else. This module is the
one door to what Typer does not promise to keep (modules and names with an
underscore, `typer.main`'s builders, `typer.core`'s classes), so that a Typer
upgrade is this file and its tests (tests/test_typer_adapter.py).
pyproject.toml pins Typer to the minor versions these are tested on. What
each use buys:

- Start-up: `take_as_typed` sets a parameter's `_runtime_param` (read by
  `_TyperParameter.get_runtime_param`) to `AsTyped`, so Typer does not
  import pydantic to coerce every value, even for `--help`; `hook_available`
  checks once per process that the hook is still what it was, and if it is
  not, the parameters keep Typer's own coercion (slower, still correct).
- Lazy commands: `build_command` builds one command from its registration
  (`typer.main.get_command_from_info`, `get_group_from_info`), so a run
  imports and builds only the command it invokes; `command_name` is the
  name Typer gives a command registered without one.
- Error wording and help: `Group` and `Command` are Typer's click classes
  (`typer.core`), which hishers subclasses; `UsageError` is click's usage
  error, the base of `typer.BadParameter`; `completion_requested` is the
  hook click calls on every run (`_main_shell_completion`), where hishers'
  completion classes are put in place only when a shell asks.
- Completion: `completion_bases` gives click's context resolution and
  Typer's completion classes for bash, zsh and fish, which `complete`
  subclasses; `add_completion_class` registers them; `split_arg_string`
  splits COMP_WORDS as click does; `installers` and `replace_installer` put
  hishers' installers in place of Typer's (its fish installer ignores
  XDG_CONFIG_HOME, and none checks for a usable home).
- Tests: `click_command` is the whole click tree Typer builds for an app,
  and `build_once_for_tests` makes `typer.testing` reuse it instead of
  building it again on every invoke.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import cache
from typing import Any, NamedTuple

import typer
from typer.core import TyperCommand, TyperGroup

# Click's usage error (the base of typer.BadParameter).
UsageError: type[Exception] = typer.BadParameter.__bases__[0]


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


class Group(TyperGroup):
    """Typer's click group, with a hook for a shell's completion request and
    every parameter read as typed."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        take_as_typed(self.get_params(ctx))
        return super().parse_args(ctx, args)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            take_as_typed(command.get_params(ctx))
        return command

    def completion_requested(self) -> None:
        """Called before a shell's completion request is answered (after
        Typer has registered its own classes)."""

    def _main_shell_completion(self, ctx_args: Any, prog_name: str, complete_var: str | None = None) -> None:
        # Asked on every run; only a completion request (the variable Typer
        # reads, set by the shell) needs hishers' completion classes.
        if os.environ.get(complete_var or f"_{prog_name}_COMPLETE".replace("-", "_").upper()):
            self.completion_requested()
        super()._main_shell_completion(ctx_args, prog_name, complete_var)


class Command(TyperCommand):
    """Typer's click command."""


def is_no_args_is_help(error: Exception) -> bool:
    """Whether a usage error is click's "a group run without its command"."""
    return type(error).__name__ == "NoArgsIsHelpError"


def command_name(info: Any) -> str:
    """The name a registered command is invoked by."""
    from typer.main import get_command_name

    callback_name = info.callback.__name__ if info.callback else ""
    return str(info.name or get_command_name(callback_name))


def build_command(app: Any, name: str) -> Any:
    """The click command or group `name` of a Typer app, built from its
    registration alone (None if no command is registered by that name)."""
    from typer.main import get_command_from_info, get_group_from_info

    short, markup = app.pretty_exceptions_short, app.rich_markup_mode
    built = None
    for info in app.registered_commands:
        if command_name(info) == name:
            built = get_command_from_info(info, pretty_exceptions_short=short, rich_markup_mode=markup)
    for group in app.registered_groups:
        if group.name == name:
            built = get_group_from_info(
                group, pretty_exceptions_short=short, rich_markup_mode=markup, suggest_commands=app.suggest_commands
            )
    return built


def click_command(app: Any) -> Any:
    """The whole click command tree of a Typer app."""
    import typer.main

    return typer.main.get_command(app)


def build_once_for_tests(app: Any) -> Any:
    """Make `typer.testing.CliRunner` reuse one click tree for `app` (Typer
    builds it again on every invoke; it does not change between calls)."""
    import typer.testing

    command = click_command(app)
    typer.testing._get_command = lambda _app: command  # type: ignore[attr-defined, assignment]
    return command


def split_arg_string(text: str) -> list[str]:
    """A command line split into words, as click splits COMP_WORDS."""
    from typer._click.shell_completion import split_arg_string

    return list(split_arg_string(text))


class CompletionBases(NamedTuple):
    """What hishers' completion classes build on."""

    resolve_context: Callable[..., Any]
    resolve_incomplete: Callable[..., Any]
    item: type
    bash: type
    zsh: type
    fish: type


def completion_bases() -> CompletionBases:
    """click's context resolution and Typer's completion classes (raises
    ImportError or AttributeError if Typer has moved them)."""
    from typer._click.shell_completion import CompletionItem, _resolve_context, _resolve_incomplete
    from typer._completion_classes import BashComplete, FishComplete, ZshComplete

    return CompletionBases(
        _resolve_context, _resolve_incomplete, CompletionItem, BashComplete, ZshComplete, FishComplete
    )


def add_completion_class(cls: type, shell: str) -> None:
    from typer._click.shell_completion import add_completion_class

    add_completion_class(cls, shell)


def completion_script(*, prog_name: str, complete_var: str, shell: str) -> str:
    from typer._completion_shared import get_completion_script

    return str(get_completion_script(prog_name=prog_name, complete_var=complete_var, shell=shell))


def installers() -> dict[str, Callable[..., Any]]:
    """Typer's `--install-completion` installer for each shell, which Typer
    looks up by name in `typer._completion_shared` (none if it has moved)."""
    try:
        import typer._completion_shared as shared
    except ImportError:
        return {}
    if not callable(getattr(shared, "get_completion_script", None)):
        return {}
    found = {shell: getattr(shared, f"install_{shell}", None) for shell in ("bash", "zsh", "fish", "powershell")}
    return {shell: installer for shell, installer in found.items() if callable(installer)}


def replace_installer(shell: str, installer: Callable[..., Any]) -> None:
    """Put `installer` where Typer looks up the one for `shell`."""
    import typer._completion_shared as shared

    setattr(shared, f"install_{shell}", installer)
