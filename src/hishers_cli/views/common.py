"""Pieces shared by the views' text: styled names, source labels beside
disputed records, how a stamp, a note's text and the progress are worded. The JSON shapes are in
`views.shapes` and `views.base`."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Protocol

from hishers_cli.controls import is_control
from hishers_cli.gate import Known
from hishers_cli.render.blocks import ACTOR, BREAK, CHARACTER, EPISODE, HINT, LOCKED, SOURCE, Paragraph, Span
from hishers_cli.render.once import words
from hishers_cli.views.base import HELD_HINT, label

# The timeline's two lanes, as a reader knows them.
# Worded for any show: a show's present-day story, and what happened before it.
LANE_TITLES = {"present": "The present day", "past": "The past"}


# Where the progress in use came from, as the progress card and status screen say it.
ORIGINS = {
    "option": "from --watched",
    "environment": "from HISHERS_WATCHED",
    "saved": "saved",
    "default": "nothing saved yet",
}


def bar(watched: int, total: int) -> str:
    return "[" + "#" * watched + "." * (total - watched) + "]"


# A note is shown on one line: its line breaks are written out too.
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def escaped(text: str) -> str:
    """`text` with every control character and every character that hides
    or reorders text (`controls.PICTURES`) written as a visible escape, so that
    what a note holds can never drive the terminal or disguise itself."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        code = ord(ch)
        if ch in _NAMED:
            out.append(_NAMED[ch])
        elif is_control(ch) or unicodedata.category(ch) == "Cs":
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def after_label(after: int, long: bool = False) -> str:
    """When a line was written: 'after ep. 2' ('after episode 2' in a
    sentence), 'before ep. 1' for nothing watched."""
    if after == 0:
        return "before episode 1" if long else "before ep. 1"
    return f"after episode {after}" if long else f"after ep. {after}"


# What a locked role is called, in a character card and the cast list alike.
ROLE_LOCKED = "revealed as you watch"


def character_span(name: str) -> Span:
    return Span(name, CHARACTER)


def actor_span(name: str) -> Span:
    return Span(name, ACTOR)


def episode_span(number: int) -> Span:
    return Span(f"Episode {number}", EPISODE)


def locked(text: str) -> Span:
    return Span(text, LOCKED)


def hint(text: str) -> Span:
    return Span(text, HINT)


def how_to(text: str) -> Paragraph:
    """A line command's how-to, as a hint the full-screen app leaves out."""
    return Paragraph(hint(text), command=True)


def progress_line(known: Known) -> str:
    if known.finished:
        return f"You have watched all {known.episode_count} episodes."
    if known.watched == 0:
        return "You have not watched any episodes yet: showing only what was public before episode 1."
    return f"Watched up to episode {known.watched} of {known.episode_count}. {HELD_HINT}"


def source_label(known: Known, id: str) -> str:
    """A source's label as text shows it: a comma inside a label ("finale
    recap, 10 Jan 2026") becomes a middle dot, so that a list of labels
    never reads as more sources than it has."""
    return label(known, id).replace(", ", " · ")


class Sourced(Protocol):
    """A record that names the sources it rests on."""

    @property
    def sources(self) -> Sequence[str]: ...


class Stamped(Protocol):
    """A record stamped with the episode that reveals it."""

    @property
    def known_from(self) -> int: ...
    @property
    def exact(self) -> bool: ...


class Relation(Protocol):
    """A relationship as a presenter words it: its two people, their roles
    (empty for one without a direction), its kind and its current state."""

    @property
    def between(self) -> Sequence[str]: ...
    @property
    def roles(self) -> Sequence[str]: ...
    @property
    def kind(self) -> str: ...
    @property
    def current(self) -> Sequence[RelationState]: ...


class RelationState(Sourced, Protocol):
    @property
    def text(self) -> str: ...


class Listed(Protocol):
    """A source as a list of sources shows it."""

    @property
    def id(self) -> str: ...
    @property
    def label(self) -> str | None: ...
    @property
    def title(self) -> str: ...
    @property
    def date(self) -> object: ...


def sources_text(known: Known, ids: Iterable[str]) -> str:
    """'[label; label]': the one way text names the sources of a record."""
    return f"[{'; '.join(source_label(known, id) for id in ids)}]"


def attribution(known: Known, record: Sourced) -> str:
    """' [label]' after a record the sources dispute, naming the sources
    it rests on; '' for a record they agree on."""
    if not getattr(record, "disputed", False):
        return ""
    return " " + sources_text(known, record.sources)


