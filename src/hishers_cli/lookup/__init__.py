"""Whom a viewer means: the one resolver.

`resolve(known, query)` decides whom a query means, from what the gate lets
through (`Known`) alone, so a name, role or description the viewer has not
reached yet matches nothing and is never suggested. Case, accents and
punctuation are ignored, and so are leading words that name no one
(`words.STOP_WORDS`: "the", "her", "who's"). The steps below are tried in
this order; the first that finds anyone answers:

1. **name**, **alias**, **actor**: the whole query is a character's full
   name, first name or surname; else one of their aliases (with or without
   its leading article: "harbour master" is "The Harbour Master"), or a
   word of one; else an actor's name or a word of it (an actor whose role
   is still locked is found as the actor alone). A role word before a name
   keeps those of that name who hold the role: "detective harper"; a name
   in the plural asks for everyone of that name: "the harpers". Then, for
   `who`, the whole **name** of a record that is no character (`named`: a
   credit). Only the whole name: a surname a credit shares with a
   character not known yet must answer as it did before anyone had that
   name.
2. **relation**: "jack's sister", "sister of jack", "jacks sister",
   "killed rachel" (`VERBS`): the person named is resolved as any query is,
   then the role is followed through their known relationships; a relation
   two steps away ("jack's mother-in-law", "meg's uncle", `KIN`) through
   two of them, so it is known once both are. "ex" is a spouse, partner or
   lover whose relationship is known to have ended (`ENDED`). Words before
   the role narrow it as in step 3 ("anna's high school friend"). When the
   person is found but no one is that to them, the answer is no one.
3. **role**, **description**: the query is a role word of a known
   relationship (its `roles`, or a plural kind such as "siblings" for both
   sides), or a known descriptor of a character (`described_as`), with its
   synonyms and plurals (`WORDS` below, extended by the dataset's `words`).
   A plural ("victims", "police") asks for everyone it fits, in the order
   they came to fit it; a relation two steps away is anyone's ("the
   mother-in-law"). A noun after the word adds nothing ("the murdered
   woman"). A word before it narrows it: a gender word, as the roles a
   character holds or the pronouns of their bio say ("the woman
   detective"); a role or description word of the show. A word that is
   neither is read past ("lead detective", `MODIFIERS` always), but not a
   word that picks one by order (`ORDINALS`: "second victim" is not
   "victim") nor a name.
4. **name**, **alias**, **actor**, not exact: the query starts a name word
   (three letters or more), or a casting's part ("teen anna"), unless what
   is typed is an English word (`words.english`) that is no word of the
   show: "and" is not the start of "Andrews".
5. **description**: every word of the query is a word of what the viewer
   knows of one character (bio, part), the last resort before spelling.
   Never for a role or description word, nor a name: those are answered by
   the steps above alone, so a word in one character's bio about someone
   else ("her husband", "Rachel") does not make that character match. Nor
   for one of the `words.COMMON` most common English words ("there",
   "really", "old"): only a word that says what someone is.
6. **misspelling**: the query is spelt like a character's name, alias or
   a word of one: of similar length, starting with the same letter or one
   edit away, and at most `MAX_EDITS` edits. Actors' names only when no
   character's name is close. An English word that is no word of the show
   ("him", "address") is never a misspelt name, nor is a role or
   description word ("police" is not "Alice").

Several people for a singular query is ambiguous; the caller asks the viewer
to be more specific. No one: `suggestions` lists names equally close, if any.
A query of more than `MAX_QUERY_WORDS` words matches no one.

Cost: the vocabulary, the names and the answer to each query (a relation
reads its owner as a query) are worked out once per progress (`Known`); a
query is read as a relation in at most `MAX_READINGS` ways, and every step
is polynomial in the number of words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any, Literal, NamedTuple, get_args
from weakref import WeakKeyDictionary

from hishers_cli.gate import Known, KnownCasting, KnownCharacter
from hishers_cli.lookup.words import (
    PERSON_NOUNS,
    STOP_WORDS,
    is_common,
    is_english,
    normalize as normalize,
    singulars as singulars,
    strip_stop_words,
)

# How a query matched, in the order the steps are tried.
By = Literal["name", "alias", "actor", "relation", "role", "description", "misspelling"]
BY: tuple[By, ...] = get_args(By)

# Words viewers use for roles and descriptions, listed under each word they
# stand for. A dataset extends this with its own `words`. Plurals by rule
# (`singulars`) need no entry; `PLURAL` marks words that ask for a group.
SAID_FOR = {
    "mother": "mom, mum, mommy, mama, parent",
    "father": "dad, daddy, papa, parent",
    "daughter": "child, kid",
    "son": "child, kid",
    "child": "kid",
    "brother": "sibling",
    "sister": "sibling",
    "wife": "spouse",
    "husband": "spouse, hubby",
    "detective": "cop, police, policeman, policewoman, officer, investigator, inspector",
    "killer": "murderer, culprit",
    "victim": "murdered, dead",
    "cameraman": "camera man, camera guy, camera operator, cameraperson, camerawoman, photographer",
    "reporter": "journalist, newswoman, newsman",
    "news anchor": "journalist, newswoman, newsman, anchorwoman, anchorman, newsreader",
    "boss": "manager, employer",
    "suspect": "person of interest",
    "lover": "boyfriend, girlfriend, mistress, paramour, fling",
    "ex": "ex wife, ex husband, ex girlfriend, ex boyfriend, ex partner, ex lover, ex spouse, former wife"
    ", former husband",
    "grandmother": "grandma, granny, gran, nana, grandparent",
    "grandfather": "grandpa, granddad, grandad, grandparent",
    "granddaughter": "grandchild, grandkid",
    "grandson": "grandchild, grandkid",
    "aunt": "auntie, aunty",
    "affair": "cheating, cheated, cheat, infidelity, adultery, unfaithful",
    "murder": "killing, homicide",
    "elderly": "old, aged",
}


def _stands_for(said_for: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """Each word said, and the words it stands for in the order listed."""
    words: dict[str, tuple[str, ...]] = {}
    for meaning, said in said_for.items():
        for word in said.split(", "):
            words[word] = (*words.get(word, ()), meaning)
    return words


WORDS = _stands_for(SAID_FOR)
PLURAL = frozenset({"police"})

# "who killed rachel" asks for Rachel's killer.
VERBS = {"killed": "killer", "murdered": "killer", "bullied": "bully", "married": "spouse"}

# Relations two steps away, each a way through the known relationships:
# X's mother-in-law is the mother of X's spouse (a step may be one of these
# in turn: an aunt by marriage is a parent's sister-in-law). Each step is a word the
# relationships are read with (and its synonyms), so the answer is known
# exactly when both steps are.
KIN: dict[str, tuple[tuple[str, str], ...]] = {
    "mother in law": (("spouse", "mother"),),
    "father in law": (("spouse", "father"),),
    "parent in law": (("spouse", "parent"),),
    "sister in law": (("spouse", "sister"), ("sibling", "wife")),
    "brother in law": (("spouse", "brother"), ("sibling", "husband")),
    "sibling in law": (("spouse", "sibling"), ("sibling", "spouse")),
    "daughter in law": (("child", "wife"),),
    "son in law": (("child", "husband"),),
    "child in law": (("child", "spouse"),),
    "in law": (("spouse", "parent"), ("spouse", "sibling"), ("sibling", "spouse"), ("child", "spouse")),
    "niece": (("sibling", "daughter"),),
    "nephew": (("sibling", "son"),),
    "aunt": (("parent", "sister"), ("parent", "sister in law")),
    "uncle": (("parent", "brother"), ("parent", "brother in law")),
    "grandmother": (("parent", "mother"),),
    "grandfather": (("parent", "father"),),
    "grandparent": (("parent", "parent"),),
    "granddaughter": (("child", "daughter"),),
    "grandson": (("child", "son"),),
    "grandchild": (("child", "child"),),
}

# An ex: a spouse, partner or lover whose relationship, as far as it is
# known, says it has ended.
ROMANTIC = frozenset({"wife", "husband", "spouse", "lover", "partner", "boyfriend", "girlfriend", "affair", "couple"})
ENDED = frozenset({"estranged", "separated", "divorced", "former", "ex", "split", "broke", "ended"})

# Words of a person's card that say she or he: a qualifier ("the woman
# detective") keeps those the sources refer to so.
GENDER = {
    "female": frozenset({"woman", "female", "lady", "girl", "she", "her", "herself"})
    | frozenset({"wife", "mother", "daughter", "sister", "girlfriend", "mistress", "aunt", "niece", "grandmother"}),
    "male": frozenset({"man", "male", "guy", "boy", "gentleman", "he", "him", "his", "himself"})
    | frozenset({"husband", "father", "son", "brother", "boyfriend", "uncle", "nephew", "grandfather"}),
}
_PRONOUNS = {"female": ("she", "her"), "male": ("he", "his")}
_CLAUSE = re.compile(r"[.,;:!?()]")

# Words that pick one of several by order: before a role they name no one
# unless the show has that very phrase ("second victim").
ORDINALS = frozenset(
    {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "last", "next", "other", "another", "latest"}
)

# Role and description words a show is likely to use, always read as such,
# never as misspelt names or bio words, even before anyone holds them: what
# a viewer asks about a later twist answers as a nonsense word does.
ROLE_WORDS = frozenset(
    {"mother", "father", "daughter", "son", "wife", "husband", "brother", "sister", "partner", "friend"}
    | {"detective", "killer", "victim", "suspect", "bully", "target", "boss", "reporter", "cameraman", "lover", "ex"}
    | set(KIN)
)

# Words before a role that say nothing of who holds it. A fixed list, never
# read from the data: whether a longer phrase is a word of the show must not
# change how its last word is read ("second victim" is not "victim").
MODIFIERS = frozenset(
    {"estranged", "lead", "late", "poor", "real", "actual", "main", "chief", "head", "senior", "best", "close"}
)

MAX_EDITS = 2  # a misspelling is at most this many edits from the name (one for names of four letters or fewer)
MAX_QUERY_WORDS = 12  # no one is asked for in more words; a longer query matches no one
MIN_TYPED = 3  # the start of a name, or a misspelling, needs at least this many letters
MIN_SEARCH_TYPO = 5  # a search word is read as a misspelling from this many letters
MAX_READINGS = 64  # the readings of one query tried as a relation, at most


class Person(NamedTuple):
    """A match: a character, or an actor whose role is still locked."""

    label: str
    character: KnownCharacter | None
    casting: KnownCasting | None = None


class Named(NamedTuple):
    """A match that is no character: the records of one kind under one name
    (a credit; two where the sources give it differently)."""

    kind: str
    name: str
    records: tuple[Any, ...]


class Match(NamedTuple):
    """Whom a query means, and how it matched (`by`, one of `BY`; None when
    it matched no one)."""

    query: str
    by: str | None
    people: tuple[Person, ...]
    # What the query named when it is no one's name but a record's.
    named: tuple[Named, ...] = ()
    # The query asked for everyone it fits ("victims").
    plural: bool = False
    # False for the start of a name or a misspelling: not the name itself.
    exact: bool = True
    # Names equally close to a misspelling, when no one clearly is.
    suggestions: tuple[str, ...] = ()


class Refusal(NamedTuple):
    """Why a match names no one person, worded for any screen (a line
    command adds where to look further, `search`). It never repeats the
    query: it may be a name from a later episode."""

    text: str
    # Nothing matched: the viewer may look through the show with search instead.
    nothing: bool


# Why an actor whose part is not known yet cannot be someone's suspect.
ROLE_LOCKED = "that role is still locked at your progress."


def refusal(match: Match, several: bool = False) -> Refusal | None:
    """Why `match` names no one person, None when it names one (or, with
    `several`, a plural names everyone it fits)."""
    if len(match.named) > 1:
        return Refusal(f"that could be any of: {', '.join(n.name for n in match.named)}. Be more specific.", False)
    if match.named:
        return None
    if not match.people:
        hint = f" Did you mean: {', '.join(match.suggestions)}?" if match.suggestions else ""
        return Refusal(f"no one by that name at your progress.{hint}", True)
    if len(match.people) > 1 and not (several and match.plural):
        labels = ", ".join(p.label for p in match.people)
        if match.by in ("name", "alias", "actor"):
            return Refusal(f"that could be any of: {labels}. Be more specific.", False)
        return Refusal(f"that description fits: {labels}. Be more specific.", True)
    return None


def resolve(known: Known, query: str, records: bool = False) -> Match:
    """Whom `query` means at this progress (see the module's docstring);
    with `records`, a record that is no character may answer too (`named`)."""
    return _vocabulary(known).resolve(query, records)._replace(query=query.strip())


def _read(known: Known, vocabulary: _Vocabulary, query: str, records: bool) -> Match:
    key = normalize(query)
    words = key.split()
    if len(words) > MAX_QUERY_WORDS:
        return Match("", None, ())
    words = strip_stop_words(words)
    while words and words[-1] == "s":  # "jack's", with nothing after it
        words = words[:-1]
    bare = " ".join(words)
    steps = (_by_name, _by_record_name, _by_relation, _by_role, _by_prefix, _by_bio, _by_misspelling)
    for step in steps if records else tuple(s for s in steps if s is not _by_record_name):
        found = step(known, vocabulary, key, bare)
        if found is not None:
            return found
    return Match("", None, ())


def search_words(known: Known, word: str, seen: Iterable[str]) -> list[str]:
    """What a one-word search for `word`, found in no visible text, may
    mean: the words it stands for and the others said for them (`WORDS`,
    the dataset's `words`: "cheating" is an affair); else the words of
    `seen` (the visible text's) one edit from it, when it has
    `MIN_SEARCH_TYPO` letters or more and is no English word. One edit
    only: a word that two edits make visible may as well be a name the
    viewer has not met ("clyde" is not "close")."""
    vocabulary = _vocabulary(known)
    found = vocabulary.senses(word)
    if found:
        said = {w for w, means in vocabulary.synonyms.items() if means & found[0]}
        return sorted((found[0] | said) - {word})
    if len(word) < MIN_SEARCH_TYPO or is_english(word):
        return []
    return sorted(w for w in set(seen) if w[0] == word[0] and abs(len(w) - len(word)) <= 1 and edits(w, word) == 1)


def names(known: Known, records: bool = False) -> list[str]:
    """Every name of a person a viewer at this progress may type, for shell
    completion; with `records`, the names of records that are no character
    (`named`) too."""
    out = [c.name for c in known.characters]
    out += [a.name for c in known.characters for a in c.aliases]
    out += [k.actor for k in known.cast]
    out += [n.name for n in named(known)] if records else []
    return sorted(set(out))


def named(known: Known) -> list[Named]:
    """Every record a viewer may look up by name that is no character, one
    entry a kind and name: the credits."""
    found: dict[tuple[str, str], list[Any]] = {}
    for kind, records in (("credit", known.credits),):
        for record in records:
            key = normalize(record.name)
            if key:  # a name of punctuation alone is no name anyone types
                found.setdefault((kind, key), []).append(record)
    return [Named(kind, records[0].name, tuple(records)) for (kind, _key), records in found.items()]


# -- words ------------------------------------------------------------------


class _Term(NamedTuple):
    """A role or description a person holds, and whom it is relative to."""

    word: str
    person: str  # character id
    other: str | None  # the other character of the relationship, if any
    by: str  # "role" or "description"
    since: int  # the episode after which it is known


class _Vocabulary:
    """What a query is read against at one progress, worked out once: the
    role and description words known, with the synonyms of `WORDS` and the
    dataset's `words`; every name a viewer may type; and the answers to
    the queries read so far (a relation reads its owner as a query)."""

    def __init__(self, known: Known):
        self.known = known
        self.synonyms: dict[str, set[str]] = {w: set(means) for w, means in WORDS.items()}
        self.plural = set(PLURAL)
        for entry in known.words:
            word = normalize(entry.word)
            self.synonyms.setdefault(word, set()).update(normalize(m) for m in entry.means)
            if entry.plural:
                self.plural.add(word)
        self.terms = list(_terms(known))
        self.words = set(ROLE_WORDS) | set(self.synonyms) | {m for ms in self.synonyms.values() for m in ms}
        self.words |= {t.word for t in self.terms} | {t.word.split()[-1] for t in self.terms}
        self.name_keys = list(_name_keys(known))
        self.name_words = {w for kind, k, _ in self.name_keys if kind != "actor" for w in k.split()}
        # Words of the show a query may mean as they are: a name, alias,
        # actor, or a role or description word.
        self.own = {w for _, k, _ in self.name_keys for w in k.split()} | {w for p in self.words for w in p.split()}
        self._gender: dict[str, str | None] = {}
        self._read: dict[tuple[str, bool], Match] = {}
        self._names: dict[str, Match | None] = {}
        self._senses: dict[str, tuple[set[str], bool] | None] = {}

    def resolve(self, query: str, records: bool) -> Match:
        """`query` read at this progress, once."""
        if (query, records) not in self._read:
            if len(self._read) > 4096:  # a long-lived caller asks for many
                self._read.clear()
            self._read[query, records] = _read(self.known, self, query, records)
        return self._read[query, records]

    def by_name(self, bare: str) -> Match | None:
        """`_by_name` of `bare`, once."""
        if bare not in self._names:
            self._names[bare] = _by_name(self.known, self, bare, bare)
        return self._names[bare]

    def ordinary(self, word: str) -> bool:
        """Whether `word` is an English word and no word of the show: never
        a misspelt name or the start of one."""
        return word not in self.own and is_english(word)

    def senses(self, phrase: str) -> tuple[set[str], bool] | None:
        """The words `phrase` may stand for, and whether it is a plural; None
        when it is no role or description word at all."""
        if phrase not in self._senses:
            self._senses[phrase] = self._find_senses(phrase)
        return self._senses[phrase]

    def _find_senses(self, phrase: str) -> tuple[set[str], bool] | None:
        if not phrase:
            return None
        head, _, last = phrase.rpartition(" ")
        forms = [(phrase, phrase in self.plural)]
        forms += [((f"{head} {s}" if head else s), True) for s in singulars(last)]
        for form, plural in forms:
            if form in self.words:
                return {form, *self.synonyms.get(form, ())}, plural
        # "the murdered woman", "the dead guy": the noun says nothing more.
        if head and (last in PERSON_NOUNS or any(s in PERSON_NOUNS for s in singulars(last))):
            found = self.senses(head)
            return (found[0], last not in PERSON_NOUNS) if found else None
        return None

    def holds(self, term: _Term, senses: set[str]) -> bool:
        return term.word in senses or term.word.split()[-1] in senses

    def role(self, phrase: str) -> tuple[set[str], bool, list[str]] | None:
        """`senses` of the longest end of `phrase` that is a role or
        description word, and the words before it (qualifiers)."""
        words = phrase.split()
        for i in range(len(words)):
            found = self.senses(" ".join(words[i:]))
            if found:
                return found[0], found[1], words[:i]
        return None

    def held(self, senses: set[str], owners: set[str] | None = None) -> list[_Term]:
        """The terms of the role `senses` means, of anyone (`owners` None)
        or relative to one of `owners`; through two relationships for a
        relation two steps away (`KIN`)."""
        kin = [path for word in senses if word in KIN for path in KIN[word]]
        if not kin:
            return [t for t in self.terms if (owners is None or t.other in owners) and self.holds(t, senses)]
        if owners is None:  # "the niece": anyone's
            return [t for c in self.known.characters for t in self.held(senses, {c.id})]
        found = []
        for first, second in kin:
            between = {t.person for t in self.held(self.synonyms_of(first), owners)} - owners
            found += [t for t in self.held(self.synonyms_of(second), between) if t.person not in owners]
        return found

    def synonyms_of(self, word: str) -> set[str]:
        found = self.senses(word)
        return found[0] if found else {word}

    def gender(self, c: KnownCharacter) -> str | None:
        """ "female" or "male" as the roles a character holds, else the
        pronouns that open the clauses of their bio ("She lives ...", "Like
        Rachel, she is ..."; a pronoun later in a clause is often someone
        else's), say; None when neither says."""
        if c.id not in self._gender:
            roles = {t.word.split()[-1] for t in self.terms if t.person == c.id}
            said = [g for g, words in GENDER.items() if roles & words]
            if len(said) != 1:
                clauses = _CLAUSE.split(" ".join(b.text for b in c.bio))
                opening = [normalize(clause).partition(" ")[0] for clause in clauses]
                counts = {g: sum(opening.count(w) for w in pronouns) for g, pronouns in _PRONOUNS.items()}
                said = [g for g, n in counts.items() if n and n > sum(counts.values()) - n]
            self._gender[c.id] = said[0] if len(said) == 1 else None
        return self._gender[c.id]

    def narrow(self, terms: list[_Term], qualifiers: list[str]) -> list[_Term] | None:
        """`terms` held by those each qualifier fits: a gender word, a role
        or description word of the show; a word that is neither is read past
        ("lead detective"), but not a word that picks one by order, nor a
        name (None: no one)."""
        for q in qualifiers:
            if q in MODIFIERS:
                continue
            if q in ORDINALS or q in self.name_words:
                return None
            gender = next((g for g, words in GENDER.items() if q in words), None)
            if gender is not None:
                characters = {c.id: c for c in self.known.characters}
                terms = [t for t in terms if self.gender(characters[t.person]) == gender]
            elif (found := self.senses(q)) is not None:
                holders = {t.person for t in self.held(found[0])}
                terms = [t for t in terms if t.person in holders]
        return terms

    def any_role(self, words: Iterable[str]) -> bool:
        """Whether any of `words` is a role or description word."""
        return any(self.senses(w) is not None for w in words)


# One vocabulary for each progress a caller holds, made on its first query.
_VOCABULARIES: WeakKeyDictionary[Known, _Vocabulary] = WeakKeyDictionary()


def _vocabulary(known: Known) -> _Vocabulary:
    if known not in _VOCABULARIES:
        _VOCABULARIES[known] = _Vocabulary(known)
    return _VOCABULARIES[known]


def _terms(known: Known) -> Iterator[_Term]:
    for relation in known.relationships:
        a, b = relation.between
        since = min(r.known_from for r in (*relation.history, *relation.current))
        kind = normalize(relation.kind)
        # A plural kind ("siblings", "friends") says what each is to the
        # other; every singular it may have is kept ("spouses": "spouse").
        head, _, last = kind.rpartition(" ")
        both = [f"{head} {s}".strip() for s in singulars(last)] if kind else []
        for me, other, i in ((a, b, 0), (b, a, 1)):
            words = [normalize(relation.roles[i])] if relation.roles else []
            for word in words + both:
                yield _Term(word, me, other, "role", since)
        said = {w for r in [*relation.roles, relation.kind] for w in normalize(r).split()}
        if said & ROMANTIC or {s for w in said for s in singulars(w)} & ROMANTIC:
            states = (*relation.history, *relation.current)
            ended = [s.known_from for s in states if set(normalize(s.text).split()) & ENDED]
            if ended:
                yield _Term("ex", a, b, "role", min(ended))
                yield _Term("ex", b, a, "role", min(ended))
    for c in known.characters:
        for d in c.described_as:
            yield _Term(normalize(d.word), c.id, None, "description", d.known_from)


# -- the steps ----------------------------------------------------------------


def _people(known: Known, terms: Iterable[_Term]) -> tuple[Person, ...]:
    """The people holding `terms`, in the order they came to hold them (the
    first victim first), then in the dataset's order."""
    since: dict[str, int] = {}
    for t in terms:
        since[t.person] = min(t.since, since.get(t.person, t.since))
    ranked = sorted(known.characters, key=lambda c: since.get(c.id, 0))
    return tuple(Person(c.name, c) for c in ranked if c.id in since)


def _name_keys(known: Known) -> Iterator[tuple[str, str, Person]]:
    """(kind, key, person) for every name a viewer may type: a full name and
    each of its words, in the order the kinds are preferred."""

    def keys(text: str) -> list[str]:
        whole = normalize(text)
        # "The Harbour Master" is "harbour master" too, as a query is read.
        bare = " ".join(strip_stop_words(whole.split()))
        return list(dict.fromkeys([whole, bare, *(w for w in whole.split() if w not in STOP_WORDS | PERSON_NOUNS)]))

    for c in known.characters:
        for k in keys(c.name):
            yield "name", k, Person(c.name, c)
    for c in known.characters:
        for a in c.aliases:
            for k in keys(a.name):
                yield "alias", k, Person(c.name, c)
    for role in known.cast:
        played = role.character
        person = Person(role.actor, None, role) if played is None else Person(played.name, played)
        for k in keys(role.actor):
            yield "actor", k, person


def _unique(people: Iterable[Person]) -> tuple[Person, ...]:
    return tuple(dict.fromkeys(people))


def _first_kind(found: Iterable[tuple[str, Person]]) -> tuple[str, tuple[Person, ...]] | None:
    """The people a character's names matched (a name and an alias are
    equals: the sources may disagree on who bears a name), else the people
    an actor's name matched."""
    found = list(found)
    for kinds in (("name", "alias"), ("actor",)):
        people = _unique(p for kind, p in found if kind in kinds)
        if people:
            return next(kind for kind in kinds if any(k == kind for k, _ in found)), people
    return None


def _by_name(known: Known, vocabulary: _Vocabulary, key: str, bare: str) -> Match | None:
    for typed in dict.fromkeys([key, bare]):
        hit = _first_kind((kind, p) for kind, k, p in vocabulary.name_keys if typed and k == typed)
        if hit:
            return Match("", hit[0], hit[1])
    # A family by its name: "the harpers".
    head, _, last = bare.rpartition(" ")
    for typed in (f"{head} {s}".strip() for s in singulars(last)):
        hit = _first_kind((kind, p) for kind, k, p in vocabulary.name_keys if kind != "actor" and k == typed)
        if hit:
            return Match("", hit[0], hit[1], plural=True)
    # A name with what they are before it: "detective harper" is the Harper
    # who is a detective.
    words = bare.split()
    for i in range(1, len(words)):
        senses = vocabulary.senses(" ".join(words[:i]))
        found = vocabulary.by_name(" ".join(words[i:])) if senses else None
        if senses and found:
            holders = {t.person for t in vocabulary.terms if vocabulary.holds(t, senses[0])}
            people = tuple(p for p in found.people if p.character is not None and p.character.id in holders)
            if people:
                return found._replace(people=people)
    return None


def _by_record_name(known: Known, vocabulary: _Vocabulary, key: str, bare: str) -> Match | None:
    entries = named(known)
    for typed in dict.fromkeys([key, bare]):
        whole = tuple(n for n in entries if typed and normalize(n.name) == typed)
        if whole:
            return Match("", "name", (), named=whole)
    return None


def _relation_readings(query: str, bare: str) -> Iterator[tuple[str, str, bool]]:
    """(owner, role, certain) readings of a query as a relation: "anna's
    mother" and "mother of anna" are certain; "annas mother" and "killed
    rachel" only maybe."""
    words = bare.split()
    for i in range(len(words) - 1, 0, -1):
        if words[i] == "s" and i + 1 < len(words):
            yield " ".join(words[:i]), " ".join(words[i + 1 :]), True
    for i, w in enumerate(words):
        if w == "of" and 0 < i < len(words) - 1:
            yield " ".join(words[i + 1 :]), " ".join(words[:i]), True
    if len(words) > 1 and words[0] in VERBS:
        yield " ".join(words[1:]), VERBS[words[0]], False
    for i in range(1, len(words)):
        if words[i - 1].endswith("s") and len(words[i - 1]) > 1:
            yield " ".join([*words[: i - 1], words[i - 1][:-1]]), " ".join(words[i:]), False


def _by_relation(known: Known, vocabulary: _Vocabulary, key: str, bare: str) -> Match | None:
    for owner, role, certain in islice(_relation_readings(key, bare), MAX_READINGS):
        reading = vocabulary.role(" ".join(strip_stop_words(role.split())))
        if reading is None:
            continue
        whose = vocabulary.resolve(owner, False)
        owners = {p.character.id for p in whose.people if p.character is not None}
        if not owners:
            if certain:
                return Match("", None, ())
            continue
        held = vocabulary.narrow(vocabulary.held(reading[0], owners), reading[2]) or []
        if held or certain:
            people = _people(known, held)
            return Match("", "relation", people, plural=reading[1]) if people else Match("", None, ())
    return None


def _by_role(known: Known, vocabulary: _Vocabulary, key: str, bare: str) -> Match | None:
    reading = vocabulary.role(bare)
    if reading is None:
        return None
    # Words before the role narrow it ("the woman detective") or say
    # nothing of who it is ("estranged husband", "lead detective").
    held = vocabulary.narrow(vocabulary.held(reading[0]), reading[2])
    if not held:
        # A role or description word no one holds yet answers as a word
        # that means nothing, with no spelling suggestions.
        return Match("", None, ())
    by = "role" if any(t.by == "role" for t in held) else "description"
    return Match("", by, _people(known, held), plural=reading[1])


def _by_prefix(known: Known, vocabulary: _Vocabulary, key: str, bare: str) -> Match | None:
    # An English word is a word, not the start of a name ("and", "sun").
    if len(bare) < MIN_TYPED or vocabulary.ordinary(bare.rpartition(" ")[2]):
        return None
    found = [(kind, p) for kind, k, p in vocabulary.name_keys if k.startswith(bare)]
    found += [
        ("actor", Person(k.character.name, k.character))
        for k in known.cast
        if k.character is not None and k.part and _ageless(normalize(k.part)).startswith(_ageless(bare))
    ]
    hit = _first_kind(found)
    return Match("", hit[0], hit[1], exact=False) if hit else None


# Words for a younger self in a casting's part: "young anna" is "teen Anna".
_YOUNG = frozenset({"young", "younger", "teen", "teenage", "teenaged", "little"})


def _ageless(text: str) -> str:
    return " ".join("young" if w in _YOUNG else w for w in text.split())


def _by_bio(known: Known, vocabulary: _Vocabulary, key: str, bare: str) -> Match | None:
    wanted = [w for w in bare.split() if len(w) >= MIN_TYPED]
    # Only words that say what someone is, and are neither a role nor a
    # name: "her husband" or "killed the same way as Rachel" in one
    # character's bio is about someone else, and a common word ("there",
    # "really", "old") is in every bio sooner or later.
    if not wanted or any(is_common(w) for w in wanted) or vocabulary.any_role(wanted):
        return None
    if set(wanted) & vocabulary.name_words:
        return None
    fits = []
    for c in known.characters:
        told = normalize(" ".join([*(b.text for b in c.bio), *(k.part or "" for k in c.cast)])).split()
        forms = set(told) | {s for w in told for s in singulars(w)}
        if all(w in forms or any(s in forms for s in singulars(w)) for w in wanted):
            fits.append(Person(c.name, c))
    return Match("", "description", tuple(fits)) if fits else None


def _by_misspelling(known: Known, vocabulary: _Vocabulary, key: str, bare: str) -> Match | None:
    typed = bare.split()
    # An English word is a word, never a misspelt name ("him", "address"),
    # nor a role or description word ("police" is not "Alice").
    if not typed or vocabulary.any_role(typed) or any(vocabulary.ordinary(w) for w in typed):
        return None
    for kinds in (("name", "alias"), ("actor",)):
        scored: list[tuple[int, Person]] = []
        for kind, k, person in vocabulary.name_keys:
            if kind not in kinds:
                continue
            distance = _misspelt(typed, k.split())
            if distance is not None:
                scored.append((distance, person))
        if scored:
            best = min(d for d, _ in scored)
            people = _unique(p for d, p in scored if d == best)
            if len(people) == 1:
                return Match("", "misspelling", people, exact=False)
            return Match("", None, (), suggestions=tuple(p.label for p in people))
    return None


def _misspelt(typed: list[str], name: list[str]) -> int | None:
    """How many edits `typed` is from `name`, word by word, when each typed
    word is a plausible misspelling of the name's word; else None."""
    if len(typed) != len(name):
        return None
    total = 0
    for t, n in zip(typed, name, strict=True):
        if t == n:
            continue
        longest = max(len(t), len(n))
        if min(len(t), len(n)) < MIN_TYPED or abs(len(t) - len(n)) > 0.3 * longest:
            return None
        d = edits(t, n)
        if d > (1 if longest <= 4 else MAX_EDITS) or (t[0] != n[0] and d > 1):
            return None
        total += d
    return total


def edits(a: str, b: str) -> int:
    """The edit distance between two words, a swap of neighbours counting
    as one edit (optimal string alignment)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous2[j - 2] + 1)
            current.append(value)
        previous2, previous = previous, current
    return previous[-1]
