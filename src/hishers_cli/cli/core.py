"""What every command shares: the click classes that word errors and help,
the session of global options, output, consent, and the common options."""

from __future__ import annotations

import contextlib
import functools
import inspect
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, Optional, TypeVar

import typer

from hishers_cli.cli import typer_adapter
from hishers_cli.cli.complete import complete_name, complete_progress
from hishers_cli.cli.typer_adapter import UsageError
from hishers_cli.errors import ExitCode, HishersError, NumberError

if TYPE_CHECKING:
    from hishers_cli.dataset.model import Dataset
    from hishers_cli.gate import Known
    from hishers_cli.lookup import Match, Person
    from hishers_cli.render.terminal import Terminal
    from hishers_cli.store.progress import Progress
    from hishers_cli.views.view import Change, View


def usage_error(error: Any) -> NoReturn:
    """A usage error as one line, plus one pointing at the command's help.
    A group run without its command (`hishers cache`) shows its help."""
    if typer_adapter.is_no_args_is_help(error):
        say(error.format_message())
        raise typer.Exit(ExitCode.USAGE)
    say(f"Error: {error.format_message()}")
    if error.ctx is not None:
        say(f"Try '{error.ctx.command_path} --help'.")
    raise typer.Exit(ExitCode.USAGE)


def say(line: str) -> None:
    """A line on stderr, its control characters shown (it may quote what
    was typed). A stderr that cannot take it (closed, or a full disk) does
    not change how the run ends: the exit code still says."""
    from hishers_cli.controls import visible

    with contextlib.suppress(OSError, ValueError, AttributeError):
        typer.echo(visible(line), err=True)


class Group(typer_adapter.Group):
    """Turns hishers' own errors into one-line messages and exit codes, and
    reads parameters as typed (see `typer_adapter.take_as_typed`)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except UsageError as e:
            usage_error(e)

    def completion_requested(self) -> None:
        from hishers_cli.cli.complete import register

        register()

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except NumberError as e:
            number_error(ctx, e)
        except UsageError as e:
            usage_error(e)
        except HishersError as e:
            fail(str(e), e.exit_code)


class Command(typer_adapter.Command):
    """A command whose help and usage read as a person writes them: `NAME...`
    and `[N]` rather than Typer's `{NAME}...` and `NAME <list[str]>`."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for param in self.params:
            if param.param_type_name == "argument":
                # The argument's name says what to type; its Python type is noise.
                setattr(param, "display_type_rich", lambda ctx: None)  # noqa: B010

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, _dashed_numbers_as_arguments(self.params, args))

    def get_usage(self, ctx: Any) -> str:
        return re.sub(r"\{([A-Z]+)\}", r"\1", super().get_usage(ctx))

    def invoke(self, ctx: Any) -> Any:
        # A number this command cannot take (a progress too, wherever
        # --watched was given) is a usage error of this command: its help is
        # the one to read.
        try:
            return super().invoke(ctx)
        except NumberError as e:
            number_error(ctx, e)

    def get_help(self, ctx: Any) -> str:
        return re.sub(r"\{([A-Z]+)\}", r"\1", super().get_help(ctx))


def number_error(ctx: Any, error: NumberError) -> NoReturn:
    """A number this command cannot take: a usage error of the command, or,
    when it came from an environment variable, an error of that variable
    (the command's help cannot fix it)."""
    from hishers_cli.store.progress import ENV_VAR

    if error.param == ENV_VAR:
        fail(f"{ENV_VAR}: {error}. Fix or unset {ENV_VAR}", ExitCode.USAGE)
    usage_error(typer.BadParameter(str(error), ctx=ctx, param_hint=error.param))


def _dashed_numbers_as_arguments(params: list[Any], args: list[str]) -> list[str]:
    """A word such as "-1" (a dash, then a digit) given to a command that
    takes a number N is that number, read and refused as every number is,
    not an unknown option: it is moved past a "--"."""
    if not any(p.param_type_name == "argument" and p.metavar == "N" for p in params):
        return args
    takes_value = {o for p in params if p.param_type_name == "option" and not p.is_flag for o in p.opts}
    kept: list[str] = []
    moved: list[str] = []
    for i, word in enumerate(args):
        if word == "--":
            kept += args[i:]
            break
        if word[:1] == "-" and word[1:2].isdigit() and not (kept and kept[-1] in takes_value):
            moved.append(word)
        else:
            kept.append(word)
    if not moved:
        return args
    if "--" not in kept:
        return [*kept, "--", *moved]
    end = kept.index("--") + 1
    return [*kept[:end], *moved, *kept[end:]]


