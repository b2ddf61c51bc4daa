from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import hypothesis
import pytest
from typer.testing import CliRunner, Result

from hishers_cli.cli import app, typer_adapter
from hishers_cli.dataset import load as dataset_module
from hishers_cli.dataset.model import Dataset

DATA = Path(__file__).parent / "data"

# The default run is quick and in-process; CI runs every property and fuzz
# test at full strength, every test that starts a process of its own and
# the app's tests of one mechanism each (marked `full`), with
# HISHERS_TEST_PROFILE=full.
FULL = os.environ.get("HISHERS_TEST_PROFILE") == "full"

# What the default run samples (a level, a quarter of a table) and the seed of every
# Hypothesis test: fixed, so a run says the same thing every day, printed in
# the header, and set with HISHERS_TEST_SEED to reproduce or vary a run.
SEED = int(os.environ.get("HISHERS_TEST_SEED") or 0)


def levels(last: int = 6) -> list[int]:
    """The progress levels a level-by-level check walks in this profile: every
    one in the full run; in the default run one, picked by the seed."""
    every = list(range(last + 1))
    return every if FULL else [random.Random(f"{SEED} levels {last}").choice(every)]


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """`-n auto` (the default): one worker per core in the full profile; the
    default run stays in this process, where a worker's start-up and second
    collection would cost more than the tests they share."""
    return None if FULL else 0


def pytest_configure(config: pytest.Config) -> None:
    """The default run draws a sample of the app's screens, so the snapshots
    it leaves out are expected there; the full run draws every one, and a
    snapshot nothing draws fails it."""
    if not FULL:
        config.option.warn_unused_snapshots = True


def pytest_report_header() -> str:
    profile = "full" if FULL else "default (HISHERS_TEST_PROFILE=full runs the tests marked full as well)"
    return f"hishers: profile {profile}; seed {SEED} (set HISHERS_TEST_SEED to change it)"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The default run leaves the tests marked `full` to the full profile.
    The long tests run first: none is left to start near the end while the
    other worker has nothing left to do, so the workers finish together."""
    if config.getoption("hypothesis_seed", None) is None:
        # Every Hypothesis test draws from the seed too (--hypothesis-seed
        # still chooses another for one run).
        for item in items:
            if isinstance(item, pytest.Function) and hasattr(item.function, "hypothesis"):
                hypothesis.seed(SEED)(item.function)
    if not FULL:
        left = [item for item in items if item.get_closest_marker("full")]
        if left:
            config.hook.pytest_deselected(items=left)
            items[:] = [item for item in items if not item.get_closest_marker("full")]
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


def examples(full: int) -> int:
    """How many examples a Hypothesis test tries in this profile: `full` in
    the full run, one in a hundred (at least five) in the default run."""
    return full if FULL else max(5, full // 100)


def sampled(cases: Iterable[Any]) -> list[Any]:
    """The cases of a table a test runs in this profile: every one in the
    full run, one in four (at least one, picked by the seed, in their
    order) in the default run."""
    table = list(cases)
    if FULL or len(table) < 2:
        return table
    # The table as text without the checkout's folder: the same seed picks
    # the same cases wherever the repository lies.
    text = repr(table).replace(str(DATA.parent.parent), "")
    picked = set(random.Random(f"{SEED} {text}").sample(range(len(table)), (len(table) + 3) // 4))
    return [case for i, case in enumerate(table) if i in picked]


# In-process tests build the click command tree once, not on every invoke.
COMMAND = typer_adapter.build_once_for_tests(app)


# How many folders `tmp_path` has made for each test name in this process.
_numbered: dict[str, int] = {}


@pytest.fixture
def tmp_path(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pytest's own `tmp_path`, named as pytest names it (the test's name
    and a number, under the run's base folder), made in constant time:
    pytest finds the number by reading the whole base folder, which fills
    with every test of the run."""
    name = re.sub(r"\W", "_", request.node.name)[:30]
    while True:
        number = _numbered.get(name, 0)
        _numbered[name] = number + 1
        path = tmp_path_factory.getbasetemp() / f"{name}{number}"
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            continue
        return path


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own config, data and cache dirs and no progress from the
    outside."""
    config = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("COLUMNS", "100")
    for name in ("HISHERS_WATCHED", "HISHERS_DATA", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    yield config


TINY = DATA / "tiny.yaml"

# The installed console script, next to this Python.
SCRIPT = shutil.which("hishers", path=os.path.dirname(sys.executable)) or str(Path(sys.executable).parent / "hishers")


# A command run with Ctrl-C (SIGINT) as a terminal delivers it. A process
# started with SIGINT ignored (pytest under nohup or as a background job)
# would pass that on to its children, and Python then leaves SIGINT ignored.
def interruptible(*argv: str) -> list[str]:
    """`argv` run with SIGINT reset to its default first."""
    reset = "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])"
    return [sys.executable, "-c", reset, *argv]


# What only a real process shows: its locale, its encoding, its terminal.
PROCESS_ONLY = {"LC_ALL", "LANG", "PYTHONIOENCODING", "TERM", "COLUMNS", "NO_COLOR"}


def cli(*args: str, env: dict[str, str] | None = None, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """The installed console script, as a user runs it. The default run takes
    the same command in-process where a process would add nothing (no locale,
    encoding, terminal or working directory of its own); the full run (CI)
    always starts the installed script."""
    if not FULL and not kwargs and not set(env or {}) & PROCESS_ONLY:
        result = run(*args, env=env)
        return subprocess.CompletedProcess([SCRIPT, *args], result.exit_code, result.stdout, result.stderr)
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [SCRIPT, *args], env=full_env, capture_output=True, text=True, check=False, timeout=60, **kwargs
    )  # type: ignore[call-overload]


# A run of the CLI: its arguments and the environment it adds.
Probe = tuple[list[str], dict[str, str]]

# Runs of the CLI one after another in one process, each a fresh call of the
# console script's entry point with its own arguments, environment and
# streams; each run's exit code and both streams come back as JSON.
_BATCH = """
import io, json, os, sys
from hishers_cli.entry import main
results = []
for args, env in json.loads(sys.argv[1]):
    before = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    out, err = io.TextIOWrapper(io.BytesIO()), io.TextIOWrapper(io.BytesIO())
    sys.stdout, sys.stderr, sys.argv = out, err, ["hishers", *args]
    try:
        main()
        code = 0
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else 0 if e.code is None else 1
    for stream in (out, err):
        stream.flush()
    sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    results.append([code, *(s.buffer.getvalue().decode() for s in (out, err))])
    for name, value in before.items():
        if value is None:
            del os.environ[name]
        else:
            os.environ[name] = value
