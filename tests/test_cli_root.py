"""The root command: its table of commands, building only the command a run
invokes, the global --watched repeated after a command, and the viewer's
progress worked out once per run."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer

from conftest import COMMAND, FULL, TINY, run, run_tiny
from hishers_cli.cli import app, root, typer_adapter
from hishers_cli.store import progress

# Arguments for the commands that need some; every other command runs bare.
ARGS = {
    ("who",): ["xavier"],
    ("search",): ["stone"],
    ("notes", "add"): ["a", "theory"],
    ("notes", "remove"): ["1"],
}


def _walk(command: Any, path: tuple[str, ...]) -> list[tuple[tuple[str, ...], Any]]:
    found = [(path, command)]
    for name, sub in getattr(command, "commands", {}).items():
        found += _walk(sub, (*path, name))
    return found


TREE = _walk(COMMAND, ())
# Every command (and group) that takes --watched after its name, from the registry.
WATCHED = [path for path, command in TREE if path and any("--watched" in p.opts for p in command.params)]


def test_the_table_names_every_registered_command_and_its_module() -> None:
    registered = {}
    for info in app.registered_commands:
        assert info.callback is not None
        registered[typer_adapter.command_name(info)] = info.callback.__module__
    for group in app.registered_groups:
        assert group.name is not None and group.typer_instance is not None
        callback = group.typer_instance.registered_callback
        assert callback is not None and callback.callback is not None
        registered[group.name] = callback.callback.__module__
    assert {name: f"hishers_cli.cli.{module}" for name, module in root.MODULES.items()} == registered
    assert list(COMMAND.list_commands(typer.Context(COMMAND))) == list(root.MODULES)


@pytest.mark.parametrize("name", list(root.MODULES))
def test_a_command_built_on_demand_is_the_command_of_the_full_tree(name: str) -> None:
    """The root builds a command when it is first asked for; what it builds
    (its help, usage and parameters, and those of its subcommands) is what
    the whole tree holds."""
    # The whole tree built afresh (click keeps what a command's help option
    # was first read with); both are read in the root's context, as a run
    # reads them (it adds `-h`).
    full = typer_adapter.click_command(app)
    top = typer.Context(full, info_name="hishers", **full.context_settings)
    lazy = root.RootGroup(name="hishers", commands={})
    built = lazy.get_command(typer.Context(lazy, info_name="hishers", **full.context_settings), name)
    assert built is not None and list(lazy.commands) == [name]
    compare(built, full.commands[name], (name,), top)


def compare(one: Any, other: Any, path: tuple[str, ...], parent: typer.Context) -> None:
    ctx, same = (
        typer.Context(one, info_name=path[-1], parent=parent),
        typer.Context(other, info_name=path[-1], parent=parent),
    )
    assert one.get_help(ctx) == other.get_help(same), path
    assert [p.opts for p in one.params] == [p.opts for p in other.params], path
    subcommands = getattr(one, "commands", {})
    assert list(subcommands) == list(getattr(other, "commands", {})), path
    for sub, command in subcommands.items():
        compare(command, other.commands[sub], (*path, sub), same)


def test_an_unknown_name_builds_every_command_to_suggest_the_closest() -> None:
    lazy = root.RootGroup(name="hishers", commands={})
    assert lazy.get_command(typer.Context(lazy, info_name="hishers"), "epsiodes") is None
    assert list(lazy.commands) == list(root.MODULES)


@pytest.mark.parametrize("path", WATCHED, ids=" ".join)
def test_watched_after_a_command_wins_over_the_one_before_it(path: tuple[str, ...], tmp_path: Path) -> None:
    """`hishers --watched 0 X --watched 3` is `hishers --watched 3 X`, and
    `hishers X --watched 3` too: output, errors and exit code."""
    args = [*path, *ARGS.get(path, [])]
    forms = {
        "both": ["--watched", "0", *args, "--watched", "3"],
        "global": ["--watched", "3", *args],
        "command": [*args, "--watched", "3"],
    }
    seen = {}
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    for name, form in forms.items():
        # Each form starts from nothing saved: a note kept by one is not numbered after another's.
        shutil.rmtree(tmp_path / "data", ignore_errors=True)
        result = run_tiny(*form, env=env)
        seen[name] = (result.exit_code, result.stdout, result.stderr)
    assert seen["both"] == seen["global"] == seen["command"]


def test_watched_on_the_command_changes_what_is_shown() -> None:
    """The property above is not vacuous: the level chosen after the command
    is the one shown."""
    early, late = run_tiny("--watched", "3", "episodes", "--watched", "0"), run_tiny("--watched", "3", "episodes")
    assert early.exit_code == late.exit_code == 0
    assert early.stdout != late.stdout
    assert early.stdout == run_tiny("--watched", "0", "episodes").stdout


@pytest.mark.parametrize("path", [path for path, command in TREE if path not in ((), ("cache", "clear"))], ids=" ".join)
def test_progress_is_worked_out_once_per_run(path: tuple[str, ...], monkeypatch: pytest.MonkeyPatch) -> None:
    """However many parts of a command need the viewer's progress (the
    status screen, the progress card, a note's stamp), the settings file is
    read at most once."""
    assert run_tiny("progress", "set", "2").exit_code == 0
    reads: list[Path] = []
    read_settings = progress.read_settings

    def counted(file: Path) -> Any:
        reads.append(file)
        return read_settings(file)

    worked_out: list[object] = []
    current = progress.current

    def counting(*args: Any, **kwargs: Any) -> Any:
        worked_out.append(args)
        return current(*args, **kwargs)

    monkeypatch.setattr(progress, "read_settings", counted)
    monkeypatch.setattr(progress, "current", counting)
    run_tiny(*path, *ARGS.get(path, []))
    assert len(reads) <= 1 and len(worked_out) <= 1, path
    # A command that runs at the viewer's progress takes --watched after its name.
    assert not worked_out or path in WATCHED, path


def test_the_status_screen_and_progress_card_read_the_settings_once(monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_tiny("progress", "set", "2").exit_code == 0
    reads: list[Path] = []
    read_settings = progress.read_settings
    monkeypatch.setattr(progress, "read_settings", lambda file: reads.append(file) or read_settings(file))
    for args in ([], ["progress"]):
        reads.clear()
        result = run_tiny(*args)
        assert result.exit_code == 0, result.output
        assert "2 of 3" in result.stdout and len(reads) == 1, (args, reads)


# What only other commands need: a warm `episodes` run imports none of it.
OTHERS = (
    "hishers_cli.cli.manage",
    "hishers_cli.cli.notes",
    "hishers_cli.cli.export",
    "hishers_cli.export",
    "hishers_cli.dataset.parse",
    "hishers_cli.views.cast",
    "hishers_cli.views.story",
    "hishers_cli.views.ending",
    "hishers_cli.views.suspect",
    "hishers_cli.store.notes",
    "yaml",
    "rich",
    "jinja2",
    "pydantic",
    "_hashlib",
    "json",
    "tempfile",
)

_PROBE = (
    "import atexit, sys\n"
    "atexit.register(lambda: sys.stderr.write('\\nMODULES ' + ' '.join(sorted(sys.modules)) + '\\n'))\n"
    "from hishers_cli.entry import main\n"
    "sys.argv = ['hishers'] + sys.argv[1:]\n"
    "main()\n"
)


def _python(script: str, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """`script` run to success by a fresh Python with `args`, its cache and
    config in `home` and no progress from the outside."""
    env = dict(os.environ, XDG_CACHE_HOME=str(home / "cache"), XDG_CONFIG_HOME=str(home / "config"))
    env.pop("HISHERS_WATCHED", None)
    result = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return result


def _modules(*args: str, tmp_path: Path) -> set[str]:
    result = _python(_PROBE, "--data", str(TINY), *args, home=tmp_path)
    return set(result.stderr.rsplit("MODULES ", 1)[1].split())


@pytest.mark.full
def test_a_warm_episodes_run_imports_nothing_only_other_commands_need(tmp_path: Path) -> None:
    _modules("--watched", "1", "episodes", tmp_path=tmp_path)  # fills the cache
    modules = _modules("--watched", "1", "episodes", tmp_path=tmp_path)
    assert "hishers_cli.cli.read" in modules and "hishers_cli.views.episodes" in modules
    loaded = sorted(m for m in modules if any(m == o or m.startswith(o + ".") for o in OTHERS))
    assert loaded == []


# A fresh interpreter that forks once per command, the child running
# `hishers --data TINY NAME --help` and printing the modules it then holds:
# the parent imports nothing, so each child starts as a new process would.
_FORKED = """\
import os, sys
data, names = sys.argv[1], sys.argv[2:]
for name in names:
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:
        sys.argv = ["hishers", "--data", data, name, "--help"]
        try:
            from hishers_cli.entry import main
            main()
        except SystemExit:
            pass
        sys.stdout.write("\\nMODULES " + name + " " + " ".join(sorted(sys.modules)) + "\\n")
        sys.stdout.flush()
        os._exit(0)
    os.waitpid(pid, 0)
