from __future__ import annotations

import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [line.strip() for line in section.splitlines() if line.startswith("    ")]


def test_quick_start_is_two_lines_install_and_run_then_install_and_test() -> None:
    run, test = quick_start()
    venv = "python3 -m venv .venv && . .venv/bin/activate && "
    assert re.fullmatch(re.escape(venv + "pip install . && hishers") + r"( [\w -]+)?", run), run
    assert test == venv + 'pip install ".[test]" && pytest'


def test_the_first_command_welcomes_a_newcomer(tmp_path: Path) -> None:
    """What the first Quick start line runs, in a fresh home with nothing
    saved, says where the viewer is and how to tell it their progress and
    find every command, and spoils nothing."""
    from conftest import assert_no_leak, cli

    args = shlex.split(quick_start()[0].rsplit("&& ", 1)[1])[1:]
    done = cli(*args, env={"HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert "watched 0 of 6" in done.stdout and "hishers progress" in done.stdout and "--help" in done.stdout
    assert_no_leak(done.stdout, 0, "the first Quick start command")


def test_the_readme_is_short() -> None:
    assert len(README.splitlines()) <= 300


LINK = re.compile(r"\]\(([^)\s]+)\)")


def test_every_relative_link_of_the_readme_and_docs_leads_to_a_shipped_file() -> None:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    for page in pages:
        for target in LINK.findall(page.read_text(encoding="utf-8")):
            if not re.match(r"[a-z]+:", target):
                assert (page.parent / target.split("#")[0]).exists(), f"{page.name}: {target}"


def test_the_index_page_description_has_no_relative_link() -> None:
    """On a package index a relative link leads nowhere: the description
    the package is built with names the file instead."""
    from importlib import metadata

    described = metadata.metadata("hishers").get_payload() or metadata.metadata("hishers")["Description"]
    assert "# hishers" in described and "## Quick start" in described
    relative = [t for t in LINK.findall(described) if not re.match(r"[a-z]+:", t)]
    assert not relative, relative
    assert "`docs/usage.md` in the source distribution" in described


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
