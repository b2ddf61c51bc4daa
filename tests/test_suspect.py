"""`hishers suspect`: a guess per episode, found as `who` finds people; the
board, which before the finale holds only the viewer's own words and
choices, the same whoever they suspect; and the board against the answer
once the ending may be seen."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import DATA, FULL, TINY, levels, run, run_tiny, sampled
from hishers_cli import gate
from hishers_cli.dataset import load as dataset
from hishers_cli.dataset.model import Dataset

WHODUNIT = DATA / "whodunit.yaml"


def run_whodunit(*args: str, input: str | None = None) -> Any:
    return run("--data", str(WHODUNIT), *args, input=input)


def board_json(*args: str, data: Path = WHODUNIT) -> dict:
    result = run("--data", str(data), *args, "suspect", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["board"]


# -- finding the suspect, exactly as `who` does --------------------------------


def queries(show: Dataset) -> list[str]:
    """Every name in the show (known at a level or not), every word of one,
    actors, misspellings and nonsense words."""
    words = {w for c in show.characters for w in c.name.split()} | {c.name for c in show.characters}
    words |= {a.name for c in show.characters for a in c.aliases}
    words |= {k.actor for c in show.characters for k in c.cast}
    words |= {c.name.split()[0][:-1] + "x" for c in show.characters}  # misspelt
    words |= {"zzyzx", "qwfp", "the cameraman", "sister", ""}
    found = sorted(words)
    return found if FULL else found[::3] + ["Catherine", "catherine", "Alice", "zzyzx"]


@pytest.mark.parametrize("watched", levels())
def test_suspect_finds_and_refuses_people_exactly_as_who_does(show: Dataset, watched: int) -> None:
    for query in queries(show):
        who = run("--watched", str(watched), "who", query)
        guess = run("--watched", str(watched), "suspect", query, "--json")
        if who.exit_code:
            assert (guess.exit_code, guess.stderr, guess.stdout) == (who.exit_code, who.stderr, ""), query
            continue
        card = json.loads(run("--watched", str(watched), "who", query, "--json").stdout)
        if "character" in card:
            assert guess.exit_code == 0, (query, guess.output)
            assert json.loads(guess.stdout)["guess"]["suspect"]["id"] == card["character"]["id"], query
        elif "named" in card:  # someone in the credits is no one in the story
            nonsense = run("--watched", str(watched), "suspect", "qqzzxv", "--json")
            assert (guess.exit_code, guess.stderr, guess.stdout) == (1, nonsense.stderr, ""), query
        else:  # an actor whose role is still locked: no one to suspect
            assert guess.exit_code == 1 and guess.stderr == "Error: that role is still locked at your progress.\n"


def test_suspect_catherine_at_3_answers_exactly_as_who_catherine_at_3() -> None:
    who = run("--watched", "3", "who", "catherine")
    guess = run("--watched", "3", "suspect", "catherine")
    assert who.exit_code != 0
    assert (guess.exit_code, guess.stdout, guess.stderr) == (who.exit_code, who.stdout, who.stderr)


def test_a_later_guess_after_the_same_episode_replaces_it() -> None:
    assert run_tiny("--watched", "1", "suspect", "xavier").exit_code == 0
    assert run_tiny("--watched", "1", "suspect", "yara").exit_code == 0
    assert run_tiny("--watched", "2", "suspect", "zed").exit_code == 0
    rows = board_json("--watched", "2", data=TINY)["rows"]
    assert [(r["after"], r["suspect"] and r["suspect"]["id"]) for r in rows] == [(0, None), (1, "yara"), (2, "zed")]


def test_a_guess_from_beyond_the_progress_is_hidden_and_never_named() -> None:
    assert run_tiny("--watched", "2", "suspect", "zed").exit_code == 0
    board = board_json("--watched", "1", data=TINY)
    assert board["hidden"] == 1 and all(r["suspect"] is None for r in board["rows"])
    text = run_tiny("--watched", "1", "suspect").stdout
    assert "Zed" not in text and "Hidden at this progress: 1 line" in text


# -- before the finale: the same board whoever is suspected ---------------------


def _anonymous(document: Any, c: Any) -> Any:
    """The document with the one character's reference made anonymous."""
    if isinstance(document, dict):
        if document == {"id": c.id, "name": c.name}:
            return {"id": "ID", "name": "NAME"}
        return {k: _anonymous(v, c) for k, v in document.items()}
    if isinstance(document, list):
        return [_anonymous(v, c) for v in document]
    return document


