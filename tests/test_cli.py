from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import COMMAND, FULL, TINY, assert_clean_failure, cli, flat, run, run_json, run_tiny
from hishers_cli import __version__, gate
from hishers_cli.dataset import load as dataset_module
from hishers_cli.dataset.model import Dataset


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"hishers {__version__}"


def test_default_progress_is_nothing_watched() -> None:
    data = run_json("episodes")
    assert data["watched"] == 0
    assert all(e["summary"] is None for e in data["episodes"])


def test_episodes_guide_has_summaries_for_watched_episodes_only() -> None:
    text = flat(run_tiny("--watched", "2", "episodes").stdout)
    assert "Xavier finds a letter at the lighthouse." in text and "Yara hides the letter from Xavier." in text
    assert "An episode's summary is shown once you have watched it." in text
    assert "The letter burns" not in text
    assert "(title not given)" not in text and "Title" not in text  # no titles in the data, no title column
    data = json.loads(run_tiny("--watched", "2", "episodes", "--json").stdout)
    assert [e["seen"] for e in data["episodes"]] == [True, True, False]


def test_episode_detail_shows_summary_cast_and_reveals() -> None:
    data = json.loads(run_tiny("--watched", "2", "episodes", "2", "--json").stdout)
    assert data["episode"]["number"] == 2
    assert {"id": "zed", "name": "Zed Marsh"} in data["episode"]["appearances"]
    zed = next(r for r in data["reveals"] if r["kind"] == "character")
    # Zed's stamp is only a bound, but episode 2's own cast list is the first to hold him.
    assert zed == {"kind": "character", "first_shown": True, "character": {"id": "zed", "name": "Zed Marsh"}}
    text = flat(run_tiny("--watched", "2", "episodes", "2").stdout)
    # The summary tells the story; the reveals are named, `new 2` tells them.
    assert "New in this episode - New: Zed Marsh" in text and "- More about: Yara Stone" in text
    told = flat(run_tiny("--watched", "2", "new", "2").stdout)
    assert "Hides the letter." not in text and "Hides the letter." in told


def test_locked_episode_is_refused_with_how_to_unlock() -> None:
    result = run_tiny("--watched", "1", "episodes", "2")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "hishers progress set 2" in result.stderr


@pytest.mark.parametrize("bad", ["0", "4", "x"])
def test_episode_number_outside_the_show_is_a_usage_error(bad: str) -> None:
    result = run_tiny("--watched", "3", "episodes", bad)
    assert result.exit_code == 2
    assert "use a whole number from 1 to 3" in result.stderr


def test_cast_at_0_lists_public_casting_without_roles() -> None:
    data = json.loads(run_tiny("--watched", "0", "cast", "--json").stdout)
    rows = {r["actor"]: r for r in data["cast"]}
    assert rows["Ada Actor"]["character"] == {"id": "xavier", "name": "Xavier Stone"}
    assert rows["Bo Player"]["character"] is None and rows["Bo Player"]["part"] is None
    assert "Cy Performer" not in rows
    text = run_tiny("--watched", "0", "cast").stdout
    assert "role revealed as you watch" in text and "Yara" not in text
    assert "episode" not in text.split("Actor", 1)[1]  # no unlock episode anywhere in the table


def test_cast_shows_everything_known_so_far_and_the_same_hint_for_everyone() -> None:
    data = json.loads(run_tiny("--watched", "2", "cast", "--json").stdout)
    rows = {r["actor"]: r for r in data["cast"]}
    # who she is, then what has happened to her
    assert rows["Bo Player"]["so_far"] == "Xavier's sister, who runs the lighthouse. Hides the letter."
    # Every stage up to the viewer's progress, the middle ones too, and none later.
    assert rows["Ada Actor"]["so_far"] == "A postman by the sea. Keeps the letter in his coat."
    at_3 = {r["actor"]: r for r in json.loads(run_tiny("--watched", "3", "cast", "--json").stdout)["cast"]}
    everything = "A postman by the sea. Keeps the letter in his coat. Wrote the letter himself."
    assert at_3["Ada Actor"]["so_far"] == everything
    assert data["held"] == {"text": "More is revealed in later episodes."}
    assert not any("held" in r for r in data["cast"])
    assert json.loads(run_tiny("--watched", "3", "cast", "--json").stdout)["held"] is None