"""


@pytest.fixture(scope="module")
def help_modules(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    """The modules `hishers NAME --help` imports, for every command: in the
    default run from one process forking a fresh child per command; the full
    run (CI) starts a process per command."""
    home = tmp_path_factory.mktemp("home")
    if FULL:
        return {name: _modules(name, "--help", tmp_path=home) for name in root.MODULES}
    result = _python(_FORKED, str(TINY), *root.MODULES, home=home)
    found = {}
    for block in result.stdout.split("\nMODULES ")[1:]:
        name, *modules = block.split("\n", 1)[0].split()
        found[name] = set(modules)
    assert list(found) == list(root.MODULES), result.stdout[-400:]
    return found


@pytest.mark.full
@pytest.mark.parametrize("name", list(root.MODULES))
def test_a_command_imports_no_other_command_module(name: str, help_modules: dict[str, set[str]]) -> None:
    """`hishers X --help` builds X only: no other command module is imported."""
    modules = help_modules[name]
    own = f"hishers_cli.cli.{root.MODULES[name]}"
    others = {f"hishers_cli.cli.{m}" for m in root.MODULES.values()} - {own}
    assert own in modules and not modules & others


GLOBAL_AFTER = [
    ["--data", str(TINY)],
    [f"--data={TINY}"],
    ["--data", str(TINY), "--no-pager"],
    ["--data", str(TINY), "--no-cache"],
]
COMMANDS = [path for path, _ in TREE if path and path[-1] not in ("clear", "site", "html")]


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_global_options_after_a_command_are_the_options_before_it(path: tuple[str, ...], tmp_path: Path) -> None:
    """`hishers X --data F --no-pager` is `hishers --data F --no-pager X`, for
    every command: output, errors and exit code."""
    args = [*path, *ARGS.get(path, [])]
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    for options in GLOBAL_AFTER if FULL else GLOBAL_AFTER[::3]:
        seen = []
        for form in ([*options, *args], [*args, *options]):
            for folder in ("data", "config"):
                shutil.rmtree(tmp_path / folder, ignore_errors=True)
            result = run("--watched", "3", *form, env=env)
            seen.append((result.exit_code, result.stdout, result.stderr))
        assert seen[0] == seen[1], (options, seen[1])
        assert "No such option" not in seen[1][2]


@pytest.mark.parametrize(
    ("given", "read"),
    [
        (["cast", "--no-pager"], ["--no-pager", "cast"]),
        (["--data", "a.yaml", "cast", "--data", "b.yaml"], ["--data", "a.yaml", "--data", "b.yaml", "cast"]),
        (["--json", "cast"], ["cast", "--json"]),
        (["--json", "progress", "set", "2"], ["progress", "set", "2", "--json"]),
        (
            ["--watched", "2", "--json", "who", "x", "--", "--no-pager"],
            ["--watched", "2", "who", "x", "--json", "--", "--no-pager"],
        ),
        (["search", "--", "--no-cache"], ["search", "--", "--no-cache"]),
        (["--no-pager"], ["--no-pager"]),
        ([], []),
    ],
)
def test_the_command_line_is_read_in_order(given: list[str], read: list[str]) -> None:
    assert root.in_order(given) == read


def test_json_before_the_command_is_the_command_s_json() -> None:
    before, after = run("--json", "--watched", "1", "cast"), run("--watched", "1", "cast", "--json")
    assert before.exit_code == after.exit_code == 0 and before.stdout == after.stdout
    assert before.stdout.startswith("{")
