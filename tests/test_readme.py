from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [line.strip() for line in section.splitlines() if line.startswith("    ")]


def test_quick_start_is_two_lines_install_and_run_then_install_and_test() -> None:
    run, test = quick_start()
    venv = "python3 -m venv .venv && . .venv/bin/activate && "
    assert run.startswith(venv + "pip install . && hishers ")
    assert test == venv + 'pip install ".[test]" && pytest'


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert quick_start()[1] in ci.splitlines()


def test_every_command_is_documented() -> None:
    from hishers_cli.cli import app

    names = [c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands]
    names += [g.name or "" for g in app.registered_groups]
    assert names
    for name in names:
        assert re.search(rf"`hishers {name}\b", README), name


def test_readme_spoils_nothing() -> None:
    """The README is read before watching: it may show only what a viewer at
    progress 0 may see (the docs too)."""
    from conftest import locked_texts

    for name, text in (("README.md", README), ("docs/dataset.md", (ROOT / "docs" / "dataset.md").read_text())):
        page = " ".join(text.split()).casefold()
        leaked = [t for t in locked_texts(0) if t.casefold() in page]
        assert not leaked, f"{name} gives away: {leaked[:3]}"
