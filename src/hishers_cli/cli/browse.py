"""`hishers browse`: the full-screen app. Textual is imported here, when
the command runs, never by the other commands."""

import typer

from hishers_cli.cli.core import Command, fail, session_of, takes_watched
from hishers_cli.cli.root import app
from hishers_cli.errors import ExitCode

LINE_COMMANDS = "hishers episodes, cast, who, relations, timeline, search, suspect, ending"


@app.command(cls=Command)
@takes_watched
def browse(ctx: typer.Context) -> None:
    """Look around the companion full screen: episodes, people, the map, the
    timeline, search, your notes and the ending, at your progress.

    \b
    Example:
      hishers browse
    """
    session = session_of(ctx)
    progress_now = session.progress()  # a --watched that is no progress is refused first, as by every command
    if not session.terminal().interactive:
        fail(f"browse needs a terminal; without one, use the line commands: {LINE_COMMANDS}.", ExitCode.USAGE)
    from hishers_cli.app.main import Browse
    from hishers_cli.store import notes, progress

    show = session.show()
    terminal = session.terminal()
    browsing = Browse(
        session.dataset(), progress_now, show, progress.config_file(), notes.notes_file(show), styled=terminal.styled
    )
    browsing.run()
    raise typer.Exit(browsing.return_code or 0)
