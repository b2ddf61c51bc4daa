"""Options for `less` when it pages hishers' output."""

from __future__ import annotations

import re


def less_options(user: str | None) -> str:
    """The LESS options for paging our output: the user's own, plus what the
    output needs (as git does): -R to show colours rather than escape codes,
    -F to quit when it fits on one screen, -X not to clear the screen."""
    options = (user or "").strip()
    missing = "".join(flag for flag in "FRX" if not re.search(rf"(^|\s)-\w*{flag}", options))
    return f"{options} -{missing}".strip() if missing else options
