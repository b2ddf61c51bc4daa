"""Every command hishers has, in one table, in the order `hishers --help`
lists them: the module of `cli/` that declares it (a run imports only the
module of the command it invokes), the `--json` documents it prints (each
validates against `#/$defs/command_D` of `hishers schema --output`), and,
for the main commands, how the status screen (bare `hishers`) lists them.

Pure data: the command line, the presenters and the schema all read it.
"""

from __future__ import annotations

from typing import NamedTuple


class Command(NamedTuple):
    module: str  # hishers_cli.cli.<module> declares it
    documents: tuple[str, ...] = ()  # the names of its --json documents
    usage: str = ""  # as the status screen shows it ("" if not there)
    summary: str = ""


COMMANDS: dict[str, Command] = {
    "episodes": Command(
        "read", ("episodes", "episode"), "hishers episodes [N]", "the episode guide, or one episode in detail"
    ),
    "cast": Command("read", ("cast",), "hishers cast", "who plays whom, and who they are so far"),
    "ending": Command("read", ("ending",), "hishers ending", "the ending explained, once you have finished"),
    "who": Command("read", ("who",), "hishers who NAME", "who is this?"),
    "recap": Command("read", ("recap",), "hishers recap", "previously on: the story so far"),
    "new": Command("read", ("new",), "hishers new", "what the last episode you watched revealed"),
    "timeline": Command("read", ("timeline",)),
    "relations": Command("read", ("relations",), "hishers relations", "who is related to whom"),
    "search": Command("read", ("search",), "hishers search WORDS", "look something up"),
    "about": Command("read", ("about",)),
    "book": Command("read", ("book",)),
    "validate": Command("manage", ("validate",)),
    "schema": Command("manage"),
    "suspect": Command("notes", ("suspect", "suspect_name")),
    "cache": Command("manage", ("cache_clear",)),
    "progress": Command("manage", ("progress", "progress_set", "progress_next", "progress_reset")),
    "notes": Command("notes", ("notes", "notes_add", "notes_remove", "notes_clear")),
    "export": Command("export", ("export_html", "export_site")),
    "browse": Command("browse", (), "hishers browse", "look around: every section one key away"),
}

# The main commands, in the order the status screen lists them: what to
# read first, and the ending last.
ON_STATUS = ("browse", "episodes", "cast", "who", "recap", "new", "relations", "search", "ending")
