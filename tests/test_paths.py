"""Where hishers keeps its files: the XDG rules for its config, data and
cache dirs (an empty or relative value is ignored, as if it were unset)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import cli
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


@pytest.mark.parametrize("value", ["", "relative/dir"])
def test_progress_is_saved_under_home_when_the_value_is_empty_or_relative(value: str, tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = cli("progress", "set", "1", cwd=tmp_path, env={"XDG_CONFIG_HOME": value, "HOME": str(home)})
    assert result.returncode == 0, result.stderr
    saved = json.loads((home / ".config" / "hishers" / "progress.json").read_text())
    assert saved["shows"]["his-hers"]["watched"] == 1
    assert not (tmp_path / "relative").exists()
