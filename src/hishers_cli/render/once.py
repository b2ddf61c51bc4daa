"""Each fact once per screen.

A screen is composed of records written apart (an episode's summary, its
reveals, bio stages, relationship texts), and two of them may tell the same
fact in different words. `once` reads a screen's blocks in order and leaves
out a sentence whose content words a sentence already on the screen holds;
a line left with nothing to say is left out whole. Every renderer gets its
blocks through it; JSON keeps every record.

Kept even when they repeat: a source's account against anything but what
the same sources said (a cell labelled with its sources), since competing
accounts stand side by side on purpose; a verbatim table column, tree or list (the ending's accounts, a
viewer's notes and board, search hits) and any styled span (names, labels, a note on the
board); and the cells of different table rows, each read on its own (a
viewer looks up one actor).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from hishers_cli.render.blocks import SOURCE, Block, Bullets, Cell, Fields, Paragraph, Span, Table, Tree, plain

# Words that carry nothing on their own when telling what a sentence says.
FILLER = frozenset(
    [
        "a",
        "an",
        "the",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "of",
        "to",
        "too",
        "also",
        "and",
        "or",
        "but",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "as",
        "it",
        "its",
        "his",
        "her",
        "hers",
        "their",
        "theirs",
        "he",
        "she",
        "they",
        "them",
        "him",
        "who",
        "whom",
        "whose",
        "each",
        "other",
        "one",
        "this",
        "that",
        "these",
        "those",
        "so",
        "has",
        "have",
        "had",
        "from",
        "into",
        "up",
        "out",
        "about",
        "after",
        "before",
        "than",
        "then",
        "there",
        "when",
        "which",
        "will",
        "would",
        "can",
        "could",
        "does",
        "did",
        "do",
        "not",
        "no",
        "own",
    ]
)

_SUFFIXES = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("ly", ""))


_POSSESSIVE = re.compile(r"['’]s$")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """A rough stem: "murdered" and "murder", "bullied" and "bully" alike."""
    word = _POSSESSIVE.sub("", word.casefold())
    for suffix, root in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + root
            break
    return word[:6]


@lru_cache(maxsize=8192)
def words(text: str) -> tuple[str, ...]:
    """A text's words that carry meaning, folded and roughly stemmed
    ("Anna's" and "anna", "partners" and "partner" are one word)."""
    return tuple(_stem(w) for w in re.findall(r"[^\W\d_][\w'’-]*", text) if w.casefold() not in FILLER)


@lru_cache(maxsize=8192)
def _common_words(text: str) -> frozenset[str]:
    """The words of `text` that are no name (not capitalised mid-sentence)."""
    out = set()
    for i, w in enumerate(re.findall(r"[^\W\d_][\w'’-]*", text)):
        if w.casefold() not in FILLER and (i == 0 or not w[0].isupper()):
            out.add(_stem(w))
    return frozenset(out)


# A list item of at most this many words is a name and a tie, compared whole.
SHORT_ITEM = 6
# A sentence shorter than this says too little to be a fact told twice.
SHORTEST = 4
# How many ordinary words (not names) two sentences must share to tell one
# fact, and what share of the shorter one's.
COVERED = 0.6
COMMON = 3
# Three words shared (a place, a verb) tell one fact only if they are nearly
# all the shorter sentence says.
CLOSE = 0.75


def _tells(shared: int, shorter: int) -> bool:
    """Whether two sentences sharing `shared` ordinary words, the shorter of
    them having `shorter`, tell one fact."""
    return shared > COMMON and shared >= COVERED * shorter or shared == COMMON and shared >= CLOSE * shorter


def covered(sentence: str, said: Iterable[str]) -> bool:
    """Whether a sentence already said on the screen tells `sentence`'s
    fact: the two share more than three ordinary words (names aside) and
    most of the shorter one's, or three and nearly all of them."""
    heard = _Heard()
    for earlier in said:
        heard.add(earlier)
    return heard.covers(sentence)


# A word in more sentences than this is too common on the screen to find
# the sentences that tell one fact by: they are found by their other words.
# It bounds the cost of a screen of any length (a guide of a thousand
# episodes) to a constant per sentence; a screen shorter than this is read
# exactly as if every pair of sentences were compared.
POSTINGS = 256


class _Heard:
    """The sentences said in one voice, indexed by their ordinary words."""

    def __init__(self) -> None:
        self.sets: list[frozenset[str]] = []
        self.index: dict[str, list[int]] = {}

    def add(self, sentence: str) -> None:
        own = _common_words(sentence)
        number = len(self.sets)
        self.sets.append(own)
        for word in own:
            self.index.setdefault(word, []).append(number)

    def covers(self, sentence: str) -> bool:
        if len(words(sentence)) < SHORTEST:
            return False
        own = _common_words(sentence)
        candidates: set[int] = set()
        for word in own:
            found = self.index.get(word, ())
            if len(found) <= POSTINGS:
                candidates.update(found)
        return any(_tells(len(own & self.sets[i]), min(len(own), len(self.sets[i]))) for i in candidates)


# A source's label written into a text ("co-showrunner [preview]").
_LABEL = re.compile(r"\[[^\]]+\]")
_CLAUSE = re.compile(r"(?<=[.!?;])\s+(?=\S)")


def clauses(text: str) -> list[str]:
    """A text's sentences, and the clauses a semicolon joins, each whole."""
    return [s for s in _CLAUSE.split(text) if s.strip()]


