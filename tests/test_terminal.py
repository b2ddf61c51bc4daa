"""The terminal object: tests build one with string streams and any flags,
and reach the Rich path, the pager and colour choices in-process."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from conftest import FULL, TINY, cli, json_strings, run
from hishers_cli.render import emit
from hishers_cli.render.blocks import Heading, Paragraph
from hishers_cli.render.terminal import Terminal, _run_pager
from hishers_cli.views.view import View


def terminal(*, tty: bool = True, styled: bool = True, paging: bool = True, height: int = 10) -> tuple[Terminal, list]:
    pages: list = []

    def fake_pager(command: list[str], text: str, environ: dict) -> bool:
        pages.append((command, text, environ["LESS"]))
        return True

    t = Terminal(
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        stdin=io.StringIO(),
        stdout_tty=tty,
        stdin_tty=tty,
        width=60,
        height=height,
        styled=styled,
        paging=paging,
        pager_command=["less"],
        environ={"LESS": "-i"},
        run_pager=fake_pager,
    )
    return t, pages


def lines(n: int) -> list:
    return [Heading("Title")] + [Paragraph(f"line {i}") for i in range(n)]


def test_a_terminal_gets_rich_output_with_styles() -> None:
    t, _ = terminal()
    emit(View({}, lines(1)), False, t)
    out = t.stdout.getvalue()  # type: ignore[attr-defined]
    assert "╭" in out and "\x1b[" in out


def test_no_color_means_no_escape_codes_at_all() -> None:
    t, _ = terminal(styled=False)
    emit(View({}, lines(1)), False, t)
    out = t.stdout.getvalue()  # type: ignore[attr-defined]
    assert "Title" in out and "\x1b" not in out


def test_a_pipe_gets_plain_text() -> None:
    t, _ = terminal(tty=False)
    emit(View({}, lines(1)), False, t)
    assert t.stdout.getvalue().startswith("Title\n=====")  # type: ignore[attr-defined]


def test_output_as_tall_as_the_screen_is_paged_with_the_options_it_needs() -> None:
    t, pages = terminal(height=10)
    emit(View({}, lines(8)), False, t)  # heading (3 lines) and 8 more with gaps: taller than 10
    assert len(pages) == 1 and "line 7" in pages[0][1] and pages[0][2] == "-i -FRX"
    assert t.stdout.getvalue() == ""  # type: ignore[attr-defined]


def test_short_output_and_no_pager_are_printed() -> None:
    t, pages = terminal(height=50)
    emit(View({}, lines(2)), False, t)
    assert pages == [] and "line 1" in t.stdout.getvalue()  # type: ignore[attr-defined]
    t, pages = terminal(height=5, paging=False)
    emit(View({}, lines(8)), False, t)
    assert pages == [] and "line 7" in t.stdout.getvalue()  # type: ignore[attr-defined]


def test_a_pager_that_fails_loses_nothing() -> None:
    t, _ = terminal(height=5)
    t = t._replace(run_pager=lambda command, text, environ: False)
    emit(View({}, lines(8)), False, t)
    assert "line 7" in t.stdout.getvalue()  # type: ignore[attr-defined]


def test_running_the_pager_reports_failure() -> None:
    assert _run_pager(["cat"], "shown\n", {"PATH": "/usr/bin:/bin"}) is True
    assert _run_pager(["false"], "lost\n", {"PATH": "/usr/bin:/bin"}) is False
    assert _run_pager(["no-such-pager-program"], "lost\n", {}) is False


def test_from_system_reads_the_environment() -> None:
    t = Terminal.from_system(paging=False, environ={"NO_COLOR": "1", "PAGER": "more -d"})
    assert t.paging is False and t.styled is False and t.pager_from_environ() == ["more", "-d"]
    assert Terminal.from_system(environ={"PAGER": " "}).pager_from_environ() == ["less"]
    assert Terminal.from_system(environ={"TERM": "dumb"}).styled is False
    assert Terminal.from_system(environ={}).styled is True


def test_the_prompt_asks_again_until_it_gets_an_answer() -> None:
    t, _ = terminal()
    t = t._replace(stdin=io.StringIO("maybe\nYes\n"))
    assert t.confirm("Show it?") is True
    assert t.stderr is not None
    assert t.stderr.getvalue() == "Show it? [y/N]: Please answer y or n.\nShow it? [y/N]: "
    for typed, answer in [("\n", False), ("n\n", False), ("no\n", False), ("y\n", True), ("", None)]:
        t = t._replace(stdin=io.StringIO(typed))
        assert t.confirm("Show it?") is answer, typed


def test_ctrl_c_while_the_prompt_waits_on_a_real_stream_is_leaving() -> None:
    """The prompt waits on the descriptor itself, so an interrupt during the
    wait ends it (a pipe with nothing written stands in for a silent viewer)."""
    import os
    import signal

    read_end, write_end = os.pipe()
    waiting = [True]

    def interrupt(*_: object) -> None:
        # Again every 0.2 s while the prompt waits: one that lands in a
        # garbage collector's callback is ignored there, the next is not.
        if waiting[0]:
            raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        with os.fdopen(read_end) as stdin:
            t, _ = terminal()
            t = t._replace(stdin=stdin)
            signal.setitimer(signal.ITIMER_REAL, 0.2, 0.2)
            try:
                answer = t.confirm("Show it?")
            finally:
                waiting[0] = False
                signal.setitimer(signal.ITIMER_REAL, 0)
            assert answer is None
            os.write(write_end, b"y\n")
            assert t.confirm("Show it?") is True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        os.close(write_end)


# -- dataset text never drives the terminal ---------------------------------------


def test_visible_shows_every_control_but_newline_and_tab() -> None:
    from hishers_cli.controls import has_control, visible

    every = "".join(map(chr, range(0xA0)))
    shown = visible(every)
    assert not has_control(shown) and "\n" in shown and "\t" in shown
    assert shown.count("\ufffd") == 32 and "\u241b" in shown and "\u2421" in shown  # C1; ESC; DEL
    assert visible("Zoë\tand\nme") == "Zoë\tand\nme"


def read_commands(names: list[str], episode_count: int) -> list[list[str]]:
    """Every read command of the registry in every output format, with the
    arguments it needs."""
    from conftest import COMMAND

    needs: dict[str, list[list[str]]] = {
        "who": [[name] for name in names],
        "search": [["end"], ["letter"]],
        "new": [[str(n), "--confirm-spoilers"] for n in range(1, episode_count + 1)],
        "episodes": [[], *([str(n)] for n in range(1, episode_count + 1))],
        "relations": [[], ["--format", "dot"], ["--format", "mermaid"]],
        "ending": [["--confirm-spoilers"]],
        "book": [["--confirm-spoilers"]],
    }
    skip = {"validate", "schema", "cache", "progress", "export"}
    out = [["export", "html", "--confirm-spoilers"]]
    for name in COMMAND.commands:
        if name not in skip:
            for args in needs.get(name, [[]]):
                out += [[name, *args], [name, *args, "--json"]]
    return [args for args in out if not (args[-1] == "--json" and "--format" in args)]


def test_no_control_from_the_data_reaches_any_output(hostile_show: Path) -> None:
    """Every read command, in every format, at every level of a show whose
    every text carries escape sequences and control characters: the output
    shows them as symbols (the text around them is there) and holds no
    control character but newline and tab. JSON escapes them anyway; parsed,
    its strings carry the symbols too."""
    from hishers_cli.controls import is_control

    seen = 0
    for watched in range(4):
        for args in read_commands(["xavier", "yara", "zed"], 3):
            result = run("--data", str(hostile_show), "--watched", str(watched), *args)
            text = result.stdout + result.stderr
            if args[-1] == "--json" and result.exit_code == 0:
                text = json_strings(json.loads(result.stdout))
            found = next((at for at, ch in enumerate(text) if is_control(ch)), None)
            assert found is None, (watched, args, text[max(0, found - 40) : found + 40])
            seen += "\u241b[31m" in text and "end" in text
    assert seen > 50


def test_input_quoted_in_errors_is_shown_not_obeyed(tmp_path: Path) -> None:
    from hishers_cli.controls import has_control

    hostile = "x\x1b]0;pwned\x07\x9b"
    for args in (
        [hostile],
        ["cast", f"--{hostile}"],
        ["--data", str(tmp_path / hostile), "cast"],
        ["validate", str(tmp_path / hostile)],
        ["--watched", hostile, "cast"],
        ["who", hostile],
        ["search", hostile],
    ):
        result = run(*args)
        assert result.exit_code != 0 or "search" in args, args
        assert not has_control(result.stdout + result.stderr), (args, result.stdout + result.stderr)


def test_the_width_is_clamped_whatever_columns_says(monkeypatch: pytest.MonkeyPatch) -> None:
    from hishers_cli.render.terminal import MAX_WIDTH

    for columns, expected in [("100000000", MAX_WIDTH), ("501", MAX_WIDTH), ("500", 500), ("80", 80), ("3", 20)]:
        monkeypatch.setenv("COLUMNS", columns)
        monkeypatch.setenv("LINES", columns)
        t = Terminal.from_system()
        assert t.width == expected and 5 <= t.height <= 1000, columns


def test_no_command_writes_lines_wider_than_the_clamp() -> None:
    """Piped, with COLUMNS=100000000: every read command's lines stay within
    the clamp (a paragraph is wrapped to it, not to a hundred million)."""
    from hishers_cli.render.terminal import MAX_WIDTH

    env = {"COLUMNS": "100000000"}
    for args in read_commands(["anna", "jack", "lexy"], 6):
        if "--json" in args or args[0] == "export":  # a page, not terminal text
            continue
        result = run("--watched", "6", *args, env=env)
        widest = max(map(len, result.stdout.splitlines()), default=0)
        assert widest <= MAX_WIDTH, (args, widest)


@pytest.mark.full
@pytest.mark.parametrize(
    "env",
    [{"PYTHONIOENCODING": "ascii"}, {"LC_ALL": "C", "LANG": "C"}, {"COLUMNS": "20"}, {"TERM": "dumb"}],
    ids=["ascii", "C-locale", "20-columns", "dumb-terminal"],
)
def test_odd_terminals_get_readable_output(env: dict[str, str]) -> None:
    # A table, a card, and (in the full profile) the guide and the ending.
    commands = [["cast"], ["who", "xavier"]]
    if FULL:
        commands += [["episodes"], ["ending", "--confirm-spoilers"]]
    for args in commands:
        result = cli("--data", str(TINY), "--watched", "3", *args, env=env)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        assert "Xavier" in result.stdout
        if args == ["cast"] and "COLUMNS" in env:
            assert max(len(line) for line in result.stdout.splitlines() if " " in line.strip()) <= 40


@pytest.mark.full
def test_no_color_and_piped_means_no_escape_codes() -> None:
    for args in (["cast"], ["episodes"], ["who", "xavier"], ["validate"], ["--help"]):
        result = cli("--data", str(TINY), "--watched", "3", *args, env={"NO_COLOR": "1", "TERM": "xterm-256color"})
        assert result.returncode == 0, result.stderr
        assert "\x1b" not in result.stdout and "\x1b" not in result.stderr
