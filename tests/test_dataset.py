from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import MINIMAL, assert_clean_failure, cli
from hishers_cli.dataset import load as dataset, parse
from hishers_cli.dataset.model import Dataset
from hishers_cli.errors import DatasetError


def problems(text: str) -> list[str]:
    result, found = parse.parse(text, "test.yaml")
    assert result is None
    return [str(p) for p in found]


def test_bundled_dataset_loads(show: Dataset) -> None:
    assert show.title == "His & Hers"
    assert show.episode_count == 6
    assert [e.number for e in show.episodes] == [1, 2, 3, 4, 5, 6]
    assert all(e.summary is not None for e in show.episodes)
    names = {c.name for c in show.characters}
    assert {"Anna Andrews", "Jack Harper", "Alice", "Priya", "Lexy Jones", "Catherine Kelly"} <= names


def test_no_text_of_the_show_names_a_command(show: Dataset) -> None:
    """The dataset tells the show; where to read on is each screen's to say
    (a command on the command line, a key in the app, a link on a page)."""
    import re

    texts = [t for f in show.stamped() for t in f.texts]
    assert len(texts) > 100
    assert not [t for t in texts if re.search(r"\bhishers\b|--[a-z]", t)]


def test_every_stamp_is_an_episode_of_the_show(show: Dataset) -> None:
    stamps = [f.known_from for f in show.stamped()]
    assert stamps and all(0 <= s <= show.episode_count for s in stamps)
    assert {0, 1, 2, 3, 4, 5, 6} <= set(stamps)


def test_every_reference_resolves(show: Dataset) -> None:
    ids = {c.id for c in show.characters}
    for e in show.episodes:
        assert set(e.appearances) <= ids
    for r in show.relationships:
        assert set(r.between) <= ids


def test_every_record_names_a_known_source(show: Dataset) -> None:
    known = {s.id for s in show.sources}
    records = [
        *show.facts,
        *show.credits,
        *show.episodes,
        *(e.summary for e in show.episodes if e.summary),
        *show.characters,
        *(x for c in show.characters for x in (*c.cast, *c.bio, *c.aliases)),
        *show.relationships,
        *show.ending,
        *show.book_differences,
    ]
    for record in records:
        assert record.sources, record
        assert set(record.sources) <= known, record


def test_sources_are_the_three_seed_articles(show: Dataset) -> None:
    assert sorted(s.file for s in show.sources) == [
        "000_2840542c25bbcf56.txt",
        "001_04cc5cfd032bcf71.txt",
        "002_ff433ca3d6650e79.txt",
    ]


def _records(show: Dataset) -> list[Any]:
    """Every record that carries `exact` and `sources`, nested ones included."""
    return [
        *show.facts,
        *show.credits,
        *(e.summary for e in show.episodes if e.summary),
        *(e.recap for e in show.episodes if e.recap),
        *show.characters,
        *(x for c in show.characters for x in (*c.cast, *c.bio, *c.aliases)),
        *show.relationships,
        *show.book_differences,
        *show.events,
    ]


def test_book_differences_are_finale_spoilers(show: Dataset) -> None:
    """Every view keeps the book comparison with the ending explained."""
    assert show.book_differences
    assert all(d.known_from == show.episode_count for d in show.book_differences)


def test_book_differences_the_sources_dispute_give_more_than_one_account(show: Dataset) -> None:
    assert show.book_differences
    disputed = [d for d in show.book_differences if d.disputed]
    assert len({s for d in disputed for s in d.sources}) != 1, "a dispute needs the other source's account too"


def test_ending_keeps_disagreeing_accounts_apart(show: Dataset) -> None:
    disputed = {p.topic for p in show.ending if p.verdict is False}
    assert {"lake-house", "anna-attacker", "how-anna-learns", "jack", "final-scene"} <= disputed


def test_an_ending_verdict_matches_its_accounts(show: Dataset) -> None:
    """'The sources agree' or 'disagree' needs two sources' accounts; 'only one
    source covers this' needs exactly one."""
    for point in show.ending:
        sources = {a.source for a in point.accounts}
        assert len(sources) == len(point.accounts), point.topic
        if point.verdict is None:
            assert len([ids for _, ids in point.answers() if ids] or sources) == 1, point.topic
        else:
            assert len(sources) >= 2, point.topic


