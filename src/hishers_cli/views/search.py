"""`hishers search TEXT`: full-text search over what the viewer may see."""

from __future__ import annotations

import re
from typing import Any

from hishers_cli.document import MATCH, Block, Bullets, Heading, Paragraph, Span
from hishers_cli.gate import Known
from hishers_cli.lookup import normalize
from hishers_cli.views.common import attribution, envelope, hint, source_label


def _documents(known: Known) -> list[tuple[str, str, str]]:
    """(kind, where, text) for everything in the view a viewer can read."""
    docs: list[tuple[str, str, str]] = []
    for e in known.episodes:
        if e.summary:
            docs.append(("episodes", f"Episode {e.number}", e.summary.text + attribution(known, e.summary)))
    for c in known.characters:
        for b in c.bio:
            docs.append(("characters", c.name, b.text + attribution(known, b)))
        for k in c.cast:
            docs.append(("cast", c.name, f"{k.actor}: {', '.join(k.known_for)}".rstrip(": ")))
        docs += [("characters", c.name, a.name + attribution(known, a)) for a in c.aliases]
    for role in known.cast:
        if role.character is None:
            docs.append(("cast", role.actor, f"{role.actor}: {', '.join(role.known_for)}".rstrip(": ")))
    docs += [
        ("relationships", f"{known.name(r.between[0])} & {known.name(r.between[1])}", r.text + attribution(known, r))
        for r in known.relationships
    ]
    docs += [("timeline", ev.lane, ev.text + attribution(known, ev)) for ev in known.events]
    docs += [("series", f.topic, f.text + attribution(known, f)) for f in known.facts]
    docs += [("series", c.name, f"{c.name}: {', '.join(c.roles)}{attribution(known, c)}") for c in known.credits]
    for p in known.ending:
        docs += [("ending", f"{p.question} [{source_label(known, a.source)}]", a.text) for a in p.accounts]
    docs += [("book", d.topic, d.text) for d in known.book_differences]
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
    hits: dict[str, list[tuple[str, str]]] = {}
    for kind, where, text in _documents(known):
        haystack = normalize(f"{where} {text}")
        if words and all(w in haystack for w in words):
            hits.setdefault(kind, []).append((where, text))
    # The words are shown back only when they matched: then they are in
    # visible text anyway, while a word that matched nothing may come from a
    # later episode.
    data = envelope(
        known,
        query=query if hits else None,
        results={kind: [{"where": w, "text": t} for w, t in found] for kind, found in hits.items()},
    )
    blocks: list[Block] = [Heading(f"Search: {query}" if hits else "Search")]
    if not hits:
        blocks.append(Paragraph(hint("No matches in what you have watched so far.")))
    for kind, found in hits.items():
        blocks.append(
            Bullets(
                tuple((f"{where}: ", *highlight(text, query.split())) for where, text in found), title=kind.capitalize()
            )
        )
    return data, blocks
