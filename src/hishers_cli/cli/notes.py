"""The viewer's own theories: `hishers notes` (a private notebook) and
`hishers suspect` (whom they suspect after each episode, and the board)."""

from typing import TYPE_CHECKING, Annotated, Optional

import typer

from hishers_cli.cli.core import (
    Command,
    Group,
    JsonOption,
    confirm_option,
    consent,
    fail,
    find_one,
    name_argument,
    report_change,
    say,
    session_of,
    show_view,
    takes_watched,
    text_argument,
)
from hishers_cli.cli.root import app
from hishers_cli.errors import ExitCode

if TYPE_CHECKING:
    from pathlib import Path

    from hishers_cli.gate import Known, KnownCharacter
    from hishers_cli.store.notes import Notebook
    from hishers_cli.views.view import View

# Parameters declared apart: their help is too long for the signature.
ConfirmOption = Annotated[
    bool,
    confirm_option("Set the board against the ending even if you have not finished the series."),
]
NoteText = Annotated[list[str], text_argument("The note (quote it, or it is the words joined).")]
SuspectName = Annotated[
    Optional[list[str]],
    name_argument("Whom you suspect now (a name, as for 'who'); leave out to see your board."),
]


def _file(ctx: typer.Context) -> "Path":
    from hishers_cli.store import notes

    return notes.notes_file(session_of(ctx).show())


def _shown(path: "Path") -> str:
    from hishers_cli.store.paths import shown

    return shown(path)


def resolve_suspect(known: "Known", query: str) -> "KnownCharacter":
    """The character `query` names at this progress, found exactly as `who`
    finds them (and refused exactly as `who` refuses a name not known yet)."""
    from hishers_cli import lookup

    person, _ = find_one(known, query)
    if person.character is None:
        fail(lookup.ROLE_LOCKED)
    return person.character


def board_section(ctx: typer.Context, known: "Known", ending: "Known") -> "View | None":
    """The board for `hishers ending`'s last section; None,
    with a warning, when the notes cannot be read: the ending is shown anyway."""
    from hishers_cli.store import notes
    from hishers_cli.store.paths import NoHome
    from hishers_cli.views import suspect as view_suspect

    try:
        notebook = notes.read(_file(ctx), known.episode_count)
    except (notes.NotesError, NoHome) as e:
        say(f"Warning: {e}")
        return None
    return view_suspect.for_ending(known, notebook, ending)


notes_app = typer.Typer(cls=Group, no_args_is_help=False, rich_markup_mode=None)
app.add_typer(notes_app, name="notes")


@notes_app.callback(invoke_without_command=True)
@takes_watched
def notes_list(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Your own notes for this show, oldest first, each with the episode you
    had watched when you wrote it. Private: kept in your data dir, never exported.

    \b
    Examples:
      hishers notes                             your notes
      hishers notes add "the cameraman knows"   keep one
      hishers notes remove 2                    remove note 2
    """
    if ctx.invoked_subcommand is not None:
        return
    from hishers_cli.store import notes
    from hishers_cli.views import notes as view_notes

    known = session_of(ctx).known()
    path = _file(ctx)
    show_view(ctx, view_notes.listing(known, notes.read(path, known.episode_count), _shown(path)), as_json)


@notes_app.command("add", cls=Command)
@takes_watched
def notes_add(ctx: typer.Context, text: NoteText, as_json: JsonOption = False) -> None:
    """Keep a note, stamped with the episode you have watched up to.

    \b
    Example:
      hishers notes add "the cameraman is hiding something"
    """
    from hishers_cli.store import notes
    from hishers_cli.views import notes as view_notes

    session = session_of(ctx)
    known = session.known()
    state = session.progress()
    path = _file(ctx)
    note = notes.Note(" ".join(text), state.watched, state.origin)
    number, notebook = notes.add_note(path, note, known.episode_count)
    report_change(ctx, view_notes.kept(known, number, notebook.notes[number - 1], _shown(path)), as_json)


@notes_app.command("remove", cls=Command)
@takes_watched
def notes_remove(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(metavar="N", help="The note's number, as 'hishers notes' lists it.")],
    as_json: JsonOption = False,
) -> None:
    """Remove one note (its text is shown, so a wrong number is noticed).

    \b
    Example:
      hishers notes remove 2
    """
    from hishers_cli.numbers import read_number
    from hishers_cli.store import notes
    from hishers_cli.views import notes as view_notes

    n = read_number(number, 1, None, "a note number")
    known = session_of(ctx).known()
    path = _file(ctx)

    def may_remove(note: notes.Note) -> bool:
        if known.needs_consent(note.after):
            # Its text would be echoed: a note from beyond this progress is
            # removed at that progress, where it may be read.
            fail(
                f"note {n} was written after an episode beyond your progress; add --watched {note.after} to remove it."
            )
        return True

    removed = notes.remove_note(path, n, may_remove, known.episode_count)
    report_change(ctx, view_notes.removed(known, n, removed, _shown(path)), as_json)


@notes_app.command("clear", cls=Command)
@takes_watched
def notes_clear(
    ctx: typer.Context,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Do not ask (needed when there is no terminal to ask on).")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Remove every note and guess kept for this show (asks first on a terminal).

    \b
    Example:
      hishers notes clear --yes
    """
    from hishers_cli.store import notes
    from hishers_cli.views import notes as view_notes

    session = session_of(ctx)
    known = session.known()
    path = _file(ctx)
    if not yes:
        terminal = session.terminal()
        if not terminal.interactive or as_json:
            fail("notes clear removes every note and guess for this show; add --yes to go ahead.")
        answer = terminal.confirm(f"Remove every note and guess kept for {known.title}?")
        if answer is None:
            typer.echo("", err=True)
            raise typer.Exit(ExitCode.INTERRUPTED)
        if not answer:
            typer.echo("Nothing removed.", err=True)
            raise typer.Exit(ExitCode.DECLINED)
    before = notes.clear(path)
    report_change(ctx, view_notes.cleared(known, before, _shown(path)), as_json)


@app.command(cls=Command)
@takes_watched
def suspect(
    ctx: typer.Context,
    name: SuspectName = None,
    confirm_spoilers: ConfirmOption = False,
    as_json: JsonOption = False,
) -> None:
    """Whom you suspect after the episode you have watched up to, or (with
    no name) your board: your guess and notes after each episode. Once
    you have watched the finale, the board is set against the ending.

    \b
    Examples:
      hishers suspect NAME        your guess after this episode
      hishers suspect             your board
    """
    from hishers_cli.store import notes
    from hishers_cli.views import notes as view_notes, suspect as view_suspect

    session = session_of(ctx)
    known = session.known()
    path = _file(ctx)
    if name:
        chosen = resolve_suspect(known, " ".join(name))
        state = session.progress()
        guess = notes.Guess(state.watched, chosen.id, state.origin)
        notes.suspect(path, guess, known.episode_count)
        report_change(ctx, view_notes.guessed(known, guess, _shown(path)), as_json)
        return
    ending = None
    if confirm_spoilers or not known.needs_consent(known.episode_count):
        ending = consent(known, known.episode_count, confirm_spoilers, as_json, "the answer", session.terminal())
    notebook: Notebook = notes.read(path, known.episode_count)
    show_view(ctx, view_suspect.suspect(known, notebook, ending, _shown(path)), as_json)
