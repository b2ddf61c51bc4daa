"""The hishers command line: option parsing and wiring only.

A read command resolves the viewer's progress, asks the gate what is known at
that progress, hands that to its presenter and prints the result.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, Optional

import typer
from typer.core import TyperCommand, TyperGroup

from hishers_cli import __version__
from hishers_cli.errors import ExitCode, HishersError, LockedError, ProgressError
from hishers_cli.params import take_as_typed

if TYPE_CHECKING:
    from hishers_cli.document import Block
    from hishers_cli.gate import Known
    from hishers_cli.lookup import Person
    from hishers_cli.model import Dataset
    from hishers_cli.progress import Progress


# Click's usage error (the base of typer.BadParameter), shown as one line.
_UsageError: type[Exception] = typer.BadParameter.__bases__[0]


def _usage(error: Any) -> NoReturn:
    """A usage error as one line, plus one pointing at the command's help."""
    typer.echo(f"Error: {error.format_message()}", err=True)
    if error.ctx is not None:
        typer.echo(f"Try '{error.ctx.command_path} --help'.", err=True)
    raise typer.Exit(ExitCode.USAGE)


class _Group(TyperGroup):
    """Turns hishers' own errors into one-line messages and exit codes, and
    reads parameters as typed (see `params.take_as_typed`)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        take_as_typed(self.get_params(ctx))
        try:
            return super().parse_args(ctx, args)
        except _UsageError as e:
            _usage(e)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            take_as_typed(command.get_params(ctx))
        return command

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ProgressError as e:
            _usage(typer.BadParameter(str(e), ctx=ctx, param_hint=e.param))
        except _UsageError as e:
            _usage(e)
        except HishersError as e:
            fail(str(e), e.exit_code)


class _Command(TyperCommand):
    """A command whose help and usage read as a person writes them: `NAME...`
    and `[N]` rather than Typer's `{NAME}...` and `NAME <list[str]>`."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for param in self.params:
            if param.param_type_name == "argument":
                # The argument's name says what to type; its Python type is noise.
                setattr(param, "display_type_rich", lambda ctx: None)  # noqa: B010

    def get_usage(self, ctx: Any) -> str:
        return re.sub(r"\{([A-Z]+)\}", r"\1", super().get_usage(ctx))

    def get_help(self, ctx: Any) -> str:
        return re.sub(r"\{([A-Z]+)\}", r"\1", super().get_help(ctx))


def fail(message: str, code: int = ExitCode.ERROR) -> NoReturn:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code)


@dataclass
class Session:
    """What the global options chose, and the dataset once it is loaded."""

    watched: str | None = None
    data: Path | None = None
    pager: bool = True
    use_cache: bool = True
    _dataset: Dataset | None = field(default=None, repr=False)

    def dataset(self) -> Dataset:
        if self._dataset is None:
            import gc

            from hishers_cli import dataset

            self._dataset = dataset.load(self.data, use_cache=self.use_cache)
            # The records are immutable and live as long as the process:
            # moved out of the collector's sight, they are not rescanned by
            # every later collection while the command builds its output.
            gc.freeze()
        return self._dataset

    def progress(self, option: str | None) -> Progress:
        from hishers_cli import progress

        chosen = option if option is not None else self.watched
        return progress.resolve(chosen, self.dataset().episode_count)

    def known(self, option: str | None) -> Known:
        """What the viewer may see at the progress this call resolves to."""
        from hishers_cli import gate

        return gate.known(self.dataset(), self.progress(option).watched)


def _session(ctx: typer.Context) -> Session:
    obj = ctx.find_object(Session)
    return obj if obj is not None else Session()


def _emit(ctx: typer.Context, result: tuple[dict[str, Any], list[Block]], as_json: bool) -> None:
    from hishers_cli.output import emit

    emit(*result, as_json=as_json, pager=_session(ctx).pager)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"hishers {__version__}")
        raise typer.Exit()


app = typer.Typer(
    name="hishers",
    cls=_Group,
    help="A spoiler-aware companion for the Netflix series His & Hers.\n\n"
    "Tell it how far you have watched (hishers progress set N) and it shows only what "
    "you have already seen.",
    no_args_is_help=False,
    rich_markup_mode=None,
    epilog="\b\nEnvironment:\n"
    "  HISHERS_WATCHED  progress for this call, as --watched N (before the saved one)\n"
    "  HISHERS_DATA     another dataset file, as --data PATH\n"
    "  NO_COLOR         no colours or styles on a terminal\n"
    "  XDG_CONFIG_HOME  where progress.json is saved (default ~/.config)\n"
    "  XDG_CACHE_HOME   where parsed datasets are cached (default ~/.cache)\n"
    "  PAGER, LESS      the pager for long output on a terminal, and its options\n"
    "  COLUMNS          the width to wrap plain output to",
    pretty_exceptions_enable=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)

