"""Where hishers keeps its files: the user's config, data and cache dirs."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

APP_NAME = "hishers"


def config_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """The user's config dir for hishers. On Linux this follows the XDG spec:
    an empty or relative XDG_CONFIG_HOME is ignored, as if it were unset."""
    if sys.platform in ("win32", "darwin"):
        import typer

        return Path(typer.get_app_dir(APP_NAME))
    return _xdg(environ, "XDG_CONFIG_HOME", ".config") / APP_NAME


def data_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """The user's data dir for hishers, where the viewer's own notes live
    (XDG_DATA_HOME, by the same rules)."""
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_NAME
    if sys.platform == "win32":
        return Path(environ.get("APPDATA") or Path.home()) / APP_NAME
    return _xdg(environ, "XDG_DATA_HOME", ".local/share") / APP_NAME


def cache_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """The user's cache dir for hishers (XDG_CACHE_HOME, by the same rules)."""
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / APP_NAME
    if sys.platform == "win32":
        return Path(environ.get("LOCALAPPDATA") or Path.home()) / APP_NAME / "Cache"
    return _xdg(environ, "XDG_CACHE_HOME", ".cache") / APP_NAME


def _xdg(environ: Mapping[str, str], variable: str, default: str) -> Path:
    base = environ.get(variable, "")
    return Path(base) if os.path.isabs(base) else Path.home() / default
