from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest

from hishers_cli import progress
from hishers_cli.errors import ConfigError, ProgressError


def test_config_dir_honours_xdg(tmp_path: Path) -> None:
    assert progress.config_dir({"XDG_CONFIG_HOME": str(tmp_path)}) == tmp_path / "hishers"


@pytest.mark.parametrize("value", ["", "relative/dir", "."])
def test_empty_or_relative_xdg_is_ignored(value: str) -> None:
    assert progress.config_dir({"XDG_CONFIG_HOME": value}) == Path.home() / ".config" / "hishers"


@pytest.mark.parametrize("text", ["0", "3", "6", " 6 "])
def test_parse_watched_accepts_episode_numbers(text: str) -> None:
    assert progress.parse_watched(text, 6) == int(text)


@pytest.mark.parametrize("text", ["-1", "7", "abc", "", "3.5", "0x3"])
def test_parse_watched_rejects_anything_else(text: str) -> None:
    with pytest.raises(ProgressError, match="from 0 .* to 6"):
        progress.parse_watched(text, 6)


def test_precedence_option_over_env_over_saved_over_default(isolated: Path) -> None:
    env = {"XDG_CONFIG_HOME": str(isolated)}
    assert progress.resolve(None, 6, env) == progress.Progress(0, "default")
    progress.save(progress.config_file(env), 2)
    assert progress.resolve(None, 6, env) == progress.Progress(2, "saved")
    env["HISHERS_WATCHED"] = "4"
    assert progress.resolve(None, 6, env) == progress.Progress(4, "environment")
    assert progress.resolve("5", 6, env) == progress.Progress(5, "option")


def test_invalid_env_is_a_progress_error_naming_the_variable(isolated: Path) -> None:
    with pytest.raises(ProgressError) as err:
        progress.resolve(None, 6, {"XDG_CONFIG_HOME": str(isolated), "HISHERS_WATCHED": "x"})
    assert err.value.param == "HISHERS_WATCHED"


def test_save_writes_json_atomically_and_leaves_no_temp_files(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "progress.json"
    progress.save(path, 3)
    progress.save(path, 4)
    assert progress.load_saved(path, 6) == 4
    assert os.listdir(path.parent) == ["progress.json"]


@pytest.mark.parametrize(
    "content",
    [b"garbage", b'{"watched": "3"}', b'{"watched": 9}', b"", b"\x00\xff\xfe", b"[3]", b'{"watched": true}'],
)
def test_bad_saved_file_is_reported_and_left_alone(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "progress.json"
    path.write_bytes(content)
    with pytest.raises(ConfigError, match="hishers progress reset") as err:
        progress.load_saved(path, 6)
    assert str(path) in str(err.value)
    assert path.read_bytes() == content


def test_reset_forgets_one_show_and_all_removes_the_file(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    assert progress.reset(path) is False
    progress.save(path, 1)
    progress.save(path, 2, show="other")
    assert progress.reset(path) is True and progress.load_saved(path, 6) is None
    assert progress.load_saved(path, 6, show="other") == 2
    assert progress.reset(path, all_shows=True) is True and not path.exists()


def _writer(path: str, value: int) -> None:
    for _ in range(200):
        progress.save(Path(path), value)


def test_concurrent_saves_never_tear_the_file(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    workers = [multiprocessing.Process(target=_writer, args=(str(path), n)) for n in (1, 5)]
    for w in workers:
        w.start()
    seen = set()
    while any(w.is_alive() for w in workers):
        if path.exists():
            seen.add(progress.load_saved(path, 6))
    for w in workers:
        w.join()
    assert seen <= {1, 5}
    assert progress.load_saved(path, 6) in {1, 5}