print(json.dumps(results))
"""


def cli_batch(
    probes: list[Probe], env: dict[str, str] | None = None, prelude: str = "", cwd: Path | None = None
) -> list[subprocess.CompletedProcess[str]]:
    """Many runs of the CLI in one process with the environment `env` (this
    one's by default), in the folder `cwd` (this one's by default), after
    `prelude` (such as a memory cap), where a
    process start per run would only repeat the start-up: what each run
    prints and exits with, as if it had a process of its own."""
    batch = subprocess.run(
        [sys.executable, "-c", prelude + _BATCH, json.dumps(probes)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ.copy() if env is None else env,
        cwd=cwd,
        check=False,
    )
    assert batch.returncode == 0, batch.stderr
    return [
        subprocess.CompletedProcess([SCRIPT, *args], code, out, err)
        for (args, _), (code, out, err) in zip(probes, json.loads(batch.stdout), strict=True)
    ]


def finished_pid() -> int:
    """The id of a process that has run and ended, as a killed writer's is."""
    done = subprocess.Popen(["true"])
    done.wait()
    return done.pid


def assert_clean_failure(result: subprocess.CompletedProcess[str], code: int) -> None:
    """The exit code, a message on stderr, and no traceback."""
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
    assert result.stderr.strip(), "an error must say what went wrong"


# The smallest valid dataset, for tests that change one thing in it.
MINIMAL = """\
schema: 1
sources:
  - {id: a, title: Article, date: 2026-01-01, file: a.txt}
series:
  title: Tiny
  episodes: 2
episodes:
  - {number: 1, known_from: 0, sources: [a]}
  - {number: 2, known_from: 0, sources: [a]}
characters:
  - {id: x, name: Xavier, known_from: 0, sources: [a]}
"""


@pytest.fixture(scope="session")
def show() -> Dataset:
    """The bundled show, for its own integrity and spoiler tests."""
    return dataset_module.load()


@pytest.fixture(scope="session")
def tiny() -> Dataset:
    """A small fixture show (tests/data/tiny.yaml) for behaviour tests: a
    curation edit to the bundled show never breaks them."""
    return dataset_module.load(TINY)