@pytest.mark.parametrize("watched", sampled(range(6)))
def test_before_the_finale_the_board_differs_only_in_the_name(show: Dataset, watched: int) -> None:
    """For every character known at the level: the guess's own words, the
    board as text and as JSON are byte for byte the same once the name is
    taken out. Nothing reacts to who is suspected."""
    known = gate.Known(show, watched)
    assert len(known.characters) >= 2
    seen: dict[str, set[str]] = {"said": set(), "text": set(), "json": set(), "notes": set()}
    for c in known.characters:
        assert run("notes", "clear", "--yes").exit_code == 0
        assert run("--watched", str(watched), "notes", "add", "a hunch about the town").exit_code == 0
        said = run("--watched", str(watched), "suspect", c.name)
        assert said.exit_code == 0, said.output
        board = run("--watched", str(watched), "suspect")
        document = json.loads(run("--watched", str(watched), "suspect", "--json").stdout)
        assert board.exit_code == 0 and c.name in board.stdout and c.name in said.stderr
        seen["said"].add(said.stdout + said.stderr.replace(c.name, "NAME"))
        seen["text"].add(board.stdout.replace(c.name, "NAME"))
        seen["json"].add(json.dumps(_anonymous(document, c)))
        seen["notes"].add(run("--watched", str(watched), "notes").stdout)
    for kind, outputs in seen.items():
        assert len(outputs) == 1, (kind, watched, sorted(outputs)[:2])
    (text,) = seen["text"]
    assert "NAME" in text and "a hunch about the town" in text and "(right)" not in text


def test_the_board_blocks_differ_only_in_the_name_on_a_terminal_too(show: Dataset) -> None:
    """The Rich rendering, for every character known at episode 3."""
    import io

    from rich.console import Console

    from hishers_cli.render import rich as rich_output
    from hishers_cli.store.notes import Guess, Note, Notebook
    from hishers_cli.views import suspect as view_suspect

    known = gate.Known(show, 3)
    rendered = set()
    for c in known.characters:
        notebook = Notebook((Note("a hunch", 3, "option"),), (Guess(3, c.id, "option"),))
        blocks = view_suspect.suspect(known, notebook, None, "/notes.json").blocks
        out = io.StringIO()
        console = Console(file=out, width=80, force_terminal=True, color_system="truecolor", theme=rich_output.THEME)
        rich_output.print_blocks(blocks, console)
        # Rich pads a list's rows to its widest one: the padding after a
        # line is not shown, so lines are compared without it.
        lines = out.getvalue().replace(c.name, "NAME").splitlines()
        rendered.add("\n".join(line.rstrip() for line in lines))
    assert len(rendered) == 1


# -- at the finale, or with consent: the board against the answer ----------------


def _play(guesses: dict[int, str]) -> None:
    for after, name in guesses.items():
        assert run_whodunit("--watched", str(after), "suspect", name).exit_code == 0
        assert run_whodunit("--watched", str(after), "notes", "add", f"thought {after}").exit_code == 0


def test_at_the_finale_the_board_is_set_against_every_account() -> None:
    _play({0: "xavier", 1: "yara", 2: "zed", 3: "zed"})
    board = board_json("--watched", "3")
    answers = {a["topic"]: a for a in board["answers"]}
    letter, fire = answers["letter"], answers["fire"]
    assert letter["agree"] is True and fire["agree"] is False
    assert [[c["id"] for c in a["answer"]] for a in fire["accounts"]] == [["zed"], ["yara", "zed"]]
    assert [a["sources"][0]["label"] for a in fire["accounts"]] == ["Tiny guide", "Tiny recap"]
    suspected = {s["character"]["id"]: (s["first_after"], s["every_after"]) for s in fire["suspected"]}
    assert suspected == {"zed": (2, [2, 3]), "yara": (1, [1])}
    assert [(s["character"]["id"], s["first_after"]) for s in letter["suspected"]] == [("xavier", 0)]
    text = " ".join(run_whodunit("--watched", "3", "suspect").stdout.split())
    assert "Who burned the letter?" in text and "Tiny guide: Zed Marsh" in text
    assert "Tiny recap: Yara Stone and Zed Marsh" in text
    assert "You first suspected Zed Marsh after episode 2 (and again after 3)." in text
    # One answer: the closing line says when the viewer had it, and no line says it again.
    assert "You had it before episode 1, then changed your mind" in text and "suspected Xavier" not in text
    assert "Your suspect: Zed Marsh (right)" in text and "Note 4: thought 3" in text


