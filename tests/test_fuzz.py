"""Random and mutated input: the only outcomes are success or a clean,
reported error. No other exception ever escapes."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import FULL, MINIMAL, examples, run
from hishers_cli import numbers
from hishers_cli.dataset import load as dataset, parse
from hishers_cli.errors import DatasetError, Problem, ProgressError

BASE: dict[str, Any] = yaml.safe_load(
    MINIMAL
    + """\
relationships:
  - {between: [x, x], kind: self, text: Alone., known_from: 1, sources: [a]}
ending:
  - topic: t
    question: Who?
    known_from: 2
    agree: false
    accounts: [{source: a, text: Him.}]
events:
  - {lane: past, order: 1, text: Once., known_from: 0, sources: [a]}
"""
)
BASE["characters"][0]["bio"] = [{"text": "A man.", "known_from": 0, "sources": ["a"]}]
BASE["characters"][0]["cast"] = [{"actor": "Some One", "known_from": 0, "sources": ["a"]}]
BASE["episodes"][0]["summary"] = {"text": "Things happen.", "known_from": 1, "sources": ["a"]}

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.sampled_from(["no", "off", "yes", "~", "1e3", "0x1F", "2026-01-08", "-1", "7", "x", "a"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, (*prefix, i))
    return found


PATHS = [p for p in _paths(BASE) if p]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """The base dataset with a few fields replaced, removed or duplicated."""
    doc = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        path = draw(st.sampled_from(PATHS))
        parent: Any = doc
        try:
            for step in path[:-1]:
                parent = parent[step]
            action = draw(st.sampled_from(["replace", "delete", "stamp"]))
            if action == "delete":
                del parent[path[-1]]
            elif action == "stamp":
                parent[path[-1]] = draw(st.integers(min_value=-3, max_value=12))
            else:
                parent[path[-1]] = draw(values)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed this path
    return dump(doc)


def dump(value: Any) -> str:
    return yaml.dump(value, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True)


def assert_clean(text: str) -> None:
    result, problems = parse.parse(text, "fuzz.yaml")
    if result is None:
        assert problems and all(isinstance(p, Problem) for p in problems)
        assert all(str(p).startswith("fuzz.yaml") for p in problems)
    else:
        assert problems == []
        assert result.episode_count >= 1


FUZZ = settings(max_examples=examples(1500), deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.long
@FUZZ
@given(mutated())
def test_mutated_datasets_parse_or_report(text: str) -> None:
    assert_clean(text)


@FUZZ
@given(values)
def test_any_yaml_value_parses_or_reports(value: Any) -> None:
    assert_clean(dump(value))


def nested(depth: int, flow: bool, kinds: list[str]) -> str:
    """A YAML document nested `depth` deep, in flow or block style, each
    level a list or a mapping as `kinds` says."""
    if flow:
        opening = "".join("[" if kinds[i % len(kinds)] == "seq" else "{a: " for i in range(depth))
        closing = "".join("]" if kinds[i % len(kinds)] == "seq" else "}" for i in reversed(range(depth)))
        return opening + "x" + closing + "\n"
    lines = []
    for i in range(depth):
        lines.append("  " * i + ("-" if kinds[i % len(kinds)] == "seq" else "a:"))
    return "\n".join(lines) + " x\n"


@settings(max_examples=examples(200), deadline=None)
@given(
    st.integers(1, 3000),
    st.booleans(),
    st.lists(st.sampled_from(["seq", "map"]), min_size=1, max_size=4),
)
def test_any_nesting_depth_parses_or_reports(depth: int, flow: bool, kinds: list[str]) -> None:
    assert_clean(nested(depth, flow, kinds))


@settings(max_examples=examples(50), deadline=None)
@given(st.integers(1, 2_500_000 if FULL else 50_000), st.sampled_from(["1", "a", "{}", "[]", "''"]))
def test_long_flat_lists_parse_or_report(length: int, item: str) -> None:
    assert_clean("[" + ", ".join([item] * length) + "]\n")


@settings(max_examples=examples(1000), deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_parses_or_reports(text: str) -> None:
    assert_clean(text)


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=200))
def test_arbitrary_files_load_or_raise_dataset_error(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(raw)
    try:
        dataset.load(path, use_cache=False)
    except DatasetError as e:
        assert e.problems and str(path) in str(e)
    found, problems = dataset.check(path)
    assert (found is None) == bool(problems)


@settings(max_examples=examples(1000), deadline=None)
@given(st.text(max_size=12))
def test_progress_values_are_a_number_in_range_or_a_progress_error(value: str) -> None:
    try:
        watched = numbers.parse_watched(value, 6)
    except ProgressError as e:
        assert "use a whole number from 0 to 6" in str(e)
    else:
        assert 0 <= watched <= 6 and int(value.strip()) == watched


@settings(max_examples=examples(200), deadline=None)
@given(st.text(max_size=12))
def test_any_watched_option_is_ok_or_a_usage_error(value: str) -> None:
    result = run("--watched", value, "episodes")
    assert result.exit_code in (0, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@settings(max_examples=examples(300), deadline=None)
@given(st.sampled_from(["who", "search"]), st.integers(0, 6), st.text(min_size=1, max_size=20))
def test_any_name_or_search_text_is_answered_cleanly(command: str, watched: int, text: str) -> None:
    result = run("--watched", str(watched), command, text)
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if result.exit_code == 1:
        assert result.stderr.startswith("Error: ")


def every_text(value: Any) -> list[str]:
    """Every string in a parsed dataset's records."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, tuple):
        return [t for item in value for t in every_text(item)]
    return []


@settings(max_examples=examples(500), deadline=None)
@given(st.text(min_size=1, max_size=40).filter(str.strip), st.sampled_from(["name", "bio", "relationship"]))
def test_no_text_read_from_a_dataset_holds_a_control_character(text: str, where: str) -> None:
    """Any text, in any field, written as a YAML escape: the records hold no
    control character but newline and tab (shown as symbols instead), and
    validate reports each one it was given."""
    from hishers_cli.controls import has_control, is_control

    shown = dict(copy.deepcopy(BASE))
    quoted = json.dumps(text + " x")  # a double-quoted YAML scalar, every control escaped
    if where == "name":
        shown["characters"][0]["name"] = text + " x"
    elif where == "bio":
        shown["characters"][0]["bio"][0]["text"] = text + " x"
    else:
        shown["relationships"][0]["text"] = text + " x"
    source = json.dumps(shown, default=str)
    assert quoted in source
    found, problems = parse.parse(source, "fuzz.yaml")
    given_controls = [ch for ch in text if is_control(ch)]
    if found is None:
        assert problems
        return
    assert all(not has_control(t) for record in (found.characters, found.relationships) for t in every_text(record))
    _, strict = parse.parse(source, "fuzz.yaml", strict=True)
    assert len([p for p in strict if "control character" in p.message]) == len(given_controls)
