"""The parsed-dataset cache: used when it matches, ignored when it does not,
and never a change in what a viewer sees."""

from __future__ import annotations

import json
import marshal
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import MINIMAL, TINY, levels, run, sampled
from hishers_cli.dataset import cache, load as dataset
from hishers_cli.dataset.fields import fields
from hishers_cli.dataset.model import Character, Dataset, Event, Relationship
from hishers_cli.store import files


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget datasets already loaded by this process, as a new run would."""
    monkeypatch.setattr(dataset, "_loaded", {})


def cache_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache" / "hishers").glob("dataset-*.marshal"))


def forbid_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def parse(text: str, origin: str) -> None:
        raise AssertionError("the dataset was parsed instead of read from the cache")

    from hishers_cli.dataset import parse as parse_module

    monkeypatch.setattr(parse_module, "parse", parse)


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
    sampled(
        pytest.param(content, id=name)
        for name, content in {
            "empty": b"",
            "garbage": b"garbage",
            "foreign": marshal.dumps(("hishers", 999)),
            "wrong-header": marshal.dumps((("wrong",), ())),
            "truncated": b"\xe3" * 100,
        }.items()
    ),
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


def _with_digest(header: object, payload: object) -> bytes:
    """A cache file whose digest matches its payload, as any writer can make
    one: the digest tells a damaged copy, not a forged one."""
    raw = marshal.dumps(payload)
    return marshal.dumps((header, cache._digest(raw), raw))


def _leaves(value: object, where: tuple[int, ...] = ()) -> Iterator[tuple[tuple[int, ...], object]]:
    """Every value in a flattened dataset, nested tuples included, by its
    index path."""
    yield where, value
    if isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from _leaves(item, (*where, i))


def _replaced(value: Any, where: tuple[int, ...], new: object) -> Any:
    if not where:
        return new
    head, *rest = where
    return (*value[:head], _replaced(value[head], tuple(rest), new), *value[head + 1 :])


def _wrong_type(value: object) -> object:
    """A value of another type than `value`, as an ill-typed copy holds."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return len(value)
    if isinstance(value, tuple):
        return list(value)
    return 1.5  # for None


def _stored(tmp_path: Path) -> tuple[Path, Path, Any, Any]:
    """The tiny show, cached: its file, its cache file, the header and the
    flattened payload stored in it."""
    show = tmp_path / "tiny.yaml"
    show.write_bytes(TINY.read_bytes())
    dataset.load(show)
    (copy,) = cache_files(tmp_path)
    header, _, payload = marshal.loads(copy.read_bytes())
    return show, copy, header, marshal.loads(payload)


@pytest.mark.long
def test_every_ill_typed_value_in_a_cache_entry_is_a_miss(tmp_path: Path, fresh: None) -> None:
    """Whatever value of a copy is of the wrong type (a count as text, a
    flag as a number, a list for a tuple, a value where null was), the copy
    is not used, even with a matching digest."""
    show, copy, header, flat = _stored(tmp_path)
    good = cache.read(_key(show), show.stat().st_size)
    assert good is not None
    positions = [where for where, _ in _leaves(flat) if where]
    assert len(positions) > 300
    for where in positions:
        before = _replaced_value(flat, where)
        copy.write_bytes(_with_digest(header, _replaced(flat, where, _wrong_type(before))))
        found = cache.read(_key(show), show.stat().st_size)
        # A list of records is rebuilt as a tuple of them: the same dataset.
        assert found is None or (isinstance(before, tuple) and repr(found) == repr(good)), where


def _replaced_value(value: Any, where: tuple[int, ...]) -> Any:
    for i in where:
        value = value[i]
    return value


def _index(record: type, name: str) -> int:
    return [f.name for f in fields(record)].index(name)


DATASET = {name: _index(Dataset, name) for name in Dataset._fields}
CHARACTER_SOURCES = (DATASET["characters"], 0, _index(Character, "sources"))
OUT_OF_RANGE = {
    "a stamp after the last episode": ((DATASET["characters"], 0, _index(Character, "known_from")), 4),
    "a negative stamp": ((DATASET["characters"], 0, _index(Character, "known_from")), -1),
    "no episodes": ((DATASET["episode_count"],), 0),
    "a huge episode count": ((DATASET["episode_count"],), 10**12),
    "an unknown source": (CHARACTER_SOURCES, ("nowhere",)),
    "no source": (CHARACTER_SOURCES, ()),
    "an unknown character": ((DATASET["relationships"], 0, _index(Relationship, "between")), ("xavier", "nobody")),
    "three people in a pair": ((DATASET["relationships"], 0, _index(Relationship, "between")), ("xavier",) * 3),
    "a lane of no kind": ((DATASET["events"], 0, _index(Event, "lane")), "future"),
    "a negative order": ((DATASET["events"], 0, _index(Event, "order")), -5),
    "a record one field short": ((DATASET["characters"], 0), ("xavier", "Xavier Stone")),
    "a text for a record": ((DATASET["characters"], 0), "xavier"),
}