def fail(message: str, code: int = ExitCode.ERROR) -> NoReturn:
    say(f"Error: {message}")
    raise typer.Exit(code)


class Session:
    """What the global options chose, and the dataset and the viewer's
    progress once they are resolved (each once per run). A plain class: a
    dataclass would cost a third of a millisecond of every run to create."""

    def __init__(
        self, watched_text: str | None = None, data: Path | None = None, pager: bool = True, use_cache: bool = True
    ):
        # --watched as typed before the command's name (the progress itself is `progress()`).
        self.watched_text = watched_text
        self.data = data
        self.pager = pager
        self.use_cache = use_cache
        # --watched given after the command's name, which wins over the global one.
        self.command_watched_text: str | None = None
        self._dataset: Dataset | None = None
        self._progress: Progress | None = None
        self._terminal: Terminal | None = None

    def terminal(self) -> Terminal:
        """The terminal this run talks to, built once."""
        if self._terminal is None:
            from hishers_cli.render.terminal import Terminal

            self._terminal = Terminal.from_system(paging=self.pager)
        return self._terminal

    def dataset(self) -> Dataset:
        if self._dataset is None:
            from hishers_cli.dataset import collector, load as dataset

            self._dataset = dataset.load(self.data, use_cache=self.use_cache)
            # The records are immutable and live as long as the process:
            # moved out of the collector's sight, they are not rescanned by
            # every later collection while the command builds its output,
            # and the collector, paused for start-up (`entry.main`), resumes.
            # Only then, once: a process that loads again (the app, a test)
            # keeps the collector as it had it, and freezes nothing more.
            collector.resume_after_start_up()
        return self._dataset

    def show(self) -> str:
        """The show's key for its saved progress."""
        from hishers_cli.store import progress

        return progress.show_key(self.dataset().title)

    def progress(self) -> Progress:
        """The progress this call runs at: the command's --watched, else the
        global one, else HISHERS_WATCHED, else the saved one."""
        if self._progress is None:
            from hishers_cli.store import progress

            chosen = self.command_watched_text if self.command_watched_text is not None else self.watched_text
            self._progress = progress.current(chosen, self.dataset().episode_count, show=self.show())
        return self._progress

    def known(self) -> Known:
        """What the viewer may see at the progress this call runs at."""
        from hishers_cli import gate

        return gate.Known(self.dataset(), self.progress().watched)


def session_of(ctx: typer.Context) -> Session:
    return ctx.ensure_object(Session)


def show_view(ctx: typer.Context, view: View, as_json: bool) -> None:
    """A command's result on this run's terminal (`render.emit`)."""
    from hishers_cli.render import emit

    emit(view, as_json=as_json, terminal=session_of(ctx).terminal())


def report_change(ctx: typer.Context, change: Change, as_json: bool) -> None:
    """What a command that changed a file did: the document on stdout with
    --json, else the line on stderr. The change is made by now, so the run
    ends with 0 whatever happens to the report: a stdout that cannot take
    the document (a full disk, a closed pipe) gets the line on stderr
    instead, saying so, and is dropped, so nobody repeats the change."""
    if not as_json:
        say(change.line)
        return
    out = session_of(ctx).terminal().stdout
    import json

    try:
        out.write(json.dumps(change.data, indent=2) + "\n")
        out.flush()
    except OSError as e:
        say(f"{change.line} (Its JSON report could not be written: {e.strerror or e}.)")
        _drop(out)


def _drop(stream: Any) -> None:
    """Send what is left in `stream`'s buffer, and anything later, nowhere."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
        os.close(devnull)


WatchedOption = Annotated[
    Optional[str],
    typer.Option(
        "--watched",
        metavar="N",
        help="Treat this call as watched up to episode N (overrides HISHERS_WATCHED and the saved progress).",
        show_default=False,
        autocompletion=complete_progress,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as one JSON document.")]


def confirm_option(help: str) -> Any:
    """`--confirm-spoilers`: the viewer's consent to see what is beyond
    their progress, given on the command line."""
    return typer.Option("--confirm-spoilers", help=help)


def name_argument(help: str) -> Any:
    """A NAME argument (several words make one name), completed with the
    names known at the viewer's progress."""
    return typer.Argument(metavar="NAME", help=help, show_default=False, autocompletion=complete_name)


