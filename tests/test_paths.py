"""Where hishers keeps its files: the XDG rules for its config, data and
cache dirs (an empty or relative value is ignored, as if it were unset)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import TINY, cli
from hishers_cli.store import paths

# Each dir, the variable that moves it and where it is without one.
Where = Callable[..., Path]
DIRS: list[tuple[Where, str, str]] = [
    (paths.config_dir, "XDG_CONFIG_HOME", ".config"),
    (paths.data_dir, "XDG_DATA_HOME", ".local/share"),
    (paths.cache_dir, "XDG_CACHE_HOME", ".cache"),
]
IDS = [variable for _, variable, _ in DIRS]


HOME = "/home/viewer"


@pytest.mark.parametrize(("where", "variable", "default"), DIRS, ids=IDS)
def test_an_absolute_value_is_the_base(where: Where, variable: str, default: str, tmp_path: Path) -> None:
    assert where({variable: str(tmp_path), "HOME": HOME}) == tmp_path / "hishers"
    assert where({variable: str(tmp_path), "HOME": ""}) == tmp_path / "hishers"  # no home needed


@pytest.mark.parametrize("value", ["", "relative/dir", ".", "~/dir"])
@pytest.mark.parametrize(("where", "variable", "default"), DIRS, ids=IDS)
def test_an_empty_or_relative_value_is_ignored(where: Where, variable: str, default: str, value: str) -> None:
    assert where({variable: value, "HOME": HOME}) == Path(HOME) / default / "hishers"


@pytest.mark.parametrize(("where", "variable", "default"), DIRS, ids=IDS)
def test_unset_is_the_default_under_home(where: Where, variable: str, default: str, tmp_path: Path) -> None:
    # Each dir reads only its own variable.
    others = {v: str(tmp_path / v) for _, v, _ in DIRS if v != variable}
    assert where({**others, "HOME": HOME}) == Path(HOME) / default / "hishers"


@pytest.mark.parametrize("home", ["", ".", "relative/home", "~", "~/x"])
@pytest.mark.parametrize("value", [None, "", "relative/dir"])
@pytest.mark.parametrize(("where", "variable", "default"), DIRS, ids=IDS)
def test_a_home_that_is_not_absolute_is_an_error_naming_what_to_set(
    where: Where, variable: str, default: str, value: str | None, home: str
) -> None:
    environ = {"HOME": home, **({variable: value} if value is not None else {})}
    with pytest.raises(paths.NoHome, match="Set HOME") as refused:
        where(environ)
    assert "HOME is" in str(refused.value) and variable in str(refused.value)


@pytest.mark.full
@pytest.mark.parametrize("value", ["", "relative/dir"])
def test_progress_is_saved_under_home_when_the_value_is_empty_or_relative(value: str, tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = cli("progress", "set", "1", cwd=tmp_path, env={"XDG_CONFIG_HOME": value, "HOME": str(home)})
    assert result.returncode == 0, result.stderr
    saved = json.loads((home / ".config" / "hishers" / "progress.json").read_text())
    assert saved["shows"]["his-hers"]["watched"] == 1
    assert not (tmp_path / "relative").exists()


# A file where a base folder or one above it should be is the variable's
# fault: moving the file aside (HOME=/etc/passwd) is never the advice.
SAVE = ["progress", "set", "1"]
NOTE = ["--watched", "1", "notes", "add", "x"]
GUESS = ["--data", str(TINY), "--watched", "1", "suspect", "yara"]
BLOCKED = {
    "HOME, saving": ({"HOME": "/etc/passwd"}, "HOME", SAVE),
    "HOME, a note": ({"HOME": "/etc/passwd"}, "HOME", NOTE),
    "XDG_CONFIG_HOME": ({"XDG_CONFIG_HOME": "/etc/hostname"}, "XDG_CONFIG_HOME", SAVE),
    "XDG_DATA_HOME, a note": ({"XDG_DATA_HOME": "/etc/hostname"}, "XDG_DATA_HOME", NOTE),
    "XDG_DATA_HOME, a guess": ({"XDG_DATA_HOME": "/etc/hostname"}, "XDG_DATA_HOME", GUESS),
    "under a file": ({"XDG_DATA_HOME": "/etc/hostname/deeper"}, "XDG_DATA_HOME", NOTE),
}


@pytest.mark.parametrize(("environ", "variable", "command"), BLOCKED.values(), ids=BLOCKED.keys())
def test_a_variable_that_names_a_file_is_named_and_never_moved(
    environ: dict[str, str], variable: str, command: list[str], tmp_path: Path
) -> None:
    env = {"HOME": str(tmp_path / "home"), "XDG_CONFIG_HOME": "", "XDG_DATA_HOME": "", **environ}
    result = cli(*command, env=env)
    assert result.returncode == 1, result.stderr
    assert "mv " not in result.stderr and f"Set {variable} (now " in result.stderr, result.stderr


@pytest.mark.parametrize("blocking", ["hishers", "hishers/notes"])
def test_a_file_inside_hishers_own_folder_is_advised_to_be_moved_aside(blocking: str, tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / blocking).parent.mkdir(parents=True, exist_ok=True)
    (data / blocking).write_text("in the way")
    result = cli("notes", "add", "x", env={"XDG_DATA_HOME": str(data)})
    assert result.returncode == 1
    assert f"mv {data / blocking} {data / blocking}.bak" in result.stderr


def test_the_fix_for_a_blocking_file_names_the_variable_or_the_move() -> None:
    home = {"HOME": "/h"}
    assert paths.folder_fix(Path("/h"), home).startswith("Set HOME (now /h)")
    assert paths.folder_fix(Path("/h/.config"), home).startswith("Set HOME (now /h)")
    assert paths.folder_fix(Path("/x"), {**home, "XDG_CACHE_HOME": "/x/y"}).startswith("Set XDG_CACHE_HOME")
    assert (
        paths.folder_fix(Path("/h/.config/hishers"), home)
        == "Move it aside (mv /h/.config/hishers /h/.config/hishers.bak)"
    )
