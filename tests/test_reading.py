"""Reads like an edited guide: every read command, at every level, on the
bundled show and on the fixture shows, piped and on a terminal at three
widths, tells each fact once (not only each sentence), has no line that
restates its own heading, and no list of names with a singular verb."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from conftest import COMMAND, DATA, FULL, TINY, flat, levels, locked_in, run
from hishers_cli.cli import app
from hishers_cli.dataset import load as dataset_module
from hishers_cli.dataset.model import Dataset
from hishers_cli.gate import Known, Reveal
from hishers_cli.render import terminal as terminal_module
from hishers_cli.render.blocks import Bullets, Paragraph, Span, plain
from hishers_cli.render.once import once
from hishers_cli.render.plain import render as render_plain
from hishers_cli.views import episodes, story
from hishers_cli.views.cast import ACCOUNTS_DIFFER, paragraph as cast_paragraph
from hishers_cli.views.reveals import NAMED_FIRST_SHOWN, in_full, reveal_blocks

SHOWS = {
    "bundled": None,
    "edited": DATA / "edited.yaml",
    "tiny": DATA / "tiny.yaml",
    "whodunit": DATA / "whodunit.yaml",
}

# Words that say nothing on their own: a body made of the heading's words and
# these restates the heading.
FILLER_WORDS = """a an the is are was were be of to too also and or but in on at by for with as its it his her
their he she they them who whom each other one this that so has have had"""
FILLER = set(FILLER_WORDS.split())


def _stem(word: str) -> str:
    word = word.casefold().removesuffix("'s").removesuffix("’s")
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def content(text: str) -> list[str]:
    return [_stem(w) for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", text) if w.casefold() not in FILLER]


STAMP = re.compile(r"\((?:before |by )?ep\. \d+\)|\[[^\]]*\]")


def restates(line: str) -> bool:
    """Whether a 'heading: body' line's body only says again what its
    heading says: every word of it in the heading but at most one, and at
    least two of the heading's own."""
    line = STAMP.sub("", line).strip(" -•")
    if ": " not in line:
        return False
    head, body = line.split(": ", 1)
    said, told = set(content(head)), content(body)
    if not told or len(head) > 80:
        return False
    new = [w for w in told if w not in said]
    return len(new) <= 1 and len(told) - len(new) >= 2


def sentences(output: str) -> Iterator[str]:
    """The output's sentences of five words or more, without stamps and
    source labels, folded."""
    for s in raw_sentences(output):
        words = re.findall(r"[\w'’]+", s.casefold())
        if len(words) >= 5:
            yield " ".join(words)


def raw_sentences(output: str) -> Iterator[str]:
    text = STAMP.sub(" ", " ".join(output.split()))
    for s in re.split(r"(?<=[.!?])\s+|\s+[-•]\s+|\n", text):
        yield re.sub(r"^.*?: ", "", s) if s.count(": ") == 1 and s.index(": ") < 40 else s


# Two sentences tell one fact when most of the shorter one's ordinary words
# (not names, not filler; roughly stemmed) are in the other: four or more and
# three fifths, or three and three quarters.
ORDINARY_FILLER = FILLER | set(
    [
        "been",
        "not",
        "no",
        "from",
        "into",
        "up",
        "out",
        "about",
        "after",
        "before",
        "than",
        "then",
        "there",
        "when",
        "which",
        "while",
        "will",
        "would",
        "can",
        "could",
        "does",
        "did",
        "do",
        "own",
        "very",
        "more",
        "most",
        "now",
        "still",
        "just",
        "only",
        "some",
    ]
)


