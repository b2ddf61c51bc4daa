"""The one safe writer: whole files or none, exclusive temp files beside the
target (a link planted at a temp name is never followed), exact modes, no
overwrite unless asked, litter from a killed writer removed, and a lock that
serialises a read-modify-write between processes."""

from __future__ import annotations

import errno
import multiprocessing
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import FULL, char_device
from hishers_cli.store import files


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A file of the user's that a planted link points at."""
    path = tmp_path / "elsewhere" / "notes.txt"
    path.parent.mkdir()
    path.write_bytes(b"my notes\n")
    return path


@pytest.mark.parametrize("mode", [files.PRIVATE, files.PUBLIC])
@pytest.mark.parametrize("umask", [0o000, 0o022, 0o077])
def test_a_file_is_written_with_exactly_its_mode(tmp_path: Path, mode: int, umask: int) -> None:
    old = os.umask(umask)
    try:
        files.write_atomic(tmp_path / "out" / "file", b"data", mode)
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "out" / "file").st_mode) == mode
    assert (tmp_path / "out" / "file").read_bytes() == b"data"
    assert os.listdir(tmp_path / "out") == ["file"]


def test_a_folder_made_for_private_files_is_private(tmp_path: Path) -> None:
    files.write_atomic(tmp_path / "private" / "file", b"x", files.PRIVATE)
    files.write_atomic(tmp_path / "public" / "file", b"x", files.PUBLIC)
    assert stat.S_IMODE(os.stat(tmp_path / "private").st_mode) & 0o077 == 0
    assert stat.S_IMODE(os.stat(tmp_path / "public").st_mode) & 0o077 != 0


def _planted_names(monkeypatch: pytest.MonkeyPatch, names: list[str]) -> None:
    """Make the temp file's random names come out as `names` first."""
    real = tempfile._get_candidate_names  # type: ignore[attr-defined]

    def candidates() -> Iterator[str]:
        yield from names
        yield from real()

    monkeypatch.setattr(tempfile, "_get_candidate_names", candidates)


def test_a_link_planted_at_the_temp_name_is_never_followed(
    tmp_path: Path, victim: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "settings.json"
    planted = tmp_path / f"{files.temp_prefix(target)}guess{files.TEMP_SUFFIX}"
    planted.symlink_to(victim)
    _planted_names(monkeypatch, ["guess"])
    files.write_atomic(target, b"new", files.PRIVATE)
    assert victim.read_bytes() == b"my notes\n"
    assert planted.is_symlink() and os.readlink(planted) == str(victim)
    assert target.read_bytes() == b"new" and not target.is_symlink()


def test_without_replace_an_existing_file_is_never_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    target.write_bytes(b"mine")
    with pytest.raises(FileExistsError):
        files.write_atomic(target, b"new", files.PUBLIC, replace=False)
    assert target.read_bytes() == b"mine" and os.listdir(tmp_path) == ["page.html"]
    files.write_atomic(target, b"new", files.PUBLIC, replace=True)
    assert target.read_bytes() == b"new"


def _failing_fsync(monkeypatch: pytest.MonkeyPatch, after: int, error: BaseException) -> None:
    calls = []
    real = os.fsync

    def fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) > after:
            raise error
        real(fd)

    monkeypatch.setattr(files.os, "fsync", fsync)


@pytest.mark.parametrize("replace", [True, False])
@pytest.mark.parametrize("error", [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()])
def test_several_files_are_written_all_or_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, replace: bool, error: BaseException
) -> None:
    old = tmp_path / "page-0"
    old.write_bytes(b"old")
    writes = [(tmp_path / f"page-{n}", f"new {n}".encode()) for n in range(6)]
    if not replace:
        old.unlink()
    _failing_fsync(monkeypatch, after=3, error=error)  # the disk fills up at the fourth page
    with pytest.raises(type(error)):
        files.write_all(writes, files.PUBLIC, replace=replace)
    assert os.listdir(tmp_path) == (["page-0"] if replace else [])
    if replace:
        assert old.read_bytes() == b"old"


def test_a_name_taken_meanwhile_undoes_the_names_already_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    writes = [(tmp_path / f"page-{n}", b"new") for n in range(4)]
    real = os.link

    def link(src: Path, dst: Path) -> None:
        if Path(dst).name == "page-2":
            Path(dst).write_bytes(b"someone else's")  # taken between the check and the link
        real(src, dst)

    monkeypatch.setattr(files.os, "link", link)
    with pytest.raises(FileExistsError):
        files.write_all(writes, files.PUBLIC, replace=False)
    assert os.listdir(tmp_path) == ["page-2"]
    assert (tmp_path / "page-2").read_bytes() == b"someone else's"


