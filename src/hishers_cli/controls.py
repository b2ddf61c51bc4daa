"""Control characters made visible, so text never drives the terminal.

A dataset's text and a user's input (a query, a path) can hold escape
sequences: `\\x1b[31m` would change the colour, `\\x1b]0;...\\a` the window
title. Every C0 and C1 control character except newline and tab is shown
instead: C0 and DEL as their Unicode control pictures (ESC as "␛"), C1 as
the replacement character. So is every format character that reorders or
hides text (`HIDING`: the bidirectional marks, embeddings, overrides and
isolates, zero-width space, line and paragraph separators, the byte order
mark), so that nothing can disguise what follows it.
"""

from __future__ import annotations

import re

HIDING = "\u061c\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff"
CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{HIDING}]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"  # C1 and the hiding characters


def visible(text: str) -> str:
    """`text` with every control character but newline and tab shown, not obeyed."""
    return CONTROL.sub(_picture, text) if CONTROL.search(text) else text
