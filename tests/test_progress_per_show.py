"""Saved progress is kept per show, read only from a regular file of a
sensible size, and written through a link to the file it points at."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import MINIMAL, run, run_json
from hishers_cli import progress
from hishers_cli.errors import ConfigError

OTHER = MINIMAL.replace("title: Tiny", "title: Other Show")


@pytest.fixture
def other_show(tmp_path: Path) -> Path:
    path = tmp_path / "other.yaml"
    path.write_text(OTHER, encoding="utf-8")
    return path


def test_progress_is_saved_per_show(isolated: Path, other_show: Path) -> None:
    assert run("progress", "set", "1").exit_code == 0
    assert run("--data", str(other_show), "progress", "set", "2").exit_code == 0
    # His & Hers keeps its own progress: nothing from episode 2 of it shows
    assert run_json("cast")["watched"] == 1
    assert run_json("--data", str(other_show), "cast")["watched"] == 2
    shown = run("--data", str(other_show), "progress").stdout
    assert "Other Show" in shown and "2 of 2" in shown


def test_progress_follows_the_show_not_the_file(isolated: Path, other_show: Path, tmp_path: Path) -> None:
    assert run("--data", str(other_show), "progress", "set", "2").exit_code == 0
    moved = tmp_path / "elsewhere" / "renamed.yaml"
    moved.parent.mkdir()
    other_show.rename(moved)
    assert run_json("--data", str(moved), "progress")["watched"] == 2


def test_reset_forgets_one_show_unless_all(isolated: Path, other_show: Path) -> None:
    run("progress", "set", "4")
    run("--data", str(other_show), "progress", "set", "1")
    reset = run("--data", str(other_show), "progress", "reset")
    assert reset.exit_code == 0 and "Other Show" in reset.stderr
    assert run_json("--data", str(other_show), "progress")["watched"] == 0
    assert run_json("progress")["watched"] == 4
    assert run("progress", "reset", "--all").exit_code == 0
    assert run_json("progress")["watched"] == 0


def test_a_shorter_show_does_not_break_on_the_other_show_s_progress(isolated: Path, other_show: Path) -> None:
    run("progress", "set", "6")
    assert run("--data", str(other_show), "cast").exit_code == 0


def test_progress_saved_before_it_was_per_show_is_kept_for_the_bundled_show(isolated: Path) -> None:
    path = isolated / "hishers" / "progress.json"
    path.parent.mkdir(parents=True)
    path.write_text('{"watched": 3}')
    assert run_json("cast")["watched"] == 3
    assert run("progress", "next").exit_code == 0
    assert json.loads(path.read_text())["shows"]["his-hers"]["watched"] == 4


def test_settings_that_are_not_a_regular_file_are_refused(tmp_path: Path) -> None:
    zero = tmp_path / "zero.json"
    zero.symlink_to("/dev/zero")
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    for path in (zero, fifo):
        with pytest.raises(ConfigError, match="not a regular file"):
            progress.load_saved(path, 6)


def test_huge_or_deeply_nested_settings_are_refused(tmp_path: Path) -> None:
    sparse = tmp_path / "sparse.json"
    with open(sparse, "wb") as f:
        f.truncate(2 << 30)  # 2 GB on paper
    with pytest.raises(ConfigError, match="larger than"):
        progress.load_saved(sparse, 6)
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000)
    with pytest.raises(ConfigError, match="hishers progress reset"):
        progress.load_saved(deep, 6)


def test_saving_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "progress.json"
    real.parent.mkdir()
    real.write_text('{"version": 2, "shows": {}}')
    link = tmp_path / "config" / "progress.json"
    link.parent.mkdir()
    link.symlink_to(real)
    progress.save(link, 3)
    assert link.is_symlink() and progress.load_saved(real, 6) == 3
    assert sorted(p.name for p in real.parent.iterdir()) == ["progress.json"]
