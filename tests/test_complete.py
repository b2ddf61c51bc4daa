"""Shell completion, as the shells ask for it: through the installed
console script (in-process in the default run where no hang is guarded
against), with the variables each shell's script sets. Completion
never fails loudly, never waits, offers names as written and only those the
viewer may know, and offers episode numbers where an episode is asked for."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FULL, TINY, app, levels
from hishers_cli import gate, lookup
from hishers_cli.cli import complete
from hishers_cli.dataset import load as dataset

SCRIPT = shutil.which("hishers") or str(Path(sys.executable).parent / "hishers")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_CACHE_HOME": str(tmp_path / "cache")}


def ask(
    variables: dict[str, str], env: dict[str, str], timeout: float | None = None
) -> subprocess.CompletedProcess[str]:
    """One completion request, as a shell's completion script makes it. The
    default run asks in-process (the same variables, read by the same
    command tree) unless a timeout guards a hang; the full run (CI) always
    starts the installed script."""
    if not FULL and timeout is None:
        result = CliRunner().invoke(app, [], env={**env, **variables}, prog_name="hishers")
        return subprocess.CompletedProcess([SCRIPT], result.exit_code, result.stdout, result.stderr)
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("_HISHERS", "COMP_", "_TYPER"))}
    return subprocess.run(
        [SCRIPT], capture_output=True, text=True, timeout=timeout or 30, env={**clean, **env, **variables}, check=False
    )


def bash(line: str, env: dict[str, str] | None = None) -> list[str]:
    """What bash's completion of the last word of `line` offers (in-process:
    the property tests ask many times)."""
    words = line.split(" ")
    variables = {"_HISHERS_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    result = CliRunner().invoke(app, [], env={**(env or {}), **variables}, prog_name="hishers")
    assert result.exit_code == 0 and result.stderr == "", result.output
    replies = [item for item in result.stdout.splitlines() if item]
    # bash inserts a reply as it is, so each must read back as one word.
    words = [shlex.split(item) for item in replies]
    assert all(len(w) == 1 for w in words), replies
    return [w[0] for w in words]


@pytest.mark.full
def test_bash_inserts_a_name_as_one_word() -> None:
    """The reply, typed into a real bash command line as completion inserts
    it, is one argument holding the whole name."""
    for line in ("hishers who ann", "hishers who tessa"):
        variables = {"_HISHERS_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": "2"}
        reply = CliRunner().invoke(app, [], env=variables, prog_name="hishers").stdout.strip()
        assert " " in bash(line)[0] and "\\ " in reply
        done = subprocess.run(["bash", "-c", f'set -- {reply}; echo "$#:$1"'], capture_output=True, text=True)
        assert done.stdout.strip() == f"1:{bash(line)[0]}", (reply, done.stdout)


def zsh_and_fish(line: str, env: dict[str, str]) -> dict[str, list[str]]:
    """What zsh's and fish's completion of `line` offer (zsh's answer is
    run as zsh runs it, `eval $(...)`, by bash: the quoting rules it uses
    are the same)."""
    zsh = ask({"_HISHERS_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line}, env)
    fish = ask(
        {"_HISHERS_COMPLETE": "complete_fish", "_TYPER_COMPLETE_FISH_ACTION": "get-args", "_TYPER_COMPLETE_ARGS": line},
        env,
    )
    assert zsh.returncode == 0 and fish.returncode == 0 and zsh.stderr == fish.stderr == ""
    return {"zsh": zsh_offers(zsh.stdout)["values"], "fish": [item.split("\t")[0] for item in fish.stdout.splitlines()]}


def zsh_offers(answer: str) -> dict[str, list[str]]:
    """The values and descriptions in zsh's answer, evaluated by a shell
    whose `compadd` prints them."""
    harness = (
        "set -f\n"
        "offer() {\n"
        '  compadd() { while [ "$1" != -- ]; do shift; done; shift; printf \'V:%s\\n\' "$@";\n'
        '    for d in "${_hishers_shown[@]}"; do printf \'D:%s\\n\' "$d"; done; }\n'
        "  _files() { echo FILES; }\n"
        "  eval $(cat)\n"
        "}\n"
        "offer\n"
    )
    out = subprocess.run(["bash", "-c", harness], input=answer, capture_output=True, text=True, timeout=30, check=True)
    lines = out.stdout.splitlines()
    return {
        "values": [line[2:] for line in lines if line.startswith("V:")] + [line for line in lines if line == "FILES"],
        "shown": [line[2:] for line in lines if line.startswith("D:")],
    }


BROKEN = [
    {"_HISHERS_COMPLETE": "complete_bash"},
    {"_HISHERS_COMPLETE": "complete_bash", "COMP_WORDS": "hishers who "},
    {"_HISHERS_COMPLETE": "complete_bash", "COMP_WORDS": "hishers who ", "COMP_CWORD": "abc"},
    {"_HISHERS_COMPLETE": "complete_bash", "COMP_WORDS": "hishers who ", "COMP_CWORD": "-1"},
    {"_HISHERS_COMPLETE": "complete_bash", "COMP_WORDS": "hishers who ", "COMP_CWORD": "99999999999999999999"},
    {"_HISHERS_COMPLETE": "complete_bash", "COMP_WORDS": "", "COMP_CWORD": "0"},
    {"_HISHERS_COMPLETE": "complete_zsh"},
    {"_HISHERS_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": ""},
    {"_HISHERS_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "hishers --watched abc who "},
    {"_HISHERS_COMPLETE": "complete_fish"},
    {"_HISHERS_COMPLETE": "complete_fish", "_TYPER_COMPLETE_FISH_ACTION": "get-args"},
]


@pytest.mark.full
@pytest.mark.parametrize("variables", BROKEN, ids=range(len(BROKEN)))
def test_a_broken_completion_environment_completes_nothing_quietly(variables: dict, env: dict[str, str]) -> None:
    result = ask(variables, env)
    assert result.returncode == 0, result
    assert result.stderr == "" and "Traceback" not in result.stdout
    assert result.stdout.strip() == ""


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("hishers --watched ", [str(n) for n in range(7)]),
        ("hishers cast --watched ", [str(n) for n in range(7)]),
        ("hishers recap --before ", [str(n) for n in range(1, 7)]),
        ("hishers export html --watched ", [str(n) for n in range(7)]),
        ("hishers progress set ", [str(n) for n in range(7)]),
        (f"hishers --data {TINY} --watched ", ["0", "1", "2", "3"]),
        (f"hishers --data {TINY} recap --before ", ["1", "2", "3"]),
    ],
)
def test_episode_numbers_are_offered_where_an_episode_is_asked_for(line: str, expected: list, env: dict) -> None:
    assert bash(line, env) == expected
    assert zsh_and_fish(line, env) == {"zsh": expected, "fish": expected}


@pytest.mark.full
def test_file_names_are_offered_only_where_a_file_is_asked_for(env: dict[str, str]) -> None:
    zsh = ask({"_HISHERS_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "hishers --data "}, env)
    assert zsh.stdout.strip() == "_files"
    for line in ("hishers --watched 9", "hishers who zzz", "hishers --data /nonexistent who "):
        zsh = ask({"_HISHERS_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line}, env)
        assert zsh.returncode == 0 and zsh.stdout.strip() == "", line


LEVELS = levels()


@pytest.mark.parametrize("watched", LEVELS)
def test_names_are_offered_as_written_and_only_those_known(watched: int, env: dict[str, str]) -> None:
    """Typing the start of any word of a known name offers that name as the
    dataset writes it, and every offer is a whole name known at this
    progress: never a fragment, never a name from later."""
    show = dataset.load()
    everyone = lookup.names(gate.Known(show, show.episode_count), records=True)
    words = sorted({word[:3].lower() for name in everyone for word in name.split()})
    # `who` also finds a name in the credits; a command about the story does not.
    for command, records in (("who", True), ("relations", False)):
        known = lookup.names(gate.Known(show, watched), records=records)
        for typed in words if FULL else words[::3]:
            offered = bash(f"hishers --watched {watched} {command} {typed}", env)
            assert set(offered) <= set(known), (typed, set(offered) - set(known))
            starts = [n for n in known if any(w.lower().startswith(typed) for w in n.split())]
            assert offered == sorted(starts) or sorted(offered) == sorted(starts), (typed, offered, starts)
    assert "William Oldroyd" in bash(f"hishers --watched {watched} who oldr", env)
    assert bash(f"hishers --watched {watched} relations oldr", env) == []


def test_a_name_completes_to_itself_in_every_shell(env: dict[str, str]) -> None:
    show = dataset.load(TINY)
    (name,) = [n for n in lookup.names(gate.Known(show, 3)) if n.startswith("Xavier")]
    line = f"hishers --data {TINY} --watched 3 who {name[:3].lower()}"
    assert bash(line, env) == [name]
    assert zsh_and_fish(line, env) == {"zsh": [name], "fish": [name]}
    rest = name.split(" ", 1)[1]
    assert bash(f"hishers --data {TINY} --watched 3 who {name.split()[0].lower()} {rest[:2].lower()}", env) == [rest]


@pytest.mark.full
def test_zsh_descriptions_keep_their_apostrophes(env: dict[str, str]) -> None:
    answer = ask({"_HISHERS_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "hishers "}, env).stdout
    shown = zsh_offers(answer)["shown"]
    with_apostrophes = [d for d in shown if "'" in d]
    assert with_apostrophes, shown
    assert all(("'s " in d or d.endswith("'s...") or "'s" in d) for d in with_apostrophes)
    assert not any("''" in d or "source s" in d for d in shown)


@pytest.mark.full
def test_a_fifo_dataset_completes_nothing_at_once(tmp_path: Path, env: dict[str, str]) -> None:
    fifo = tmp_path / "show.yaml"
    os.mkfifo(fifo)
    for line in (
        f"hishers --data {fifo} who ",
        f"hishers --data {fifo} --watched ",
        f"hishers --data {fifo} episodes ",
    ):
        started = time.monotonic()
        assert bash(line, env) == []
        zsh = ask({"_HISHERS_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line}, env, timeout=10)
        assert zsh.returncode == 0 and zsh.stdout.strip() == ""
        assert time.monotonic() - started < 10, line


@pytest.mark.full
def test_the_fish_script_goes_where_fish_reads_it(tmp_path: Path) -> None:
    home, config = tmp_path / "home", tmp_path / "xdg"
    home.mkdir()
    result = subprocess.run(
        [SCRIPT, "--install-completion", "fish"],
        capture_output=True,
        text=True,
        timeout=30,
        env={
            **os.environ,
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(config),
            "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1",
        },
        check=False,
    )
    assert result.returncode == 0, result
    script = config / "fish" / "completions" / "hishers.fish"
    assert script.is_file() and "complete --command hishers" in script.read_text()
    assert not (home / ".config").exists()


@pytest.mark.full
@pytest.mark.parametrize("zshrc", [None, "", "zstyle ':completion:*' menu no", "setopt autocd\nbindkey -v"])
def test_the_zsh_installer_adds_its_loader_and_no_setting_of_the_user_s(tmp_path: Path, zshrc: str | None) -> None:
    """`--install-completion zsh`, twice: ~/.zshrc gains the one line that
    loads the completion, once, and keeps the user's own lines as they were;
    no global completion style is set."""
    home = tmp_path / "home"
    home.mkdir()
    if zshrc is not None:
        (home / ".zshrc").write_text(zshrc)
    env = {**os.environ, "HOME": str(home), "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    for _ in range(2):
        result = subprocess.run(
            [SCRIPT, "--install-completion", "zsh"], capture_output=True, text=True, timeout=30, env=env, check=False
        )
        assert result.returncode == 0, result
    lines = (home / ".zshrc").read_text().splitlines()
    added = [line for line in lines if line not in (zshrc or "").splitlines()]
    assert added == ["fpath+=~/.zfunc; autoload -Uz compinit; compinit"], lines
    assert [line for line in lines if line in added or line] == [*(zshrc or "").splitlines(), *added]
    assert "#compdef hishers" in (home / ".zfunc" / "_hishers").read_text()


INSTALLERS = {"bash": complete.install_bash, "zsh": complete.install_zsh, "fish": complete.install_fish}
RC = {"bash": ".bashrc", "zsh": ".zshrc"}


def _install(shell: str) -> Path:
    return INSTALLERS[shell](prog_name="hishers", complete_var="_HISHERS_COMPLETE", shell=shell)


@pytest.mark.parametrize(
    ("shell", "rc", "linked"),
    [
        (shell, rc, linked)
        for shell in sorted(RC)
        for rc in (None, "", "alias ll='ls -l'", "set -o vi\nexport EDITOR=vi\n")
        for linked in (False, True)
        if rc is not None or not linked  # a link to nothing is refused (below)
    ],
)
def test_an_installer_adds_its_one_line_once_and_keeps_the_user_s_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shell: str, rc: str | None, linked: bool
) -> None:
    """Installing twice adds one line to the shell's start-up file, after the
    user's own lines as they were; a start-up file that is a link (kept with
    the user's other dotfiles) stays a link, and the line lands in its
    target; the file's mode is kept."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    file = home / RC[shell]
    real = tmp_path / "dotfiles" / RC[shell] if linked else file
    if rc is not None:
        real.parent.mkdir(exist_ok=True)
        real.write_text(rc)
        real.chmod(0o640)
        if linked:
            file.symlink_to(real)
    script = _install(shell)
    assert _install(shell) == script and "hishers" in script.read_text()
    text = real.read_text()
    before = (rc or "").splitlines()
    added = [line for line in text.splitlines() if line not in before]
    assert len(added) == 1 and ("source" in added[0] or "compinit" in added[0]), text
    assert text.splitlines() == [*before, *added] and text.endswith("\n")
    assert file.is_symlink() == linked
    if rc is not None:
        assert real.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize(
    ("shell", "where"),
    [
        (shell, where)
        for shell in sorted(INSTALLERS)
        for where in ("script", "start-up file")
        if where == "script" or shell in RC
    ],
)
@pytest.mark.parametrize("hazard", ["fifo", "folder", "dangling link"])
def test_an_installer_refuses_what_is_not_the_user_s_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shell: str, hazard: str, where: str
) -> None:
    """A FIFO, a folder or a link to nothing where a script or a start-up
    file goes is refused at once, and left as it was."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    scripts = {
        "bash": home / ".bash_completions" / "hishers.sh",
        "zsh": home / ".zfunc" / "_hishers",
        "fish": tmp_path / "xdg" / "fish" / "completions" / "hishers.fish",
    }
    path = scripts[shell] if where == "script" else home / RC[shell]
    path.parent.mkdir(parents=True, exist_ok=True)
    if hazard == "fifo":
        os.mkfifo(path)
    elif hazard == "folder":
        path.mkdir()
    else:
        path.symlink_to(tmp_path / "nowhere")
    with pytest.raises(OSError):
        _install(shell)
    assert {
        "fifo": path.is_fifo(),
        "folder": path.is_dir() and not any(path.iterdir()),
        "dangling link": path.is_symlink() and not path.exists(),
    }[hazard]
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.full
def test_a_refused_install_is_one_line_and_exit_1(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    os.mkfifo(home / ".bashrc")
    started = time.monotonic()
    result = subprocess.run(
        [SCRIPT, "--install-completion", "bash"],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "HOME": str(home), "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
        check=False,
    )
    assert result.returncode == 1 and time.monotonic() - started < 10
    assert result.stderr.startswith("Error: cannot install completion:") and result.stderr.count("\n") == 1
    assert ".bashrc" in result.stderr and "Traceback" not in result.stderr