def test_a_viewer_who_never_suspected_the_answer_is_told_so() -> None:
    _play({1: "yara", 3: "yara"})
    text = " ".join(run_whodunit("--watched", "3", "suspect").stdout.split())
    assert "You never suspected Xavier Stone." in text
    assert "Your last guess was Yara Stone, after episode 3." in text
    letter = next(a for a in board_json("--watched", "3")["answers"] if a["topic"] == "letter")
    assert letter["suspected"] == [
        {"character": {"id": "xavier", "name": "Xavier Stone"}, "every_after": [], "first_after": None}
    ]


@pytest.mark.parametrize("watched", range(3))
def test_before_the_finale_the_answer_needs_consent_and_never_prompts(
    watched: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hishers_cli.render.terminal import Terminal

    _play({0: "xavier"})
    plain = run_whodunit("--watched", str(watched), "suspect")
    assert plain.exit_code == 0 and "Who burned the letter?" not in plain.stdout and "Who wrote" not in plain.stdout
    assert board_json("--watched", str(watched))["answers"] is None
    result = run_whodunit("--watched", str(watched), "suspect", "--confirm-spoilers", "--json")
    consented = json.loads(result.stdout)["board"]
    assert {a["topic"] for a in consented["answers"]} == {"letter", "fire"}
    assert [r["after"] for r in consented["rows"]] == list(range(watched + 1))
    # On a terminal, the board alone never asks; with the option it asks as `ending` does.
    monkeypatch.setattr(Terminal, "interactive", property(lambda self: True))
    asked = run_whodunit("--watched", str(watched), "suspect", input="y\n")
    assert "[y/N]" not in asked.stderr and "Who wrote" not in asked.stdout


def test_a_show_without_an_answer_still_has_a_board_but_no_comparison() -> None:
    assert run_tiny("--watched", "3", "suspect", "xavier").exit_code == 0
    board = board_json("--watched", "3", data=TINY)
    assert board["answers"] == [] and board["rows"][3]["suspect"]["id"] == "xavier"
    text = run_tiny("--watched", "3", "suspect").stdout
    assert "gives no answer" in text and "(right)" not in text


def test_the_ending_ends_with_the_board() -> None:
    _play({1: "yara", 2: "zed"})
    ending = run_whodunit("--watched", "3", "ending")
    assert ending.exit_code == 0
    tail = ending.stdout[ending.stdout.index("Your board against the ending") :]
    assert "Your suspect: Zed Marsh (right)" in " ".join(tail.split())
    document = json.loads(run_whodunit("--watched", "3", "ending", "--json").stdout)
    assert [r["after"] for r in document["board"]["rows"]] == [0, 1, 2, 3]
    early = json.loads(run_whodunit("--watched", "1", "ending", "--confirm-spoilers", "--json").stdout)
    assert [r["after"] for r in early["board"]["rows"]] == [0, 1] and early["board"]["hidden"] == 2
    assert {a["topic"] for a in early["board"]["answers"]} == {"letter", "fire"}


def test_the_bundled_answer_is_set_on_the_killer_point_and_validated(show: Dataset, tmp_path: Path) -> None:
    (point,) = [p for p in show.ending if p.answers()]
    assert point.topic == "killer" and {ids for _, ids in point.answers()} == {("alice",)}
    text = WHODUNIT.read_text()
    for bad, message in (("answer: [xavier]", "answer: [nobody]"), ("answer: [zed]", "answer: [ghost]")):
        broken = tmp_path / "broken.yaml"
        broken.write_text(text.replace(bad, message))
        found, problems = dataset.check(broken)
        assert any("answer: no character has this id" in p.message for p in problems), problems
    early = tmp_path / "early.yaml"
    early.write_text(
        text.replace(
            "known_from: 3\n    agree: true\n    answer: [xavier]", "known_from: 1\n    agree: true\n    answer: [zed]"
        )
    )
    assert any("answer: names a character before they are known" in p.message for p in dataset.check(early)[1])
    assert dataset.check(WHODUNIT)[1] == []
    # One description of the format: the dataset's schema has it too.
    point = json.loads(run("schema").stdout)["properties"]["ending"]["items"]
    assert "answer" in point["properties"] and "answer" in point["properties"]["accounts"]["items"]["properties"]


@pytest.mark.parametrize(
    ("guesses", "line"),
    [
        ({}, "You kept no guesses"),
        ({3: "xavier"}, "You had it after episode 3."),
        ({0: "xavier", 1: "xavier", 2: "xavier"}, "You had it before episode 1, and never let go."),
        (
            {0: "xavier", 1: "yara", 3: "xavier"},
            "You had it before episode 1, let go, and came back to it after episode 3.",
        ),
        (
            {0: "xavier", 2: "yara"},
            "You had it before episode 1, then changed your mind: your last guess was Yara Stone, after episode 2.",
        ),
        ({1: "yara", 2: "zed"}, "Your last guess was Zed Marsh, after episode 2."),
    ],
)
def test_the_board_ends_with_how_the_guesses_went(guesses: dict[int, str], line: str) -> None:
    for after, name in guesses.items():
        assert run_whodunit("--watched", str(after), "suspect", name).exit_code == 0
    text = run_whodunit("--watched", "3", "suspect").stdout
    letter = " ".join(text[text.index("Who wrote the letter?") : text.index("Who burned the letter?")].split())
    assert line in letter, letter


def test_the_ending_shows_no_board_to_a_viewer_who_kept_nothing() -> None:
    ending = run_whodunit("--watched", "3", "ending")
    assert ending.exit_code == 0 and "Xavier wrote it." in ending.stdout and "Your board" not in ending.stdout
    assert json.loads(run_whodunit("--watched", "3", "ending", "--json").stdout)["board"]["hidden"] == 0


@pytest.mark.parametrize("watched", sampled(range(4)))
def test_the_board_guess_and_ending_follow_the_contract(watched: int) -> None:
    import jsonschema

    from hishers_cli.views.shapes.schema import schema

    root = {key: value for key, value in schema().items() if key != "anyOf"}

    def check(document: dict, command: str) -> None:
        jsonschema.Draft202012Validator({**root, "$ref": f"#/$defs/command_{command}"}).validate(document)

    _play({0: "xavier", 1: "yara", 2: "zed", 3: "zed"})
    guess = run_whodunit("--watched", str(watched), "suspect", "xavier", "--json")
    check(json.loads(guess.stdout), "suspect_name")
    for extra in ([], ["--confirm-spoilers"]):
        check(json.loads(run_whodunit("--watched", str(watched), "suspect", *extra, "--json").stdout), "suspect")
        check(json.loads(run_tiny("--watched", str(watched), "suspect", *extra, "--json").stdout), "suspect")
    ending = json.loads(run_whodunit("--watched", str(watched), "ending", "--confirm-spoilers", "--json").stdout)
    check(ending, "ending")
    assert ending["board"]["answers"] and ending["ending_points"][1]["accounts"][1]["answer"][0]["id"] == "yara"


def _parsed(when: str) -> set[int]:
    """The episodes a 'before episode 1 or after episodes 1 to 3 and 5' phrase names."""
    out: set[int] = set()
    for part in when.split(" or "):
        if part == "before episode 1":
            out.add(0)
            continue
        listed = re.sub(r"^after episodes? ", "", part)
        for item in re.split(r", | and ", listed):
            first, _, last = item.partition(" to ")
            out.update(range(int(first), int(last or first) + 1))
    return out


@pytest.mark.parametrize("kept", sampled(range(2**7)))
def test_the_board_names_each_episode_once_a_guess_or_in_the_line_of_those_without(kept: int) -> None:
    from hishers_cli.render.plain import render
    from hishers_cli.views.suspect import Board, Row, blocks

    known = gate.Known(dataset.load(), 6)
    someone = known.characters[0]
    rows = tuple(Row(after, someone.id if kept >> after & 1 else None, ()) for after in range(7))
    said = render(blocks(known, Board(rows, 0, None)), 1000)
    guessed = {after for after in range(7) if kept >> after & 1}
    assert said.count(f"Your suspect: {someone.name}") == len(guessed)
    found = re.search(r"No guess or note (.*)\.", said)
    assert (_parsed(found.group(1)) if found else set()) == set(range(7)) - guessed
