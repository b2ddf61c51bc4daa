"""Words as `lookup` reads them: one folding of text (`normalize`), one list
of words that name no one (`STOP_WORDS`), plurals (`singulars`), and the
common English words no query of one is ever taken for a name (`english`).

The English words are a list shipped with the package (english.txt, made by
scripts/english_words.py from wordfreq's ranking and SCOWL's dictionaries).
It is read the first time a query gets as far as the steps that need it
(the start of a name, a bio word, a misspelling), about 10 ms once.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources
from typing import NamedTuple

# Words that name no one: articles, pronouns and possessive adjectives,
# question words, titles.
STOP_WORDS = frozenset(
    {"the", "a", "an", "who", "s", "whos", "is", "was", "her", "his", "their", "its", "my", "our", "your"}
    | {"that", "this", "one", "again", "mr", "mrs", "ms", "miss", "dr"}
)

# Nouns that say only that it is a person ("the murdered woman"); before a
# role they say which ("the woman detective").
PERSON_NOUNS = frozenset({"guy", "woman", "man", "lady", "person", "girl", "boy"})

# The most common English words: a word this common is a word of the
# language, never a word of one character's bio (`there`, `really`, `old`).
COMMON = 10_000

# Irregular plurals; the rest follow `singulars`.
IRREGULAR = {"children": "child", "people": "person", "wives": "wife", "police": "police"}

_NOT_ALNUM = re.compile(r"[\W_]+")
_FOLDED = re.compile(r"[a-z0-9]+(?: [a-z0-9]+)*")


def normalize(text: str) -> str:
    """Lower case, accents dropped, punctuation as spaces."""
    if _FOLDED.fullmatch(text):  # already folded, as most words of a vocabulary are
        return text
    bare = unicodedata.normalize("NFKD", text)
    if not bare.isascii():
        bare = "".join(ch for ch in bare if not unicodedata.combining(ch))
    return " ".join(_NOT_ALNUM.sub(" ", bare.casefold()).split())


def strip_stop_words(words: list[str]) -> list[str]:
    """`words` without the leading words that name no one."""
    while words and words[0] in STOP_WORDS:
        words = words[1:]
    return words


def singulars(word: str) -> list[str]:
    """What a plural word may be the plural of, most likely first: "bullies"
    gives "bully", "wives" "wife", "cameramen" "cameraman"."""
    out = []
    if word in IRREGULAR:
        out.append(IRREGULAR[word])
    if word.endswith("children"):  # "grandchildren"
        out.append(word[: -len("ren")])
    if word.endswith("men"):
        out.append(word[:-3] + "man")
    if word.endswith("ies") and len(word) > 4:
        out.append(word[:-3] + "y")
    if word.endswith("ves"):
        out += [word[:-3] + "f", word[:-3] + "fe"]
    if word.endswith("s") and not word.endswith("ss"):
        out.append(word[:-1])
    if word.endswith("es"):
        out.append(word[:-2])
    return [w for w in dict.fromkeys(out) if w and w != word]


class English(NamedTuple):
    """The English words: all, most common first; as a set; the `COMMON`
    most common as a set."""

    ranked: tuple[str, ...]
    words: frozenset[str]
    common: frozenset[str]


@cache
def english() -> English:
    """The English words shipped with the package, read once."""
    lines = resources.files(__package__).joinpath("english.txt").read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    ranked = tuple(line for line in lines[start:] if line)
    return English(ranked, frozenset(ranked), frozenset(ranked[:COMMON]))


def is_english(word: str) -> bool:
    """Whether `word` (folded) or a singular of it is an English word."""
    listed = english().words
    return word in listed or any(s in listed for s in singulars(word))


def is_common(word: str) -> bool:
    """Whether `word` (folded), or a singular of it, is among the `COMMON`
    most common English words."""
    common = english().common
    return word in common or any(s in common for s in singulars(word))
