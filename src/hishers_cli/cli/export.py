"""`hishers export html` and `hishers export site`: the guide as web pages."""

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from hishers_cli.cli.core import Command, confirm_option, report_change, session_of, takes_watched
from hishers_cli.cli.root import CommandGroup, app

export_app = typer.Typer(cls=CommandGroup, no_args_is_help=True, rich_markup_mode=None)
app.add_typer(export_app, name="export")

ForceOption = Annotated[bool, typer.Option("--force", help="Replace files that already exist.")]


@export_app.callback()
def export_group() -> None:
    """A spoiler-safe guide as web pages, to read anywhere or share.

    \b
    Examples:
      hishers export html --watched 2 -o ep2.html
      hishers export site guide/
    """


@export_app.command("html", cls=Command)
@takes_watched
def export_html(
    ctx: typer.Context,
    output: Annotated[
        Optional[str],
        typer.Option("--output", "-o", metavar="FILE", help="Write the page to FILE (default, or -: standard output)."),
    ] = None,
    confirm_spoilers: Annotated[
        bool,
        confirm_option("Add the ending explained even if the page is for someone who has not finished."),
    ] = False,
    force: ForceOption = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Say what was written as one JSON document (needs -o FILE).")
    ] = False,
) -> None:
    """One self-contained HTML page: the guide up to your progress (or --watched N).

    The page holds only what is known at that progress: the series, the
    episodes watched, the cast and characters as far as known, the
    relationship map and the timeline. The ending is added after the last
    episode, or with --confirm-spoilers.

    \b
    Examples:
      hishers export html --watched 2 -o ep2.html
      hishers export html > guide.html
    """
    from hishers_cli.export import pages as export
    from hishers_cli.views import written

    if as_json and output in (None, "-"):
        raise typer.BadParameter("the page itself goes to standard output; add -o FILE.", param_hint="'--json'")
    known = session_of(ctx).known()
    spoilers = known.to_the_end() if known.finished else known.to_the_end(consent=True) if confirm_spoilers else None
    text = export.page(known, spoilers)
    if output is None or output == "-":  # "-" is standard output, as for other Unix tools ("./-" is a file)
        sys.stdout.write(text)
        return
    export.write_new(Path(output), text, force=force)
    report_change(ctx, written.page_written(known, output, spoilers is not None), as_json)


@export_app.command("site", cls=Command)
def export_site(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="The folder to write the pages in (made if missing).")],
    upto: Annotated[
        Optional[str],
        typer.Option(
            "--upto",
            metavar="N",
            help="Only the pages up to episode N: no page, link or picker entry past it (nor the ending).",
            show_default=False,
        ),
    ] = None,
    force: ForceOption = False,
    as_json: Annotated[bool, typer.Option("--json", help="Say what was written as one JSON document.")] = False,
) -> None:
    """A guide for every progress level: one page per level, an index that
    asks how far the reader has watched, and the ending on its own page.

    With --upto N, a site to share with someone at episode N: the levels up
    to N only, and the ending only when N is the last episode.

    \b
    Examples:
      hishers export site guide/
      hishers export site guide-for-sam/ --upto 2
    """
    from hishers_cli.export import pages as export
    from hishers_cli.views import written

    dataset = session_of(ctx).dataset()
    last = dataset.episode_count if upto is None else _level(upto, dataset.episode_count)
    pages = export.site(dataset, last)
    export.write_site(folder, pages, force=force)
    report_change(ctx, written.site_written(dataset.title, dataset.episode_count, last, folder, list(pages)), as_json)


def _level(text: str, count: int) -> int:
    """A progress level from 0 to `count`."""
    from hishers_cli.numbers import read_number

    return read_number(text, 0, count, "a level", "'--upto'")