def _joined(kept: list[str], whole: str) -> str:
    """Clauses left of a text, read as sentences again: where the clause a
    semicolon joined to another was left out, the one left ends or starts a
    sentence as the text around it needs."""
    kept = [
        clause[:1].upper() + clause[1:] if i and kept[i - 1].endswith((".", "!", "?")) else clause
        for i, clause in enumerate(kept)
    ]
    kept = [
        clause[:-1] + "." if clause.endswith(";") and i + 1 < len(kept) and kept[i + 1][:1].isupper() else clause
        for i, clause in enumerate(kept)
    ]
    text = " ".join(kept)
    if text.endswith(";"):
        text = text[:-1] + "."
    if whole[:1].isupper():
        text = text[:1].upper() + text[1:]
    return text


class _Screen:
    """What a screen has said so far, each sentence with the sources whose
    account it is ('' for what the guide says in its own voice)."""

    def __init__(self, above: _Screen | None = None) -> None:
        # A table row is read on its own, after what the screen said above
        # the table: it adds to a screen of its own over that one.
        self.above = above
        self.voices: dict[str, _Heard] = {}
        self.short: list[set[str]] = []

    def covers(self, sentence: str, voice: str) -> bool:
        heard = self.voices.get(voice)
        if heard is not None and heard.covers(sentence):
            return True
        return self.above is not None and self.above.covers(sentence, voice)

    def say(self, sentence: str, voice: str) -> None:
        self.voices.setdefault(voice, _Heard()).add(sentence)

    def cell(self, cell: Cell, voice: str = "") -> Cell | None:
        """`cell` without the sentences already said; None when what is left
        says nothing of its own (only names and separators). A source's
        account is shortened only by what the same sources said: competing
        accounts stand side by side on purpose, and what the guide says in its
        own voice does not stand in for a disputed account."""
        parts = list(cell) if isinstance(cell, tuple) else [cell]
        voice = voice or "".join(p.text for p in parts if isinstance(p, Span) and p.style == SOURCE)
        voice = voice or "".join(_LABEL.findall("".join(p for p in parts if isinstance(p, str))))
        out: list[str | Span] = []
        new: list[str] = []  # said once the whole cell is read
        dropped = kept = False
        for part in parts:
            if not isinstance(part, str):
                out.append(part)
                continue
            if not part.strip():
                out.append(part)
                continue
            left = []
            for s in clauses(part):
                if self.covers(s, voice):
                    dropped = True
                    continue
                if words(s):
                    kept = True
                left.append(s)
            new += left
            text = _joined(left, part.strip()) if left else ""
            if part[:1].isspace() and text:
                text = " " + text
            out.append(text)
        for sentence in new:
            self.say(sentence, voice)
        if not dropped:
            return cell
        if not kept:
            return None
        return _tidy(out)

    def cells(self, cells: Sequence[Cell]) -> list[Cell]:
        """A list's items without what was said; a short item (a name and
        a tie) whose words a short item before it holds is left out whole
        ("Zoe Harper, Jack's sister" after "Zoe Harper: Jack's sister.")."""
        out = []
        for cell in cells:
            own = set(words(plain(cell)))
            if 2 < len(own) <= SHORT_ITEM and any(own <= earlier for earlier in self.short):
                continue
            kept = self.cell(cell)
            if kept is not None:
                out.append(kept)
                if 2 < len(own) <= SHORT_ITEM:
                    self.short.append(own)
        return out


def _tidy(parts: list[str | Span]) -> Cell:
    """A cell's parts after sentences were taken out: no separator left
    dangling at its end."""
    while parts and isinstance(parts[-1], str) and not parts[-1].strip(" :;,"):
        parts.pop()
    if parts and isinstance(parts[-1], str):
        parts[-1] = parts[-1].rstrip(" :;,")
    return tuple(parts) if len(parts) != 1 else parts[0]


def once(blocks: Sequence[Block]) -> list[Block]:
    """The screen `blocks` make, each fact told once: a sentence whose fact
    is already on the screen is left out, and so is a line, field, paragraph
    or list left with nothing of its own."""
    screen = _Screen()
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            text = screen.cell(block.text)
            if text is not None:
                out.append(block._replace(text=text))
        elif isinstance(block, Bullets) and not block.verbatim:
            items = screen.cells(block.items)
            if items:
                out.append(block._replace(items=tuple(items)))
        elif isinstance(block, Fields):
            fields = [(label, v) for label, value in block.items if (v := screen.cell(value)) is not None]
            if fields:
                out.append(block._replace(items=tuple(fields)))
        elif isinstance(block, Table):
            out.append(block._replace(rows=tuple(_row(block, row, screen) for row in block.rows)))
        elif isinstance(block, Tree):
            tree = _tree(block, screen)
            if tree is not None:
                out.append(tree)
        else:
            out.append(block)
    return out


def _row(table: Table, row: tuple[Cell, ...], above: _Screen) -> tuple[Cell, ...]:
    """A table row read on its own after what the screen said above the
    table; a cell emptied stays as an empty cell, so the columns hold. A
    verbatim column's cells are shown as written."""
    screen = _Screen(above)
    return tuple(
        (screen.cell(cell) or "") if column.wide and not column.verbatim else cell
        for cell, column in zip(row, table.columns, strict=False)
    )


def _tree(tree: Tree, screen: _Screen) -> Tree | None:
    """A tree without what was said before it; a node left with nothing of
    its own and no children ("Before:" over states all said already) is
    left out."""
    if tree.verbatim:
        return tree
    label = screen.cell(tree.label)
    children = tuple(c for c in (_tree(child, screen) for child in tree.children) if c is not None)
    if (label is None or not words(plain(tree.label))) and tree.children and not children:
        return None
    if label is None and not children:
        return None
    return tree._replace(label=tree.label if label is None else label, children=children)