def _root(word: str) -> str:
    word = word.casefold().removesuffix("'s").removesuffix("’s")
    for suffix in ("ing", "ied", "ies", "ed", "es", "s", "y", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def ordinary(sentence: str) -> set[str]:
    """A sentence's ordinary words, without names, the program's name and
    what it says in brackets (an actor's part, a source)."""
    sentence = re.sub(r"\([^)]*\)|\[[^\]]*\]|\bhishers\b", " ", sentence)
    tokens = re.findall(r"[A-Za-z][A-Za-z'’-]*", sentence)
    return {_root(w) for i, w in enumerate(tokens) if w.casefold() not in ORDINARY_FILLER and (i == 0 or w.islower())}


def names(sentence: str) -> set[str]:
    return set(re.findall(r"(?<=[a-z,;:] )[A-Z][a-z]+", sentence))


def one_fact(a: str, b: str) -> bool:
    """Whether two sentences tell one fact about the same people."""
    if names(a) and names(b) and not (names(a) <= names(b) or names(b) <= names(a)):
        return False
    wa, wb = ordinary(a), ordinary(b)
    shared = wa & wb
    shorter = min(len(wa), len(wb))
    return len(shared) >= 4 and len(shared) >= 0.6 * shorter or len(shared) == 3 and len(shared) >= 0.75 * shorter


# "Helen Wang, Zoe Harper and Rachel Hopkins: Was one of ..." and "Anna and
# Jack is ...": several people, then a verb for one.
SINGULAR_AFTER_NAMES = re.compile(
    r"(?:[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*, )*[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)* and [A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*"
    r"(?::)? (?:[Ww]as|[Ii]s|[Hh]as|[Ll]eads|[Ll]ives|[Ww]orks|[Ss]tays) "
)


# "She is the killer. her dementia ...": a sentence read on after another
# ends, in lower case (an abbreviation such as "ep. 1" is followed by a number).
LOWER_AFTER_A_SENTENCE = re.compile(r"\b[a-z]{3,}[.!?] [a-z]+\b")


def rows(args: list[str], output: str) -> list[str]:
    """What is read as one piece: the whole output, or for the cast table
    each actor's row (a viewer looks one up; a stage two characters share is
    in both rows), or for the ending each source's account of a point (the
    accounts stand side by side on purpose), or for a search each hit."""
    if args[:1] == ["cast"]:
        return re.split(r"\n(?=\S)", output)
    if args[:1] == ["ending"]:
        return re.split(r"\n(?=\S)|\n(?=    \S[^\n]*?: )", output)
    if args[:1] == ["search"]:  # each hit quotes the record it was found in
        return output.splitlines()
    return [output]


# A stamp broken where the text wraps: "(by ep." on one line, "1)" on the next.
SPLIT_STAMP = re.compile(r"\((?:before|by|ep\.|before ep\.|by ep\.)[ │]*\n")


def problems(output: str, facts: bool = True) -> list[str]:
    found = [f"a stamp split across lines: {m.group(0)!r}" for m in SPLIT_STAMP.finditer(output)]
    seen: set[str] = set()
    for s in sentences(output):
        if s in seen:
            found.append(f"said twice: {s!r}")
        seen.add(s)
    # A wrapped line continues its heading's line: read whole lines back.
    lines = re.sub(r"\n(?:    |  )(?=\S)", " ", output).splitlines()
    # A source's account is set against what the same sources say only:
    # competing accounts stand side by side on purpose.
    told: list[tuple[str, str]] = []
    for line in lines if facts else ():
        voice = " ".join(re.findall(r"\[[^\]]*\]", line))
        for s in raw_sentences(line):
            if len(ordinary(s)) >= 3 and s.rstrip().endswith((".", "!", "?")):
                found += [f"one fact twice: {s!r} after {t!r}" for t, v in told if v == voice and one_fact(s, t)]
                told.append((s, voice))
    for line in lines:
        if restates(line):
            found.append(f"restates its heading: {line.strip()!r}")
        if m := LOWER_AFTER_A_SENTENCE.search(line):
            found.append(f"a sentence starting in lower case: {m.group(0)!r}")
        if (m := SINGULAR_AFTER_NAMES.search(line)) and not line[: m.start()].casefold().endswith("each of "):
            found.append(f"a singular verb after a list of names: {line.strip()!r}")
    return found


@cache
def _load(name: str) -> Dataset:
    return dataset_module.load(SHOWS[name])


READ_COMMANDS = sorted(
    c.name or (c.callback.__name__ if c.callback else "")
    for c in app.registered_commands
    if c.callback is not None and c.callback.__module__ == "hishers_cli.cli.read"
)


def invocations(show: Dataset, level: int) -> list[list[str]]:
    """Every read command with each argument shape it takes at `level`."""
    names = [c.name for c in show.characters if c.known_from <= level]
    words = ["flashback", "the", "harbour", "letter", "anchor"]
    table: dict[str, list[list[str]]] = {
        "episodes": [["episodes"], *(["episodes", str(n)] for n in range(1, level + 1))],
        "cast": [["cast"]],
        "ending": [["ending", "--confirm-spoilers"]],
        "who": [["who", n] for n in names],
        "recap": [["recap"]],
        "new": [["new", str(n)] for n in range(1, level + 1)],
        "timeline": [["timeline"]],
        "relations": [["relations"], ["relations", "--history"]],
        "search": [["search", w] for w in words],
        "about": [["about"]],
        "book": [["book", "--confirm-spoilers"]],
    }
    assert set(table) == set(READ_COMMANDS), "a read command has no entry here"
    return [[]] + [args for name in READ_COMMANDS for args in table[name]]


def cases() -> list[tuple[str, int]]:
    """Every show at the levels this profile walks (all of them in the full run)."""
    return [(show, level) for show in SHOWS for level in levels(_load(show).episode_count)]


def _args(show: str, level: int, args: list[str]) -> list[str]:
    path = SHOWS[show]
    return ([] if path is None else ["--data", str(path)]) + ["--watched", str(level), *args]


@pytest.mark.parametrize(("show", "level"), cases())
def test_piped_output_says_each_thing_once(show: str, level: int) -> None:
    found = []
    for args in invocations(_load(show), level):
        result = run(*_args(show, level, args))
        assert result.exit_code == 0, (args, result.output)
        found += [f"{' '.join(args)}: {p}" for row in rows(args, result.stdout) for p in problems(row)]
    assert not found, "\n".join(found[:12])


def on_a_terminal(monkeypatch: pytest.MonkeyPatch, width: int) -> io.StringIO:
    out = io.StringIO()

    def fake(cls: type, paging: bool = True, environ: object = None) -> terminal_module.Terminal:
        return terminal_module.Terminal(
            stdout=out,
            stderr=io.StringIO(),
            stdin=None,
            stdout_tty=True,
            stdin_tty=False,
            width=width,
            height=50,
            styled=False,
            paging=False,
            pager_command=["less"],
        )

    monkeypatch.setattr(terminal_module.Terminal, "from_system", classmethod(fake))
    return out


@pytest.mark.parametrize("width", [200, 100, 60])
@pytest.mark.parametrize("show", ["bundled", "edited"])
def test_terminal_output_says_each_thing_once(monkeypatch: pytest.MonkeyPatch, show: str, width: int) -> None:
    out = on_a_terminal(monkeypatch, width)
    count = _load(show).episode_count
    found = []
    for level in levels(count):
        # A search hit is read back whole from piped output only: on a
        # terminal the tree wraps it into fragments.
        for args in (a for a in invocations(_load(show), level) if a[:1] != ["search"]):
            out.seek(0)
            out.truncate()
            result = run(*_args(show, level, args))
            assert result.exit_code == 0, (args, result.output)
            text = out.getvalue()
            # Box drawing and panel edges are not words.
            text = re.sub(r"[│╭╮╰╯─┃━┏┓┗┛├└]", " ", text)
            # Below 100 columns a wrapped sentence cannot always be read back
            # whole; its facts are compared at the wider widths.
            found += [
                f"{level} {' '.join(args)}: {p}" for row in rows(args, text) for p in problems(row, facts=width >= 100)
            ]
    assert not found, "\n".join(found[:12])


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("- Richard Jones, Anna Andrews's cameraman: Richard is Anna's cameraman. [ep. 1]", True),
        ("- Jim Pruss, Lexy Jones's boss: Jim Pruss is Lexy's boss too.", True),
        ("- Rachel Hopkins, Alice's victim: Alice murdered Rachel.", True),
        ("- Alice, Anna's mother: in Dahlonega, Anna stays with her in the family home.", False),
        ("Played by:        Tessa Thompson", False),
        ("Setting:  saved", False),
        ("Seen in episodes: 1, 2", False),
    ],
)
def test_the_checks_know_a_restated_heading(line: str, expected: bool) -> None:
    assert restates(line) is expected