def run_tiny(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
    return run("--data", str(TINY), *args, env=env, input=input)


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


@cache
def _show(path: Path | None = None) -> Dataset:
    return dataset_module.load(path)


@cache
def locked_texts(watched: int, path: Path | None = None) -> tuple[str, ...]:
    """Texts of the bundled show's facts (or those of the dataset file at
    `path`) stamped after `watched` that no visible fact also says."""
    return locked_in(_show(path), watched)


def locked_in(show: Dataset, watched: int) -> tuple[str, ...]:
    """Texts of a show's facts stamped after `watched` that no visible fact also says."""
    visible = [flat(t) for f in show.stamped() if f.known_from <= watched for t in f.texts]
    texts = set()
    for f in show.stamped():
        if f.known_from > watched:
            # A locked character's first name or surname alone is a leak too.
            words = f.texts[0].split() if f.kind == "character" else []
            for t in (*f.texts, *words):
                if not any(flat(t) in v for v in visible):
                    texts.add(flat(t))
    return tuple(sorted(texts))


def json_strings(document: Any) -> str:
    """Every key and string in a JSON document, one per line."""
    if isinstance(document, dict):
        return "\n".join(f"{k}\n{json_strings(v)}" for k, v in document.items())
    if isinstance(document, list):
        return "\n".join(json_strings(v) for v in document)
    return str(document) if document is not None else ""


def assert_no_leak(output: str, watched: int, where: str, path: Path | None = None) -> None:
    """No locked text in the output, in any case. Not even a name the user
    typed is repeated back: "no one called 'Catherine'" names her as well."""
    text = flat(output).casefold()
    leaked = [t for t in locked_texts(watched, path) if t.casefold() in text]
    assert not leaked, f"{where} at progress {watched} shows later facts: {leaked[:3]}"


def char_device(folder: Path) -> Path:
    """A character device to aim a link at in tests that check it is left
    alone: a private null device made in `folder` when the tests run as root
    (so even a broken writer can only replace this copy), else /dev/null
    (which a user other than root cannot replace)."""
    import stat

    path = folder / "null-device"
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except OSError:
        return Path("/dev/null")
    return path


def record_types() -> set[type]:
    """Every record type a dataset file holds, from its top level down."""
    from hishers_cli.dataset.fields import fields
    from hishers_cli.dataset.model import DatasetFile

    seen: set[type] = set()
    todo: list[type] = [DatasetFile]
    while todo:
        record = todo.pop()
        seen.add(record)
        todo += [f.record for f in fields(record) if f.record is not None and f.record not in seen]
    return seen


def read_yaml(text: str) -> Any:
    """YAML read as the dataset reader reads it (libyaml where it is built)."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def as_json(value: Any) -> Any:
    """YAML data as JSON sees it (dates become strings), as editors check it."""
    import datetime

    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


# Every kind of control a text could carry: CSI colour, an OSC title with BEL,
# a C1 CSI, NUL, backspace, carriage return, form feed, DEL, NEL.
CONTROLS = "\x1b[31m\x1b]0;pwned\x07\x9b2J\x00\x08\r\x0c\x7f\x85"
TEXT_KEYS = {"name", "text", "title", "label", "kind", "question", "actor", "part", "topic", "note"}


def hostile(value: Any) -> Any:
    """Data with controls in the middle of every text it shows."""
    if isinstance(value, dict):
        return {k: _marked(v) if k in TEXT_KEYS and isinstance(v, str) else hostile(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_marked(v) if isinstance(v, str) and " " in v else hostile(v) for v in value]
    return value


def _marked(text: str) -> str:
    return f"{text} {CONTROLS}end"


@pytest.fixture
def hostile_show(tmp_path: Path) -> Path:
    """The fixture show with controls in every text, written as JSON (which
    is YAML): every control an escape (\\u001b), as a curator's editor might."""
    shown = hostile(read_yaml(TINY.read_text(encoding="utf-8")))
    assert CONTROLS in str(shown["characters"][0]["name"])
    path = tmp_path / "hostile.yaml"
    path.write_text(json.dumps(as_json(shown)), encoding="utf-8")
    return path


# Words from the bundled show's finale and twists, which must find nothing
# before then (inputs to the leak checks, not expected output).
SEARCH_PROBES = ["killer", "lake house", "letter", "tape", "dementia", "assault", "baby", "LIAR", "Catherine", "novel"]