WatchedOption = Annotated[
    Optional[str],
    typer.Option(
        "--watched",
        metavar="N",
        help="Treat this call as watched up to episode N (overrides HISHERS_WATCHED and the saved progress).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as one JSON document.")]


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
        _status(ctx)


def _status(ctx: typer.Context) -> None:
    """Bare `hishers`: where you are and what to run next."""
    from hishers_cli.views import status

    session = _session(ctx)
    state = session.progress(None)
    _emit(ctx, status.status(session.known(None), state.origin), False)


@app.command(cls=_Command)
def episodes(
    ctx: typer.Context,
    number: Annotated[
        Optional[str],
        typer.Argument(
            metavar="N",
            help="An episode you have watched, for that episode in detail.",
            show_default=False,
            autocompletion=_complete_watched_episode,
        ),
    ] = None,
    as_json: JsonOption = False,
    watched: WatchedOption = None,
) -> None:
    """The episode guide, or one episode in detail.

    \b
    Examples:
      hishers episodes          all six, summaries for the ones you have seen
      hishers episodes 2        episode 2 in detail
    """
    from hishers_cli.views import episodes as view_episodes

    known = _session(ctx).known(watched)
    if number is None:
        _emit(ctx, view_episodes.guide(known), as_json)
        return
    n = _episode_number(number, known.episode_count)
    try:
        result = view_episodes.detail(known, n)
    except LockedError as e:
        fail(f"{e}. Once you have seen it, run 'hishers progress set {n}' (or add '--watched {n}' to this command).")
    _emit(ctx, result, as_json)


def _episode_number(text: str, count: int, param_hint: str = "'N'") -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if not 1 <= n <= count:
        raise typer.BadParameter(f"not an episode number; choose 1 to {count}.", param_hint=param_hint)
    return n


@app.command(cls=_Command)
def cast(
    ctx: typer.Context,
    as_json: JsonOption = False,
    watched: WatchedOption = None,
) -> None:
    """Who plays whom, and each character as far as you know them.

    \b
    Example:
      hishers --watched 2 cast
    """
    from hishers_cli.views import cast as view_cast

    _emit(ctx, view_cast.cast(_session(ctx).known(watched)), as_json)


def _consent(known: Known, episode: int, confirmed: bool, as_json: bool, what: str) -> Known:
    """What is known through `episode`. The gate decides whether that needs
    the viewer's consent; this only gathers it: --confirm-spoilers, or a yes
    at the prompt on an interactive terminal."""
    if known.needs_consent(episode) and not confirmed:
        if not (sys.stdin.isatty() and sys.stdout.isatty() and not as_json):
            fail(
                f"{what} is a spoiler: you have watched up to episode {known.watched} of {known.episode_count}. "
                f"Add --confirm-spoilers to see it anyway."
            )
        question = (
            f"You have watched {known.watched} of {known.episode_count} episodes; {what} spoils the finale. "
            "Show it anyway?"
        )
        try:
            confirmed = typer.confirm(question, default=False, err=True)
        except typer.Abort:  # Ctrl-C or end of input at the prompt
            raise typer.Exit(ExitCode.INTERRUPTED) from None
        if not confirmed:
            fail("nothing shown.")
    return known.through(episode, consent=confirmed)


@app.command(cls=_Command)
def ending(
    ctx: typer.Context,
    confirm_spoilers: Annotated[
        bool,
        typer.Option("--confirm-spoilers", help="Show the ending even if you have not finished the series."),
    ] = False,
    as_json: JsonOption = False,
    watched: WatchedOption = None,
) -> None:
    """The ending explained, each source's account side by side.

    Shown straight away once you have watched the finale; before that it needs
    --confirm-spoilers (or a yes at the prompt, on a terminal).

    \b
    Example:
      hishers ending --confirm-spoilers
    """
    from hishers_cli.views import ending as view_ending

    known = _session(ctx).known(watched)
    everything = _consent(known, known.episode_count, confirm_spoilers, as_json, "the ending")
    _emit(ctx, view_ending.ending(everything), as_json)


