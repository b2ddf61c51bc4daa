"""Control characters made visible, so text never drives the terminal.

A dataset's text and a user's input (a query, a path) can hold escape
sequences: `\\x1b[31m` would change the colour, `\\x1b]0;...\\a` the window
title. Every C0 and C1 control character except newline and tab is shown
instead: C0 and DEL as their Unicode control pictures (ESC as "␛"), C1 as
the replacement character. So are the bidirectional embedding, override and
isolate characters (U+202A to U+202E, U+2066 to U+2069), which reorder what
the terminal shows after them.
"""

from __future__ import annotations

import re

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"  # C1 and the reordering marks


def visible(text: str) -> str:
    """`text` with every control character but newline and tab shown, not obeyed."""
    return CONTROL.sub(_picture, text) if CONTROL.search(text) else text
