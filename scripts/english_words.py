"""Writes src/hishers_cli/lookup/english.txt: the most common English words,
most common first, that a dictionary lists in lower case (so a word that is
only ever a name, such as "rachael", is left out).

    pip install wordfreq
    python scripts/english_words.py /usr/share/dict/american-english /usr/share/dict/british-english

The dictionaries are Debian's wamerican and wbritish (SCOWL). The frequency
ranking is wordfreq's (data CC BY-SA 4.0, Robyn Speer and contributors).
"""

from __future__ import annotations

import sys
from pathlib import Path

import wordfreq

TOP = 50_000  # how far down wordfreq's ranking the list reaches
OUT = Path(__file__).resolve().parents[1] / "src" / "hishers_cli" / "lookup" / "english.txt"
HEADER = """\
# The most common English words, most common first: wordfreq's ranking
# (data CC BY-SA 4.0, Robyn Speer and contributors), of the words that
# SCOWL's dictionaries (Kevin Atkinson) list in lower case.
# Made by scripts/english_words.py.
"""


def main(dictionaries: list[str]) -> None:
    listed: set[str] = set()
    for path in dictionaries:
        listed |= {w.strip() for w in Path(path).read_text(encoding="utf-8").splitlines()}
    words = [w for w in wordfreq.top_n_list("en", TOP) if w.isascii() and w.isalpha() and w in listed]
    OUT.write_text(HEADER + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1:])