def test_events_at_one_place_in_the_story_are_labelled_alternatives(show: Dataset) -> None:
    """Two events sharing a lane and an order are different sources' versions
    of one moment: each is labelled, and no source tells both."""
    by_place: dict[tuple[str, int], list[Any]] = {}
    for ev in show.events:
        by_place.setdefault((ev.lane, ev.order), []).append(ev)
    shared = [evs for evs in by_place.values() if len(evs) > 1]
    assert shared, "the bundled show has events told differently by its sources"
    for evs in shared:
        assert all(ev.disputed for ev in evs), evs
        cited = [s for ev in evs for s in ev.sources]
        assert len(cited) == len(set(cited)), evs


def test_minimal_dataset_parses() -> None:
    result, found = parse.parse(MINIMAL, "tiny.yaml")
    assert found == []
    assert result is not None and result.episode_count == 2 and result.characters[0].name == "Xavier"


def test_error_names_file_line_and_field() -> None:
    text = MINIMAL.replace("{id: x, name: Xavier, known_from: 0", "{id: x, name: Xavier, known_from: 9")
    (found,) = problems(text)
    assert found.startswith("test.yaml:11:39:")
    assert "characters[0].known_from" in found and "out of range (0 to 2)" in found


def test_missing_field_and_unknown_key_are_reported() -> None:
    text = MINIMAL.replace("{id: x, name: Xavier,", "{id: x, nmae: Xavier,")
    found = problems(text)
    assert any("unknown key 'nmae'; did you mean 'name'?" in p for p in found)
    assert any("missing required field 'name'" in p for p in found)


def test_yaml_syntax_error_has_a_line() -> None:
    (found,) = problems(MINIMAL + "  - [unclosed\n")
    assert found.startswith("test.yaml:") and "YAML syntax error" in found


def test_surprise_boolean_is_a_type_error() -> None:
    found = problems(MINIMAL.replace("name: Xavier", "name: no"))
    assert any("name: expected text, got a true/false value (quote it" in p for p in found)
    assert not any("'no'" in p for p in found)


def test_unknown_character_reference() -> None:
    text = MINIMAL + "relationships:\n  - {between: [x, y], kind: k, text: t, known_from: 0, sources: [a]}\n"
    assert any("relationships[0].between: no character has this id" in p for p in problems(text))


def test_python_tags_are_refused() -> None:
    text = MINIMAL.replace("title: Tiny", "title: !!python/object/apply:os.system [echo hi]")
    assert any("unsupported YAML tag" in p for p in problems(text))


def test_load_raises_dataset_error_naming_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("series: [", encoding="utf-8")
    with pytest.raises(DatasetError) as err:
        dataset.load(bad)
    assert str(err.value).startswith(f"{bad}:")


def test_bundled_path_is_a_real_file() -> None:
    assert dataset.bundled_path().is_file()


@pytest.mark.parametrize("tagged", ["!!str [a, b]", "!!map text", "!!seq {a: b}", "!!int [1]"])
def test_explicit_tag_that_does_not_fit_its_value_is_a_problem(tagged: str) -> None:
    found = problems(MINIMAL.replace("title: Tiny", f"title: {tagged}"))
    assert any("does not fit this value" in p for p in found)


def test_agree_that_is_not_a_boolean_is_a_problem() -> None:
    text = (
        MINIMAL + "ending:\n  - {topic: t, question: q, known_from: 2, agree: [], accounts: [{source: a, text: t}]}\n"
    )
    assert any("agree: expected true or false, got a list" in p for p in problems(text))


def test_problems_never_quote_the_dataset_text() -> None:
    """A bio stage written as a plain string is reported by place, field and
    kind of value, never by its words, which may be a spoiler."""
    secret = "She is the killer and nobody knows it"
    text = MINIMAL.replace(
        "{id: x, name: Xavier, known_from: 0, sources: [a]}",
        "{id: x, name: Xavier, known_from: 0, sources: [a], bio: [" + repr(secret) + "]}",
    )
    text += (
        "  - {id: y, name: 7, known_from: two, sources: [nope], aliases: [{name: Q, known_from: 0, sources: [a]}]}\n"
    )
    found = problems(text)
    assert any("characters[0].bio[0]: expected a mapping, got text" in p for p in found), found
    assert any("characters[1].name: expected text, got a number" in p for p in found), found
    assert any("characters[1].sources: no source has this id" in p for p in found), found
    joined = "\n".join(found)
    assert "killer" not in joined and "'two'" not in joined and "nope" not in joined


