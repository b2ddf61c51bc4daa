"""The installed package finds its bundled data, from any directory."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from importlib import metadata
from importlib.resources import files
from pathlib import Path

from hishers_cli import gate
from hishers_cli.dataset import load as dataset

ROOT = Path(__file__).resolve().parents[1]


def editable() -> bool:
    """Whether pip installed this checkout in place (`pip install -e`): the
    package is then imported from src/, not from what the wheel holds."""
    direct = metadata.distribution("hishers").read_text("direct_url.json")
    return bool(direct and json.loads(direct).get("dir_info", {}).get("editable"))


def test_installed_package_carries_the_dataset() -> None:
    installed = [f for f in metadata.files("hishers") or [] if str(f) == "hishers_cli/data/his-and-hers.yaml"]
    assert installed, "the dataset is not in what pip installed"
    assert (ROOT / "data" / "his-and-hers.yaml").read_bytes() == Path(str(installed[0].locate())).read_bytes()
    if not editable():
        resource = files("hishers_cli") / "data" / "his-and-hers.yaml"
        assert resource.is_file() and resource.read_bytes() == installed[0].read_binary()


def test_console_script_works_from_another_directory(tmp_path: Path) -> None:
    script = shutil.which("hishers", path=os.path.dirname(sys.executable))
    assert script, "the hishers console script is not installed next to this Python"
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path), "HISHERS_WATCHED": "1"}
    result = subprocess.run(
        [script, "episodes", "--json"], cwd=tmp_path, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    shown = [e["summary"] for e in json.loads(result.stdout)["episodes"]]
    # The bundled show, as the repository holds it, at the viewer's progress.
    known = gate.Known(dataset.load(ROOT / "data" / "his-and-hers.yaml", use_cache=False), 1)
    assert shown == [e.summary.text if e.summary else None for e in known.episodes]
    assert shown[0] and not any(shown[1:])


def test_the_installed_wheel_lists_the_dataset_and_templates() -> None:
    """The wheel pip built and installed (its RECORD) holds the dataset,
    the command modules and every export template."""
    names = {str(f) for f in metadata.files("hishers") or []}
    assert "hishers_cli/data/his-and-hers.yaml" in names
    if editable():  # the modules and templates are read from the checkout itself
        assert Path(gate.__file__).resolve().is_relative_to(ROOT / "src")
        return
    assert "hishers_cli/cli/root.py" in names and "hishers_cli/cli/read.py" in names
    templates = ROOT / "src" / "hishers_cli" / "export" / "templates"
    assert {f"hishers_cli/export/templates/{t.name}" for t in templates.iterdir()} <= names


def test_installed_package_carries_the_templates() -> None:
    for name in ("level.html.j2", "index.html.j2", "_blocks.html.j2", "_style.css.j2"):
        assert (files("hishers_cli.export") / "templates" / name).is_file()