@pytest.mark.parametrize(("where", "value"), sampled(pytest.param(*v, id=k) for k, v in OUT_OF_RANGE.items()))
def test_a_cache_entry_out_of_range_is_a_miss_and_never_a_traceback(
    tmp_path: Path, fresh: None, where: tuple[int, ...], value: object
) -> None:
    show, copy, header, flat = _stored(tmp_path)
    copy.write_bytes(_with_digest(header, _replaced(flat, where, value)))
    assert cache.read(_key(show), show.stat().st_size) is None
    dataset._loaded.clear()
    for args in (["cast"], ["relations"], ["timeline"], ["who", "xavier"]):
        result = run("--data", str(show), "--watched", "3", *args)
        assert result.exit_code == 0 and "Traceback" not in result.output, (args, result.output)
    dataset._loaded.clear()
    assert repr(dataset.load(show, use_cache=False)) == repr(dataset.load(show))


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
    def interrupted(_: int) -> None:
        raise KeyboardInterrupt  # Ctrl-C while the copy is being written

    monkeypatch.setattr(files.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        dataset.load()
    assert list((tmp_path / "cache" / "hishers").iterdir()) == []


def test_the_cache_is_private_whatever_the_umask(tmp_path: Path, fresh: None) -> None:
    """A dataset only its owner may read never lands in a file (or a
    folder listing) others may read."""
    private = tmp_path / "private.yaml"
    private.write_text(MINIMAL.replace("Xavier", "Secretname"), encoding="utf-8")
    private.chmod(0o600)
    old = os.umask(0o000)
    try:
        dataset.load(private)
    finally:
        os.umask(old)
    (copy,) = cache_files(tmp_path)
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert stat.S_IMODE(copy.parent.stat().st_mode) & 0o077 == 0


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"my notes\n")
    return path


def test_a_link_planted_at_a_temp_or_cache_name_is_never_followed(tmp_path: Path, fresh: None, victim: Path) -> None:
    """Neither the name a writer of an earlier version used for its temp
    file (.<name>.<pid>.tmp, which anyone could guess) nor the cache file's
    own name is opened through a link: the victim is untouched."""
    folder = tmp_path / "cache" / "hishers"
    folder.mkdir(parents=True)
    path = tmp_path / "show.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    name = cache._file(_key(path), folder).name
    guessed = folder / f".{name}.{os.getpid()}.tmp"
    guessed.symlink_to(victim)
    (folder / name).symlink_to(victim)
    assert dataset.load(path).title == "Tiny"
    assert victim.read_bytes() == b"my notes\n"
    assert guessed.is_symlink() and not (folder / name).is_symlink()
    dataset._loaded.clear()
    assert cache.read(_key(path), path.stat().st_size) is not None


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


@pytest.mark.full
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
    for level in levels():
        for command in (["episodes"], ["cast"], ["who", "anna"], ["timeline"]):
            args = ["--watched", str(level), *command, "--json"]
            cold = run("--no-cache", *args)
            warm_once = run(*args)
            dataset._loaded.clear()
            warm = run(*args)
            assert cold.exit_code == warm.exit_code == 0, cold.output
            assert json.loads(cold.stdout) == json.loads(warm_once.stdout) == json.loads(warm.stdout)


@pytest.mark.full
def test_a_warm_run_imports_neither_yaml_nor_pydantic_nor_rich(tmp_path: Path) -> None:
    """Startup time is mostly imports: a command answered from the cache and
    printed to a pipe needs none of these (nor Jinja2, which only export uses)."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_CONFIG_HOME": str(tmp_path)}
    probe = (
        "import sys\n"
        "from hishers_cli.cli import main\n"
        "sys.argv = ['hishers', '--watched', '3', 'episodes']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('yaml', 'pydantic', 'rich', 'jinja2', 'hishers_cli.export.pages')\n"
        "heavy = sorted(m for m in heavy if m in sys.modules)\n"
        "print('IMPORTED', ','.join(heavy))\n"
    )
    cold = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    warm = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert "episode guide" in warm.stdout and "Watched up to episode 3 of 6." in warm.stdout
    assert cold.stdout.splitlines()[-1] == "IMPORTED yaml"  # the first run parses the YAML
    assert warm.stdout.splitlines()[-1] == "IMPORTED "