def test_global_and_command_watched_options() -> None:
    def watched(*args: str) -> int:
        result = run_tiny(*args, "--json")
        assert result.exit_code == 0, result.output
        return int(json.loads(result.stdout)["watched"])

    assert watched("--watched", "2", "cast") == 2
    assert watched("cast", "--watched", "3") == 3
    assert watched("--watched", "1", "cast", "--watched", "2") == 2


def test_progress_set_show_reset(isolated: Path) -> None:
    assert run_tiny("progress", "set", "2").exit_code == 0
    saved = json.loads((isolated / "hishers" / "progress.json").read_text())
    assert saved == {"version": 2, "shows": {"tiny-show": {"title": "Tiny Show", "watched": 2}}}
    assert "[##.] 2 of 3 episodes" in run_tiny("progress").stdout
    assert json.loads(run_tiny("progress", "--json").stdout)["origin"] == "saved"
    assert json.loads(run_tiny("episodes", "--json").stdout)["watched"] == 2
    assert run_json("progress")["watched"] == 0  # another show's progress is its own
    assert run_tiny("progress", "reset").exit_code == 0
    assert json.loads(run_tiny("progress", "--json").stdout) | {"config_file": ""} == {
        "show": "Tiny Show",
        "watched": 0,
        "episode_count": 3,
        "held": {"text": "More is revealed in later episodes."},
        "origin": "default",
        "config_file": "",
    }


@pytest.mark.parametrize("bad", ["-1", "4", "abc", ""])
def test_progress_set_rejects_bad_values_and_saves_nothing(bad: str, isolated: Path) -> None:
    run_tiny("progress", "set", "2")
    result = run_tiny("progress", "set", bad)
    assert result.exit_code == 2
    assert "use a whole number from 0 to 3" in result.stderr
    saved = json.loads((isolated / "hishers" / "progress.json").read_text())
    assert saved["shows"]["tiny-show"]["watched"] == 2


def test_ending_at_the_last_episode_needs_no_flag_and_shows_each_source() -> None:
    result = run_tiny("--watched", "3", "ending")
    assert result.exit_code == 0
    text = flat(result.stdout)
    assert "Tiny guide" in text and "Tiny recap" in text and "Xavier wrote it." in text
    data = json.loads(run_tiny("--watched", "3", "ending", "--json").stdout)
    (point,) = data["ending_points"]
    assert [a["sources"] for a in point["accounts"]] == [
        [{"id": "guide", "label": "Tiny guide"}],
        [{"id": "recap", "label": "Tiny recap"}],
    ]


def test_json_output_is_only_json() -> None:
    for args in (["episodes"], ["episodes", "1"], ["cast"], ["about"], ["progress"], ["who", "xavier"]):
        result = run_tiny("--watched", "1", *args, "--json")
        assert result.exit_code == 0, args
        assert isinstance(json.loads(result.stdout), dict)


def test_piped_output_has_no_escape_codes_or_box_drawing() -> None:
    for args in (["episodes"], ["cast"], ["about"]):
        out = run_tiny("--watched", "3", *args).stdout
        assert "Tiny Show" in out and "\x1b" not in out
        assert not any(ch in out for ch in "│─╭╮╰╯┃━")


def test_who_finds_by_surname_actor_alias_accents_and_misspelling() -> None:
    def name(watched: int, *query: str) -> str:
        result = run_tiny("--watched", str(watched), "who", *query, "--json")
        assert result.exit_code == 0, (query, result.output)
        return str(json.loads(result.stdout)["character"]["name"])

    assert name(2, "marsh") == "Zed Marsh"  # a surname
    assert name(1, "ada", "actor") == name(1, "actor") == "Xavier Stone"  # the actor, whole or in part
    assert name(3, "the", "keeper") == name(3, "keeper") == "Yara Stone"  # an alias
    assert name(1, "YÀRA") == "Yara Stone"  # case and accents aside
    assert name(1, "xavir") == "Xavier Stone"  # a misspelling
    ambiguous = run_tiny("--watched", "1", "who", "stone")
    assert ambiguous.exit_code == 1 and "Xavier Stone, Yara Stone" in ambiguous.stderr


def test_who_cannot_find_an_alias_before_its_episode() -> None:
    early = run_tiny("--watched", "2", "who", "keeper")
    assert early.exit_code == 1 and "Yara" not in early.output
    late = run_tiny("--watched", "3", "who", "keeper")
    assert late.exit_code == 0 and late.stdout.startswith("Yara Stone")