def _find_one(known: Known, query: str) -> tuple[Person, bool]:
    """The one person `query` names at this progress, or a clear error. The
    query is never repeated back: it may be a name from a later episode."""
    from hishers_cli import lookup

    found = lookup.find(known, query)
    if not found.matches:
        hint = f" Did you mean: {', '.join(found.suggestions)}?" if found.suggestions else ""
        fail(f"no one by that name at your progress.{hint} 'hishers cast' lists everyone so far.")
    if len(found.matches) > 1:
        labels = ", ".join(p.label for p in found.matches)
        fail(f"that could be any of: {labels}. Be more specific.")
    return found.matches[0], found.exact


def _complete_name(ctx: typer.Context, incomplete: str) -> list[str]:
    """Names the viewer may know, for shell completion of NAME."""
    try:
        from hishers_cli import dataset, gate, lookup, progress

        root = ctx.find_root().params
        shown = dataset.load(root.get("data") or None)
        chosen = ctx.params.get("watched") or root.get("watched")
        level = progress.resolve(chosen, shown.episode_count).watched
        prefix = lookup.normalize(incomplete)
        names = [n for n in lookup.names(gate.known(shown, level)) if lookup.normalize(n).startswith(prefix)]
        # Keep what was typed as typed ("pr" -> "priya"): shells only offer
        # completions that start with the word on the command line.
        return [incomplete + n[len(incomplete) :] for n in names]
    except Exception:  # completion must never break the shell
        return []


def _completion_known(ctx: typer.Context) -> Known:
    """What the viewer may see, for shell completion: progress and --data
    as typed on the command line so far."""
    from hishers_cli import dataset, gate, progress

    root = ctx.find_root().params
    shown = dataset.load(root.get("data") or None)
    chosen = ctx.params.get("watched") or root.get("watched")
    return gate.known(shown, progress.resolve(chosen, shown.episode_count).watched)


def _complete_watched_episode(ctx: typer.Context, incomplete: str) -> list[str]:
    """Episode numbers the viewer may open, for `episodes N` and `new N`."""
    try:
        numbers = [str(e.number) for e in _completion_known(ctx).episodes if e.watched]
    except Exception:  # completion must never break the shell
        return []
    return [n for n in numbers if n.startswith(incomplete)]


def _complete_progress(ctx: typer.Context, incomplete: str) -> list[str]:
    """Every progress the show has, for `progress set N`."""
    try:
        count = _completion_known(ctx).episode_count
    except Exception:  # completion must never break the shell
        return []
    return [n for n in map(str, range(count + 1)) if n.startswith(incomplete)]


def _complete_lane(incomplete: str) -> list[str]:
    from hishers_cli.model import LANES

    return [lane for lane in LANES if lane.startswith(incomplete)]


def _complete_format(incomplete: str) -> list[str]:
    return [f for f in FORMATS if f.startswith(incomplete)]


FORMATS = ("text", "dot", "mermaid")


@app.command(cls=_Command)
def who(
    ctx: typer.Context,
    name: Annotated[
        list[str],
        typer.Argument(
            metavar="NAME",
            help="A character, first name, surname, alias or actor.",
            autocompletion=_complete_name,
        ),
    ],
    as_json: JsonOption = False,
    watched: WatchedOption = None,
) -> None:
    """Who is this? A character card: actor, bio so far, relationships, episodes.

    \b
    Examples:
      hishers who anna
      hishers who bernthal
    """
    from hishers_cli.views import who as view_who

    known = _session(ctx).known(watched)
    person, exact = _find_one(known, " ".join(name))
    note = None if exact else "Closest match (not an exact name)."
    _emit(ctx, view_who.card(known, person, note), as_json)


@app.command(cls=_Command)
def recap(
    ctx: typer.Context,
    before: Annotated[
        Optional[str], typer.Option("--before", metavar="N", help="Only what you need before starting episode N.")
    ] = None,
    as_json: JsonOption = False,
    watched: WatchedOption = None,
) -> None:
    """Previously on: the story so far, episode by episode.

    \b
    Examples:
      hishers recap
      hishers recap --before 4
    """
    from hishers_cli.views import story

    known = _session(ctx).known(watched)
    first = None if before is None else _episode_number(before, known.episode_count, "'--before'")
    if first is not None:
        try:
            known = known.through(first - 1)
        except LockedError:
            fail(
                f"a recap before episode {first} covers episodes you have not watched "
                f"(you are at episode {known.watched}); try 'hishers recap --before {known.watched + 1}'."
            )
    _emit(ctx, story.recap(known, first), as_json)


