"""Commands that manage rather than read: dataset files (`validate`,
`schema`), the cache and the saved progress."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from hishers_cli.cli.complete import complete_progress
from hishers_cli.cli.core import Command, Group, JsonOption, emit, report_change, say, session_of, takes_watched
from hishers_cli.cli.root import app
from hishers_cli.errors import ExitCode

if TYPE_CHECKING:
    from hishers_cli.store.progress import Override


@app.command(cls=Command)
def validate(
    ctx: typer.Context,
    path: Annotated[
        Optional[str],
        typer.Argument(
            metavar="PATH", help="The file to check (default: --data, or the bundled dataset).", show_default=False
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Check a dataset file and list every problem in it, each as file:line:col: message.

    Exits 0 when the file is valid and 1 when it is not.

    \b
    Examples:
      hishers validate
      hishers validate my-show.yaml
    """
    from hishers_cli.dataset import load as dataset
    from hishers_cli.views import validate as view_validate

    target = Path(path) if path else session_of(ctx).data or dataset.bundled_path()
    found, problems = dataset.check(target)
    emit(ctx, view_validate.report(str(target), found, problems), as_json)
    if problems:
        raise typer.Exit(ExitCode.ERROR)


@app.command(cls=Command)
def schema(
    output: Annotated[
        bool, typer.Option("--output", help="Print the schema of the commands' --json output instead.")
    ] = False,
) -> None:
    """Print the JSON Schema of the dataset format, for editors (or, with
    --output, of every command's --json document, for scripts).

    \b
    Examples:
      hishers schema > hishers-dataset.schema.json
      hishers schema --output > hishers-output.schema.json
    """
    import json

    if output:
        from hishers_cli.views.json_schema import schema as output_schema

        document = output_schema()
    else:
        from hishers_cli.dataset.schema import schema as dataset_schema

        document = dataset_schema()
    sys.stdout.write(json.dumps(document, indent=2) + "\n")


cache_app = typer.Typer(cls=Group, no_args_is_help=True, rich_markup_mode=None)
app.add_typer(cache_app, name="cache")


@cache_app.callback()
def cache_group() -> None:
    """The parsed copies of datasets kept in the user cache dir.

    \b
    Example:
      hishers cache clear
    """


@cache_app.command("clear", cls=Command)
def cache_clear(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Remove every cached copy of a parsed dataset (they are rebuilt as needed).

    \b
    Example:
      hishers cache clear
    """
    from hishers_cli.dataset import cache
    from hishers_cli.store.paths import cache_dir
    from hishers_cli.views import written

    report_change(ctx, written.cache_cleared(cache.clear(), cache_dir()), as_json)


class ProgressGroup(Group):
    """`hishers progress 3` works as `hishers progress set 3`."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # What looks like a number (digits of any script, a sign, spaces, or
        # nothing) is a progress to set, read and refused by `set` as every
        # number is; "-1" would otherwise be taken for an option.
        first = args[0] if args else None
        if first is not None and first not in self.commands and _looks_numeric(first):
            args = ["set", *args]
        return super().parse_args(ctx, args)


def _looks_numeric(word: str) -> bool:
    """Whether `word` was meant as a number: nothing, or a digit (of any
    script), a sign or a space first; "-1" too, but not an option."""
    start = word[:1]
    return start in "+ \t" or start.isdigit() or word == "-" or (start == "-" and word[1:2].isdigit())


progress_app = typer.Typer(
    cls=ProgressGroup,
    no_args_is_help=False,
    rich_markup_mode=None,
)
app.add_typer(progress_app, name="progress")


@progress_app.callback(invoke_without_command=True)
@takes_watched
def progress_show(
    ctx: typer.Context,
    as_json: JsonOption = False,
) -> None:
    """Show how far you have watched (the default), or set or reset it.

    \b
    Examples:
      hishers progress          where you are
      hishers progress set 3    you have watched episodes 1 to 3
      hishers progress reset    back to nothing watched, for this show
    """
    if ctx.invoked_subcommand is not None:
        return
    from hishers_cli.store import progress
    from hishers_cli.store.paths import shown
    from hishers_cli.views import progress as view_progress

    session = session_of(ctx)
    state = session.progress()
    known = session.known()
    emit(ctx, view_progress.card(state, known, shown(progress.config_file())), as_json)


@progress_app.command(
    "set",
    cls=Command,
    context_settings={"ignore_unknown_options": True},
)
def progress_set(
    ctx: typer.Context,
    value: Annotated[
        str,
        typer.Argument(
            metavar="N", help="The last episode you have watched (0 for none).", autocompletion=complete_progress
        ),
    ],
    as_json: JsonOption = False,
) -> None:
    """Save how far you have watched: episodes 1 to N.

    \b
    Example:
      hishers progress set 3
    """
    from hishers_cli.numbers import parse_watched
    from hishers_cli.store import progress
    from hishers_cli.views import progress as view_progress

    session = session_of(ctx)
    show = session.dataset()
    watched = parse_watched(value, show.episode_count, "'N'")
    given = progress.override(session.watched, show.episode_count)
    path = progress.config_file()
    progress.save(path, watched, session.show(), show.title)
    report_change(ctx, view_progress.set_to(watched, show.episode_count, show.title, str(path)), as_json)
    _note(given)


@progress_app.command("next", cls=Command)
def progress_next(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """After watching the next episode: move your saved progress on by one.

    It moves on from the saved progress, whatever --watched or
    HISHERS_WATCHED say.

    \b
    Example:
      hishers progress next
    """
    from hishers_cli.store import progress
    from hishers_cli.views import progress as view_progress

    session = session_of(ctx)
    show = session.dataset()
    given = progress.override(session.watched, show.episode_count)
    path = progress.config_file()
    move = progress.advance(path, show.episode_count, session.show(), show.title)
    report_change(ctx, view_progress.moved(move.now, move.was, show.episode_count, show.title, str(path)), as_json)
    _note(given)


def _note(given: "Override | None") -> None:
    """One line when a progress other than the saved one decides what
    commands show."""
    from hishers_cli.views import progress as view_progress

    if given is not None:
        say(view_progress.override_note(given))


@progress_app.command("reset", cls=Command)
def progress_reset(
    ctx: typer.Context,
    all_shows: Annotated[bool, typer.Option("--all", help="Forget the progress saved for every show.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Forget the progress saved for this show (back to nothing watched).

    \b
    Examples:
      hishers progress reset
      hishers progress reset --all
    """
    from hishers_cli.store import progress
    from hishers_cli.views import progress as view_progress

    path = progress.config_file()
    if all_shows:
        report_change(ctx, view_progress.reset_all(progress.reset(path, all_shows=True), str(path)), as_json)
        return
    session = session_of(ctx)
    show = session.dataset()
    removed = progress.reset(path, session.show())
    report_change(ctx, view_progress.reset(removed, show.episode_count, show.title, str(path)), as_json)
