"""The parsed-dataset cache: used when it matches, ignored when it does not,
and never a change in what a viewer sees."""

from __future__ import annotations

import json
import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MINIMAL, run
from hishers_cli import cache, dataset
from hishers_cli.model import Dataset


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget datasets already loaded by this process, as a new run would."""
    monkeypatch.setattr(dataset, "_loaded", {})


def cache_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache" / "hishers").glob("dataset-*.marshal"))


def forbid_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def parse(text: str, origin: str) -> None:
        raise AssertionError("the dataset was parsed instead of read from the cache")

    monkeypatch.setattr(dataset, "parse", parse)


def test_round_trip_keeps_every_record(show: Dataset) -> None:
    rebuilt = cache.rebuild(marshal.loads(marshal.dumps(cache.flatten(show))))
    # repr names every record's class, so a record rebuilt as the wrong type fails too
    assert repr(rebuilt) == repr(show)


def test_second_load_reads_the_cache(tmp_path: Path, fresh: None, monkeypatch: pytest.MonkeyPatch) -> None:
    first = dataset.load()
    assert len(cache_files(tmp_path)) == 1
    monkeypatch.setattr(dataset, "_loaded", {})
    forbid_parsing(monkeypatch)
    assert repr(dataset.load()) == repr(first)


def test_changed_file_is_parsed_again(tmp_path: Path, fresh: None) -> None:
    path = tmp_path / "show.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    assert dataset.load(path).title == "Tiny"
    path.write_text(MINIMAL.replace("title: Tiny", "title: Tinier"), encoding="utf-8")
    os.utime(path, ns=(1, 1))  # even with an old mtime, the size and checksum differ
    assert dataset.load(path).title == "Tinier"


@pytest.mark.parametrize(
    "content",
    [b"", b"garbage", marshal.dumps(("hishers", 999)), marshal.dumps((("wrong",), ())), b"\xe3" * 100],
    ids=["empty", "garbage", "foreign", "wrong-header", "truncated"],
)
def test_corrupt_or_foreign_cache_is_rebuilt(tmp_path: Path, fresh: None, content: bytes) -> None:
    good = dataset.load()
    (target,) = cache_files(tmp_path)
    target.write_bytes(content)
    dataset._loaded.clear()
    assert repr(dataset.load()) == repr(good)
    assert cache.read(_key(dataset.bundled_path()), dataset.bundled_path().stat().st_size) is not None


def _key(path: Path) -> cache.Key:
    st = path.stat()
    return cache.key(path, st.st_size, st.st_mtime_ns, path.read_bytes())


def test_ill_typed_cache_entry_is_ignored(tmp_path: Path, fresh: None) -> None:
    """A copy with the right header but a wrong type inside (a count as
    text) is a miss, not a crash later in the gate."""
    good = dataset.load()
    (target,) = cache_files(tmp_path)
    header, digest, payload = marshal.loads(target.read_bytes())
    broken = list(marshal.loads(payload))
    broken[1] = "six"  # episode_count
    target.write_bytes(marshal.dumps((header, digest, marshal.dumps(tuple(broken)))))
    assert cache.read(_key(dataset.bundled_path()), dataset.bundled_path().stat().st_size) is None
    dataset._loaded.clear()
    assert repr(dataset.load()) == repr(good)


def test_same_size_and_mtime_with_other_content_is_parsed_again(tmp_path: Path, fresh: None) -> None:
    path = tmp_path / "show.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    os.utime(path, ns=(1, 1))
    assert dataset.load(path).title == "Tiny"
    dataset._loaded.clear()
    path.write_text(MINIMAL.replace("title: Tiny", "title: Tidy"), encoding="utf-8")
    os.utime(path, ns=(1, 1))
    assert dataset.load(path).title == "Tidy"


def test_cache_file_that_is_not_a_regular_file_is_ignored(tmp_path: Path, fresh: None) -> None:
    good = dataset.load()
    (target,) = cache_files(tmp_path)
    target.unlink()
    os.mkfifo(target)  # reading a FIFO would wait forever for a writer
    dataset._loaded.clear()
    assert repr(dataset.load()) == repr(good)
    target.unlink()
    target.symlink_to("/dev/zero")  # reading it would never end
    dataset._loaded.clear()
    assert repr(dataset.load()) == repr(good)


def test_oversized_cache_file_is_ignored(tmp_path: Path, fresh: None) -> None:
    dataset.load()
    (target,) = cache_files(tmp_path)
    size = dataset.bundled_path().stat().st_size
    with open(target, "ab") as f:
        f.truncate(4 * size + (2 << 20))  # sparse: large on paper, cheap on disk
    assert cache.read(_key(dataset.bundled_path()), size) is None


def test_interrupted_cache_write_leaves_no_temp_file(
    tmp_path: Path, fresh: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(_: object) -> bytes:
        raise KeyboardInterrupt

    monkeypatch.setattr(cache.marshal, "dumps", interrupted)
    with pytest.raises(KeyboardInterrupt):
        dataset.load()
    assert list((tmp_path / "cache" / "hishers").iterdir()) == []


def test_stale_temp_files_are_removed_by_the_next_write(tmp_path: Path, fresh: None) -> None:
    folder = tmp_path / "cache" / "hishers"
    folder.mkdir(parents=True)
    stale, recent = folder / ".dataset-ab.marshal.1.tmp", folder / ".dataset-cd.marshal.2.tmp"
    stale.write_bytes(b"x")
    recent.write_bytes(b"x")
    old = os.stat(stale).st_mtime - 2 * cache.STALE_SECONDS
    os.utime(stale, (old, old))
    dataset.load()
    assert not stale.exists() and recent.exists()


def test_cache_clear_removes_every_cached_dataset(tmp_path: Path, fresh: None) -> None:
    dataset.load()
    other = tmp_path / "show.yaml"
    other.write_text(MINIMAL, encoding="utf-8")
    dataset.load(other)
    assert len(cache_files(tmp_path)) == 2
    result = run("cache", "clear")
    assert result.exit_code == 0, result.output
    assert cache_files(tmp_path) == []
    assert "2" in result.stderr


def test_data_from_a_pipe_is_never_cached(tmp_path: Path, fresh: None) -> None:
    fifo = tmp_path / "show.fifo"
    os.mkfifo(fifo)
    writer = subprocess.Popen([sys.executable, "-c", f"open({str(fifo)!r}, 'w').write({MINIMAL!r})"])
    try:
        assert dataset.load(fifo).title == "Tiny"
    finally:
        writer.wait(timeout=30)
    assert cache_files(tmp_path) == []


def test_use_cache_false_neither_reads_nor_writes(tmp_path: Path, fresh: None) -> None:
    dataset.load(use_cache=False)
    assert cache_files(tmp_path) == []


def test_unwritable_cache_dir_is_skipped(tmp_path: Path, fresh: None, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache dir would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert dataset.load().title == "His & Hers"


def test_cache_never_changes_what_is_shown(fresh: None) -> None:
    for level in range(7):
        for command in (["episodes"], ["cast"], ["who", "anna"], ["timeline"]):
            args = ["--watched", str(level), *command, "--json"]
            cold = run("--no-cache", *args)
            warm_once = run(*args)
            dataset._loaded.clear()
            warm = run(*args)
            assert cold.exit_code == warm.exit_code == 0, cold.output
            assert json.loads(cold.stdout) == json.loads(warm_once.stdout) == json.loads(warm.stdout)


def test_a_warm_run_imports_neither_yaml_nor_pydantic_nor_rich(tmp_path: Path) -> None:
    """Startup time is mostly imports: a command answered from the cache and
    printed to a pipe needs none of these (nor Jinja2, which only export uses)."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_CONFIG_HOME": str(tmp_path)}
    probe = (
        "import sys\n"
        "from hishers_cli.cli import main\n"
        "sys.argv = ['hishers', '--watched', '3', 'episodes']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in ('yaml', 'pydantic', 'rich', 'jinja2', 'hishers_cli.export') if m in sys.modules)\n"
        "print('IMPORTED', ','.join(heavy))\n"
    )
    cold = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    warm = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert "episode guide" in warm.stdout and "Watched up to episode 3 of 6." in warm.stdout
    assert cold.stdout.splitlines()[-1] == "IMPORTED yaml"  # the first run parses the YAML
    assert warm.stdout.splitlines()[-1] == "IMPORTED "
