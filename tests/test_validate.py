"""`hishers validate` and `hishers schema`."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from conftest import MINIMAL, run
from hishers_cli import dataset
from hishers_cli.schema import schema

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
    assert any("episode(s) 3 are missing" in p["message"] for p in data["problems"])
    assert all(set(p) == {"path", "line", "column", "message"} for p in data["problems"])


def _as_json(value: Any) -> Any:
    """YAML data as JSON sees it (dates become strings), as editors check it."""
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def test_schema_command_prints_a_valid_json_schema() -> None:
    result = run("schema")
    assert result.exit_code == 0
    printed = json.loads(result.stdout)
    assert printed == schema()
    jsonschema.Draft202012Validator.check_schema(printed)


def test_schema_accepts_the_bundled_dataset_and_the_docs_example() -> None:
    validator = jsonschema.Draft202012Validator(schema())
    bundled = yaml.safe_load(dataset.bundled_path().read_text(encoding="utf-8"))
    assert list(validator.iter_errors(_as_json(bundled))) == []
    example = re.search(r"```yaml\n(.*?)```", DOCS, re.S)
    assert example is not None
    assert list(validator.iter_errors(_as_json(yaml.safe_load(example.group(1))))) == []


def test_docs_example_is_a_valid_dataset() -> None:
    example = re.search(r"```yaml\n(.*?)```", DOCS, re.S)
    assert example is not None
    found, problems = dataset.parse(example.group(1), "docs/dataset.md")
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
    _, problems = dataset.parse(text, "broken.yaml")
    errors = list(jsonschema.Draft202012Validator(schema()).iter_errors(_as_json(yaml.safe_load(text))))
    assert problems and errors