def test_litter_of_a_killed_writer_is_removed_and_nothing_else(tmp_path: Path, victim: Path) -> None:
    target = tmp_path / "settings.json"
    prefix = files.temp_prefix(target)
    old, recent = tmp_path / f"{prefix}old{files.TEMP_SUFFIX}", tmp_path / f"{prefix}recent{files.TEMP_SUFFIX}"
    old.write_bytes(b"x")
    recent.write_bytes(b"x")
    os.utime(old, (1, 1))
    link = tmp_path / f"{prefix}link{files.TEMP_SUFFIX}"
    link.symlink_to(victim)
    other = tmp_path / f".other.json.x{files.TEMP_SUFFIX}"
    other.write_bytes(b"x")
    os.utime(other, (1, 1))
    files.write_atomic(target, b"new", files.PRIVATE, litter_age=60)
    assert not old.exists() and recent.exists() and link.is_symlink() and other.exists()
    files.write_atomic(target, b"newer", files.PRIVATE, litter_age=0)
    assert not recent.exists() and link.is_symlink() and victim.read_bytes() == b"my notes\n"


def _targets(tmp_path: Path, victim: Path) -> dict[str, Path]:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    (tmp_path / "folder").mkdir()
    made = {"fifo": fifo, "folder": tmp_path / "folder", "device": char_device(tmp_path)}
    links = {}
    for name, path in made.items():
        links[f"link to {name}"] = tmp_path / f"to-{name}"
        links[f"link to {name}"].symlink_to(path)
    dangling = tmp_path / "dangling-into-nowhere"
    dangling.symlink_to(tmp_path / "no-such-folder" / "file")
    (tmp_path / "not-made").mkdir()
    to_missing = tmp_path / "to-new"
    to_missing.symlink_to(tmp_path / "not-made" / "new.txt")
    return {
        **made,
        **links,
        "dangling link into a missing folder": dangling,
        "link to a file not made yet": to_missing,
    }


def test_regular_target_refuses_anything_but_a_regular_file(tmp_path: Path, victim: Path) -> None:
    for what, path in _targets(tmp_path, victim).items():
        with pytest.raises(files.UnsafeFile) as refused:
            files.regular_target(path)
        assert str(path) in str(refused.value), what
    # a file is never created through a link: nothing there is hishers' own
    assert os.listdir(tmp_path / "not-made") == []
    link = tmp_path / "to-notes"
    link.symlink_to(victim)
    assert files.regular_target(link) == victim
    assert files.regular_target(tmp_path / "missing") == tmp_path / "missing"
    assert files.regular_target(victim) == victim


def _count_under_lock(path: str, rounds: int) -> None:
    counter = Path(path)
    for _ in range(rounds):
        with files.locked(counter):
            value = int(counter.read_text()) if counter.exists() else 0
            files.write_atomic(counter, str(value + 1).encode(), files.PRIVATE)


@pytest.mark.full
def test_the_lock_serialises_read_modify_write_between_processes(tmp_path: Path) -> None:
    counter = tmp_path / "counter"
    rounds = 100 if FULL else 25
    workers = [multiprocessing.Process(target=_count_under_lock, args=(str(counter), rounds)) for _ in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=60)
        assert w.exitcode == 0
    assert counter.read_text() == str(3 * rounds)


def test_a_link_planted_at_the_lock_name_is_never_followed(tmp_path: Path, victim: Path) -> None:
    target = tmp_path / "settings.json"
    (tmp_path / ".settings.json.lock").symlink_to(victim)
    with pytest.raises(OSError), files.locked(target):
        pass
    assert victim.read_bytes() == b"my notes\n"


def test_read_regular_reads_a_regular_file_up_to_its_limit_and_refuses_the_rest(tmp_path: Path) -> None:
    from hishers_cli.store import files

    assert files.read_regular(tmp_path / "missing.json", 10) is None
    exact = tmp_path / "exact"
    exact.write_bytes(b"x" * 10)
    assert files.read_regular(exact, 10) == b"x" * 10
    link = tmp_path / "link"
    link.symlink_to(exact)
    assert files.read_regular(link, 10) == b"x" * 10
    with pytest.raises(files.TooLarge):
        files.read_regular(exact, 9)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)  # no writer: opened without blocking, refused before any read
    for path in (fifo, tmp_path):
        with pytest.raises(files.NotRegular):
            files.read_regular(path, 10)
