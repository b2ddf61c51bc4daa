"""Where hishers keeps its files: the user's config, data and cache dirs.

On macOS and Windows the folders are platformdirs' (each system's own
conventions). Elsewhere they follow the XDG base directory rules, worked out
here rather than by platformdirs, which takes a relative XDG_* value as it is
(a folder under wherever hishers was started) and an empty HOME as "/" (so
notes would go to /.local/share). The rules: an XDG_* variable is used only
when it holds an absolute path (an empty or relative one is ignored, as if
unset); otherwise the folder is under HOME, which must itself be absolute.
A home that cannot be used is an error (`NoHome`) that says what to set,
never a write somewhere unexpected."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

from hishers_cli.errors import HishersError

APP_NAME = "hishers"


class NoHome(HishersError):
    """Neither the XDG variable nor HOME gives an absolute folder."""


def config_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """The user's config dir for hishers (XDG_CONFIG_HOME, or ~/.config)."""
    return _folder(environ, "XDG_CONFIG_HOME", ".config", "user_config_dir")


def data_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """The user's data dir for hishers, where the viewer's own notes live
    (XDG_DATA_HOME, or ~/.local/share)."""
    return _folder(environ, "XDG_DATA_HOME", ".local/share", "user_data_dir")


def cache_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """The user's cache dir for hishers (XDG_CACHE_HOME, or ~/.cache)."""
    return _folder(environ, "XDG_CACHE_HOME", ".cache", "user_cache_dir")


def _folder(environ: Mapping[str, str], variable: str, default: str, platform_dir: str) -> Path:
    if sys.platform in ("win32", "darwin"):
        import platformdirs

        return Path(getattr(platformdirs, platform_dir)(APP_NAME, appauthor=False))
    return xdg_base(variable, default, environ) / APP_NAME


def xdg_base(variable: str, default: str, environ: Mapping[str, str] = os.environ) -> Path:
    """An XDG base folder: the variable when it is an absolute path, else
    `default` under the home folder."""
    base = environ.get(variable, "")
    if os.path.isabs(base):
        return Path(base)
    return home(environ, f" and {variable} is not set to an absolute path") / default


def home(environ: Mapping[str, str] = os.environ, why: str = "") -> Path:
    """The user's home folder: HOME when set (it must be an absolute path),
    else the one the user database gives."""
    value = environ.get("HOME")
    if value is None:
        try:
            import pwd

            value = pwd.getpwuid(os.getuid()).pw_dir
        except (ImportError, KeyError, OSError):
            value = ""
        given = "HOME is not set and the user database gives no home folder"
    else:
        given = f"HOME is {'empty' if not value else repr(value) + ', not an absolute path'}"
    if not os.path.isabs(value):
        raise NoHome(
            f"hishers cannot tell where to keep your files: {given}{why}. "
            "Set HOME to your home folder (an absolute path)"
        )
    return Path(value)


# The XDG variables of hishers' folders, and each one's folder under HOME.
BASES = (("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"), ("XDG_CACHE_HOME", ".cache"))


def folder_fix(folder: Path, environ: Mapping[str, str] = os.environ) -> str:
    """What to do about `folder`, found to be a file where a folder of
    hishers' must be: move it aside when it is inside hishers' own folder;
    when it is a base folder itself or above one (HOME=/etc/passwd), moving
    it is not the user's fix (nor safe advice): the variable that chose it
    is, and it is named."""
    folder = Path(os.path.abspath(folder))
    for variable, default in BASES:
        try:
            base = Path(os.path.abspath(xdg_base(variable, default, environ)))
        except NoHome:
            continue
        if folder != base and folder not in base.parents:
            continue
        if os.path.isabs(environ.get(variable, "")):
            return f"Set {variable} (now {shown(base)}) to a folder hishers can use, or unset it"
        return f"Set HOME (now {shown(home(environ))}) to your home folder, or {variable} to a folder hishers can use"
    return f"Move it aside (mv {shown(folder)} {shown(folder)}.bak)"


def shown(path: Path | str) -> str:
    """A path as text that is valid UTF-8 whatever its bytes: a byte that is
    not part of UTF-8 (a folder named in another encoding) is written as
    `\\xNN`, so JSON and terminals get text, never a lone surrogate."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")
