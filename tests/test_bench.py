"""The benchmark script runs end to end (on tiny datasets: this checks that
it works, not how fast anything is)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FULL
from hishers_cli.dataset import parse

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench" / "run.py"


@pytest.mark.full
@pytest.mark.long
@pytest.mark.skipif(not BENCH.exists(), reason="bench/ is in the source checkout only")
def test_bench_runs_on_a_tiny_configuration() -> None:
    # The scaling curve runs in the full profile (CI); the default run checks the table.
    curve = [] if FULL else ["--no-curve"]
    result = subprocess.run(
        [sys.executable, str(BENCH), "--tiny", "--runs", "1", *curve],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for row in (
        "do-nothing Typer app",
        "hishers episodes",
        "hishers who alice",
        "hishers --help",
        "python -c 'import typer' (CPU)",
        "hishers episodes (CPU)",
    ):
        assert f"| {row}" in result.stdout, result.stdout
    assert "first run" in result.stdout and "repeated" in result.stdout
    if FULL:
        assert "Scaling" in result.stdout and "ms per added 1k facts" in result.stdout


def test_generator_is_deterministic_and_valid() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))

    text = generate(600, 20, 10, seed=7)
    assert text == generate(600, 20, 10, seed=7) and text != generate(600, 20, 10, seed=8)
    found, problems = parse.parse(text, "generated.yaml")
    assert problems == [] and found is not None
    assert sum(1 for _ in found.stamped()) == 600
