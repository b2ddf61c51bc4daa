"""`hishers search TEXT`: full-text search over what the viewer may see."""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from hishers_cli.document import MATCH, Block, Bullets, Heading, Paragraph, Span
from hishers_cli.gate import Known
from hishers_cli.lookup import normalize
from hishers_cli.views import shapes
from hishers_cli.views.common import attribution, hint
from hishers_cli.views.shapes import envelope, label


class Document(NamedTuple):
    """One searchable thing: the section it is listed under, where it is
    from in words, the text searched and shown, and its JSON record."""

    section: str
    where: str
    text: str
    kind: str
    record: dict[str, Any]


def _documents(known: Known) -> list[Document]:
    """Everything a viewer at this progress can read."""
    docs: list[Document] = []
    for e in known.episodes:
        if e.summary:
            text = e.summary.text + attribution(known, e.summary)
            docs.append(Document("episodes", f"Episode {e.number}", text, "episode", shapes.episode(known, e)))
    for c in known.characters:
        for b in c.bio:
            docs.append(
                Document("characters", c.name, b.text + attribution(known, b), "bio", shapes.fact(known, b, b.text))
            )
        for a in c.aliases:
            docs.append(
                Document("characters", c.name, a.name + attribution(known, a), "alias", shapes.fact(known, a, a.name))
            )
    for k in known.cast:
        where = k.character.name if k.character else k.actor
        text = f"{k.actor}: {', '.join(k.known_for)}".rstrip(": ")
        docs.append(Document("cast", where, text, "casting", shapes.casting(known, k, k.character)))
    for relation in known.relations:
        where = f"{known.name(relation.between[0])} & {known.name(relation.between[1])}"
        record = shapes.relationship(known, relation)
        for state in (*relation.history, *relation.current):
            docs.append(
                Document("relationships", where, state.text + attribution(known, state), "relationship", record)
            )
    for ev in known.events:
        docs.append(Document("timeline", ev.lane, ev.text + attribution(known, ev), "event", shapes.event(known, ev)))
    for f in known.facts:
        docs.append(
            Document(
                "series", f.topic, f.text + attribution(known, f), "fact", shapes.fact(known, f, f.text, topic=f.topic)
            )
        )
    for credit in known.credits:
        text = f"{credit.name}: {', '.join(credit.roles)}{attribution(known, credit)}"
        record = shapes.stamped(known, credit, name=credit.name, roles=list(credit.roles))
        docs.append(Document("series", credit.name, text, "credit", record))
    for p in known.ending:
        for account in p.accounts:
            where = f"{p.question} [{label(known, account.source)}]"
            docs.append(Document("ending", where, account.text, "ending", shapes.ending_point(known, p)))
    for d in known.book_differences:
        text = d.text + attribution(known, d)
        docs.append(Document("book", d.topic, text, "book", shapes.fact(known, d, d.text, topic=d.topic)))
    return docs


def highlight(text: str, words: list[str]) -> tuple[str | Span, ...]:
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    out: list[str | Span] = []
    last = 0
    for m in pattern.finditer(text):
        out += [text[last : m.start()], Span(m.group(0), MATCH)]
        last = m.end()
    out.append(text[last:])
    return tuple(part for part in out if part)


def search(known: Known, query: str) -> tuple[dict[str, Any], list[Block]]:
    words = normalize(query).split()
    hits = [d for d in _documents(known) if words and all(w in normalize(f"{d.where} {d.text}") for w in words)]
    # The words are shown back only when they matched: then they are in
    # visible text anyway, while a word that matched nothing may come from a
    # later episode.
    data = envelope(
        known,
        query=query if hits else None,
        results=[{"kind": d.kind, "section": d.section, d.kind: d.record} for d in hits],
    )
    blocks: list[Block] = [Heading(f"Search: {query}" if hits else "Search")]
    if not hits:
        blocks.append(Paragraph(hint("No matches in what you have watched so far.")))
    sections: dict[str, list[Document]] = {}
    for d in hits:
        sections.setdefault(d.section, []).append(d)
    for section, found in sections.items():
        blocks.append(
            Bullets(
                tuple((f"{d.where}: ", *highlight(d.text, query.split())) for d in found), title=section.capitalize()
            )
        )
    return data, blocks
