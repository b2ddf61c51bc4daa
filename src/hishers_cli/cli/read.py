"""The read commands: what the show holds, at the viewer's progress."""

import sys
from typing import Annotated, Optional

import typer

from hishers_cli.cli.complete import (
    FORMATS,
    complete_episode,
    complete_format,
    complete_lane,
    complete_watched_episode,
)
from hishers_cli.cli.core import (
    Command,
    JsonOption,
    confirm_option,
    consent,
    emit,
    fail,
    find_one,
    name_argument,
    session_of,
    takes_watched,
    text_argument,
    whom,
)
from hishers_cli.cli.root import app
from hishers_cli.errors import LockedError
from hishers_cli.numbers import episode_number


@app.command(cls=Command)
@takes_watched
def episodes(
    ctx: typer.Context,
    number: Annotated[
        Optional[str],
        typer.Argument(
            metavar="N",
            help="An episode you have watched, for that episode in detail.",
            show_default=False,
            autocompletion=complete_watched_episode,
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """The episode guide, or one episode in detail.

    \b
    Examples:
      hishers episodes          every episode, summaries for the ones you have seen
      hishers episodes 2        episode 2 in detail
    """
    from hishers_cli.views import episodes as view_episodes

    known = session_of(ctx).known()
    if number is None:
        emit(ctx, view_episodes.listing(known), as_json)
        return
    n = episode_number(number, known.episode_count)
    try:
        result = view_episodes.detail(known, n)
    except LockedError as e:
        fail(f"{e}. Once you have seen it, run 'hishers progress set {n}' (or add '--watched {n}' to this command).")
    emit(ctx, result, as_json)


@app.command(cls=Command)
@takes_watched
def cast(
    ctx: typer.Context,
    as_json: JsonOption = False,
) -> None:
    """Who plays whom, and each character as far as you know them.

    \b
    Example:
      hishers --watched 2 cast
    """
    from hishers_cli.views import cast as view_cast

    emit(ctx, view_cast.cast(session_of(ctx).known()), as_json)


@app.command(cls=Command)
@takes_watched
def ending(
    ctx: typer.Context,
    confirm_spoilers: Annotated[
        bool,
        confirm_option("Show the ending even if you have not finished the series."),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """The ending explained, each source's account side by side.

    Shown straight away once you have watched the finale; before that it needs
    --confirm-spoilers (or a yes at the prompt, on a terminal).

    \b
    Example:
      hishers ending --confirm-spoilers
    """
    from hishers_cli.views import ending as view_ending

    known = session_of(ctx).known()
    everything = consent(
        known, known.episode_count, confirm_spoilers, as_json, "the ending", session_of(ctx).terminal()
    )
    from hishers_cli.cli.notes import board_section

    emit(ctx, view_ending.with_board(view_ending.ending(everything), board_section(ctx, known, everything)), as_json)


@app.command(cls=Command)
@takes_watched
def who(
    ctx: typer.Context,
    name: Annotated[
        list[str],
        name_argument(
            "A character, first name, surname, alias or actor; or a role or description: "
            "'husband', \"NAME's mother\", 'detectives'; or a whole name in the credits."
        ),
    ],
    as_json: JsonOption = False,
) -> None:
    """Who is this? A character card: actor, bio so far, relationships, episodes.
    Someone in the credits is found by their whole name too.

    \b
    Examples:
      hishers who NAME          a character's name or first name, or an actor's
      hishers who husband       a role, among the relationships you have seen
    """
    from hishers_cli.views import who as view_who

    known = session_of(ctx).known()
    match, note = whom(known, " ".join(name), several=True, records=True)
    if match.named:
        emit(ctx, view_who.named(known, match), as_json)
    elif len(match.people) > 1:
        emit(ctx, view_who.several(known, match), as_json)
    else:
        emit(ctx, view_who.card(known, match.people[0], note, match), as_json)


@app.command(cls=Command)
@takes_watched
def recap(
    ctx: typer.Context,
    before: Annotated[
        Optional[str],
        typer.Option(
            "--before",
            metavar="N",
            help="Only what you need before starting episode N.",
            autocompletion=complete_episode,
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Previously on: the story so far, episode by episode.

    \b
    Examples:
      hishers recap
      hishers recap --before 4
    """
    from hishers_cli.views import story

    known = session_of(ctx).known()
    first = None if before is None else episode_number(before, known.episode_count, "'--before'")
    if first is not None:
        try:
            known = known.through(first - 1)
        except LockedError:
            fail(
                f"a recap before episode {first} covers episodes you have not watched "
                f"(you are at episode {known.watched}); try 'hishers recap --before {known.watched + 1}'."
            )
    emit(ctx, story.recap(known, first), as_json)


@app.command(cls=Command)
@takes_watched
def new(
    ctx: typer.Context,
    number: Annotated[
        Optional[str],
        typer.Argument(
            metavar="N",
            help="The episode (default: the last one you watched).",
            show_default=False,
            autocompletion=complete_watched_episode,
        ),
    ] = None,
    confirm_spoilers: Annotated[bool, confirm_option("Show an episode beyond your progress anyway.")] = False,
    as_json: JsonOption = False,
) -> None:
    """What an episode revealed (default: the last one you watched).

    \b
    Examples:
      hishers new
      hishers new 2
    """
    from hishers_cli.views import story

    known = session_of(ctx).known()
    if number is None and known.watched == 0:
        fail("you have not watched any episodes yet; after episode 1, run 'hishers progress next'.")
    n = known.watched if number is None else episode_number(number, known.episode_count)
    try:
        through = known.through(n, consent=confirm_spoilers)
    except LockedError as e:
        fail(f"{e}. Add --confirm-spoilers to see what it reveals anyway.")
    emit(ctx, story.new(through, n), as_json)


@app.command(cls=Command)
@takes_watched
def timeline(
    ctx: typer.Context,
    lane: Annotated[
        Optional[str],
        typer.Option("--lane", metavar="present|past", help="Show one lane only.", autocompletion=complete_lane),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Events in story order, in two lanes: the present day and the past.

    \b
    Examples:
      hishers timeline
      hishers timeline --lane past
    """
    from hishers_cli.views import story

    if lane is not None and lane not in story.LANES:
        raise typer.BadParameter("not a lane; use present or past.", param_hint="'--lane'")
    emit(ctx, story.timeline(session_of(ctx).known(), lane), as_json)


@app.command(cls=Command)
@takes_watched
def relations(
    ctx: typer.Context,
    name: Annotated[
        Optional[list[str]],
        name_argument("Only this character's relationships (a name, as for 'who')."),
    ] = None,
    format: Annotated[
        str,
        typer.Option(
            "--format",
            metavar="text|dot|mermaid",
            help="Tree (text), Graphviz DOT or Mermaid.",
            autocompletion=complete_format,
        ),
    ] = "text",
    history: Annotated[
        bool,
        typer.Option("--history", help="Also show how each relationship has changed (in every format)."),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """The relationship map known so far, for everyone or one character.

    Each relationship once, in its current state (each source's account,
    where they disagree); --history adds the states before it, in every
    format.

    \b
    Examples:
      hishers relations NAME
      hishers relations NAME --history
      hishers relations --format dot | dot -Tpng > relations.png
    """
    from hishers_cli.views import relations as view_relations

    if format not in FORMATS:
        raise typer.BadParameter("not a format; use text, dot or mermaid.", param_hint="'--format'")
    known = session_of(ctx).known()
    only = find_one(known, " ".join(name))[0].character if name else None
    if name and only is None:
        fail("that role is still locked at your progress.")
    if format == "text" or as_json:
        emit(ctx, view_relations.tree(known, only, history), as_json)
    else:
        render = view_relations.dot if format == "dot" else view_relations.mermaid
        sys.stdout.write(render(known, only, history))


@app.command(cls=Command)
@takes_watched
def search(
    ctx: typer.Context,
    text: Annotated[list[str], text_argument("Words to look for (all must match).")],
    as_json: JsonOption = False,
) -> None:
    """Search everything you may see: episodes, bios, timeline, relationships, series facts.

    \b
    Example:
      hishers search anchor desk
    """
    from hishers_cli.views import search as view_search

    query = " ".join(text)
    if len(view_search.query_words(query)) > view_search.MAX_SEARCH_WORDS:
        raise typer.BadParameter(f"give at most {view_search.MAX_SEARCH_WORDS} words to look for.", param_hint="'TEXT'")
    emit(ctx, view_search.search(session_of(ctx).known(), query), as_json)


@app.command(cls=Command)
@takes_watched
def about(
    ctx: typer.Context,
    as_json: JsonOption = False,
) -> None:
    """The series card: network, premiere, format, credits, music, renewal.

    \b
    Example:
      hishers about
    """
    from hishers_cli.views import about as view_about

    emit(ctx, view_about.about(session_of(ctx).known()), as_json)


@app.command(cls=Command)
@takes_watched
def book(
    ctx: typer.Context,
    confirm_spoilers: Annotated[
        bool,
        confirm_option("Show the differences even if you have not finished the series."),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """How the series differs from the book it is adapted from (locked until the finale).

    \b
    Example:
      hishers book --confirm-spoilers
    """
    from hishers_cli.views import about as view_about

    known = session_of(ctx).known()
    everything = consent(
        known, known.episode_count, confirm_spoilers, as_json, "the book comparison", session_of(ctx).terminal()
    )
    emit(ctx, view_about.book(everything), as_json)
