"""Finding a person by what a viewer types: character names, first names,
surnames, aliases and actor names, ignoring case and accents, forgiving close
misspellings. It only ever searches what the gate lets through (`Known`), so
a name the viewer has not reached yet cannot match, nor be suggested."""

from __future__ import annotations

import difflib
import re
import unicodedata
from typing import NamedTuple

from hishers_cli.gate import Known, KnownCasting, KnownCharacter

FUZZY_CUTOFF = 0.65


_NOT_ALNUM = re.compile(r"[\W_]+")


def normalize(text: str) -> str:
    """Lower case, accents dropped, punctuation as spaces."""
    bare = unicodedata.normalize("NFKD", text)
    if not bare.isascii():
        bare = "".join(ch for ch in bare if not unicodedata.combining(ch))
    return " ".join(_NOT_ALNUM.sub(" ", bare.casefold()).split())


class Person(NamedTuple):
    """A match: a character, or an actor whose role is still locked."""

    label: str
    character: KnownCharacter | None
    casting: KnownCasting | None = None


class Found(NamedTuple):
    matches: tuple[Person, ...]
    exact: bool
    # Known names close to the query, offered when nothing matched.
    suggestions: tuple[str, ...] = ()
    # The match is only a name spelt alike, neither the name nor its start.
    close: bool = False


def _index(known: Known) -> dict[str, list[Person]]:
    index: dict[str, list[Person]] = {}

    def add(key: str, person: Person) -> None:
        words = normalize(key)
        for k in {words, *words.split()}:
            if k and person not in index.setdefault(k, []):
                index[k].append(person)

    for c in known.characters:
        person = Person(c.name, c)
        add(c.name, person)
        for alias in c.aliases:
            add(alias.name, person)
        for k in c.cast:
            add(k.actor, person)
    for role in known.cast:
        if role.character is None:
            add(role.actor, Person(role.actor, None, role))
    return index


def find(known: Known, query: str) -> Found:
    index = _index(known)
    key = normalize(query)
    if key in index:
        return Found(tuple(index[key]), exact=True)
    prefixed = _unique(p for k, people in index.items() if len(key) >= 3 and k.startswith(key) for p in people)
    if prefixed:
        return Found(prefixed, exact=False)
    close = [
        k for k in difflib.get_close_matches(key, list(index), n=5, cutoff=FUZZY_CUTOFF) if _each_word_close(key, k)
    ]
    matches = _unique(p for k in close for p in index[k])
    if len(matches) == 1:
        return Found(matches, exact=False, close=True)
    return Found((), exact=False, suggestions=tuple(p.label for p in matches))


def _each_word_close(query: str, name: str) -> bool:
    """Every word typed is close to some word of the name: "chris bauer" is
    not a misspelling of "pablo schreiber", however alike the letters."""
    words = name.split()
    return all(difflib.get_close_matches(w, words, n=1, cutoff=FUZZY_CUTOFF) for w in query.split())


def _unique(people: object) -> tuple[Person, ...]:
    out: list[Person] = []
    for p in people:  # type: ignore[attr-defined]
        if p not in out:
            out.append(p)
    return tuple(out)


def names(known: Known) -> list[str]:
    """Every name a viewer at this progress may type, for shell completion."""
    out = [c.name for c in known.characters]
    out += [a.name for c in known.characters for a in c.aliases]
    out += [k.actor for k in known.cast]
    return sorted(set(out))
