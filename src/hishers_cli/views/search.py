"""`hishers search TEXT`: full-text search over what the viewer may see."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from hishers_cli import lookup
from hishers_cli.gate import Known
from hishers_cli.lookup import normalize
from hishers_cli.render.blocks import MATCH, Block, Heading, Paragraph, Span, Tree, join_names, plain
from hishers_cli.views import shapes
from hishers_cli.views.common import LANE_TITLES, attribution, hint, relation_head, sources_text, what_it_adds
from hishers_cli.views.shapes import envelope
from hishers_cli.views.view import View

if TYPE_CHECKING:
    from hishers_cli.views.shapes.typed import SearchHit


class Entry(NamedTuple):
    """One searchable thing: the section it is listed under, where it is
    from in words, the text searched and shown, and its JSON hit."""

    section: str
    where: str
    text: str
    hit: SearchHit


def _entries(known: Known) -> list[Entry]:
    """Everything a viewer at this progress can read."""
    entries: list[Entry] = []
    for e in known.episodes:
        if e.summary:
            text = e.summary.text + attribution(known, e.summary)
            hit: SearchHit = {"kind": "episode", "section": "episodes", "episode": shapes.episode(known, e)}
            entries.append(Entry("episodes", f"Episode {e.number}", text, hit))
    for c in known.characters:
        for b in c.bio:
            hit = {"kind": "bio", "section": "characters", "fact": shapes.fact(known, b, b.text)}
            entries.append(Entry("characters", c.name, b.text + attribution(known, b), hit))
        for a in c.aliases:
            hit = {"kind": "alias", "section": "characters", "fact": shapes.fact(known, a, a.name)}
            entries.append(Entry("characters", c.name, a.name + attribution(known, a), hit))
    for k in known.cast:
        where = k.character.name if k.character else k.actor
        # The part ("in flashbacks") only once the role is known, as the cast shows it.
        part = f" ({k.part})" if k.character and k.part else ""
        text = f"{k.actor}{part}" + (f", known for {', '.join(k.known_for)}" if k.known_for else "")
        hit = {"kind": "casting", "section": "cast", "casting": shapes.casting(known, k, k.character)}
        entries.append(Entry("cast", where, text, hit))
    for relation in known.relationships:
        one, other = relation.between
        if relation.roles:  # "Alice, Anna's mother", as `relations` heads it
            where = known.name(other) + relation_head(known, relation, one)
        else:
            where = f"{known.name(one)} & {known.name(other)} ({relation.kind})"
        hit = {"kind": "relationship", "section": "relationships", "relationship": shapes.relationship(known, relation)}
        for state in (*relation.history, *relation.current):
            # Only what a state adds to its heading is shown with it.
            text = what_it_adds(state.text, where)
            text = (text or (state.text if state.disputed else "")) + attribution(known, state)
            entries.append(Entry("relationships", where, text.strip(), hit))
    for ev in known.events:
        hit = {"kind": "event", "section": "timeline", "event": shapes.event(known, ev)}
        entries.append(Entry("timeline", LANE_TITLES[ev.lane], ev.text + attribution(known, ev), hit))
    for f in known.facts:
        hit = {"kind": "fact", "section": "series", "fact": shapes.topic_fact(known, f)}
        entries.append(Entry("series", f.topic, f.text + attribution(known, f), hit))
    for credit in known.credits:
        text = f"{', '.join(credit.roles)}{attribution(known, credit)}"  # under the name
        hit = {"kind": "credit", "section": "series", "credit": shapes.credit(known, credit)}
        entries.append(Entry("series", credit.name, text, hit))
    for p in known.ending:
        hit = {"kind": "ending", "section": "ending", "ending_point": shapes.ending_point(known, p)}
        for account in p.accounts:
            text = f"{account.text} {sources_text(known, [account.source])}"
            entries.append(Entry("ending", p.question, text, hit))
    for d in known.book_differences:
        text = d.text + attribution(known, d)
        hit = {"kind": "book", "section": "book", "fact": shapes.topic_fact(known, d)}
        entries.append(Entry("book", d.topic, text, hit))
    return entries


# A sentence ends at a full stop, question or exclamation mark, but not
# after a title such as "Mr." ("the composer of Mr. Robot").
SENTENCE_END = re.compile(r"(?<!\bMr\.)(?<!\bMrs\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)(?<=[.!?])\s+")


# More words than anyone types: a longer query is refused (it could only be
# pasted text, and each word is a pass over every record).
MAX_SEARCH_WORDS = 64


def highlight(text: str, words: list[str]) -> tuple[str | Span, ...]:
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    out: list[str | Span] = []
    last = 0
    for m in pattern.finditer(text):
        out += [text[last : m.start()], Span(m.group(0), MATCH)]
        last = m.end()
    out.append(text[last:])
    return tuple(part for part in out if part)


def excerpt(text: str, words: list[str]) -> str:
    """The sentences of `text` that hold one of `words` (its first where
    none does, as when only the heading matched), with an ellipsis where
    sentences were left out."""
    label = re.search(r"\s*\[[^\]]*\]$", text)  # a disputed text's sources stay with it
    body, suffix = (text[: label.start()], label.group(0)) if label else (text, "")
    sentences = SENTENCE_END.split(body.strip())
    hit = [any(w in normalize(s) for w in words) for s in sentences]
    if len(sentences) == 1:
        return text
    if not any(hit):  # only its heading matched: the opening sentence says what it is
        hit = [True] + [False] * (len(sentences) - 1)
    out: list[str] = []
    for i, (sentence, keep) in enumerate(zip(sentences, hit, strict=True)):
        if keep:
            out.append(sentence)
        elif out and out[-1] != "…" or not out and i == 0:
            out.append("…")
    return " ".join(out) + suffix


def query_words(query: str) -> list[str]:
    """The distinct words of a query, folded as the text is."""
    return list(dict.fromkeys(normalize(query).split()))


def search(known: Known, query: str) -> View:
    words = query_words(query)
    # Each record is folded once, whatever the number of words.
    entries = [(d, normalize(f"{d.where} {d.text}")) for d in _entries(known)]
    hits = [d for d, folded in entries if words and all(w in folded for w in words)]
    marked = query.split()[:MAX_SEARCH_WORDS]
    if not hits and len(words) == 1:
        # One word found nowhere: what it stands for, or the word of the
        # visible text it is a misspelling of (`lookup.search_words`).
        seen = {w for _, folded in entries for w in folded.split()}
        words = marked = lookup.search_words(known, words[0], seen)
        hits = [d for d, folded in entries if any(w in folded for w in words)]
        # What is shown back is what was found, never what was typed.
        query = " ".join(w for w in words if any(w in folded for _, folded in entries))
    # The words are shown back only when they matched: then they are in
    # visible text anyway, while a word that matched nothing may come from a
    # later episode.
    data: shapes.SearchDocument = {
        **envelope(known),
        "query": query if hits else None,
        "results": [d.hit for d in hits],
    }
    blocks: list[Block] = [Heading(f"Search: {query}" if hits else "Search")]
    if not hits:
        blocks.append(Paragraph(hint("No matches in what you have watched so far.")))
    sections: dict[str, dict[str, list[str]]] = {}
    for d in hits:
        found = sections.setdefault(d.section, {}).setdefault(d.where, [])
        text = excerpt(d.text, words)
        if text not in found:
            found.append(text)
    for section, places in sections.items():
        # A passage two characters share is listed once, under both names.
        by_text: dict[str, list[str]] = {}
        for where, texts in places.items():
            for text in texts:
                by_text.setdefault(text, []).append(where)
        items: dict[str, list[str]] = {}
        for text, wheres in by_text.items():
            # "A and B (each): Was one of ...": the names are no subject.
            each = " (each)" if len(wheres) > 1 and text else ""
            items.setdefault(plain(join_names(wheres)) + each, []).append(text)
        nodes = []
        for where, texts in items.items():
            if texts == [""]:  # all it says is in its heading
                nodes.append(Tree(highlight(where, marked)))
            elif len(texts) == 1:
                nodes.append(Tree((f"{where}: ", *highlight(texts[0], marked))))
            else:
                nodes.append(Tree(where, tuple(Tree(highlight(t, marked)) for t in texts)))
        blocks.append(Tree(section.capitalize(), tuple(nodes), verbatim=True))
    return View(data, blocks)