def test_about_is_the_series_card_with_disputed_credits_labelled() -> None:
    data = json.loads(run_tiny("about", "--json").stdout)
    assert [f["topic"] for f in data["facts"]] == ["network"]
    credit = data["credits"][0]
    assert credit["name"] == "Pat Maker" and credit["disputed"] is True
    assert credit["sources"] == [{"id": "guide", "label": "Tiny guide"}]
    text = flat(run_tiny("about").stdout)
    assert "Pat Maker: creator [Tiny guide]; showrunner [Tiny recap]" in text


def test_book_is_locked_until_the_finale() -> None:
    refused = run_tiny("--watched", "2", "book")
    assert refused.exit_code == 1 and "--confirm-spoilers" in refused.stderr and "inland" not in refused.output
    shown = json.loads(run_tiny("--watched", "2", "book", "--confirm-spoilers", "--json").stdout)
    assert [d["topic"] for d in shown["differences"]] == ["Setting"]
    assert "The book is set inland." in run_tiny("--watched", "3", "book").stdout


def registered_commands() -> list[list[str]]:
    """Every command and subcommand, read from the command registry."""

    def walk(group: Any, prefix: list[str]) -> list[list[str]]:
        found = []
        for name, command in group.commands.items():
            found.append([*prefix, name])
            if hasattr(command, "commands"):  # a group of subcommands
                found += walk(command, [*prefix, name])
        return found

    return walk(COMMAND, [])


def test_every_command_has_help_with_an_example() -> None:
    commands = registered_commands()
    assert ["validate"] in commands and ["schema"] in commands and ["progress", "set"] in commands
    for command in commands:
        result = run(*command, "--help")
        assert result.exit_code == 0, command
        assert "Example" in result.stdout, command


def test_unknown_command_and_option_suggest_the_right_one() -> None:
    command = cli("epsiodes")
    assert_clean_failure(command, 2)
    assert "episodes" in command.stderr
    option = cli("cast", "--jsno")
    assert_clean_failure(option, 2)
    assert "--json" in option.stderr


@pytest.mark.parametrize("group", ["cache", "export"])
def test_a_group_without_its_command_shows_its_help(group: str) -> None:
    result = run(group)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Usage: hishers {group} [OPTIONS] COMMAND") and "Error" not in result.stderr
    assert "Commands" in result.stderr


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "hishers_cli", "--watched", "1", "episodes", "1", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["episode"]["number"] == 1


def test_recap_condenses_watched_episodes() -> None:
    data = json.loads(run_tiny("--watched", "3", "recap", "--json").stdout)
    assert [e["number"] for e in data["episodes"]] == [1, 2, 3]
    before = json.loads(run_tiny("--watched", "3", "recap", "--before", "3", "--json").stdout)
    assert [e["number"] for e in before["episodes"]] == [1, 2]
    assert {"id": "yara", "name": "Yara Stone"} in before["episodes"][0]["new_characters"]
    refused = run_tiny("--watched", "1", "recap", "--before", "3")
    assert refused.exit_code == 1 and "--before 2" in refused.stderr


def test_new_shows_what_an_episode_revealed() -> None:
    data = json.loads(run_tiny("--watched", "3", "new", "--json").stdout)
    assert data["episode"]["number"] == 3
    alias = next(r for r in data["reveals"] if r["kind"] == "alias")
    assert alias["fact"]["text"] == "The Keeper" and alias["fact"]["disputed"] is True
    assert alias["fact"]["sources"] == [{"id": "recap", "label": "Tiny recap"}]
    text = flat(run_tiny("--watched", "3", "new").stdout)
    assert "Yara Stone is also known as The Keeper. [Tiny recap]" in text
    assert "Zed Marsh: Leaves town for good. [Tiny recap]" in text
    assert "Zed Marsh: Stays in town after all. [Tiny guide]" in text
    refused = run_tiny("--watched", "1", "new", "3")
    assert refused.exit_code == 1 and "--confirm-spoilers" in refused.stderr and "Keeper" not in refused.output
    forced = json.loads(run_tiny("--watched", "1", "new", "3", "--confirm-spoilers", "--json").stdout)
    assert any(r.get("fact", {}).get("text") == "Wrote the letter himself." for r in forced["reveals"])


