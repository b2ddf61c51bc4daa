"""Time hishers against a do-nothing Typer app, side by side in one run.

    python bench/run.py            # the full table (a few minutes)
    python bench/run.py --tiny     # a quick smoke run with small datasets

Every case is run `--runs` times, interleaved (floor, case, floor, case, ...
in one round), and reported as the median wall time, its ratio to the floor,
and the peak resident memory of the process. Output is piped, so hishers
prints plain text, as it would into a script or a file. Each run gets fresh
XDG config and cache directories; "first run" cases start from an empty cache.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

FLOOR_RATIO = 1.10  # startup and memory, against the do-nothing app
REPEAT_RATIO = 1.5  # big dataset with a warm cache, against the bundled dataset
FIRST_RATIO = 5.0  # big dataset with an empty cache, against the bundled dataset


@dataclass
class Case:
    name: str
    argv: list[str]
    cold: bool = False  # empty the cache before every run
    times: list[float] = field(default_factory=list)
    peaks: list[int] = field(default_factory=list)

    @property
    def ms(self) -> float:
        return statistics.median(self.times) * 1000

    @property
    def mb(self) -> float:
        return max(self.peaks) / 1024


def measure(case: Case, env: dict[str, str], cache: Path) -> None:
    if case.cold:
        shutil.rmtree(cache, ignore_errors=True)
    start = time.perf_counter()
    process = subprocess.Popen(case.argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode() if process.stderr else ""
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(case.argv)} failed with exit {process.returncode}:\n{stderr}")
    case.times.append(elapsed)
    case.peaks.append(usage.ru_maxrss)


def hishers_argv() -> list[str]:
    script = Path(sys.executable).parent / "hishers"
    if not script.exists():
        found = shutil.which("hishers")
        if not found:
            raise SystemExit("hishers is not installed in this environment: pip install . first")
        script = Path(found)
    return [sys.executable, str(script)]


def main() -> int:
    parser = argparse.ArgumentParser(description="Time hishers against a do-nothing Typer app.")
    parser.add_argument("--runs", type=int, default=10, help="runs of each case (default 10)")
    parser.add_argument("--tiny", action="store_true", help="small datasets and no scaling curve beyond 1k facts")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="hishers-bench-"))
    try:
        return run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: Path) -> int:
    python, hishers = [sys.executable], hishers_argv()
    floor_app = str(HERE / "noop_app.py")
    env = dict(os.environ, XDG_CONFIG_HOME=str(work / "config"), XDG_CACHE_HOME=str(work / "cache"))
    env.pop("HISHERS_WATCHED", None)
    env.pop("HISHERS_DATA", None)
    cache = work / "cache"

    # (facts, episodes, characters): the soap the targets name, and the curve.
    big_shape = (20_000, 1_000, 400)
    curve_sizes = [1_000, 5_000, 20_000, 100_000]
    if args.tiny:
        big_shape = (400, 20, 8)
        curve_sizes = [200, 1_000]
    datasets: dict[int, tuple[Path, int]] = {}
    for facts in sorted({big_shape[0], *curve_sizes}):
        episodes, characters = (big_shape[1], big_shape[2]) if facts == big_shape[0] else (facts // 20, facts // 50)
        path = work / f"facts-{facts}.yaml"
        path.write_text(generate(facts, episodes, characters), encoding="utf-8")
        datasets[facts] = (path, episodes)

    def on(facts: int) -> list[str]:
        path, episodes = datasets[facts]
        return [*hishers, "--data", str(path), "episodes", "--watched", str(episodes // 2)]

    floor = Case("do-nothing Typer app", [*python, floor_app])
    floor_help = Case("do-nothing Typer app --help", [*python, floor_app, "--help"])
    commands = [
        Case("hishers episodes", [*hishers, "--watched", "3", "episodes"]),
        Case("hishers cast", [*hishers, "--watched", "3", "cast"]),
        Case("hishers who alice", [*hishers, "--watched", "3", "who", "alice"]),
        Case("hishers ending --confirm-spoilers", [*hishers, "--watched", "3", "ending", "--confirm-spoilers"]),
    ]
    help_case = Case("hishers --help", [*hishers, "--help"])
    big = f"{big_shape[0]:,} facts, {big_shape[1]:,} episodes"
    repeat = Case(f"big ({big}), repeated", on(big_shape[0]))
    first = Case(f"big ({big}), first run", on(big_shape[0]), cold=True)
    curve = [(facts, Case(f"{facts:,} facts, repeated", on(facts)), Case(f"{facts:,} facts, first run", on(facts), cold=True)) for facts in curve_sizes]

    rounds = [floor, *commands, floor_help, help_case, repeat, first]
    curve_cases = [case for _, warm, cold in curve for case in (warm, cold)]
    for case in (*rounds, *curve_cases):  # warm-up: imports in the OS cache, repeated-run caches built
        measure(case, env, cache)
        case.times.clear()
        case.peaks.clear()
    for _ in range(args.runs):
        for case in rounds:
            measure(case, env, cache)
    curve_runs = max(1, min(args.runs, 5))
    for _ in range(curve_runs):
        measure(floor, env, cache)
        for case in curve_cases:
            measure(case, env, cache)

    bundled = commands[0]
    rows: list[tuple[str, float, str, float, str]] = []
    missed: list[str] = []

    def row(case: Case, base: Case, limit: float | None, mem_base: Case | None = None) -> None:
        ratio = case.ms / base.ms
        verdict = "" if limit is None else ("met" if ratio <= limit else "MISSED")
        if mem_base is not None:
            mem_ratio = case.mb / mem_base.mb
            ok = mem_ratio <= FLOOR_RATIO
            verdict += f"; memory {mem_ratio:.2f}x {'met' if ok else 'MISSED'}"
            if not ok:
                missed.append(f"{case.name} memory")
        if limit is not None and ratio > limit:
            missed.append(case.name)
        target = "" if limit is None else f"<= {limit:.2f}x {base.name}"
        rows.append((case.name, case.ms, f"{ratio:.2f}x", case.mb, f"{target} {verdict}".strip()))

    row(floor, floor, None)
    for case in commands:
        row(case, floor, FLOOR_RATIO, mem_base=floor)
    row(floor_help, floor_help, None)
    row(help_case, floor_help, FLOOR_RATIO, mem_base=floor_help)
    row(repeat, bundled, REPEAT_RATIO)
    row(first, bundled, FIRST_RATIO)

    print(f"Python {sys.version.split()[0]}, {args.runs} interleaved runs per case, medians\n")
    print(table(("case", "median ms", "ratio", "peak MB", "target"), [(n, f"{ms:.0f}", r, f"{mb:.1f}", t) for n, ms, r, mb, t in rows]))

    print(f"\nScaling ({curve_runs} runs each; extra = median minus the floor's {floor.ms:.0f} ms)\n")
    curve_rows = []
    per_fact: list[float] = []
    for facts, warm, cold in curve:
        extra_warm, extra_cold = warm.ms - floor.ms, cold.ms - floor.ms
        per_fact.append(extra_cold / facts * 1000)
        curve_rows.append((f"{facts:,}", f"{warm.ms:.0f}", f"{extra_warm / facts * 1000:.2f}", f"{cold.ms:.0f}", f"{per_fact[-1]:.2f}", f"{max(warm.mb, cold.mb):.1f}"))
    print(table(("facts", "repeated ms", "extra ms/1k facts", "first run ms", "extra ms/1k facts", "peak MB"), curve_rows))
    # Linear or better: the first-run cost per fact at the largest size is no
    # more than at the middle size, give or take noise.
    linear = per_fact[-1] <= per_fact[len(per_fact) // 2] * 1.25
    print(f"\nfirst-run cost per fact, largest vs middle size: {per_fact[-1] / per_fact[len(per_fact) // 2]:.2f}x ({'linear or better' if linear else 'GROWS FASTER THAN LINEAR'})")
    if not linear:
        missed.append("scaling")
    print("\nall targets met" if not missed else "\nmissed: " + ", ".join(missed))
    return 1 if missed and args.check else 0


def table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows)]
    lines = ["| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |"]
    lines.append("| " + " | ".join("-" * w for w in widths) + " |")
    lines += ["| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |" for r in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
