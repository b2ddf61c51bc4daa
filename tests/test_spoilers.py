"""Spoiler safety as a property: for every command, every progress level and
both output formats, nothing stamped after the viewer's progress shows up,
and everything stamped at or before it can be reached by some command."""

from __future__ import annotations

import functools
import json
import os
import re
from typing import Any

import pytest
from typer.testing import Result

from conftest import FULL, SEARCH_PROBES, assert_no_leak, flat, json_strings, levels, locked_texts, run
from hishers_cli import gate
from hishers_cli.cli import app
from hishers_cli.dataset.model import Dataset
from hishers_cli.render import plain, rich as rich_output
from hishers_cli.views import about, cast, episodes, who


def commands(show: Dataset) -> list[list[str]]:
    """Every read command, with every argument shape it takes. The default
    run gives `who` and `relations` every character's first name and surname
    and every alias, and a third of the actors, and searches for every other
    one of those; the full run (CI) types every actor and searches for all."""
    names = sorted({word for c in show.characters for word in c.name.split()})
    names += sorted({a.name for c in show.characters for a in c.aliases})
    actors = sorted({k.actor for c in show.characters for k in c.cast})
    names += actors if FULL else actors[::3]
    searched = names if FULL else names[::2]
    return [
        [],
        ["episodes"],
        *(["episodes", str(n)] for n in range(1, show.episode_count + 1)),
        ["cast"],
        ["about"],
        ["book"],
        ["ending"],
        ["notes"],
        ["suspect"],
        ["progress"],
        ["recap"],
        *(["recap", "--before", str(n)] for n in range(1, show.episode_count + 1)),
        ["new"],
        *(["new", str(n)] for n in range(1, show.episode_count + 1)),
        ["timeline"],
        ["timeline", "--lane", "past"],
        ["relations"],
        ["relations", "--history"],
        ["relations", "--format", "dot"],
        ["relations", "--format", "mermaid"],
        *(["who", name] for name in names),
        *(["relations", name] for name in names),
        *(["search", word] for word in SEARCH_PROBES + searched),
        ["validate"],
        ["schema"],
        ["schema", "--output"],
        ["--help"],
        *([name, "--help"] for name in COMMANDS),
        ["progress", "set", "--help"],
    ]


def has_json(args: list[str]) -> bool:
    """Help, the status screen and the schema have one format only; every
    other command takes --json."""
    return "--help" not in args and args[:1] not in (["schema"], [])


COMMANDS = [c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands] + [
    g.name or "" for g in app.registered_groups
]


@pytest.mark.parametrize("watched", levels())
def test_no_command_shows_anything_later_than_progress(show: Dataset, watched: int) -> None:
    assert locked_texts(watched) or watched == show.episode_count
    for args in commands(show):
        for as_json in (False, True):
            if as_json and not has_json(args):
                continue
            extra = ["--json"] if as_json else []
            result = run("--watched", str(watched), *args, *extra)
            where = " ".join(args + extra)
            assert "Traceback" not in result.output, where
            assert_no_leak(result.output, watched, where)
            if as_json and result.exit_code == 0:
                assert_no_leak(json_strings(json.loads(result.stdout)), watched, where)


@pytest.mark.parametrize("watched", levels())
def test_environment_and_saved_progress_gate_the_same_way(show: Dataset, watched: int) -> None:
    by_env = run("cast", "--json", env={"HISHERS_WATCHED": str(watched)})
    assert by_env.exit_code == 0
    assert_no_leak(by_env.stdout, watched, "cast (HISHERS_WATCHED)")
    assert run("progress", "set", str(watched)).exit_code == 0
    saved = run("cast", "--json")
    assert saved.stdout == by_env.stdout


@pytest.mark.parametrize("watched", levels())
def test_everything_unlocked_is_reachable(show: Dataset, watched: int) -> None:
    outputs = []
    for args in commands(show):
        if not has_json(args):
            continue
        result = run("--watched", str(watched), *args, "--json")
        if result.exit_code == 0:
            outputs.append(json_strings(json.loads(result.stdout)))
    everything = flat("\n".join(outputs))
    missing = [t for f in show.stamped() if f.known_from <= watched for t in f.texts if flat(t) not in everything]
    assert not missing, f"at progress {watched} no command shows: {missing[:3]}"


@pytest.mark.parametrize("watched", levels())
def test_rich_and_plain_renderings_do_not_leak(show: Dataset, watched: int) -> None:
    v = gate.Known(show, watched)
    results = [episodes.listing(v), cast.cast(v), about.about(v)]
    results += [episodes.detail(v, n) for n in range(1, watched + 1)]
    results += [who.card(v, p) for p in _people(v)]
    for view in results:
        with open(os.devnull, "w") as devnull:
            console = rich_output.Console(width=400, record=True, file=devnull, theme=rich_output.THEME)
            rich_output.print_blocks(view.blocks, console)
        rendered = console.export_text()
        assert_no_leak(rendered, watched, "rich rendering")
        assert_no_leak(plain.render(view.blocks, columns=60), watched, "plain rendering")
        assert_no_leak(json.dumps(view.data), watched, "json document")