def test_timeline_has_two_lanes_and_grows() -> None:
    def lanes(*args: str) -> dict[str, list[dict[str, Any]]]:
        return dict(json.loads(run_tiny(*args, "timeline", "--json").stdout)["lanes"])

    early = lanes("--watched", "2")
    assert len(early["present"]) == 1 and len(early["past"]) == 1
    assert len(lanes("--watched", "3")["present"]) == 2
    past = json.loads(run_tiny("--watched", "3", "timeline", "--lane", "past", "--json").stdout)["lanes"]
    assert list(past) == ["past"] and [e["text"] for e in past["past"]] == ["The lighthouse goes dark for a year."]
    assert run_tiny("timeline", "--lane", "future").exit_code == 2


def test_relations_in_three_formats() -> None:
    edges = json.loads(run_tiny("--watched", "2", "relations", "yara", "--json").stdout)["relationships"]
    assert [([end["name"] for end in e["between"]], e["kind"], e["roles"]) for e in edges] == [
        (["Xavier Stone", "Yara Stone"], "siblings", None),
        (["Yara Stone", "Zed Marsh"], "friends", None),
        (["Zed Marsh", "Yara Stone"], "crew", ["deckhand", "skipper"]),
    ]
    dot = run_tiny("--watched", "2", "relations", "--format", "dot").stdout
    assert dot.startswith("digraph relationships {")
    assert '"xavier" [label="Xavier Stone"];' in dot and '"yara" [label="Yara Stone"];' in dot
    assert '"xavier" -> "yara" [label="siblings", dir=none];' in dot
    assert '"yara" -> "zed" [label="skipper of"];' in dot  # the skipper is Yara
    mermaid = run_tiny("--watched", "2", "relations", "--format", "mermaid").stdout
    assert mermaid.startswith("graph LR") and 'n1["Xavier Stone"]' in mermaid and 'n2["Yara Stone"]' in mermaid
    assert 'n1 ---|"siblings"| n2' in mermaid and 'n2 -->|"skipper of"| n3' in mermaid
    assert "Zed" not in run_tiny("--watched", "1", "relations", "--format", "dot").stdout
    assert run("relations", "--format", "png").exit_code == 2


def test_relations_show_each_relationship_once_in_its_current_state() -> None:
    text = flat(run_tiny("--watched", "3", "relations").stdout)
    assert text.count("Xavier's sibling") == 1 and text.count("They stop speaking.") == 1
    assert "Yara is Xavier's sister." not in text and "--history" in text
    assert "Zed Marsh, Yara's deckhand: Zed works on Yara's boat." in text
    history = flat(run_tiny("--watched", "3", "relations", "--history").stdout)
    assert "They stop speaking." in history and "Before: - (ep. 1) Yara is Xavier's sister." in history
    (siblings,) = [
        r
        for r in json.loads(run_tiny("--watched", "3", "relations", "xavier", "--json").stdout)["relationships"]
        if r["kind"] == "siblings"
    ]
    assert [s["text"] for s in siblings["current"]] == ["They stop speaking."]
    assert [s["text"] for s in siblings["history"]] == ["Yara is Xavier's sister."]
    card = flat(run_tiny("--watched", "3", "who", "yara").stdout)
    assert "Xavier Stone, Yara's sibling: They stop speaking." in card
    assert "Zed Marsh, Yara's deckhand" in card


def test_search_finds_unlocked_text_only() -> None:
    def kinds(watched: int, *words: str) -> list[str]:
        return [
            hit["kind"]
            for hit in json.loads(run_tiny("--watched", str(watched), "search", *words, "--json").stdout)["results"]
        ]

    data = json.loads(run_tiny("--watched", "2", "search", "letter", "--json").stdout)
    assert {"episode", "bio", "event"} <= {hit["kind"] for hit in data["results"]}
    assert all(len(set(hit) - {"kind", "section"}) == 1 for hit in data["results"])  # each hit carries its record
    assert kinds(2, "wrote") == []
    assert "ending" in kinds(3, "wrote")
    text = run_tiny("--watched", "2", "search", "wrote").stdout
    assert "No matches in what you have watched so far." in text and "locked" not in text


def test_name_completion_offers_only_known_names() -> None:
    def offered(line: str) -> str:
        env = {
            "_HISHERS_COMPLETE": "complete_zsh",
            "_TYPER_COMPLETE_ARGS": line.replace("hishers", f"hishers --data {TINY}", 1),
        }
        return run(env=env).stdout

    assert "Zed" not in offered("hishers --watched 1 who ze")
    assert "'Zed Marsh'" in offered("hishers --watched 2 who ze")
    assert "Keeper" not in offered("hishers --watched 2 who the")
    assert "'The Keeper'" in offered("hishers --watched 3 who the")