def attributed(known: Known, record: Sourced, text: str) -> tuple[str | Span, ...]:
    """A record's text, followed by its sources' labels where disputed."""
    suffix = attribution(known, record)
    return (text, Span(suffix, SOURCE)) if suffix else (text,)


def when(record: Stamped) -> str:
    """When a record became known, in a few words: 'ep. 3' where a source
    ties it to episode 3, 'by ep. 6' where its stamp is only a bound."""
    if record.known_from == 0:
        return "before ep. 1"
    return f"ep. {record.known_from}" if record.exact else f"by ep. {record.known_from}"


def stamp(record: Stamped) -> str:
    """'(ep. 3)': the one way text shows when a record became known. Sources
    are in square brackets, stamps in round ones."""
    return f"({when(record)})"


def adds(text: str, said: str) -> bool:
    """Whether `text` says more than `said` already does: at least two of
    its words are not in it."""
    known = set(words(said))
    return len([w for w in words(text) if w not in known]) > 1


def _clauses(text: str) -> list[str]:
    return [c for c in re.split(r"(?<=[.;])\s+", text.strip()) if c]


def what_it_adds(text: str, said: str) -> str:
    """The clauses of `text` that say more than `said`, as a sentence ('' if
    none): "Alice is Anna's mother; in Dahlonega, Anna stays with her" with
    "Alice, Anna's mother" said gives "In Dahlonega, Anna stays with her"."""
    kept = [c for c in _clauses(text) if adds(c, said)]
    if not kept:
        return ""
    out = " ".join(kept)
    out = out[:-1] + "." if out.endswith(";") else out
    return out[0].upper() + out[1:]


def first_name(known: Known, id: str) -> str:
    return known.name(id).split()[0] if known.name(id) else id


# A relationship without a direction, as what one of its people is to the
# other: a phrase that reads after a name ("Rachel Hopkins, a childhood
# acquaintance of Anna's") and in a list of ties alike.
PHRASES = {
    "spouses": "married to {}",
    "siblings": "{}'s sibling",
    "childhood acquaintances": "a childhood acquaintance of {}'s",
    "friends": "a friend of {}'s",
    "partners": "{}'s partner",
    "affair": "having an affair with {}",
    "rivals": "{}'s rival",
}


# A role that "NAME's ROLE" would leave open, as the phrase that says what
# it is (in a murder story, a target may be anyone's).
ROLE_PHRASES = {
    ("bullying", "target"): "bullied by {}",
}


def relation_phrase(known: Known, relation: Relation, focus: str) -> str:
    """What `focus` is to the other person, as a phrase for running text:
    "Anna's mother", "a childhood acquaintance of Anna's", "bullied by Rachel"."""
    other = next((id for id in relation.between if id != focus), focus)
    if relation.roles:
        role = relation.roles[list(relation.between).index(focus)]
        return ROLE_PHRASES.get((relation.kind, role), "{}'s " + role).format(first_name(known, other))
    phrase: str = PHRASES.get(relation.kind, "{} (" + relation.kind + ")")
    return phrase.format(first_name(known, other))


def relation_head(known: Known, relation: Relation, focus: str) -> str:
    """A relationship's heading from `focus`'s side, after the other
    person's name: ", Anna's mother", ", married to Anna"."""
    other = next((id for id in relation.between if id != focus), focus)
    return ", " + relation_phrase(known, relation, other)


def relation_cells(known: Known, relation: Relation, focus: str) -> tuple[str | Span, ...]:
    """A relationship seen from one of its two people: the other person and
    what they are to `focus` ("Alice, Anna's mother", "Jack Harper, married
    to Anna"), then what its
    current state adds to that, labelled where the sources disagree. A state
    that only says the heading again ("Alice is Anna's mother") is left out;
    of a state that says more, only the more."""
    other = next((id for id in relation.between if id != focus), focus)
    head = relation_head(known, relation, focus)
    said = f"{known.name(other)} {known.name(focus)} {head} {relation.kind} {' '.join(relation.roles)}"
    body: list[str | Span] = []
    for state in relation.current:
        text = what_it_adds(state.text, said)
        if not text and not getattr(state, "disputed", False):
            continue
        if body:
            body.append(BREAK)  # each source's account on a line of its own
        body += attributed(known, state, text or state.text)
    return (character_span(known.name(other)), head, *((": ", *body) if body else ()))


def source_line(s: Listed) -> str:
    """A source in a list of sources: 'label: title (date)', or only the
    title where it says what the label says ("The harbour log" for "Harbour
    log")."""
    shown = (s.label or s.id).replace(", ", " · ")
    title = f"{s.title} ({s.date or 'undated'})"
    return f"{shown}: {title}" if adds(s.title, shown) or adds(shown, s.title) else title
