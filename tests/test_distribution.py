"""What a packager and a contributor get: the source distribution carries
every file the tests read, the metadata names the licence and what the
package is, the test extra stays small, and CI and the pre-commit hooks run
the same pinned checkers."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def sdist_includes() -> set[str]:
    section = PYPROJECT.split("[tool.hatch.build.targets.sdist]", 1)[1].split("\n[", 1)[0]
    listed = re.search(r"include = \[(.*?)\]", section, re.S)
    assert listed is not None
    return {name.strip("/") for name in re.findall(r'"([^"]+)"', listed.group(1))}


def read_by_tests() -> set[str]:
    """The top-level files and folders of the repository the tests read."""
    found = set()
    for test in ROOT.joinpath("tests").glob("*.py"):
        text = test.read_text(encoding="utf-8")
        found |= set(re.findall(r'(?:ROOT|parents\[1\]\)?) / "([^"/]+)"', text))
    return found


def test_the_sdist_carries_every_file_the_tests_read() -> None:
    read = read_by_tests()
    assert {"docs", "README.md", "examples", "bench", ".ci", "data"} <= read
    # pyproject.toml is in every sdist; the rest is listed.
    assert read - {"pyproject.toml"} <= sdist_includes(), read - sdist_includes()
    assert {"LICENSE", "LICENSES"} <= sdist_includes()


def test_the_metadata_names_the_licence_and_what_the_package_is() -> None:
    meta = metadata.metadata("hishers")
    # MIT for the code and the dataset; CC BY-SA 4.0 for the word list made
    # from wordfreq's data, which says so in its header.
    assert meta["License-Expression"] == "MIT AND CC-BY-SA-4.0"
    assert meta.get_all("License-File") == ["LICENSE", "LICENSES/CC-BY-SA-4.0.txt"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert (ROOT / "LICENSES" / "CC-BY-SA-4.0.txt").read_text(encoding="utf-8").startswith("Attribution-ShareAlike 4.0")
    header = (ROOT / "src" / "hishers_cli" / "lookup" / "english.txt").read_text(encoding="utf-8").split("\n", 3)
    assert "CC BY-SA 4.0" in header[1]
    classifiers = meta.get_all("Classifier") or []
    assert "Environment :: Console" in classifiers and any(c.startswith("Topic ::") for c in classifiers)
    oldest = meta["Requires-Python"].removeprefix(">=")
    assert f"Programming Language :: Python :: {oldest}" in classifiers
    assert meta["Keywords"] and meta["Description-Content-Type"] == "text/markdown"


def extra(name: str) -> list[str]:
    requires = metadata.metadata("hishers").get_all("Requires-Dist") or []
    return [r.split(";")[0].strip() for r in requires if re.search(rf"extra == ['\"]{name}['\"]", r)]


def test_the_browser_test_s_dependency_is_an_extra_of_its_own() -> None:
    assert not any(r.startswith("playwright") for r in extra("test"))
    assert any(r.startswith("playwright") for r in extra("browser"))
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert '".[browser,dev]"' in ci


def test_ci_and_pre_commit_run_the_pinned_checkers_alike() -> None:
    dev = extra("dev")
    assert {re.split(r"[=<>]", r)[0].lower() for r in dev} == {"ruff", "mypy", "types-pyyaml"}
    assert all("==" in r for r in dev), dev
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    hooks = re.findall(r"entry: (.+)", (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    checks = [line.strip() for line in ci if line.strip().startswith(("ruff ", "mypy"))]
    assert checks and sorted(hooks) == sorted(checks)
    assert "pip install -q ruff" not in "\n".join(ci)
