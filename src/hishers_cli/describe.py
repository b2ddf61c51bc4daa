"""Finding a person when no name matches: a close misspelling with one clear
best match, or a description ("the cameraman", "mother") matched against
what the viewer knows of each character. Like `lookup`, it only ever
searches what the gate has let through."""

from __future__ import annotations

import difflib

from hishers_cli.gate import Known, KnownCharacter
from hishers_cli.lookup import normalize

# Words that say nothing about whom a viewer means.
FILLER = {"the", "a", "an", "who", "whos", "is", "was", "that", "this", "guy", "woman", "man", "one"}
CLEAR_RATIO = 0.75  # a misspelling at least this close to a name...
CLEAR_MARGIN = 0.15  # ...and this much closer than the next name is taken as meant


def clear_best(query: str, names: list[str]) -> str | None:
    """The one name `query` is clearly a misspelling of, if there is one."""
    key = normalize(query)

    def closeness(name: str) -> float:
        words = normalize(name)
        return max(difflib.SequenceMatcher(None, key, w).ratio() for w in [words, *words.split()])

    ranked = sorted(((closeness(n), n) for n in names), reverse=True)
    if not ranked or ranked[0][0] < CLEAR_RATIO:
        return None
    if len(ranked) > 1 and ranked[1][0] > ranked[0][0] - CLEAR_MARGIN:
        return None
    return ranked[0][1]


def by_description(known: Known, query: str) -> list[KnownCharacter]:
    """The characters a description fits best: what they are to someone
    ("mother", "boss", "cameraman") counts most, then their part and what
    their bio says so far. Empty when it fits no one."""
    words = [w for w in normalize(query).split() if w not in FILLER]
    if not words:
        return []
    scored: list[tuple[int, KnownCharacter]] = []
    for c in known.characters:
        roles = normalize(" ".join(_roles(c)))
        told = normalize(" ".join([*(b.text for b in c.bio), *(k.part or "" for k in c.cast)]))
        if all(_has(roles, w) for w in words):
            scored.append((2, c))
        elif all(_has(told, w) for w in words):
            scored.append((1, c))
    if not scored:
        return []
    best = max(score for score, _ in scored)
    return [c for score, c in scored if score == best]


def _roles(c: KnownCharacter) -> list[str]:
    """What the character is to the others: their side of each relationship
    with a direction, and the kind of the others."""
    found = []
    for relation in c.relationships:
        if relation.roles:
            found.append(relation.roles[list(relation.between).index(c.id)])
        else:
            found.append(relation.kind)
    return found


def _has(text: str, word: str) -> bool:
    """Whether `word` is one of the words of `text`, or starts one (a plural
    or a longer form: "detective" in "detectives")."""
    return any(w.startswith(word) for w in text.split())
