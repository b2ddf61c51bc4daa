"""Hostile YAML is refused cleanly, quickly and in little memory, before
anything is built from it: deep nesting of every kind and huge flat lists."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FULL, MINIMAL, Probe, assert_clean_failure, cli_batch, run
from hishers_cli.dataset import parse

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


@pytest.mark.full
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
        "from hishers_cli.dataset import load as dataset, parse\n"
        f"parse.MAX_NODES = {limit}\n"
        "found, problems = dataset.check(__import__('pathlib').Path(sys.argv[1]))\n"
        "print(problems[0])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(path)], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert f"more than {limit:,} values; refused" in result.stdout


# -- numbers and aliases read from the file ------------------------------------

SCRIPT = shutil.which("hishers") or str(Path(sys.executable).parent / "hishers")
# 1 GB of address space: far more than any command needs on a small file,
# far less than anything sized by a hostile number or an alias expansion.
CAPPED = "import resource; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))"


def capped_run(args: list[str], env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """The installed CLI under the memory cap; the timeout only guards a hang."""
    probe = f"{CAPPED}\nimport sys; from hishers_cli.entry import main; sys.argv = ['hishers'] + sys.argv[1:]; main()\n"
    return subprocess.run(
        [sys.executable, "-c", probe, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        check=False,
    )


def every_command() -> list[list[str]]:
    """Every command of the registry, a group's as each of its commands,
    with the arguments it needs to read the dataset."""
    from conftest import COMMAND

    needs = {"who": ["x"], "search": ["x"], "episodes": [], "new": ["1"], "recap": [], "export site": ["site"]}
    out = []
    for name, command in COMMAND.commands.items():
        subcommands = getattr(command, "commands", None)
        for full in [f"{name} {sub}" for sub in subcommands] if subcommands else [name]:
            out.append([*full.split(), *needs.get(full, [])])
    return out


def capped_runs(probes: list[Probe], env: dict[str, str]) -> list[subprocess.CompletedProcess]:
    """Each probe (arguments and environment) as the installed CLI under the
    memory cap: one process per probe in the full run (CI), all in one capped
    process in the default run."""
    if FULL:
        return [capped_run(args, env={**env, **extra}, timeout=30) for args, extra in probes]
    return cli_batch(probes, {**os.environ, **env}, prelude=CAPPED)


HOSTILE_COUNTS = ["1000000000000", "1" + "0" * 100, "10001", "0x7fffffffffffffff", "1_000_000_000", "0", "-3"]


@pytest.fixture(scope="module")
def hostile_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list[subprocess.CompletedProcess]]]:
    """For each hostile count, a show declaring that many episodes and what
    every command, validate and each completion answer on it (all counts'
    runs in one capped process in the default run)."""
    probes: list[Probe] = []
    paths = {}
    for count in HOSTILE_COUNTS:
        folder = tmp_path_factory.mktemp("huge")
        paths[count] = path = folder / "huge.yaml"
        path.write_text(MINIMAL.replace("episodes: 2", f"episodes: {count}"), encoding="utf-8")
        env = {"XDG_CONFIG_HOME": str(folder / "config"), "XDG_CACHE_HOME": str(folder / "cache")}
        probes += [(["--data", str(path), *c], env) for c in every_command()]
        probes.append((["validate", str(path)], env))
        probes += [
            (
                [],
                {**env, "_HISHERS_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(len(line.split()))},
            )
            for line in completions(path)
        ]
    results = capped_runs(probes, {})
    size = len(results) // len(HOSTILE_COUNTS)
    return {count: (paths[count], results[i * size : (i + 1) * size]) for i, count in enumerate(HOSTILE_COUNTS)}


def completions(path: Path) -> list[str]:
    return [f"hishers --data {path}{words} " for words in (" --watched", " progress set", " who", " episodes")]


@pytest.mark.full
@pytest.mark.long
@pytest.mark.parametrize("count", HOSTILE_COUNTS)
def test_a_huge_episode_count_is_refused_by_every_command_and_completion(
    count: str, hostile_runs: dict[str, tuple[Path, list[subprocess.CompletedProcess]]]
) -> None:
    """series.episodes is checked against its limit before anything is
    counted, listed or offered per episode: every command, validate and
    completion answer at once, in little memory."""
    path, results = hostile_runs[count]
    commands = every_command()
    ran, listed, completed = results[: len(commands)], results[len(commands)], results[len(commands) + 1 :]
    for command, result in zip(commands, ran, strict=True):
        assert result.args[-len(command) :] == command
        assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr, (command, result.stderr)
        if command[0] not in ("schema", "cache") and command != ["progress", "reset"]:
            assert result.returncode in (1, 2), (command, result.returncode)
    assert listed.args[-1] == str(path)
    assert listed.returncode == 1 and f"out of range (1 to {parse.MAX_EPISODES})" in listed.stdout, listed.stdout
    for line, completion in zip(completions(path), completed, strict=True):
        assert completion.returncode == 0 and completion.stdout.strip() == "", (line, completion)


def test_the_episode_limit_is_the_documented_one() -> None:
    docs = (Path(__file__).resolve().parents[1] / "docs" / "dataset.md").read_text(encoding="utf-8")
    assert f"{parse.MAX_EPISODES:,} episodes" in docs
    assert f"{parse.MAX_DEPTH} levels" in docs and f"{parse.MAX_NODES:,} values" in docs


def aliased_text(size: int, times: int) -> str:
    """A valid show whose one bio text of `size` characters is aliased `times` times."""
    stage = "{text: *t, known_from: 0, sources: [a]}"
    bio = ", ".join([f"{{text: &t {'w' * size}, known_from: 0, sources: [a]}}"] + [stage] * (times - 1))
    character = "{id: x, name: Xavier, known_from: 0, sources: [a]}"
    return MINIMAL.replace(character, character[:-1] + f", bio: [{bio}]}}").replace(
        "- {number: 1, known_from: 0, sources: [a]}", "- {number: 1, known_from: 0, sources: [a], appearances: [x]}"
    )


@pytest.mark.full
def test_aliases_are_budgeted_by_the_text_they_expand_to(tmp_path: Path) -> None:
    """One 1 MB text aliased 20,000 times is a 2 MB file and 20 GB of text:
    refused, by the reader, in every command that would show it (the
    default run scales the text down to 20 KB)."""
    size, times = (1 << 20, 20_000) if FULL else (20_000, 2_000)
    path = tmp_path / "aliased.yaml"
    path.write_text(aliased_text(size, times), encoding="utf-8")
    env = {"XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    for command in (["who", "xavier"], ["search", "w"], ["export", "html"], ["cast"]):
        result = capped_run(["--data", str(path), *command], env=env, timeout=120)
        assert result.returncode == 1 and "Traceback" not in result.stderr, (command, result.stderr[-500:])
        assert "aliases expand to far more text than the file holds" in result.stderr
    listed = capped_run(["validate", str(path)], env=env, timeout=120)
    assert listed.returncode == 1 and "aliases expand to far more text" in listed.stdout


def test_a_few_aliases_of_short_text_are_fine() -> None:
    found, problems = parse.parse(aliased_text(40, 50), "aliased.yaml")
    assert problems == [] and found is not None
    (xavier,) = found.characters
    assert len(xavier.bio) == 50 and xavier.bio[-1].text == "w" * 40


def test_the_pipe_wait_is_the_documented_one() -> None:
    from hishers_cli.dataset import load as dataset

    docs = (Path(__file__).resolve().parents[1] / "docs" / "dataset.md").read_text(encoding="utf-8")
    assert f"no pause over {dataset.PIPE_WAIT:g} seconds" in docs


def test_a_copy_cached_by_an_older_reader_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the reader refuses or rewrites changed (control characters,
    aliases): a dataset cached before that, by the same version of hishers,
    is not served in place of reading the file again."""
    from hishers_cli.dataset import cache, load as dataset

    path = tmp_path / "show.yaml"
    path.write_text(MINIMAL.replace("name: Xavier", 'name: "Xavier \\e[31m"'), encoding="utf-8")
    read = dataset.read_bytes(path)
    key = cache.key(path, read.size, read.mtime_ns, read.raw)
    current = cache.FORMAT
    monkeypatch.setattr(cache, "FORMAT", current - 1)
    raw, _ = parse.parse(MINIMAL, str(path))
    assert raw is not None
    older = raw._replace(characters=tuple(c._replace(name="Xavier \x1b[31m") for c in raw.characters))
    cache.write(key, older)
    assert cache.read(key, len(read.raw)) is not None  # as the older reader left it
    monkeypatch.setattr(cache, "FORMAT", current)
    dataset._loaded.clear()
    assert cache.read(key, len(read.raw)) is None
    (xavier,) = dataset.load(path).characters
    assert xavier.name == "Xavier \u241b[31m"