@app.command(cls=_Command)
def new(
    ctx: typer.Context,
    number: Annotated[
        Optional[str],
        typer.Argument(
            metavar="N",
            help="The episode (default: the last one you watched).",
            show_default=False,
            autocompletion=_complete_watched_episode,
        ),
    ] = None,
    confirm_spoilers: Annotated[
        bool, typer.Option("--confirm-spoilers", help="Show an episode beyond your progress anyway.")
    ] = False,
    as_json: JsonOption = False,
    watched: WatchedOption = None,
) -> None:
    """What an episode revealed (default: the last one you watched).

    \b
    Examples:
      hishers new
      hishers new 2
    """
    from hishers_cli.views import story

    known = _session(ctx).known(watched)
    if number is None and known.watched == 0:
        fail("you have not watched any episodes yet; 'hishers progress set N' after you do.")
    n = known.watched if number is None else _episode_number(number, known.episode_count)
    try:
        through = known.through(n, consent=confirm_spoilers)
    except LockedError as e:
        fail(f"{e}. Add --confirm-spoilers to see what it reveals anyway.")
    _emit(ctx, story.new(through, n), as_json)


@app.command(cls=_Command)
def timeline(
    ctx: typer.Context,
    lane: Annotated[
        Optional[str],
        typer.Option("--lane", metavar="present|past", help="Show one lane only.", autocompletion=_complete_lane),
    ] = None,
    as_json: JsonOption = False,
    watched: WatchedOption = None,
) -> None:
    """Events in story order: the present-day investigation and the flashbacks.

    \b
    Examples:
      hishers timeline
      hishers timeline --lane past
    """
    from hishers_cli.views import story

    if lane is not None and lane not in story.LANES:
        raise typer.BadParameter("not a lane; use present or past.", param_hint="'--lane'")
    _emit(ctx, story.timeline(_session(ctx).known(watched), lane), as_json)


@app.command(cls=_Command)
def relations(
    ctx: typer.Context,
    name: Annotated[
        Optional[list[str]],
        typer.Argument(
            metavar="NAME",
            help="Only this character's relationships (a name, as for 'who').",
            show_default=False,
            autocompletion=_complete_name,
        ),
    ] = None,
    format: Annotated[
        str,
        typer.Option(
            "--format",
            metavar="text|dot|mermaid",
            help="Tree (text), Graphviz DOT or Mermaid.",
            autocompletion=_complete_format,
        ),
    ] = "text",
    history: Annotated[bool, typer.Option("--history", help="Also show how each relationship has changed.")] = False,
    as_json: JsonOption = False,
    watched: WatchedOption = None,
) -> None:
    """The relationship map known so far, for everyone or one character:
    each relationship once, in its current state.

    \b
    Examples:
      hishers relations anna
      hishers relations anna --history
      hishers relations --format dot | dot -Tpng > relations.png
    """
    from hishers_cli.views import relations as view_relations

    if format not in FORMATS:
        raise typer.BadParameter("not a format; use text, dot or mermaid.", param_hint="'--format'")
    known = _session(ctx).known(watched)
    only = _find_one(known, " ".join(name))[0].character if name else None
    if name and only is None:
        fail("that role is still locked at your progress.")
    if format == "text" or as_json:
        _emit(ctx, view_relations.tree(known, only, history), as_json)
    else:
        render = view_relations.dot if format == "dot" else view_relations.mermaid
        sys.stdout.write(render(known, only))


@app.command(cls=_Command)
def search(
    ctx: typer.Context,
    text: Annotated[list[str], typer.Argument(metavar="TEXT", help="Words to look for (all must match).")],
    as_json: JsonOption = False,
    watched: WatchedOption = None,
) -> None:
    """Search everything you may see: episodes, bios, timeline, relationships, series facts.

    \b
    Example:
      hishers search anchor desk
    """
    from hishers_cli.views import search as view_search

    _emit(ctx, view_search.search(_session(ctx).known(watched), " ".join(text)), as_json)


@app.command(cls=_Command)
def about(
    ctx: typer.Context,
    as_json: JsonOption = False,
    watched: WatchedOption = None,
) -> None:
    """The series card: network, premiere, format, credits, music, renewal.

    \b
    Example:
      hishers about
    """
    from hishers_cli.views import about as view_about

    _emit(ctx, view_about.about(_session(ctx).known(watched)), as_json)


@app.command(cls=_Command)
def book(
    ctx: typer.Context,
    confirm_spoilers: Annotated[
        bool,
        typer.Option("--confirm-spoilers", help="Show the differences even if you have not finished the series."),
    ] = False,
    as_json: JsonOption = False,
    watched: WatchedOption = None,
) -> None:
    """How the series differs from Alice Feeney's novel (locked until the finale).

    \b
    Example:
      hishers book --confirm-spoilers
    """
    from hishers_cli.views import about as view_about

    known = _session(ctx).known(watched)
    everything = _consent(known, known.episode_count, confirm_spoilers, as_json, "the book comparison")
    _emit(ctx, view_about.book(everything), as_json)