@pytest.mark.parametrize(
    "args",
    [["episdoes"], ["--bogus"], ["--watched", "9", "cast"], ["episodes", "9"], ["relations", "--format", "png"]],
)
def test_usage_errors_are_one_line_and_a_pointer_to_help(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith("Error: ")
    assert re.fullmatch(r"Try 'hishers( [a-z]+)? --help'\.", lines[1]), lines


def test_help_reads_cleanly_and_lists_choices_and_environment() -> None:
    for command in registered_commands():
        text = run(*command, "--help").stdout
        assert not re.search(r"<list\[|<str>|\{[A-Z]+\}|\[\[", text), (command, text)
    relations = run("relations", "--help").stdout
    assert "--format text|dot|mermaid" in relations and "[NAME]..." in relations
    assert "--lane present|past" in run("timeline", "--help").stdout
    top = run("--help").stdout
    for variable in (
        "HISHERS_WATCHED",
        "HISHERS_DATA",
        "NO_COLOR",
        "XDG_CONFIG_HOME",
        "XDG_CACHE_HOME",
        "PAGER",
        "LESS",
        "COLUMNS",
    ):
        assert variable in top, variable


def complete(line: str) -> list[str]:
    """What bash completion offers for the last word of `line`, on the
    fixture show."""
    line = line.replace("hishers", f"hishers --data {TINY}", 1)
    words = line.split(" ")
    env = {"_HISHERS_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    result = run(env=env)
    assert result.exit_code == 0, result.output
    # Each reply as bash inserts it: escaped, one word.
    words = [shlex.split(item) for item in result.stdout.splitlines() if item]
    assert all(len(w) == 1 for w in words), result.stdout
    return [w[0] for w in words]


def test_completion_offers_closed_sets() -> None:
    assert complete("hishers relations --format ") == ["text", "dot", "mermaid"]
    assert complete("hishers timeline --lane p") == ["present", "past"]
    assert complete("hishers --watched 3 episodes ") == ["1", "2", "3"]
    assert complete("hishers --watched 2 new ") == ["1", "2"]
    assert complete("hishers progress set ") == [str(n) for n in range(4)]
    names = complete("hishers --watched 1 relations ")
    assert "Xavier Stone" in names and "Yara Stone" in names and not any("Zed" in n for n in names)


def test_bare_hishers_is_a_status_screen() -> None:
    result = run_tiny("--watched", "2")
    assert result.exit_code == 0, result.output
    text = flat(result.stdout)
    assert "watched 2 of 3" in text
    assert "hishers recap --before 3" in text and "hishers progress next" in text
    assert "hishers who NAME" in text
    assert "You have seen it all" in run_tiny("--watched", "3").stdout
    assert run("--help").exit_code == 0 and "Commands:" in run("--help").stdout


def test_progress_next_moves_one_step_and_stops_at_the_end(isolated: Path) -> None:
    def watched() -> int:
        return int(json.loads(run_tiny("progress", "--json").stdout)["watched"])

    assert run_tiny("progress", "set", "2").exit_code == 0
    moved = run_tiny("progress", "next")
    assert moved.exit_code == 0 and "3 of 3" in moved.stderr
    assert watched() == 3
    again = run_tiny("progress", "next")
    assert again.exit_code == 0 and "nothing changed" in again.stderr
    assert watched() == 3


@pytest.mark.parametrize("signed", ["+1", "-1", "+0"])
def test_progress_with_a_sign_is_refused_not_reinterpreted(signed: str, isolated: Path) -> None:
    assert run_tiny("progress", "set", "3").exit_code == 0
    refused = run_tiny("progress", "set", signed)
    assert refused.exit_code == 2 and f"{signed!r} is not an episode number: use a whole number" in refused.stderr
    assert json.loads(run_tiny("progress", "--json").stdout)["watched"] == 3


def test_progress_with_a_bare_number_sets_it(isolated: Path) -> None:
    assert run_tiny("progress", "2").exit_code == 0
    assert json.loads(run_tiny("progress", "--json").stdout)["watched"] == 2


def test_who_takes_a_clear_misspelling_or_a_description() -> None:
    assert "Closest match" in run_tiny("--watched", "1", "who", "xavir").stdout
    assert json.loads(run_tiny("--watched", "1", "who", "xavir", "--json").stdout)["character"]["id"] == "xavier"
    skipper = run_tiny("--watched", "2", "who", "the", "skipper")
    assert skipper.stdout.startswith("Yara Stone") and "Matched by description" in skipper.stdout
    assert run_tiny("--watched", "2", "who", "fisherman").stdout.startswith("Zed Marsh")
    both = run_tiny("--watched", "1", "who", "stone")
    assert both.exit_code == 1 and "Xavier Stone, Yara Stone" in both.stderr
    nobody = run_tiny("--watched", "3", "who", "lighthouse", "keeper", "of", "doom")
    assert nobody.exit_code == 1 and "hishers search" in nobody.stderr


def locked_names(show: Dataset, watched: int) -> list[list[str]]:
    """Every name, actor and alias not known at `watched`, as typed to
    `who` (each word that no known name also has, and the whole name)."""
    known = gate.Known(show, watched)
    seen = {w.casefold() for c in known.characters for w in (c.name, *(a.name for a in c.aliases))}
    seen |= {k.actor.casefold() for k in known.cast}
    seen_words = {w for name in seen for w in name.split()}
    names = [c.name for c in show.characters] + [a.name for c in show.characters for a in c.aliases]
    names += [k.actor for c in show.characters for k in c.cast]
    out: dict[str, list[str]] = {}
    for name in sorted(set(names)):
        if name.casefold() not in seen:
            out[name] = name.split()
            out |= {w: [w] for w in name.split() if w.casefold() not in seen_words and len(w) >= 3}
    return list(out.values())


@pytest.mark.parametrize("name", ["tiny", "bundled"])
def test_a_locked_name_gets_the_same_answer_as_no_name_at_all(name: str) -> None:
    """A name, actor or alias not yet known never shows somebody else's card,
    and reads byte for byte like a name that belongs to nobody."""
    path = None if name == "bundled" else TINY
    show = dataset_module.load(path)
    data = [] if path is None else ["--data", str(path)]
    for watched in range(show.episode_count):
        nobody = run(*data, "--watched", str(watched), "who", "zzyzx", "qwerty")
        locked = locked_names(show, watched)
        assert locked, watched
        for words in locked if FULL or path else locked[::4]:
            result = run(*data, "--watched", str(watched), "who", *words)
            assert result.exit_code == nobody.exit_code == 1, (watched, words, result.output)
            assert result.stdout == "" and result.stderr == nobody.stderr, (watched, words)


def test_name_completion_offers_names_as_written_and_completes_words() -> None:
    assert complete("hishers --watched 2 who .") == []
    assert complete("hishers --watched 1 who ston") == ["Xavier Stone", "Yara Stone"]  # by surname
    assert complete("hishers --watched 1 who xavier s") == ["Stone"]  # the rest, not the whole name again
    assert complete("hishers --watched 1 who ze") == []  # not known before episode 2
    assert complete("hishers --watched 2 who ze") == ["Zed Marsh"]


@pytest.mark.parametrize("enabled", [True, False])
def test_loading_again_in_one_process_freezes_nothing_more_and_keeps_the_collector(enabled: bool) -> None:
    # A long-running process (the app, a test run) loads again and again
    # amid garbage of its own; none of it may be frozen out of the
    # collector's reach, and the collector stays as the process had it.
    import gc
    import tracemalloc

    from hishers_cli.cli.core import Session

    def garbage() -> None:
        cycle: list[object] = [bytes(10_000)]
        cycle.append(cycle)

    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        Session(data=TINY).dataset()
        gc.collect()
        frozen = gc.get_freeze_count()
        tracemalloc.start()
        try:
            start, _ = tracemalloc.get_traced_memory()
            for _ in range(20):
                garbage()
                Session(data=TINY).dataset()
                assert gc.isenabled() is enabled
            gc.collect()
            grown = tracemalloc.get_traced_memory()[0] - start
        finally:
            tracemalloc.stop()
        assert gc.get_freeze_count() == frozen
        assert grown < 100_000, f"{grown:,} bytes kept by 20 loads"
    finally:
        gc.unfreeze()
        (gc.enable if was else gc.disable)()


@pytest.mark.full
def test_a_one_shot_run_freezes_the_loaded_dataset_once_and_resumes_the_collector() -> None:
    probe = (
        "import gc, sys\n"
        "from hishers_cli.dataset import collector\n"
        "from hishers_cli.cli.core import Session\n"
        "collector.pause_for_start_up()\n"
        "Session().dataset()\n"
        "once = gc.get_freeze_count()\n"
        "Session().dataset()\n"
        "print(gc.isenabled(), once > 0, gc.get_freeze_count() == once)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert result.stdout.split() == ["True", "True", "True"], result.stderr