BOMB = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
schema: 1
sources: *i
series: {title: Bomb, episodes: 1}
episodes: *i
characters: *i
"""


@pytest.mark.full
def test_alias_bomb_is_refused_within_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMB)
    # 512 MB of address space is far more than hishers needs and far less
    # than expanding the bomb would take; the timeout only guards a hang.
    limit = "import resource; resource.setrlimit(resource.RLIMIT_AS, (512 << 20, 512 << 20))\n"
    probe = limit + "import sys; from hishers_cli.cli import main; sys.argv = ['hishers'] + sys.argv[1:]; main()\n"
    result = subprocess.run(
        [sys.executable, "-c", probe, "--data", str(path), "episodes"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert_clean_failure(result, 1)
    assert "alias" in result.stderr


def test_file_over_the_size_limit_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from hishers_cli.dataset import load

    monkeypatch.setattr(load, "MAX_BYTES", 1000)
    path = tmp_path / "huge.yaml"
    path.write_text("# padding\n" * 200)
    result = run("--data", str(path), "episodes")
    assert result.exit_code == 1
    assert "the limit is 1,000" in result.stderr and str(path) in result.stderr


@pytest.mark.parametrize("kind", ["file", "pipe"])
@pytest.mark.parametrize("size", [1000, 1001])
def test_input_is_read_whole_up_to_the_size_limit_and_refused_past_it(
    kind: str, size: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hishers_cli.dataset import load
    from hishers_cli.errors import DatasetError

    monkeypatch.setattr(load, "MAX_BYTES", 1000)
    content = b"#" * (size - 1) + b"\n"
    if kind == "file":
        path = tmp_path / "show.yaml"
        path.write_bytes(content)
    else:
        readable, writable = os.pipe()  # the content fits in a pipe's buffer
        os.write(writable, content)
        os.close(writable)
        path = Path(f"/dev/fd/{readable}")
    try:
        if size <= 1000:
            assert load.read_bytes(path).raw == content
        else:
            with pytest.raises(DatasetError, match="limit (is|of) 1,000"):
                load.read_bytes(path)
    finally:
        if kind == "pipe":
            os.close(readable)


@pytest.mark.parametrize("key", ["words", '"\\x77ords"', "'words'"])
def test_a_vocabulary_over_its_limit_is_refused_however_its_key_is_spelt(key: str) -> None:
    """The fast count of events leaves a file whose text never says `words`
    to the check on the built tree, which refuses it as the scan does."""
    entries = "".join(f"  - {{word: w{i}, means: [w{i + 1}]}}\n" for i in range(parse.MAX_VOCABULARY + 1))
    found, problems = parse.parse(MINIMAL + f"{key}:\n" + entries, "show.yaml")
    assert found is None and [p.message for p in problems] == [
        f"words: more than {parse.MAX_VOCABULARY:,} entries; refused"
    ]


def _around_the_limits(values: int) -> list[tuple[str, str, bool]]:
    """Files of every shape at a limit and one past it: (name, text, over).
    Each value, list and mapping counts once, an alias too; a `*` inside a
    text is no alias."""
    files = []
    for n, over in ((values, False), (values + 1, True)):
        files += [
            (f"a list and {n - 1} numbers", "[" + ", ".join(["1"] * (n - 1)) + "]", over),
            (f"a list, a value and {n - 2} aliases of it", "[&a x" + ", *a" * (n - 2) + "]", over),
            (f"{n} values, one a text of stars", '["' + "*" * values + '"' + ", 1" * (n - 2) + "]", over),
            (f"{n} values, then a syntax error", "[" + ", ".join(["1"] * (n - 1)) + "] ]", over),
        ]
    for depth, over in ((parse.MAX_DEPTH, False), (parse.MAX_DEPTH + 1, True)):
        files += [
            (f"{depth} lists deep", "[" * depth + "]" * depth, over),
            (f"{depth} lists deep around a value", "[" * depth + "x" + "]" * depth, over),
            (f"{depth} mappings deep", "".join("  " * i + "a:\n" for i in range(depth)), over),
            (f"{depth} lists deep, then a syntax error", "[" * depth + "]" * depth + "\n]", over),
        ]
    return files


AROUND = _around_the_limits(values=1_000)


@pytest.mark.parametrize(("name", "text", "over"), AROUND, ids=[name for name, _, _ in AROUND])
def test_a_file_is_refused_at_a_limit_as_its_event_scan_says(
    name: str, text: str, over: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first parse composes the tree once and stops at a limit; the
    event-by-event scan is the reference for which files are over and
    where, and for which error a file that is also invalid YAML gets."""
    import yaml

    monkeypatch.setattr(parse, "MAX_NODES", 1_000)
    try:
        refused = parse._scan(text, yaml.CSafeLoader)
    except yaml.YAMLError:
        refused = None
    assert (refused is not None) == over, name
    found, problems = parse.parse(text, "f.yaml")
    assert found is None
    if refused:
        assert [(p.line, p.column, p.message) for p in problems] == [refused]
    else:
        assert not any(p.message.endswith("refused") for p in problems), problems
