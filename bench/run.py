"""Time hishers against a do-nothing Typer app, side by side in one run.

    python bench/run.py            # the full table (about ten minutes)
    python bench/run.py --tiny     # a quick smoke run: small datasets, no warm-up

Every case is run `--runs` times, interleaved (one run of every case per
round), and reported as the median wall time, its ratio to its baseline and
the peak resident memory of the process. Start-up is also reported as CPU
time (user + system) against `python -c "import typer"`: what hishers adds to
the framework it is built on. Output is piped, so hishers prints
plain text, as it would into a script or a file. Runs share a fresh XDG
config dir; "repeated" cases use a cache dir kept between runs, "first run"
cases one emptied before every run.
"""

from __future__ import annotations

import argparse
import compileall
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

FLOOR_RATIO = 1.10  # startup and memory, against the do-nothing app
IMPORT_RATIO = 1.05  # CPU of `hishers episodes`, against `python -c "import typer"`
REPEAT_RATIO = 1.5  # big dataset with a warm cache, against the bundled dataset
FIRST_RATIO = 5.0  # big dataset with an empty cache, against the bundled dataset
PARSE_RATIO = 1.5  # CPU of a first run of the big dataset, against PyYAML's bare C compose of the file
EXPORT_RATIO = 4.0  # export html of the big dataset, against reading it (both from an empty cache)
LINEAR_SLACK = 1.25  # marginal cost per fact may vary this much before it counts as growth


@dataclass
class Case:
    name: str
    argv: list[str]
    cold: bool = False  # start every run from an empty cache
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peaks: list[int] = field(default_factory=list)

    @property
    def ms(self) -> float:
        return statistics.median(self.times) * 1000

    @property
    def cpu_ms(self) -> float:
        return statistics.median(self.cpu) * 1000

    @property
    def best_ms(self) -> float:
        return min(self.times) * 1000

    @property
    def mb(self) -> float:
        return max(self.peaks) / 1024


