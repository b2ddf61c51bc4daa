"""Shell completion: values from closed sets, and names and episode numbers
the viewer may know at the progress typed so far.

Completion runs at every TAB, in the user's shell: it never fails loudly,
never waits and never offers what the viewer may not know. A broken
environment (no COMP_WORDS, COMP_CWORD=abc), a dataset that is not a regular
file (a FIFO would wait for a writer) or any error completes nothing.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from hishers_cli.dataset.model import Dataset
    from hishers_cli.gate import Known
FORMATS = ("text", "dot", "mermaid")


def complete_name(ctx: typer.Context, incomplete: str) -> list[str]:
    """Names the viewer may know, as written ("ann" -> "Anna Andrews"), for
    shell completion of NAME: every name whose first word, or any later
    word (a surname), starts with what was typed. After the first words of
    a name, the rest of it. Only `who` finds a name in the credits."""
    try:
        from hishers_cli import lookup

        names = lookup.names(known_for_completion(ctx), records=ctx.info_name == "who")
        before = [lookup.normalize(word) for word in (ctx.params.get("name") or [])]
        typed = lookup.normalize(incomplete)
        if incomplete and not typed:
            return []  # only punctuation typed: no name starts with it
        offered: list[str] = []
        for name in names:
            words = name.split()
            if before:
                rest = words[len(before) :]
                begins = rest and lookup.normalize(" ".join(words[: len(before)])) == " ".join(before)
                if begins and lookup.normalize(" ".join(rest)).startswith(typed):
                    offered.append(" ".join(rest))
            elif any(lookup.normalize(" ".join(words[i:])).startswith(typed) for i in range(len(words))):
                offered.append(name)
        return list(dict.fromkeys(offered))
    except Exception:  # completion must never break the shell
        return []


def dataset_for_completion(ctx: typer.Context) -> Dataset:
    """The dataset --data names on the command line so far (or the bundled
    one). Only a regular file is read: a FIFO or a device could keep the
    shell waiting at every TAB."""
    from hishers_cli.dataset import load as dataset

    data = ctx.find_root().params.get("data") or None
    if data is not None:
        info = os.stat(data)
        if not stat.S_ISREG(info.st_mode):
            raise LookupError("not a regular file")
    return dataset.load(Path(data) if data else None)


def known_for_completion(ctx: typer.Context) -> Known:
    """What the viewer may see, for shell completion: progress and --data
    as typed on the command line so far."""
    from hishers_cli import gate
    from hishers_cli.store import progress

    shown = dataset_for_completion(ctx)
    chosen = ctx.params.get("watched") or ctx.find_root().params.get("watched")
    return gate.Known(shown, progress.current(chosen, shown.episode_count, show=progress.show_key(shown.title)).watched)


def complete_watched_episode(ctx: typer.Context, incomplete: str) -> list[str]:
    """Episode numbers the viewer may open, for `episodes N` and `new N`."""
    try:
        numbers = [str(e.number) for e in known_for_completion(ctx).episodes if e.seen]
    except Exception:  # completion must never break the shell
        return []
    return [n for n in numbers if n.startswith(incomplete)]


def complete_progress(ctx: typer.Context, incomplete: str) -> list[str]:
    """Every progress the show has (0 to its episode count), for
    `progress set N` and --watched N."""
    try:
        count = dataset_for_completion(ctx).episode_count
    except Exception:  # completion must never break the shell
        return []
    return [n for n in map(str, range(count + 1)) if n.startswith(incomplete)]


def complete_episode(ctx: typer.Context, incomplete: str) -> list[str]:
    """Every episode number of the show, for `recap --before N`."""
    try:
        count = dataset_for_completion(ctx).episode_count
    except Exception:  # completion must never break the shell
        return []
    return [n for n in map(str, range(1, count + 1)) if n.startswith(incomplete)]


def complete_lane(incomplete: str) -> list[str]:
    from hishers_cli.dataset.model import LANES

    return [lane for lane in LANES if lane.startswith(incomplete)]


def complete_format(incomplete: str) -> list[str]:
    return [f for f in FORMATS if f.startswith(incomplete)]


# -- the shells ---------------------------------------------------------------------
#
# Typer's own completion classes, with what hishers needs: a broken
# environment completes nothing (Typer raises KeyError or ValueError); zsh
# gets names as written even when they do not start with the typed word,
# and descriptions that keep their apostrophes; file names are offered only
# where a file is asked for.

# Parameters that take a file or folder: only there may a shell fall back to file names.
PATH_PARAMETERS = {"data", "path", "output", "folder"}
# Parameters whose values are offered as written, not only those that start with the typed word.
AS_WRITTEN: dict[str, Any] = {"name": complete_name}


def _classes() -> tuple[type, type, type]:
    from hishers_cli.cli import typer_adapter

    bases = typer_adapter.completion_bases()
    BashComplete: Any = bases.bash
    ZshComplete: Any = bases.zsh
    FishComplete: Any = bases.fish
    CompletionItem = bases.item

    class Hishers:
        """What the three shells share: which items, whether the word being
        completed is a file or folder, and no error ever reaching the shell."""

        wants_path = False

        def get_completions(self, args: list[str], incomplete: str) -> list[Any]:
            ctx = bases.resolve_context(self.cli, self.ctx_args, self.prog_name, args)  # type: ignore[attr-defined]
            target, incomplete = bases.resolve_incomplete(ctx, args, incomplete)
            name = getattr(target, "name", None) if hasattr(target, "param_type_name") else None
            self.wants_path = name in PATH_PARAMETERS
            if name in AS_WRITTEN:
                # Typer keeps only values that start with the word as typed;
                # a name is offered as written ("ann" -> "Anna Andrews").
                return [CompletionItem(value) for value in AS_WRITTEN[name](ctx, incomplete)]
            return list(target.shell_complete(ctx, incomplete))

        def complete(self) -> str:
            try:
                return str(super().complete())  # type: ignore[misc]
            except Exception:  # completion must never break the shell
                # (fish's "is-args" question is answered by the exit code, a
                # SystemExit, which passes)
                return ""

    class ZshOrFish(Hishers):
        """zsh and fish send the command line in _TYPER_COMPLETE_ARGS:
        without it there is nothing to complete."""

        def get_completion_args(self) -> tuple[list[str], str]:
            if not os.environ.get("_TYPER_COMPLETE_ARGS", "").strip():
                raise LookupError("no completion request")
            return super().get_completion_args()  # type: ignore[misc, no-any-return]

    class Bash(Hishers, BashComplete):  # type: ignore[misc]  # a base from the adapter
        def get_completion_args(self) -> tuple[list[str], str]:
            words = typer_adapter.split_arg_string(os.environ.get("COMP_WORDS", ""))
            cword = os.environ.get("COMP_CWORD", "")
            if not words or not re.fullmatch(r"[0-9]{1,4}", cword):
                raise LookupError("no completion request")
            index = int(cword)
            return words[1:index], words[index] if index < len(words) else ""

        def format_completion(self, item: Any) -> str:
            # bash inserts a reply as it is: a name is escaped to stay one word.
            return _bash_quote(str(item.value))

    class Zsh(ZshOrFish, ZshComplete):  # type: ignore[misc]
        def complete(self) -> str:
            try:
                args, incomplete = self.get_completion_args()
                items = self.get_completions(args, incomplete)
            except Exception:  # completion must never break the shell
                return ""
            if not items:
                return "_files" if self.wants_path else ""
            values = " ".join(_zsh_quote(item.value) for item in items)
            if not any(item.help for item in items):
                return f"compadd -U -- {values}"
            shown = " ".join(_zsh_quote(_shown(item)) for item in items)
            return f"local -a _hishers_shown; _hishers_shown=({shown}); compadd -U -l -d _hishers_shown -- {values}"

    class Fish(ZshOrFish, FishComplete):  # type: ignore[misc]
        pass

    return Bash, Zsh, Fish


def _shown(item: Any) -> str:
    help = " ".join(str(item.help).split())
    return f"{item.value} -- {help}" if help else str(item.value)


def _bash_quote(text: str) -> str:
    """One word as bash inserts it from COMPREPLY: every character that is
    not a letter, digit or one of a few safe marks escaped with a backslash
    ("Anna Andrews" -> "Anna\\ Andrews"), as bash escapes a file name."""
    return re.sub(r"([^\w@%+=:,./-])", r"\\\1", " ".join(text.split()))


def _zsh_quote(text: str) -> str:
    """One word for zsh's eval, whatever it holds: single-quoted, an
    apostrophe as '\\'' (zsh's '' inside quotes would drop it), and no runs
    of blanks (the shell's $(...) splits on them before eval)."""
    return "'" + " ".join(text.split()).replace("'", "'\\''") + "'"


def register() -> None:
    """Put hishers' completion classes in place of Typer's (run just before
    a completion request is answered, after Typer has registered its own).
    They build on Typer internals (pyproject.toml pins the Typer versions
    they are tested on); should those move, Typer's own classes stay."""
    from hishers_cli.cli import typer_adapter

    try:
        bash, zsh, fish = _classes()
    except (ImportError, AttributeError):
        return
    typer_adapter.add_completion_class(bash, "bash")
    typer_adapter.add_completion_class(zsh, "zsh")
    typer_adapter.add_completion_class(fish, "fish")


def fish_completions_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """Where fish reads completions: $XDG_CONFIG_HOME/fish/completions (an
    empty or relative XDG_CONFIG_HOME is ignored, as fish ignores it)."""
    from hishers_cli.store.paths import xdg_base

    return xdg_base("XDG_CONFIG_HOME", ".config", environ) / "fish" / "completions"


def install_fish(*, prog_name: str, complete_var: str, shell: str) -> Path:
    """`--install-completion fish`, written where fish looks for it."""
    path = fish_completions_dir() / f"{prog_name}.fish"
    _write_script(path, prog_name=prog_name, complete_var=complete_var, shell=shell, end="\n")
    return path


ZSH_LOADER = "fpath+=~/.zfunc; autoload -Uz compinit; compinit"
# A shell's start-up file larger than this is not one hishers reads to add a line to.
RC_LIMIT = 4 * 1024 * 1024


def install_bash(*, prog_name: str, complete_var: str, shell: str) -> Path:
    """`--install-completion bash`: the script in ~/.bash_completions and the
    one line that reads it added to ~/.bashrc (once, however often this runs)."""
    from hishers_cli.store import files

    path = Path.home() / ".bash_completions" / f"{prog_name}.sh"
    _write_script(path, prog_name=prog_name, complete_var=complete_var, shell=shell)
    files.add_line(Path.home() / ".bashrc", f"source '{path}'", RC_LIMIT)
    return path


def install_zsh(*, prog_name: str, complete_var: str, shell: str) -> Path:
    """`--install-completion zsh`: the script in ~/.zfunc and the one line
    that loads it added to ~/.zshrc, and nothing else (Typer's installer also
    sets a global completion style, a choice that is the user's)."""
    from hishers_cli.store import files

    path = Path.home() / ".zfunc" / f"_{prog_name}"
    _write_script(path, prog_name=prog_name, complete_var=complete_var, shell=shell)
    files.add_line(Path.home() / ".zshrc", ZSH_LOADER, RC_LIMIT)
    return path


def _write_script(path: Path, *, end: str = "", **script: str) -> None:
    """A completion script, written as hishers writes its own files."""
    from hishers_cli.cli import typer_adapter
    from hishers_cli.store import files

    path.parent.mkdir(parents=True, exist_ok=True)
    with files.locked(path) as target:
        files.write_atomic(target, (typer_adapter.completion_script(**script) + end).encode(), files.PUBLIC)


def _install_as_hishers_writes() -> None:
    """Typer's installers write the user's files in place (a start-up file
    gains a blank line on every run), its fish script goes under ~/.config
    whatever XDG_CONFIG_HOME says, and its zsh installer changes a global
    style. Its installers are looked up by name, so hishers' take their
    place for bash, zsh and fish, and write as hishers writes every file.
    Every shell's installer first checks that there is a usable home."""
    from hishers_cli.cli import typer_adapter

    found = typer_adapter.installers()
    if "fish" in found:
        found.update(bash=install_bash, zsh=install_zsh, fish=install_fish)
    for shell, installer in found.items():
        typer_adapter.replace_installer(shell, _at_home(installer))


def _at_home(installer: Callable[..., Path]) -> Callable[..., Path]:
    """An installer that writes under the home folder only when there is a
    usable one (Typer's would take an empty HOME as "/")."""

    def install(**kwargs: Any) -> Path:
        from hishers_cli.store import files
        from hishers_cli.store.paths import NoHome, home

        try:
            home()
            return installer(**kwargs)
        except NoHome as e:
            typer.echo(f"Error: {e}", err=True)
        except OSError as e:
            reason = f"{e.filename}: {e.strerror}" if e.filename and e.strerror else e
            files.tell(f"Error: cannot install completion: {reason}")
        raise typer.Exit(1)

    return install


_install_as_hishers_writes()
