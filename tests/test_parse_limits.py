"""Hostile YAML is refused cleanly, quickly and in little memory, before
anything is built from it: deep nesting of every kind and huge flat lists."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FULL, MINIMAL, run
from hishers_cli import parse

DEEP = {
    "flow": "[" * 30_000,
    "flow-mapping": "{a: " * 5_000,
    "block": "".join("  " * i + "- \n" for i in range(400)),
    "compact": "- " * 30_000 + "x\n",
}


@pytest.mark.parametrize("shape", list(DEEP))
def test_deep_nesting_is_a_clean_located_error(shape: str, tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(DEEP[shape], encoding="utf-8")
    for args in (["--data", str(path), "cast"], ["validate", str(path)]):
        result = run(*args)
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert f"{path}:1:" in result.output or f"{path}:" in result.output
        assert "nested" in result.output or "nesting" in result.output, result.output


def test_a_real_dataset_is_within_the_limits() -> None:
    found, problems = parse.parse(MINIMAL, "minimal.yaml")
    assert problems == [] and found is not None


def test_too_many_values_are_refused_before_anything_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse, "MAX_NODES", 1_000)
    found, problems = parse.parse("[" + "1," * 2_000 + "1]", "flat.yaml")
    assert found is None and [str(p) for p in problems] == ["flat.yaml:1:2000: more than 1,000 values; refused"]


def test_a_huge_flat_list_is_refused_in_little_memory(tmp_path: Path) -> None:
    """Under an address-space cap of 1 GB, a flat list over the value limit
    (an 8 MB one holds 4 million values, about 1.3 GB as a YAML tree) gets a
    clean refusal, not a crash. The full profile (CI) runs it at that size;
    the default run lowers the limit in the child to keep it quick."""
    path = tmp_path / "flat.yaml"
    limit, values = (parse.MAX_NODES, 4_000_000) if FULL else (100_000, 150_000)
    path.write_text("[" + "1," * values + "1]", encoding="utf-8")
    probe = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
        "from hishers_cli import dataset, parse\n"
        f"parse.MAX_NODES = {limit}\n"
        "found, problems = dataset.check(__import__('pathlib').Path(sys.argv[1]))\n"
        "print(problems[0])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(path)], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert f"more than {limit:,} values; refused" in result.stdout
