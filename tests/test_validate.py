"""`hishers validate` and `hishers schema`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import CONTROLS, MINIMAL, as_json, run
from hishers_cli.dataset import load as dataset, parse
from hishers_cli.dataset.schema import schema

ROOT = Path(__file__).resolve().parents[1]
DOCS = (ROOT / "docs" / "dataset.md").read_text(encoding="utf-8")


def test_bundled_dataset_is_valid() -> None:
    result = run("validate")
    assert result.exit_code == 0, result.output
    assert "no problems found" in result.stdout and "6 episodes" in result.stdout


def test_validate_lists_every_problem_with_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "show.yaml"
    text = (
        MINIMAL.replace("{id: x, name: Xavier, known_from: 0", "{id: x, name: no, known_from: 9")
        .replace("title: Tiny", "title: Tiny\n  title: Twice")
        .replace("file: a.txt}", "file: a.txt, dat: 2026-01-01}")
    )
    early = "{text: Early., known_from: 1, sources: [a]}"
    text += f"  - {{id: x, name: Xander, known_from: 2, sources: [a], bio: [{early}]}}\n"
    text += "  - {id: z, name: Zed, known_from: 1}\n"
    text += "relationships:\n  - {between: [x, nobody], kind: k, text: t, known_from: 0, sources: [zz]}\n"
    path.write_text(text, encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    problems = [line for line in lines if line.startswith(f"{path}:")]
    assert all(re.match(rf"{re.escape(str(path))}:\d+:\d+: ", line) for line in problems), problems
    expected = [
        "duplicate key 'title'",
        "unknown key 'dat'; did you mean 'date'?",
        "name: expected text, got a true/false value (quote it",
        "known_from: out of range (0 to 2)",
        "relationships[0].between: no character has this id",
        "relationships[0].sources: no source has this id",
        "characters: duplicate character id",
        "characters[1].bio: stamped before the character is known",
        "characters[2]: missing required field 'sources'",
    ]
    for message in expected:
        assert any(message in line for line in problems), (message, problems)
    assert f"{len(problems)} problems in {path}." in result.stdout


def test_validate_follows_data_option_and_reports_unreadable_files(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    result = run("--data", str(missing), "validate")
    assert result.exit_code == 1 and f"{missing}: no such file" in result.stdout


def test_validate_json(tmp_path: Path) -> None:
    path = tmp_path / "show.yaml"
    path.write_text(MINIMAL.replace("episodes: 2", "episodes: 3"), encoding="utf-8")
    result = run("validate", str(path), "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["valid"] is False and data["path"] == str(path)
    assert any("but episode 3 is missing" in p["message"] for p in data["problems"])
    assert all(set(p) == {"path", "line", "column", "message"} for p in data["problems"])


def test_schema_command_prints_a_valid_json_schema() -> None:
    result = run("schema")
    assert result.exit_code == 0
    printed = json.loads(result.stdout)
    assert printed == schema()
    jsonschema.Draft202012Validator.check_schema(printed)


def test_schema_accepts_the_bundled_dataset_and_the_docs_example() -> None:
    validator = jsonschema.Draft202012Validator(schema())
    bundled = yaml.safe_load(dataset.bundled_path().read_text(encoding="utf-8"))
    assert list(validator.iter_errors(as_json(bundled))) == []
    example = re.search(r"```yaml\n(.*?)```", DOCS, re.S)
    assert example is not None
    assert list(validator.iter_errors(as_json(yaml.safe_load(example.group(1))))) == []


def test_docs_example_is_a_valid_dataset() -> None:
    example = re.search(r"```yaml\n(.*?)```", DOCS, re.S)
    assert example is not None
    found, problems = parse.parse(example.group(1), "docs/dataset.md")
    assert problems == [] and found is not None and found.title == "Tiny Show"


@pytest.mark.parametrize(
    "change",
    [
        ("name: Xavier", "nmae: Xavier"),
        ("known_from: 0, sources: [a]}\n", "known_from: 0}\n"),
        ("title: Tiny", "title: 3"),
        ("{number: 1,", "{number: 1, extra: 1,"),
    ],
    ids=["unknown-key", "no-sources", "wrong-type", "extra-field"],
)
def test_schema_and_validate_both_reject_broken_shapes(change: tuple[str, str]) -> None:
    text = MINIMAL.replace(*change)
    assert text != MINIMAL
    _, problems = parse.parse(text, "broken.yaml")
    errors = list(jsonschema.Draft202012Validator(schema()).iter_errors(as_json(yaml.safe_load(text))))
    assert problems and errors


# -- control characters ----------------------------------------------------------


def test_validate_reports_every_control_character_with_its_line(tmp_path: Path) -> None:
    character = "  - {id: x, name: Xavier, known_from: 0, sources: [a]}\n"
    assert character in MINIMAL
    written = (
        "  - id: x\n"
        '    name: "Xavier \\e[31m\\a"\n'
        "    known_from: 0\n"
        "    sources: [a]\n"
        "    bio:\n"
        "      - known_from: 0\n"
        "        sources: [a]\n"
        '        text: "A line.\\r Another \\x9b line."\n'
    )
    text = MINIMAL.replace(character, written)
    path = tmp_path / "show.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("validate", str(path), "--json")
    assert result.exit_code == 1, result.stdout
    reported = [p for p in json.loads(result.stdout)["problems"] if "control character" in p["message"]]
    numbered = text.splitlines()
    name_line = next(i for i, t in enumerate(numbered, 1) if "name: " in t and "Xavier" in t)
    bio_line = next(i for i, t in enumerate(numbered, 1) if "Another" in t)
    assert name_line < bio_line
    assert [p["line"] for p in reported] == [name_line] * 2 + [bio_line] * 2
    assert [p["message"].split("control character ")[1][:6] for p in reported] == [
        "U+001B",
        "U+0007",
        "U+000D",
        "U+009B",
    ]
    listed = run("validate", str(path))
    assert "\x1b" not in listed.stdout and "\x07" not in listed.stdout and "U+0007" in listed.stdout
    # Written as they are (not as escapes), YAML itself refuses them: each is located.
    path.write_text(text.replace("Xavier \\e[31m\\a", "Xavier \x1b[31m \x07 \x1b"), encoding="utf-8")
    raw = json.loads(run("validate", str(path), "--json").stdout)["problems"]
    column = numbered[name_line - 1].index("\\e") + 1
    assert [(p["line"], p["column"], p["message"][:24]) for p in raw] == [
        (name_line, column, "control character U+001B"),
        (name_line, column + 6, "control character U+0007"),
        (name_line, column + 8, "control character U+001B"),
    ]


def test_validate_reports_each_control_of_every_kind(hostile_show: Path) -> None:
    result = run("validate", str(hostile_show), "--json")
    assert result.exit_code == 1
    codes = {p["message"].split("control character ")[1][:6] for p in json.loads(result.stdout)["problems"]}
    expected = {f"U+{ord(c):04X}" for c in CONTROLS if c not in "\n\t" and (ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F)}
    assert expected <= codes, expected - codes


def test_impossible_dates_are_refused_and_real_ones_kept(tmp_path: Path) -> None:
    for date, valid in [
        ("2026-99-99", False),
        ("2026-02-30", False),
        ("2026-13-01", False),
        ("26-01-01", False),
        ("2026-1-1", False),
        ("2026-01-01T10:00:00", False),
        ("tomorrow", False),
        ("2024-02-29", True),
        ("2026-12-31", True),
        ("null", True),
    ]:
        _, problems = parse.parse(MINIMAL.replace("date: 2026-01-01", f"date: {date}"), "dates.yaml")
        assert (problems == []) is valid, (date, problems)
        if not valid:
            assert ["not a calendar date" in p.message for p in problems] == [True], (date, problems)
            assert date not in str(problems[0])


@pytest.mark.parametrize(
    ("count", "listed", "expected"),
    [
        (10_000, [1], "episodes 2 to 10000 are missing"),
        (3, [1, 2], "episode 3 is missing"),
        (4, [1, 4], "episodes 2 and 3 are missing"),
        (9, [1, 3, 5, 7, 9], "episodes 2, 4, 6 and 8 are missing"),
        (30, list(range(1, 31, 2)), "episodes 2, 4, 6, 8, 10 and 10 more runs are missing"),
    ],
)
def test_missing_episodes_are_summarised_as_ranges(count: int, listed: list[int], expected: str) -> None:
    episodes = "".join(f"  - {{number: {n}, known_from: 0, sources: [a]}}\n" for n in listed)
    counted = MINIMAL.replace("episodes: 2", f"episodes: {count}")
    text = re.sub(r"episodes:\n(  - .*\n)+", "episodes:\n" + episodes, counted)
    _, problems = parse.parse(text, "show.yaml")
    (problem,) = problems
    assert problem.message == f"episodes: series.episodes is {count} but {expected}"
    assert len(str(problem)) < 200


# Every text value written inside a one-line {...} mapping of MINIMAL, with
# the path validate reports it by.
FLOW_TEXTS = [
    ("sources[0].title", "title: Article"),
    ("sources[0].file", "file: a.txt"),
    ("characters[0].name", "name: Xavier"),
    ("characters[0].id", "id: x,"),
]


@pytest.mark.parametrize(("where", "written"), FLOW_TEXTS)
def test_a_comma_inside_a_flow_text_is_named_with_a_hint_to_quote(where: str, written: str) -> None:
    assert written in MINIMAL
    tail = "," if written.endswith(",") else ""
    split = MINIMAL.replace(written, written.rstrip(",") + ", then more words" + tail, 1)
    found, problems = parse.parse(split, "show.yaml")
    messages = [p.message for p in problems]
    assert any(m.startswith(f"{where}: a comma inside this text split") and "quotes" in m for m in messages), messages
    quoted = MINIMAL.replace(written, written.replace(": ", ': "').rstrip(",") + ', then more words"' + tail, 1)
    found, problems = parse.parse(quoted, "show.yaml")
    assert problems == [] and found is not None


@pytest.mark.parametrize(("where", "written"), FLOW_TEXTS)
def test_a_colon_inside_a_flow_text_suggests_quoting(where: str, written: str) -> None:
    split = MINIMAL.replace(written, written.rstrip(",") + ": more" + ("," if written.endswith(",") else ""), 1)
    _found, problems = parse.parse(split, "show.yaml")
    assert len(problems) == 1 and "put that text in quotes" in problems[0].message, problems


def test_an_unknown_key_of_a_flow_mapping_is_not_taken_for_a_split_text() -> None:
    _found, problems = parse.parse(MINIMAL.replace("file: a.txt", "file: a.txt, dat: 2026-01-01"), "show.yaml")
    assert [p.message for p in problems] == ["sources[0]: unknown key 'dat'; did you mean 'date'?"]


def test_the_docs_write_no_text_in_a_one_line_mapping() -> None:
    """The docs' examples use block style, so a text copied from them may hold a comma."""
    for page in sorted((ROOT / "docs").glob("*.md")):
        for block in re.findall(r"```yaml\n(.*?)```", page.read_text(encoding="utf-8"), re.S):
            for line in block.splitlines():
                assert not re.search(r"\{[^}]*\b(text|title|name|summary|topic): [^\"'{]", line), (page.name, line)