@app.command(cls=_Command)
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
    from hishers_cli import dataset
    from hishers_cli.views import validate as view_validate

    target = Path(path) if path else _session(ctx).data or dataset.bundled_path()
    found, problems = dataset.check(target)
    _emit(ctx, view_validate.report(str(target), found, problems), as_json)
    if problems:
        raise typer.Exit(ExitCode.ERROR)


@app.command(cls=_Command)
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
        from hishers_cli.contract import schema as output_schema

        document = output_schema()
    else:
        from hishers_cli.schema import schema as dataset_schema

        document = dataset_schema()
    sys.stdout.write(json.dumps(document, indent=2) + "\n")


cache_app = typer.Typer(cls=_Group, no_args_is_help=True, rich_markup_mode=None)
app.add_typer(cache_app, name="cache")


@cache_app.callback()
def cache_group() -> None:
    """The parsed copies of datasets kept in the user cache dir.

    \b
    Example:
      hishers cache clear
    """


@cache_app.command("clear", cls=_Command)
def cache_clear() -> None:
    """Remove every cached copy of a parsed dataset (they are rebuilt as needed).

    \b
    Example:
      hishers cache clear
    """
    from hishers_cli import cache
    from hishers_cli.paths import cache_dir

    removed = cache.clear()
    typer.echo(f"Removed {removed} cached file{'s' if removed != 1 else ''} from {cache_dir()}.", err=True)


class _ProgressGroup(_Group):
    """`hishers progress 3` works as `hishers progress set 3`."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0].isdigit():
            args = ["set", *args]
        return super().resolve_command(ctx, args)


progress_app = typer.Typer(
    cls=_ProgressGroup,
    no_args_is_help=False,
    rich_markup_mode=None,
)
app.add_typer(progress_app, name="progress")


@progress_app.callback(invoke_without_command=True)
def progress_show(
    ctx: typer.Context,
    as_json: JsonOption = False,
    watched: WatchedOption = None,
) -> None:
    """Show how far you have watched (the default), or set or reset it.

    \b
    Examples:
      hishers progress          where you are
      hishers progress set 3    you have watched episodes 1 to 3
      hishers progress reset    back to nothing watched
    """
    if ctx.invoked_subcommand is not None:
        return
    from hishers_cli import progress
    from hishers_cli.views import progress as view_progress

    session = _session(ctx)
    state = session.progress(watched)
    known = session.known(watched)
    _emit(ctx, view_progress.status(state, known, str(progress.config_file())), as_json)


@progress_app.command(
    "set",
    cls=_Command,
    context_settings={"ignore_unknown_options": True},
)
def progress_set(
    ctx: typer.Context,
    value: Annotated[
        str,
        typer.Argument(
            metavar="N", help="The last episode you have watched (0 for none).", autocompletion=_complete_progress
        ),
    ],
) -> None:
    """Save how far you have watched: episodes 1 to N.

    \b
    Example:
      hishers progress set 3
    """
    from hishers_cli import progress

    total = _session(ctx).dataset().episode_count
    try:
        watched = progress.parse_watched(value, total)
    except ProgressError as e:
        raise typer.BadParameter(str(e), ctx=ctx, param_hint="'N'") from None
    path = progress.config_file()
    progress.save(path, watched)
    typer.echo(f"Saved: watched up to episode {watched} of {total}.", err=True)


@progress_app.command("next", cls=_Command)
def progress_next(ctx: typer.Context) -> None:
    """After watching the next episode: move your progress on by one.

    \b
    Example:
      hishers progress next
    """
    from hishers_cli import progress

    known = _session(ctx).known(None)
    if known.finished:
        typer.echo(f"You have watched all {known.episode_count} episodes; nothing changed.", err=True)
        return
    watched = known.watched + 1
    progress.save(progress.config_file(), watched)
    typer.echo(f"Saved: watched up to episode {watched} of {known.episode_count}.", err=True)


@progress_app.command("reset", cls=_Command)
def progress_reset() -> None:
    """Forget the saved progress (back to nothing watched).

    \b
    Example:
      hishers progress reset
    """
    from hishers_cli import progress

    removed = progress.reset(progress.config_file())
    typer.echo("Progress reset: nothing watched." if removed else "Nothing was saved.", err=True)


def main() -> None:
    """Console entry point. Typer already turns Ctrl-C into exit 130 and a
    closed pipe into a quiet exit; output that cannot be encoded for the
    terminal is replaced rather than crashing."""
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")
    app()