def test_the_checks_know_a_repeated_sentence() -> None:
    assert problems("Priya doubts that Jack can be objective.\n- Priya doubts that Jack can be objective.\n")
    assert not problems("Priya doubts that Jack can be objective.\nJack doubts that Priya can be objective.\n")


def test_fixture_shows_exist() -> None:
    assert all(p is None or Path(p).is_file() for p in SHOWS.values())


# A bio far longer than a readable line, for the measure tests.
LONG_BIO = " ".join(["A postman by the sea who reads every letter before he delivers it."] * 6)


@pytest.mark.parametrize("columns", [200, 10**6])
def test_running_text_keeps_a_readable_measure(monkeypatch: pytest.MonkeyPatch, columns: int, tmp_path: Path) -> None:
    show = tmp_path / "long.yaml"
    show.write_text(TINY.read_text(encoding="utf-8").replace("A postman by the sea.", LONG_BIO), encoding="utf-8")
    data = ["--data", str(show), "--watched", "3"]
    for args in (["cast"], ["episodes"], ["who", "xavier"], ["ending"]):
        piped = run(*data, *args, env={"COLUMNS": str(columns)}).stdout
        assert piped.strip() and max(map(len, piped.splitlines())) <= 100, args
    piped = run(*data, "cast", env={"COLUMNS": str(columns)}).stdout
    assert flat(LONG_BIO) in flat(piped)
    out = on_a_terminal(monkeypatch, columns)
    run(*data, "cast")
    lines = out.getvalue().splitlines()
    assert lines and max(len(line) for line in lines) <= 100
    assert flat(LONG_BIO) in flat(out.getvalue())