class Runner:
    def __init__(self, work: Path, warm_up: bool = True):
        self.warm_up = warm_up
        self.warm_cache = work / "cache-warm"
        self.cold_cache = work / "cache-cold"
        self.env = dict(os.environ, XDG_CONFIG_HOME=str(work / "config"))
        for name in ("HISHERS_WATCHED", "HISHERS_DATA", "NO_COLOR"):
            self.env.pop(name, None)

    def measure(self, case: Case) -> None:
        cache = self.cold_cache if case.cold else self.warm_cache
        if case.cold:
            shutil.rmtree(cache, ignore_errors=True)
        env = dict(self.env, XDG_CACHE_HOME=str(cache))
        start = time.perf_counter()
        process = subprocess.Popen(case.argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            stderr = process.stderr.read().decode() if process.stderr else ""
            raise SystemExit(f"{' '.join(case.argv)} failed with exit {process.returncode}:\n{stderr}")
        if process.stderr:
            process.stderr.close()
        case.times.append(elapsed)
        case.cpu.append(usage.ru_utime + usage.ru_stime)
        case.peaks.append(usage.ru_maxrss)

    def rounds(self, cases: list[Case], runs: int) -> None:
        # Warm-up: files in the OS cache, warm caches built. A --tiny smoke
        # run skips it, so its "repeated" cases are first runs too.
        for case in cases if self.warm_up else []:
            self.measure(case)
            case.times.clear()
            case.cpu.clear()
            case.peaks.clear()
        for _ in range(runs):
            for case in cases:
                self.measure(case)


def hishers_argv() -> list[str]:
    script = Path(sys.executable).parent / "hishers"
    if not script.exists():
        found = shutil.which("hishers")
        if not found:
            raise SystemExit("hishers is not installed in this environment: pip install . first")
        script = Path(found)
    return [sys.executable, str(script)]


def compiled() -> None:
    """Byte-compile the installed package, as pip does when it installs a
    wheel: an editable install run with PYTHONDONTWRITEBYTECODE would
    otherwise compile every module again on every run."""
    import hishers_cli

    compileall.compile_dir(str(Path(hishers_cli.__file__).parent), quiet=1)


def main() -> int:
    parser = argparse.ArgumentParser(description="Time hishers against a do-nothing Typer app.")
    parser.add_argument("--runs", type=int, default=10, help="runs of each case (default 10)")
    parser.add_argument("--tiny", action="store_true", help="small datasets, for a quick check that it works")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--no-curve", action="store_true", help="skip the scaling curve")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hishers-bench-"))
    try:
        return run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: Path) -> int:
    python, hishers = [sys.executable], hishers_argv()
    compiled()
    runner = Runner(work, warm_up=not args.tiny)

    # (facts, episodes, characters): the soap the targets name, then the curve.
    big_shape = (20_000, 1_000, 400)
    curve_sizes = [1_000, 5_000, 20_000, 100_000]
    if args.tiny:
        big_shape, curve_sizes = (400, 20, 8), [200, 400, 1_000]
    if args.no_curve:
        curve_sizes = []
    datasets: dict[int, tuple[Path, int]] = {}
    for facts in sorted({big_shape[0], *curve_sizes}):
        episodes, characters = big_shape[1:] if facts == big_shape[0] else (facts // 20, facts // 50)
        path = work / f"facts-{facts}.yaml"
        # Generated in a child process, so this process stays small: a child's
        # peak memory as Linux reports it includes the parent it forked from.
        shape = ["--facts", str(facts), "--episodes", str(episodes), "--characters", str(characters)]
        with open(path, "w", encoding="utf-8") as out:
            subprocess.run([*python, str(HERE / "generate.py"), *shape], stdout=out, check=True)
        datasets[facts] = (path, episodes)

    def on(facts: int) -> list[str]:
        path, episodes = datasets[facts]
        return [*hishers, "--data", str(path), "episodes", "--watched", str(episodes // 2)]

    floor = Case("do-nothing Typer app", [*python, str(HERE / "noop_app.py")])
    floor_help = Case("do-nothing Typer app --help", [*python, str(HERE / "noop_app.py"), "--help"])
    framework = Case("python -c 'import typer'", [*python, "-c", "import typer"])
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
    big_file = str(datasets[big_shape[0]][0])
    compose = f"import gc, yaml; gc.disable(); yaml.compose(open({big_file!r}, 'rb'), Loader=yaml.CSafeLoader)"
    parse_floor = Case("  for scale: only PyYAML's C compose of big", [*python, "-c", compose])
    export_argv = [*hishers, "--data", big_file, "--watched", str(big_shape[1]), "export", "html"]
    read_all = [*hishers, "--data", big_file, "--watched", str(big_shape[1]), "cast"]
    read_first = Case(f"big, read: cast after all {big_shape[1]:,} episodes, first run", read_all, cold=True)
    export_first = Case("big, export html of the whole guide, first run", export_argv, cold=True)
    read_repeat = Case("big, read: the same cast, repeated", read_all)
    export_repeat = Case("big, the same export html, repeated", export_argv)
    exports = [read_first, export_first, read_repeat, export_repeat]
    runner.rounds([floor, *commands, floor_help, help_case, repeat, first, parse_floor, *exports], args.runs)
    # Start-up against the framework in rounds of their own: runs of the big
    # dataset (seconds, hundreds of MB) between them disturb the small one
    # more than the other.
    # They take a twentieth of a second each: three times the runs, for a
    # median that moves less from one run of the bench to the next.
    startup = Case("hishers episodes", commands[0].argv)
    runner.rounds([framework, startup], args.runs * 3)

    curve = [(facts, Case("", on(facts)), Case("", on(facts), cold=True)) for facts in curve_sizes]
    curve_runs = max(1, min(args.runs, 5))
    curve_base = Case("hishers episodes", commands[0].argv)
    if curve:
        runner.rounds([curve_base, *(case for _, warm, cold in curve for case in (warm, cold))], curve_runs)

    missed: list[str] = []
    rows: list[tuple[str, ...]] = []

    def row(case: Case, base: Case | None, limit: float | None, memory: Case | None = None) -> None:
        ratio = case.ms / base.ms if base else 1.0
        verdicts = []
        if limit is not None and base is not None:
            ok = ratio <= limit
            verdicts.append(f"<= {limit:.2f}x {base.name}: {'met' if ok else 'MISSED'}")
            if not ok:
                missed.append(case.name)
        if memory is not None:
            mem_ratio = case.mb / memory.mb
            ok = mem_ratio <= FLOOR_RATIO
            verdicts.append(f"memory {mem_ratio:.2f}x: {'met' if ok else 'MISSED'}")
            if not ok:
                missed.append(f"{case.name} (memory)")
        shown = f"{ratio:.2f}x" if base else ""
        rows.append((case.name, f"{case.ms:.0f}", shown, f"{case.mb:.1f}", "; ".join(verdicts)))

    def cpu_row(case: Case, base: Case | None, limit: float | None) -> None:
        """A row of CPU time (user + system) instead of wall time."""
        name = f"{case.name} (CPU)"
        verdict, shown = "", ""
        if base is not None and limit is not None:
            ratio = case.cpu_ms / base.cpu_ms
            ok = ratio <= limit
            shown = f"{ratio:.3f}x"  # close to its target: one more digit than the other rows"
            verdict = f"<= {limit:.2f}x {base.name} (CPU): {'met' if ok else 'MISSED'}"
            if not ok:
                missed.append(name)
        rows.append((name, f"{case.cpu_ms:.0f}", shown, f"{case.mb:.1f}", verdict))

    row(floor, None, None)
    for case in commands:
        row(case, floor, FLOOR_RATIO, memory=floor)
    cpu_row(framework, None, None)
    cpu_row(startup, framework, IMPORT_RATIO)
    row(floor_help, None, None)
    row(help_case, floor_help, FLOOR_RATIO, memory=floor_help)
    row(repeat, commands[0], REPEAT_RATIO)
    row(first, commands[0], FIRST_RATIO)
    row(parse_floor, commands[0], None)
    cpu_row(parse_floor, None, None)
    cpu_row(first, parse_floor, PARSE_RATIO)
    row(read_first, None, None)
    row(export_first, read_first, EXPORT_RATIO)
    row(read_repeat, None, None)
    row(export_repeat, read_repeat, None)

    print(f"Python {sys.version.split()[0]}, {args.runs} interleaved runs per case, medians\n")
    print(table(("case", "median ms", "ratio", "peak MB", "target"), rows))

    if not curve:
        return finish(missed, args.check)
    bundled = curve_base.ms
    print(f"\nScaling: `hishers --data <file> episodes --watched <half>`, {curve_runs} interleaved runs each;")
    print(f"extra = the median minus `hishers episodes` on the bundled dataset ({bundled:.0f} ms in these rounds)\n")
    curve_rows = []
    for facts, warm, cold in curve:
        curve_rows.append(
            (
                f"{facts:,}",
                f"{warm.ms:.0f}",
                f"{(warm.ms - bundled) / facts * 1000:.1f}",
                f"{cold.ms:.0f}",
                f"{(cold.ms - bundled) / facts * 1000:.1f}",
                f"{max(warm.mb, cold.mb):.1f}",
            )
        )
    header = ("facts", "repeated ms", "extra ms per 1k facts", "first run ms", "extra ms per 1k facts", "peak MB")
    print(table(header, curve_rows))
    # Linear or better: the cost of each added fact between the two largest
    # sizes is no more than between the two before them. Judged on each
    # size's fastest run, the one least disturbed by whatever else the
    # machine was doing: a single slow run of a 10-second case moves a
    # median of five a long way.
    (f0, _, c0), (f1, _, c1), (f2, _, c2) = curve[-3:]
    before = (c1.best_ms - c0.best_ms) / (f1 - f0)
    after = (c2.best_ms - c1.best_ms) / (f2 - f1)
    growth = after / before if before > 0 else float("inf")
    linear = growth <= LINEAR_SLACK
    print(
        f"\nfirst run (fastest of {curve_runs}), ms per added 1k facts: {before * 1000:.1f} from {f0:,} to {f1:,}, "
        f"{after * 1000:.1f} from {f1:,} to {f2:,} ({growth:.2f}x: "
        f"{'linear or better' if linear else 'GROWS FASTER THAN LINEAR'})"
    )
    if not linear:
        missed.append("scaling")
    return finish(missed, args.check)


def finish(missed: list[str], check: bool) -> int:
    print("\nall targets met" if not missed else "\nmissed: " + ", ".join(missed))
    return 1 if missed and check else 0


def table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(x) for x in column) for column in zip(header, *rows, strict=True)]
    lines = ["| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |"]
    lines.append("| " + " | ".join("-" * w for w in widths) + " |")
    lines += ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
