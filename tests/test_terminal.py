"""The terminal object: tests build one with string streams and any flags,
and reach the Rich path, the pager and colour choices in-process."""

from __future__ import annotations

import io

from hishers_cli.document import Heading, Paragraph
from hishers_cli.output import emit
from hishers_cli.output.terminal import Terminal, _run_pager


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
    emit({}, lines(1), False, t)
    out = t.stdout.getvalue()  # type: ignore[attr-defined]
    assert "╭" in out and "\x1b[" in out


def test_no_color_means_no_escape_codes_at_all() -> None:
    t, _ = terminal(styled=False)
    emit({}, lines(1), False, t)
    out = t.stdout.getvalue()  # type: ignore[attr-defined]
    assert "Title" in out and "\x1b" not in out


def test_a_pipe_gets_plain_text() -> None:
    t, _ = terminal(tty=False)
    emit({}, lines(1), False, t)
    assert t.stdout.getvalue().startswith("Title\n=====")  # type: ignore[attr-defined]


def test_output_as_tall_as_the_screen_is_paged_with_the_options_it_needs() -> None:
    t, pages = terminal(height=10)
    emit({}, lines(8), False, t)  # heading (3 lines) and 8 more with gaps: taller than 10
    assert len(pages) == 1 and "line 7" in pages[0][1] and pages[0][2] == "-i -FRX"
    assert t.stdout.getvalue() == ""  # type: ignore[attr-defined]


def test_short_output_and_no_pager_are_printed() -> None:
    t, pages = terminal(height=50)
    emit({}, lines(2), False, t)
    assert pages == [] and "line 1" in t.stdout.getvalue()  # type: ignore[attr-defined]
    t, pages = terminal(height=5, paging=False)
    emit({}, lines(8), False, t)
    assert pages == [] and "line 7" in t.stdout.getvalue()  # type: ignore[attr-defined]


def test_a_pager_that_fails_loses_nothing() -> None:
    t, _ = terminal(height=5)
    t.run_pager = lambda command, text, environ: False
    emit({}, lines(8), False, t)
    assert "line 7" in t.stdout.getvalue()  # type: ignore[attr-defined]


def test_running_the_pager_reports_failure() -> None:
    assert _run_pager(["cat"], "shown\n", {"PATH": "/usr/bin:/bin"}) is True
    assert _run_pager(["false"], "lost\n", {"PATH": "/usr/bin:/bin"}) is False
    assert _run_pager(["no-such-pager-program"], "lost\n", {}) is False


def test_from_system_reads_the_environment() -> None:
    t = Terminal.from_system(paging=False, environ={"NO_COLOR": "1", "PAGER": "more -d"})
    assert t.paging is False and t.styled is False and t.pager_command == ["more", "-d"]
    assert Terminal.from_system(environ={"TERM": "dumb"}).styled is False
    assert Terminal.from_system(environ={}).styled is True


def test_the_prompt_asks_again_until_it_gets_an_answer() -> None:
    t, _ = terminal()
    t.stdin = io.StringIO("maybe\nYes\n")
    assert t.confirm("Show it?") is True
    assert t.stderr is not None
    assert t.stderr.getvalue() == "Show it? [y/N]: Please answer y or n.\nShow it? [y/N]: "
    for typed, answer in [("\n", False), ("n\n", False), ("no\n", False), ("y\n", True), ("", None)]:
        t.stdin = io.StringIO(typed)
        assert t.confirm("Show it?") is answer, typed


def test_ctrl_c_while_the_prompt_waits_on_a_real_stream_is_leaving() -> None:
    """The prompt waits on the descriptor itself, so an interrupt during the
    wait ends it (a pipe with nothing written stands in for a silent viewer)."""
    import os
    import signal

    read_end, write_end = os.pipe()
    previous = signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        with os.fdopen(read_end) as stdin:
            t, _ = terminal()
            t.stdin = stdin
            signal.setitimer(signal.ITIMER_REAL, 0.2)
            assert t.confirm("Show it?") is None
            os.write(write_end, b"y\n")
            assert t.confirm("Show it?") is True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        os.close(write_end)