def test_two_accounts_from_one_source_in_one_ending_point_are_refused() -> None:
    text = MINIMAL + (
        "ending:\n"
        "  - topic: t\n    question: Q?\n    known_from: 2\n"
        "    accounts: [{source: a, text: One.}, {source: a, text: Two.}]\n"
    )
    assert any("ending[0].accounts: two accounts from the same source" in p for p in problems(text))


def test_an_exact_stamp_needs_the_introducing_episode_to_list_the_character() -> None:
    text = MINIMAL + "  - {id: y, name: Yves, known_from: 2, sources: [a]}\n"
    assert any("characters[1]: introduced in episode 2" in p for p in problems(text))
    bound = MINIMAL + "  - {id: y, name: Yves, known_from: 2, exact: false, sources: [a]}\n"
    found, none = parse.parse(bound, "test.yaml")
    assert none == [] and found is not None and not found.characters[1].exact


def test_adding_a_field_is_one_line_in_the_model() -> None:
    """Reader, schema and cache all follow the record types: every field of
    every record type is readable, in the schema and round-trips the cache."""
    from hishers_cli.dataset import cache, schema
    from hishers_cli.dataset.fields import fields
    from hishers_cli.dataset.model import Character, DatasetFile

    props = schema.schema()["properties"]["characters"]["items"]["properties"]
    assert list(props) == [f.name for f in fields(Character)]
    assert [f.name for f in fields(DatasetFile)] == list(schema.schema()["properties"])
    show = dataset.load()
    assert repr(cache.rebuild(cache.flatten(show))) == repr(show)


# A second source, `b`, that no episode cites: it describes no episode.
_TWO_SOURCES = MINIMAL.replace(
    "  - {id: a, title: Article, date: 2026-01-01, file: a.txt}\n",
    "  - {id: a, title: Article, date: 2026-01-01, file: a.txt}\n  - {id: b, title: Preview, file: b.txt}\n",
)
_STAMPED = {
    "fact": ("series.facts[0]", "  title: Tiny\n", "  title: Tiny\n  facts:\n    - {{topic: t, text: T., {stamp}}}\n"),
    "bio": ("characters[0].bio[0]", "sources: [a]}\n", "sources: [a], bio: [{{text: T., {stamp}}}]}}\n"),
    "character": ("characters[1]", "sources: [a]}\n", "sources: [a]}}\n  - {{id: y, name: Yves, {stamp}}}\n"),
    "event": ("events[0]", None, "events:\n  - {{lane: past, order: 1, text: T., {stamp}}}\n"),
    "book difference": ("book_differences[0]", None, "book_differences:\n  - {{topic: t, text: T., {stamp}}}\n"),
    "relationship": (
        "relationships[0]",
        None,
        "relationships:\n  - {{between: [x, x], kind: k, text: T., {stamp}}}\n",
    ),
}


def _with(kind: str, stamp: str) -> str:
    where, anchor, template = _STAMPED[kind]
    added = template.format(stamp=stamp)
    if anchor is None:
        return _TWO_SOURCES + added
    head, _, tail = _TWO_SOURCES.rpartition(anchor)
    return head + added + tail


@pytest.mark.parametrize("kind", list(_STAMPED))
def test_an_exact_stamp_needs_a_source_that_describes_that_episode(kind: str) -> None:
    """Every kind of stamped record: exact at episode 2 while citing only a
    source no episode cites is reported, at the record; a bound, a stamp of
    0, or a source the episode cites passes."""
    where = _STAMPED[kind][0]
    appears = "appearances: [y], " if kind == "character" else ""
    found = problems(_with(kind, "known_from: 2, sources: [b]").replace("number: 2, ", f"number: 2, {appears}"))
    assert [p for p in found if "stamped exact at episode 2" in p and f": {where}:" in p], found
    bound, early, cited = "known_from: 2, exact: false", "known_from: 0", "known_from: 2, sources: [a"
    for fine in (f"{bound}, sources: [b]", f"{early}, sources: [b]", f"{cited}, b]"):
        text = _with(kind, fine).replace("number: 2, ", f"number: 2, {appears}")
        result, none = parse.parse(text, "test.yaml")
        assert none == [] and result is not None, (fine, none)