def text_argument(help: str) -> Any:
    """A TEXT argument: the words typed, which the command reads as one text."""
    return typer.Argument(metavar="TEXT", help=help)


Callback = TypeVar("Callback", bound=Callable[..., Any])


def takes_watched(callback: Callback) -> Callback:
    """The global --watched, accepted again after a command's name
    (`hishers cast --watched 3`), where it wins over the one before it. The
    command reads it from the session (`known()`, `progress()`), so its
    callback, which must take `ctx`, does not declare it."""
    return _WithWatched(callback)  # type: ignore[return-value]


class _WithWatched:
    """A command's callback with --watched added to its parameters. Typer
    reads the parameters (`__signature__`) only of the command a run
    builds, so they are worked out then, not for every command at import."""

    def __init__(self, callback: Callable[..., Any]):
        self._callback = callback
        functools.update_wrapper(self, callback)
        self.__annotations__ = {**callback.__annotations__, "watched": WatchedOption}

    @functools.cached_property
    def __signature__(self) -> inspect.Signature:
        signature = inspect.signature(self._callback, eval_str=True)
        option = inspect.Parameter("watched", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=WatchedOption)
        return signature.replace(parameters=[*signature.parameters.values(), option])

    def __call__(self, *args: Any, watched: str | None = None, **kwargs: Any) -> Any:
        if watched is not None:
            session_of(kwargs["ctx"]).command_watched_text = watched
        return self._callback(*args, **kwargs)


def consent(known: Known, episode: int, confirmed: bool, as_json: bool, what: str, terminal: Terminal) -> Known:
    """What is known through `episode`. The gate decides whether that needs
    the viewer's consent; this only gathers it: --confirm-spoilers, or a yes
    at the prompt on an interactive terminal."""
    if known.needs_consent(episode) and not confirmed:
        if not terminal.interactive or as_json:
            fail(
                f"{what} is a spoiler: you have watched up to episode {known.watched} of {known.episode_count}. "
                f"Add --confirm-spoilers to see it anyway."
            )
        question = (
            f"You have watched {known.watched} of {known.episode_count} episodes; {what} spoils the finale. "
            "Show it anyway?"
        )
        answer = terminal.confirm(question)
        if answer is None:  # Ctrl-C or end of input at the prompt: end the prompt's line first
            typer.echo("", err=True)
            raise typer.Exit(ExitCode.INTERRUPTED)
        if not answer:
            # Declining is an answer, not an error.
            typer.echo("Nothing shown.", err=True)
            raise typer.Exit(ExitCode.DECLINED)
        confirmed = True
    return known.through(episode, consent=confirmed)


# What a viewer is told when a query matched someone other than by name.
_NOTES = {
    "misspelling": "Closest match (not an exact name).",
    "relation": "Matched by description, not by name; 'hishers search' finds more.",
    "role": "Matched by description, not by name; 'hishers search' finds more.",
    "description": "Matched by description, not by name; 'hishers search' finds more.",
}


def whom(known: Known, query: str, *, several: bool = False, records: bool = False) -> tuple[Match, str | None]:
    """Whom `query` means at this progress (`lookup.resolve`), worded: a
    note when it is not an exact name, or a clear error. Everyone a plural
    fits is returned when `several` allows it, and a record that is no
    character (a credit) when `records` does. The query is never repeated
    back: it may be a name from a later episode."""
    from hishers_cli import lookup

    match = lookup.resolve(known, query, records=records)
    refused = lookup.refusal(match, several)
    if refused is not None:
        fail(refused.text + (" 'hishers search' looks through everything you have seen." if refused.nothing else ""))
    if match.named:
        return match, None
    return match, _NOTES.get(match.by or "") if match.exact else _NOTES["misspelling"]


def find_one(known: Known, query: str) -> tuple[Person, str | None]:
    """The one person `query` names at this progress, with a note when it
    is not an exact name, or a clear error."""
    match, note = whom(known, query)
    return match.people[0], note