def _people(v: gate.Known) -> list[Any]:
    from hishers_cli.lookup import Person

    return [Person(c.name, c) for c in v.characters]


HINT_WORDS = re.compile(r"\b(more|unlock\w*|revealed?|later|held)\b", re.IGNORECASE)


def hint_lines(text: str) -> list[str]:
    """Lines that speak of material still to come."""
    return [line.strip() for line in text.splitlines() if HINT_WORDS.search(line) and "later episodes" in line]


@pytest.mark.parametrize("watched", levels())
def test_hints_are_the_same_for_every_character_and_command(show: Dataset, watched: int) -> None:
    """What a viewer is told about locked material is the same for every
    character, record and command at a given progress: never a count, an
    episode or a name."""
    known = gate.Known(show, watched)
    names = [c.name for c in known.characters] + [k.actor for k in known.cast if k.character is None]
    assert names
    held_json, held_text = set(), set()
    for args in [["who", n] for n in names] + [["cast"], ["episodes"], ["relations"], ["timeline"], ["about"]]:
        data = json.loads(run("--watched", str(watched), *args, "--json").stdout)
        held_json.add(json.dumps(data["held"]))
        text = run("--watched", str(watched), *args).stdout
        assert not re.search(r"\d+ more facts?|revealed in episode|unlocks? (from|in) episode", text), args
        if args[0] == "who":
            held_text.add(tuple(hint_lines(text)))
    assert len(held_json) == 1, held_json
    assert len(held_text) == 1, held_text
    (expected,) = held_text
    if watched < show.episode_count:
        assert expected == ("More is revealed in later episodes.",)
        assert json.loads(held_json.pop()) == {"text": "More is revealed in later episodes."}
    else:
        assert expected == () and held_json.pop() == "null"


def test_ending_needs_consent_before_the_finale(show: Dataset) -> None:
    for watched in range(show.episode_count):
        refused = run("--watched", str(watched), "ending")
        assert refused.exit_code == 1
        assert "--confirm-spoilers" in refused.stderr
        assert refused.stdout == ""
        assert_no_leak(refused.output, watched, "refused ending")
        shown = run("--watched", str(watched), "ending", "--confirm-spoilers")
        assert shown.exit_code == 0
        text = flat(shown.stdout)
        assert all(flat(a.text) in text for point in show.ending for a in point.accounts)


def test_locked_texts_are_every_later_text_no_earlier_one_says(show: Dataset) -> None:
    """The texts the leak checks look for: at each progress, every text
    stamped later that nothing known says too (a character's names word by
    word as well), and none at the last episode."""
    for watched in range(show.episode_count):
        texts = locked_texts(watched)
        known = [flat(t) for f in show.stamped() if f.known_from <= watched for t in f.texts]
        later = [flat(t) for f in show.stamped() if f.known_from > watched for t in f.texts]
        assert texts and all(t in texts for t in later if not any(t in k for k in known)), watched
        assert not any(t in k for t in texts for k in known), watched
        for c in show.characters:
            if c.known_from > watched:
                for word in c.name.split():
                    assert flat(word) in texts or any(flat(word) in k for k in known), (watched, word)
    assert locked_texts(show.episode_count) == ()


# -- who's words: roles, descriptors, relations, plurals ----------------------

NONSENSE = "qqzzxv"


def _term_words(show: Dataset) -> list[str]:
    """Every role and descriptor word of the data: relationships' roles, plural
    kinds as each side's word, characters' descriptors."""
    words = {w for r in show.relationships for w in r.roles}
    words |= {_kind_word(r.kind) for r in show.relationships if _kind_word(r.kind)}
    words |= {d.word for c in show.characters for d in c.described_as}
    return sorted(words)


def _kind_word(kind: str) -> str:
    return kind[:-1] if kind.endswith("s") and not kind.endswith("ss") else ""


def _plural(phrase: str) -> str:
    head, _, word = phrase.rpartition(" ")
    if word.endswith("man"):
        word = word[:-3] + "men"
    elif word.endswith("y") and word[-2:-1] not in "aeiou":
        word = word[:-1] + "ies"
    elif word.endswith(("s", "sh", "ch", "x")):
        word += "es"
    else:
        word += "s"
    return f"{head} {word}".strip()


def _holders(show: Dataset, watched: int, word: str, owner: str | None = None) -> set[str]:
    """Whom `word` fits at this progress (to `owner`, if given), read off the
    raw data here rather than through the gate."""
    from hishers_cli.lookup import WORDS

    senses = {word, *WORDS.get(word, ())}
    known = {c.id for c in show.characters if c.known_from <= watched}

    def fits(term: str) -> bool:
        return term in senses or term.split()[-1] in senses

    out = set()
    for r in show.relationships:
        if r.known_from > watched or not set(r.between) <= known:
            continue
        for i, me in enumerate(r.between):
            other = r.between[1 - i]
            terms = [*r.roles[i : i + 1], _kind_word(r.kind)]
            if any(t and fits(t) for t in terms) and (owner is None or other == owner):
                out.add(me)
    if owner is None:
        out |= {c.id for c in show.characters for d in c.described_as if d.known_from <= watched and fits(d.word)}
    return out & known