def test_an_episode_described_by_a_source_through_its_summary_counts() -> None:
    text = _with("bio", "known_from: 2, sources: [b]").replace(
        "{number: 2, known_from: 0, sources: [a]}",
        "{number: 2, known_from: 0, sources: [a], summary: {text: S., known_from: 2, sources: [b]}}",
    )
    result, found = parse.parse(text, "test.yaml")
    assert found == [] and result is not None


def _bad_data(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"{kind}.yaml"
    if kind == "missing":
        return path
    if kind == "directory":
        path.mkdir()
    elif kind == "empty":
        path.write_text("")
    elif kind == "binary":
        path.write_bytes(b"\x00\x01\x02schema: 1")
    elif kind == "latin-1":
        path.write_bytes("series: {title: Caf\xe9}".encode("latin-1"))
    elif kind == "invalid-yaml":
        path.write_text("schema: 1\nseries: a: b\n")
    elif kind == "python-tag":
        path.write_text("schema: !!python/object/apply:os.system [echo owned]\n")
    return path


@pytest.mark.parametrize("kind", ["missing", "directory", "empty", "binary", "latin-1", "invalid-yaml", "python-tag"])
def test_bad_data_file_is_exit_1_with_its_path(kind: str, tmp_path: Path) -> None:
    path = _bad_data(tmp_path, kind)
    result = cli("--data", str(path), "episodes")
    assert_clean_failure(result, 1)
    assert str(path) in result.stderr
    if kind == "invalid-yaml":
        assert f"{path}:2:" in result.stderr  # line (and column) of the problem
    if kind == "python-tag":
        listed = cli("validate", str(path))
        assert listed.returncode == 1 and "unsupported YAML tag" in listed.stdout
        assert "owned" not in result.stdout + listed.stdout


def test_data_from_the_environment_is_used(tmp_path: Path) -> None:
    path = _bad_data(tmp_path, "missing")
    result = cli("episodes", env={"HISHERS_DATA": str(path)})
    assert_clean_failure(result, 1)
    assert str(path) in result.stderr


def _asking(answered: str, ending_stamp: int = 2) -> str:
    """MINIMAL with episode 1's recap asking one question answered as
    `answered` says, and one ending point `t` stamped `ending_stamp`."""
    episode = (
        "  - number: 1\n    known_from: 0\n    sources: [a]\n"
        "    recap:\n      points: [P.]\n      known_from: 1\n      sources: [a]\n"
        f"      questions: [{{text: Q?, answered: {answered}}}]\n"
    )
    ending = (
        f"ending:\n  - topic: t\n    question: Q?\n    known_from: {ending_stamp}\n"
        "    accounts: [{source: a, text: A.}]\n"
    )
    return MINIMAL.replace("  - {number: 1, known_from: 0, sources: [a]}\n", episode) + ending


@pytest.mark.parametrize(
    ("answered", "ending_stamp", "problem"),
    [
        ("{known_from: 1}", 2, "questions[0].answered: known when the question is asked"),
        ("{known_from: 0}", 2, "questions[0].answered: known when the question is asked"),
        ("{known_from: 2, ending: nope}", 2, "questions[0].answered.ending: no ending point has this topic"),
        ("{known_from: 1, ending: t}", 1, "questions[0].answered: known when the question is asked"),
        ("{known_from: 2, ending: t}", 1, "questions[0].answered: stamped apart from the ending point it names"),
        ("{known_from: 3}", 2, "questions[0].answered.known_from: out of range"),
    ],
)
def test_a_question_is_answered_later_and_by_what_it_names(answered: str, ending_stamp: int, problem: str) -> None:
    assert any(problem in p for p in problems(_asking(answered, ending_stamp))), problems(
        _asking(answered, ending_stamp)
    )


@pytest.mark.parametrize("answered", ["{known_from: 2}", "{known_from: 2, ending: t}", "null"])
def test_a_question_answered_later_or_not_at_all_is_valid(answered: str) -> None:
    found, none = parse.parse(_asking(answered), "test.yaml")
    assert none == [] and found is not None


def test_every_question_of_the_bundled_show_is_answered_after_it_is_asked(show: Dataset) -> None:
    """The guide answers its own questions: each names where, later."""
    asked = [(e.recap.known_from, q) for e in show.episodes if e.recap for q in e.recap.questions]
    assert asked
    points = {p.topic: p for p in show.ending}
    for stamp, q in asked:
        assert q.answered is not None and q.answered.known_from > stamp, q.text
        if q.answered.ending is not None:
            assert points[q.answered.ending].known_from == q.answered.known_from == show.episode_count, q.text