@pytest.mark.parametrize("width", [200, 100, 60])
def test_the_timeline_has_no_column_header(monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    piped = run("--watched", "6", "timeline", env={"COLUMNS": str(width)}).stdout
    out = on_a_terminal(monkeypatch, width)
    run("--watched", "6", "timeline")
    for text in (piped, out.getvalue()):
        assert "(ep. 1)" in text and "Rachel Hopkins is found murdered" in " ".join(text.split())
        assert "Known" not in text
        assert not [line for line in text.splitlines() if set(line.strip()) == {"-"}]


def test_the_status_screen_and_new_at_zero_give_the_same_next_step() -> None:
    status = run("--watched", "0").stdout
    new = run("--watched", "0", "new")
    assert new.exit_code == 1
    assert "hishers progress next" in status and "hishers progress next" in new.stderr
    assert "progress set" not in new.stderr


# --- search ------------------------------------------------------------------


@pytest.mark.parametrize("words", [["anchor"], ["lake", "house"], ["Rachel"], ["mother"]])
def test_search_shows_the_matching_sentences_not_whole_texts(words: list[str]) -> None:
    from hishers_cli.lookup import normalize

    output = run("--watched", "6", "search", *words, env={"COLUMNS": "100"}).stdout
    items = re.sub(r"\n {2,}(?!- )(?=\S)", " ", output).split("\n")
    shown = [line for line in items if line.lstrip().startswith("- ")]
    assert shown
    for line in shown:
        # Every sentence shown holds a word searched for ("- heading: text",
        # or under a heading "  - text").
        nested = line.startswith("  ")
        if not nested and ": " not in line:
            continue  # a heading with its passages below
        text = STAMP.sub("", line.strip()[2:] if nested else line.split(": ", 1)[1])
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", text.replace("…", " ").strip()) if s.strip()]
        matching = [s for s in sentences if any(normalize(w) in normalize(s) for w in words)]
        # Where only the heading matched, its opening sentence alone.
        assert matching == sentences or (not matching and len(sentences) == 1), (words, line)


def test_search_finds_words_in_every_text_the_viewer_sees() -> None:
    found = run("--watched", "2", "search", "flashback").stdout
    assert "in flashbacks" in found and "No matches" not in found
    # A part stays hidden while its role is: a locked role's part is not searched.
    assert "No matches" in run("--data", str(DATA / "edited.yaml"), "--watched", "0", "search", "flashbacks").stdout
    assert "young Mara" in run("--data", str(DATA / "edited.yaml"), "--watched", "2", "search", "flashbacks").stdout


@pytest.mark.full
@pytest.mark.parametrize("distinct", [True, False])
def test_search_with_a_huge_number_of_words_answers_at_once(distinct: bool) -> None:
    import subprocess
    import sys

    count = 30_000 if FULL else 3_000
    words = [f"w{i}" for i in range(count)] if distinct else ["anna"] * count
    script = Path(sys.executable).parent / "hishers"
    done = subprocess.run([str(script), "--watched", "2", "search", *words], capture_output=True, text=True, timeout=20)
    assert "Traceback" not in done.stderr
    if distinct:
        assert done.returncode == 2 and "at most" in done.stderr
    else:
        assert done.returncode == 0 and "Anna Andrews" in done.stdout


# --- help ----------------------------------------------------------------------


@pytest.mark.parametrize("columns", [60, 100, 200])
def test_help_gives_each_commands_whole_description_and_the_exit_codes(columns: int) -> None:
    import typer

    help_text = run("--help", env={"COLUMNS": str(columns)}).stdout
    group: Any = COMMAND
    ctx = typer.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None and command.help
        first = " ".join(command.help.split("\n\n")[0].replace("\b", "").split())
        assert first in " ".join(help_text.split()), name
    assert "..." not in help_text.split("Commands:", 1)[1]
    assert "Exit codes:" in help_text and "130" in help_text and "HISHERS_WATCHED" in help_text


# --- disputed accounts stay apart ------------------------------------------------


def _line_of(text: str, phrase: str) -> int:
    lines = text.splitlines()
    return next(i for i, line in enumerate(lines) if phrase in line)


@pytest.mark.parametrize(
    "args",
    [["cast"], ["who", "Mara Vell"], ["relations"], ["relations", "Ned Rook"], ["who", "Ned Rook"]],
)
def test_each_sources_account_is_a_line_of_its_own(monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    edited = ["--data", str(DATA / "edited.yaml"), "--watched", "3"]
    disputed = (
        [("Leaves the harbour for good.", "Stays on and opens a studio by the pier.")]
        if args[0] in ("cast", "who") and "Ned" not in " ".join(args)
        else [("They open a studio together.", "They part on bad terms.")]
    )
    piped = run(*edited, *args, env={"COLUMNS": "200"}).stdout
    out = on_a_terminal(monkeypatch, 200)
    run(*edited, *args)
    for text in (piped, out.getvalue()):
        for one, other in disputed:
            assert one in text and other in text, args
            assert _line_of(text, one) != _line_of(text, other), (args, text)
            # each with its own source's label on its line
            assert "[" in text.splitlines()[_line_of(text, one)] and "[" in text.splitlines()[_line_of(text, other)]
    if args == ["cast"]:
        # What the sources agree on stays one paragraph, before the accounts.
        assert _line_of(piped, "A photographer coming home") < _line_of(piped, "Leaves the harbour for good.")


@pytest.mark.parametrize("show", list(SHOWS))
def test_about_gives_each_topic_one_paragraph(show: str) -> None:
    from hishers_cli.views.about import TOPICS

    for level in levels(_load(show).episode_count):
        facts = json.loads(run(*_args(show, level, ["about", "--json"])).stdout)["facts"]
        output = run(*_args(show, level, ["about"]), env={"COLUMNS": "100"}).stdout
        for topic in {f["topic"] for f in facts}:
            label = TOPICS.get(topic, topic.capitalize())
            assert len(re.findall(rf"^{re.escape(label)}:", output, flags=re.M)) == 1, (level, label)


@pytest.mark.parametrize("show", list(SHOWS))
def test_a_disputed_book_difference_names_the_accounts_against_it(show: str) -> None:
    shown = _load(show)
    out = flat(run(*_args(show, shown.episode_count, ["book", "--confirm-spoilers"])).stdout)
    for d in shown.book_differences:
        against = [
            o for o in shown.book_differences if d.disputed and o.disputed and not set(o.sources) & set(d.sources)
        ]
        after = out[out.index(d.text) + len(d.text) :][:300]  # its own line of sources and pointers
        for o in against:
            assert f'Accounts differ: see "{o.topic}"' in after or f', "{o.topic}"' in after, (d.topic, o.topic)


@pytest.mark.parametrize("show", SHOWS)
def test_a_stage_people_share_keeps_the_name_it_opens_with(show: str) -> None:
    """A stage told in the same words of two people is one line under both
    names; whichever character's name the text opens with stays a name."""
    data = _load(show)
    last = data.episode_count
    a, b = [c for c in data.characters if c.bio][:2]
    for lead in data.characters:
        first = lead.name.split()[0]
        stage = a.bio[0]._replace(text=f"{first} doubts that the case can be solved.", known_from=last, exact=True)
        characters = tuple(c._replace(bio=(*c.bio, stage)) if c in (a, b) else c for c in data.characters)
        known = Known(data._replace(characters=characters), last)
        lines = [
            plain(item)
            for block in reveal_blocks(known, known.reveals(last))
            if isinstance(block, Bullets)
            for item in block.items
        ]
        shared = [line for line in lines if "doubts that the case" in line]
        assert len(shared) == 1, lines
        assert f"{first} doubts" in shared[0] and f" {first.casefold()} doubts" not in shared[0], shared


TAPE = "An old recording of the birthday party showed the assault plainly"
FAKED = "Her dementia had been faked all along to keep suspicion away"


@pytest.mark.parametrize(
    ("text", "told", "expected"),
    [
        (f"She is the killer. {TAPE}; {FAKED.lower()}.", f"{TAPE}.", f"She is the killer. {FAKED}."),
        (f"{TAPE}; {FAKED.lower()}.", f"{TAPE}.", f"{FAKED}."),
        (f"She is the killer. {TAPE}; {FAKED.lower()}.", f"{FAKED}.", f"She is the killer. {TAPE}."),
        (f"He came home; {TAPE.lower()}. It rained.", f"{TAPE}.", "He came home. It rained."),
    ],
)
def test_a_clause_left_after_a_sentence_end_starts_as_a_sentence(text: str, told: str, expected: str) -> None:
    (told_block, kept) = once([Paragraph(told), Paragraph(text)])
    assert plain(kept.text) == expected, kept


@pytest.mark.parametrize("show", SHOWS)
def test_accounts_differ_only_over_two_sources(show: str) -> None:
    """A cast row says "Accounts differ:" over the disputed stages of one
    stamp only where they come from more than one source, never over two
    stages of one source's account (every level: no command runs here)."""
    data = _load(show)
    for known in (Known(data, level) for level in range(data.episode_count + 1)):
        for c in known.characters:
            cells = cast_paragraph(known, c)
            hints = [cell for cell in cells if isinstance(cell, Span) and cell.text == ACCOUNTS_DIFFER]
            stamps = {
                stage.known_from
                for stage in c.bio
                if stage.disputed
                and len({tuple(s.sources) for s in c.bio if s.disputed and s.known_from == stage.known_from}) > 1
            }
            assert len(hints) == len(stamps), (c.id, plain(cells))


@pytest.mark.parametrize("show", SHOWS)
def test_the_recap_shows_every_question_at_every_level(show: str) -> None:
    """Each question the recap's JSON carries is in its text too, under
    where it is answered once it is: none is left out as a repeat of a
    recap point that shares its words."""
    data = _load(show)
    for level in range(data.episode_count + 1):
        piped = run(*_args(show, level, ["recap"])).stdout
        document = json.loads(run(*_args(show, level, ["recap", "--json"])).stdout)
        missing = [q["text"] for q in document["questions"] if q["text"] not in " ".join(piped.split())]
        assert not missing, (level, missing)


# --- an episode's page: the summary tells, the reveals are named ----------------


def _named_cases() -> list[tuple[str, int]]:
    return cases() + [("roles", level) for level in levels(_load_path(DATA / "roles.yaml").episode_count)]


@cache
def _load_path(path: Path) -> Dataset:
    return dataset_module.load(path)


def _show_of(show: str) -> Dataset:
    return _load_path(DATA / "roles.yaml") if show == "roles" else _load(show)


def _without_summaries(data: Dataset) -> Dataset:
    return data._replace(episodes=tuple(e._replace(summary=None) for e in data.episodes))


def _told(r: Reveal) -> list[str]:
    """The sentences a revealed record tells in its own words (a name, an
    actor or a part is a label, not a telling)."""
    if r.kind not in ("bio", "relationship"):
        return []
    return [s for s in re.split(r"(?<=[.;:!?])\s+", flat(r.record.text)) if len(s.split()) >= 4]


def _names(known: Known, r: Reveal) -> list[str]:
    """What names a revealed record on a page that does not tell it."""
    if r.kind == "relationship":
        return [known.name(id).split()[0] for id in r.record.between]
    if r.kind == "casting":
        return [r.record.actor]
    if r.kind == "alias":
        return [r.record.name]
    return [r.character.name] if r.character else []


@pytest.mark.parametrize(("show", "level"), _named_cases())
def test_an_episode_page_with_a_summary_names_what_it_reveals_and_tells_none(show: str, level: int) -> None:
    """On every episode's page with a summary, at every level: no revealed
    record's own text, every revealed record named after the summary,
    the hint to where each is told in full (the same words on every page
    but for the episode's number), nothing locked at the level; and each
    reveal told in full by `new N`. Without a summary, the reveals in full."""
    data = _show_of(show)
    locked = locked_in(data, level)
    hints = set()
    for known in (Known(data, level), Known(_without_summaries(data), level)):
        for e in known.episodes[:level]:
            reveals = known.reveals(e.number)
            rendered = render_plain(episodes.detail(known, e.number).blocks, 100)
            page = flat(rendered)
            where = f"{show} at {level}, episode {e.number}"
            assert not [t for t in locked if t.casefold() in page.casefold()], where
            if not e.summary:
                full = flat(render_plain(reveal_blocks(known, reveals), 100))
                assert full in page and NAMED_FIRST_SHOWN not in page, where
                continue
            after = page[page.index(flat(e.summary.text)) + len(flat(e.summary.text)) :]
            told = [s for r in reveals for s in _told(r) if s in after]
            assert not told, (where, told)
            unnamed = [r for r in reveals for name in _names(known, r) if name not in after]
            assert not unnamed, (where, unnamed)
            assert (in_full(e.number) in after) is bool(reveals), where
            hints |= {re.sub(r"\d+", "N", line) for line in rendered.splitlines() if "hishers new" in line}
            # What the page leaves out is told in full where its hint points.
            in_new = flat(render_plain(story.new(known, e.number).blocks, 100))
            assert flat(render_plain(reveal_blocks(known, reveals), 100)) in in_new, where
    assert len(hints) <= 1, hints