@functools.cache
def _nonsense(watched: int, *extra: str, config: str) -> Result:
    """`who NONSENSE` at this progress: the same for every query a test asks
    (`config` keeps one test's answer from standing in for another's)."""
    return run("--watched", str(watched), "who", NONSENSE, *extra)


def _answer(watched: int, query: str) -> tuple[set[str] | None, list[str]]:
    """The names `who QUERY` gives (None when it answers as a nonsense word
    does), and every output it printed."""
    outputs = []
    answers = []
    for extra in ([], ["--json"]):
        said = run("--watched", str(watched), "who", query, *extra)
        nonsense = _nonsense(watched, *extra, config=os.environ["XDG_CONFIG_HOME"])
        outputs += [said.stdout, said.stderr]
        same = (said.exit_code, said.stdout, said.stderr) == (
            nonsense.exit_code,
            nonsense.stdout.replace(NONSENSE, query),
            nonsense.stderr.replace(NONSENSE, query),
        )
        if same:
            answers.append(None)
        elif said.exit_code == 0 and extra:
            document = json.loads(said.stdout)
            people = document.get("characters") or [document.get("character") or document["casting"]]
            answers.append({p.get("name") or p["actor"] for p in people})
        elif said.exit_code == 0:
            answers.append("found")
        else:
            fits = re.fullmatch(r"Error: that description fits: (.*)\. Be more specific.*\n", said.stderr, re.S)
            assert fits, (watched, query, said.stderr)
            answers.append(set(fits.group(1).split(", ")))
    text, as_json = answers
    assert (text is None) == (as_json is None), (watched, query)
    if text not in (None, "found"):
        assert text == as_json, (watched, query)
    return as_json, outputs


def _probes(show: Dataset) -> tuple[list[str], list[tuple[str, str, str]], list[str]]:
    """Role and descriptor words with their plurals; relation phrases
    ("NAME's WORD" for every character and word); the table's own words.
    The default run samples the relations and the table; the full run takes
    them all."""
    from hishers_cli.lookup import ROLE_WORDS, WORDS

    words = _term_words(show)
    plain = words + [_plural(w) for w in words]
    relations = [(c.id, w, f"{c.name}'s {w}") for c in show.characters for w in words]
    table = sorted(set(WORDS) | ROLE_WORDS | {w.word for w in show.words})
    if not FULL:
        relations, table = relations[::7], table[::3]
    return plain, relations, table


@pytest.mark.long
@pytest.mark.parametrize("watched", levels())
def test_every_role_relation_and_plural_answers_only_from_what_is_known(show: Dataset, watched: int) -> None:
    """Every role and descriptor word of the data, its plural, and every
    relation phrase: `who` names exactly the people it fits at this progress
    (read off the raw data), or, when it fits no one yet, answers byte for
    byte as a nonsense word does. Words of the synonym table name only known
    people. Nothing shown is later than the progress."""
    plain, relations, table = _probes(show)
    name = {c.id: c.name for c in show.characters}
    resolved = 0
    for query in plain:
        singular = query if query in _term_words(show) else next(w for w in _term_words(show) if _plural(w) == query)
        expected = {name[i] for i in _holders(show, watched, singular)}
        found, outputs = _answer(watched, query)
        assert (found or set()) == expected, (watched, query)
        resolved += bool(found)
        for out in outputs:
            assert_no_leak(out, watched, f"who {query}")
    for owner, word, query in relations:
        owner_known = next(c for c in show.characters if c.id == owner).known_from <= watched
        expected = {name[i] for i in _holders(show, watched, word, owner)} if owner_known else set()
        found, outputs = _answer(watched, query)
        assert (found or set()) == expected, (watched, query)
        for out in outputs:
            assert_no_leak(out, watched, f"who {query}")
    visible = {c.name for c in show.characters if c.known_from <= watched}
    for query in table:
        found, outputs = _answer(watched, query)
        assert found is None or found <= visible, (watched, query)
        for out in outputs:
            assert_no_leak(out, watched, f"who {query}")
    assert resolved or watched == 0 or not plain


@pytest.mark.parametrize("watched", levels())
def test_an_open_question_reads_as_every_other_open_question(show: Dataset, watched: int) -> None:
    """recap --json: a question whose answer is not known yet carries
    nothing but its text and when it was asked; an answered one names only
    what is known."""
    data = json.loads(run("--watched", str(watched), "recap", "--json").stdout)
    asked = [q for e in data["episodes"] if e["recap"] for q in e["recap"]["questions"]] + data["questions"]
    assert bool(asked) == (watched > 0)
    for q in asked:
        assert set(q) == {"text", "asked", "answered_in", "ending_point"}
        assert q["asked"]["number"] <= watched
        if q["answered_in"] is None:
            assert q["ending_point"] is None
        else:
            assert q["answered_in"]["number"] <= watched
    texts = [q["text"] for q in data["questions"]]
    assert len(texts) == len(set(texts))
    assert [q["asked"]["number"] for q in data["questions"]] == sorted(q["asked"]["number"] for q in data["questions"])
