"""The hishers command line: option parsing and wiring only.

A read command resolves the viewer's progress, asks the gate what is known at
that progress, hands that to its presenter and prints the result. The
commands are in `read` (what the show holds), `manage` (progress, cache,
dataset files), `notes` (the viewer's own theories) and `export`; `core` has
what they share. This module is the root: the global options, the status
screen and the table of commands.
"""

import importlib
import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from hishers_cli import __version__
from hishers_cli.cli.core import Group, Session, WatchedOption, emit, session_of

# Every command by name, with the module that declares it, in the order
# `hishers --help` lists them. A run imports the module of the command it
# invokes and builds that command only (click's lazy-loading pattern); the
# help, completion and an unknown name load every one.
COMMANDS = {
    **dict.fromkeys(
        ("episodes", "cast", "ending", "who", "recap", "new", "timeline", "relations", "search", "about", "book"),
        "read",
    ),
    "validate": "manage",
    "schema": "manage",
    "suspect": "notes",
    "cache": "manage",
    "progress": "manage",
    "notes": "notes",
    "export": "export",
    "browse": "browse",
}


def load_all() -> None:
    """Import every command module: each registers its commands on `app`."""
    for module in dict.fromkeys(COMMANDS.values()):
        importlib.import_module(f"hishers_cli.cli.{module}")


class CommandGroup(Group):
    """A group whose command list gives each command's whole description
    (its help's first paragraph), wrapped, never cut short with "..."."""

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            first = (command.short_help or command.help or "").split("\n\n")[0]
            rows.append((name, " ".join(first.replace("\b", "").split())))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


# The root's options that are not --watched (which every reading command
# declares again): accepted after the command too, and moved before it.
GLOBAL_FLAGS = ("--no-pager", "--no-cache")
GLOBAL_VALUES = ("--data",)


def in_order(args: list[str]) -> list[str]:
    """The command line with the global options given after the command
    moved before it (`hishers cast --no-pager`, where a later one wins, as
    for --watched), and a command's --json given before it moved after it
    (`hishers --json cast`). Nothing after `--` is moved."""
    front: list[str] = []
    i = 0
    while i < len(args) and args[i].startswith("-") and args[i] != "--":
        takes = args[i] in ("--watched", *GLOBAL_VALUES)
        front += args[i : i + 1 + takes]
        i += 1 + takes
    if i >= len(args) or args[i] == "--":
        return args
    moved, rest = [], []
    tail = args[i + 1 :]
    j = 0
    while j < len(tail):
        word = tail[j]
        if word == "--":
            rest += tail[j:]
            break
        if word in GLOBAL_FLAGS or word.startswith(tuple(f"{o}=" for o in GLOBAL_VALUES)):
            moved.append(word)
        elif word in GLOBAL_VALUES and j + 1 < len(tail):
            moved += tail[j : j + 2]
            j += 1
        else:
            rest.append(word)
        j += 1
    json_first = [word for word in front if word == "--json"]
    front = [word for word in front if word != "--json"]
    end = rest.index("--") if "--" in rest else len(rest)
    return [*front, *moved, args[i], *rest[:end], *json_first, *rest[end:]]


class RootGroup(CommandGroup):
    """`hishers` itself: builds a command when it is first asked for."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, in_order(args))

    def list_commands(self, ctx: Any) -> list[str]:
        return [*COMMANDS, *(name for name in self.commands if name not in COMMANDS)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands:
            # An unknown name builds them all, so the error can suggest the closest.
            for name in [cmd_name] if cmd_name in COMMANDS else COMMANDS:
                if name not in self.commands:
                    self._build(name)
        return super().get_command(ctx, cmd_name)

    def _build(self, name: str) -> None:
        from typer.main import get_command_from_info, get_command_name, get_group_from_info

        importlib.import_module(f"hishers_cli.cli.{COMMANDS[name]}")
        short, markup = app.pretty_exceptions_short, app.rich_markup_mode
        for info in app.registered_commands:
            callback_name = info.callback.__name__ if info.callback else ""
            if (info.name or get_command_name(callback_name)) == name:
                self.commands[name] = get_command_from_info(
                    info, pretty_exceptions_short=short, rich_markup_mode=markup
                )
        for group in app.registered_groups:
            if group.name == name:
                self.commands[name] = get_group_from_info(
                    group, pretty_exceptions_short=short, rich_markup_mode=markup, suggest_commands=app.suggest_commands
                )


def _version(value: bool) -> None:
    if value:
        typer.echo(f"hishers {__version__}")
        raise typer.Exit()


app = typer.Typer(
    name="hishers",
    cls=RootGroup,
    help="A spoiler-aware companion for a TV series: the bundled His & Hers, or any show "
    "written in the same dataset format (--data).\n\n"
    "Tell it how far you have watched (hishers progress set N) and it shows only what "
    "you have already seen.\n\n"
    "The options below may also follow the command: hishers cast --no-pager.",
    no_args_is_help=False,
    rich_markup_mode=None,
    epilog="\b\nEnvironment:\n"
    "  HISHERS_WATCHED  progress for this call, as --watched N (before the saved one)\n"
    "  HISHERS_DATA     another dataset file, as --data PATH\n"
    "  HISHERS_THEME    colour (the default) or plain: the terminal's own colours\n"
    "  NO_COLOR         no colours or styles on a terminal\n"
    "  XDG_CONFIG_HOME  where progress.json is saved (default ~/.config)\n"
    "  XDG_DATA_HOME    where your notes are kept (default ~/.local/share)\n"
    "  XDG_CACHE_HOME   where parsed datasets are cached (default ~/.cache)\n"
    "  PAGER, LESS      the pager for long output on a terminal, and its options\n"
    "  COLUMNS          the width to wrap plain output to (at most 100 columns)\n"
    "\n"
    "\b\nExit codes:\n"
    "  0    success\n"
    "  1    an error: locked content, no match, an unreadable or invalid dataset\n"
    "  2    a usage error: unknown command or option, progress out of range\n"
    "  3    you answered no at the spoiler prompt (nothing was shown) or at\n"
    "       notes clear (nothing was removed)\n"
    "  130  interrupted (Ctrl-C)",
    pretty_exceptions_enable=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback(invoke_without_command=True)
def _main(
    ctx: typer.Context,
    watched: WatchedOption = None,
    data: Annotated[
        Optional[str],
        typer.Option(
            "--data",
            envvar="HISHERS_DATA",
            metavar="PATH",
            help="Use another dataset file in the same format (default: the bundled His & Hers data).",
            show_default=False,
        ),
    ] = None,
    no_pager: Annotated[
        bool, typer.Option("--no-pager", help="Never page long output (it is never paged when piped).")
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache", help="Parse the dataset afresh instead of using the parsed copy cached from earlier runs."
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    ctx.obj = Session(watched=watched, data=Path(data) if data else None, pager=not no_pager, use_cache=not no_cache)
    if ctx.invoked_subcommand is None:
        status_screen(ctx)


def status_screen(ctx: typer.Context) -> None:
    """Bare `hishers`: where you are and what to run next."""
    from hishers_cli.views import status

    session = session_of(ctx)
    emit(ctx, status.screen(session.known(), session.progress().origin), False)


def main() -> None:
    """Console entry point. Typer already turns Ctrl-C into exit 130 and a
    closed pipe into a quiet exit; output that cannot be encoded for the
    terminal is replaced rather than crashing."""
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    app()
