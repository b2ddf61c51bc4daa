"""`hishers export`: spoiler-safe guides as static HTML. A single page for
one progress level, or a site with a page per level, an index that asks the
level first, and the ending on a page of its own. Every page is built from
what the gate lets through at its level, and written atomically."""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

from hishers_cli import __version__, gate
from hishers_cli.dataset.model import Dataset
from hishers_cli.errors import HishersError
from hishers_cli.export import sections
from hishers_cli.export.html import Link, Page, render, render_index
from hishers_cli.export.map import relation_map
from hishers_cli.gate import Known
from hishers_cli.store import files
from hishers_cli.views.base import HELD_HINT
from hishers_cli.views.common import progress_line

ENDING_LINK = "The ending explained: this page spoils the finale"
LAST_LEVEL_NOTICE = "This page covers the whole series, the finale included. Not there yet? Pick your episode below."
ENDING_FOOTER = "Everything on this page comes from the finale and the sources' accounts of it."


def level_text(n: int) -> str:
    return "nothing yet" if n == 0 else str(n)


def page(
    known: Known,
    spoilers: Known | None = None,
    levels: tuple[Link, ...] = (),
    links: tuple[Link, ...] = (),
    home: str | None = None,
) -> str:
    """The guide at `known`'s progress, with the ending when `spoilers` is
    given. On a site (`levels`), the last level's page says it covers the
    finale."""
    return render(
        Page(
            title=f"{known.title}: guide up to episode {known.watched}" if known.watched else f"{known.title}: guide",
            heading=known.title,
            progress=progress_line(known).replace(f" {HELD_HINT}", ""),
            held=HELD_HINT if not known.finished else None,
            sections=sections.sections(known, spoilers),
            map=relation_map(known),
            levels=levels,
            links=links,
            version=__version__,
            home=home,
            notice=LAST_LEVEL_NOTICE if levels and known.finished else None,
        )
    )


def ending_page(known: Known, back: str) -> str:
    """The ending on its own page (everything is known)."""
    return render(
        Page(
            title=f"{known.title}: the ending explained",
            heading=f"{known.title}: the ending explained",
            progress="This page spoils the finale.",
            held=None,
            sections=sections.spoiler_sections(known),
            links=(Link(back, "Back to the guide"), Link("index.html", "The start page")),
            version=__version__,
            footer=ENDING_FOOTER,
        )
    )


def level_file(n: int) -> str:
    return f"episode-{n}.html"


def site(dataset: Dataset, upto: int | None = None) -> dict[str, str]:
    """Every page of the site by file name: index.html, one page per level
    from 0 to `upto` (default: the episode count), and, when the site goes
    to the last episode, ending.html. A site for a friend at episode 2 has
    no page, picker entry or link past episode 2."""
    count = dataset.episode_count
    last = count if upto is None else upto
    if not 0 <= last <= count:
        raise ExportError(f"a site goes up to an episode from 0 to {count}.")
    shown = range(last + 1)
    pages = {
        "index.html": render_index(dataset.title, tuple(Link(level_file(n), level_text(n)) for n in shown), __version__)
    }
    for n in shown:
        known = gate.Known(dataset, n)
        levels = tuple(Link(level_file(m), level_text(m), m == n) for m in shown)
        links = (Link("ending.html", ENDING_LINK),) if known.finished else ()
        pages[level_file(n)] = page(known, levels=levels, links=links, home="index.html")
    if last == count:
        pages["ending.html"] = ending_page(gate.Known(dataset, count), level_file(count))
    return pages


class ExportError(HishersError):
    pass


# An export's temp files are litter once they are this old: a concurrent
# export has long finished writing its pages by then.
LITTER_SECONDS = 10 * 60


def write_new(path: Path, text: str, force: bool = False) -> None:
    """Write `text` to `path` whole or not at all; an existing file is kept
    unless `force`."""
    _write_pages([(path, text)], force, str(path))


def write_site(folder: Path, pages: dict[str, str], force: bool = False) -> list[Path]:
    """Write the site's pages into `folder` (made if missing), all or none:
    every name is checked before any page is written, every page is on disk
    before any takes its name, and a failure leaves the folder as it was (a
    folder made for the site is removed again), so running the command again
    needs no --force. Pages already there are kept, and nothing is written,
    unless `force`."""
    if os.path.lexists(folder) and not folder.is_dir():
        raise ExportError(f"{folder} is not a folder.")
    later = _later_pages(folder, pages)
    if later:
        # A site shared up to a level must not sit beside the pages of a
        # fuller one: a friend could open them. Never removed for the user.
        raise ExportError(
            f"{folder} already holds pages this site leaves out ({', '.join(later)}); "
            "remove them or choose another folder, so no one reading the site can open them."
        )
    taken = [name for name in pages if os.path.lexists(folder / name)]
    if taken and not force:
        raise ExportError(f"{folder} already holds {', '.join(taken)}. Add --force to replace them.")
    made = not os.path.lexists(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ExportError(f"cannot make the folder {folder}: {e.strerror or e}.") from None
    written = [folder / name for name in pages]
    try:
        _write_pages(list(zip(written, pages.values(), strict=True)), force, f"the site in {folder}")
    except BaseException:
        if made:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only while it is still empty
        raise
    return written


def _later_pages(folder: Path, pages: dict[str, str]) -> list[str]:
    """Pages of a site (a level page or the ending) in `folder` that this
    site does not have: left by an export that went further."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    return [n for n in names if n not in pages and re.fullmatch(r"episode-\d+\.html|ending\.html", n)]


def _write_pages(pages: list[tuple[Path, str]], force: bool, what: str) -> None:
    """Write pages (0644, as web pages are) through the one safe writer, all
    or none. Without `force` no name that is taken, even by a dangling link,
    is touched. With it, a regular file or a link to one is replaced; a
    folder, a device, a pipe or a dangling link (as cp does not write through
    one) is refused before any page is written."""
    writes: list[tuple[Path, bytes]] = []
    for path, text in pages:
        if path.is_dir():
            raise ExportError(f"{path} is a folder; give a file name, such as {path / 'guide.html'}.")
        if os.path.lexists(path) and not force:
            raise ExportError(f"{path} already exists. Add --force to replace it.")
        if os.path.islink(path) and not os.path.exists(path):
            raise ExportError(f"{path} is a link to nothing ({os.readlink(path)}); nothing was written.")
        try:
            target = files.regular_target(path)
        except files.UnsafeFile as e:
            raise ExportError(f"{e}; nothing was written.") from None
        if not target.parent.is_dir():
            raise ExportError(f"there is no folder {target.parent} to write {target.name} in.")
        writes.append((target, text.encode("utf-8")))
    try:
        files.write_all(writes, files.PUBLIC, replace=force, litter_age=LITTER_SECONDS)
    except FileExistsError as e:
        # Taken after the check above, by another process: never replaced.
        raise ExportError(f"{e.filename2 or what} already exists. Add --force to replace it.") from None
    except OSError as e:
        raise ExportError(f"cannot write {what}: {e.strerror or e}.") from None
