from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer.main
import typer.testing
from typer.testing import CliRunner, Result

from hishers_cli import dataset as dataset_module
from hishers_cli.cli import app
from hishers_cli.model import Dataset

DATA = Path(__file__).parent / "data"

# Typer builds its click command tree again on every invoke; the tree does not
# change between calls, so in-process tests build it once.
_COMMAND = typer.main.get_command(app)
typer.testing._get_command = lambda _app: _COMMAND


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own config and cache dirs and no progress from the
    outside."""
    config = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("COLUMNS", "100")
    for name in ("HISHERS_WATCHED", "HISHERS_DATA", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    yield config


@pytest.fixture(scope="session")
def show() -> Dataset:
    return dataset_module.load()


def run(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
    return CliRunner().invoke(app, list(args), env=env, input=input)


def run_json(*args: str) -> dict:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def flat(text: str) -> str:
    """Text with all runs of whitespace made single spaces, so wrapped lines
    can be searched for whole sentences."""
    return re.sub(r"\s+", " ", text)
