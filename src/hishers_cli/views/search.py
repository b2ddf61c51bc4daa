"""`hishers search TEXT`: full-text search over what the viewer may see."""

from __future__ import annotations

import re
from typing import Any

from hishers_cli.document import MATCH, Block, Bullets, Heading, Paragraph, Span
from hishers_cli.gate import View
from hishers_cli.lookup import normalize
from hishers_cli.views.common import envelope, hint


def _documents(view: View) -> list[tuple[str, str, str]]:
    """(kind, where, text) for everything in the view a viewer can read."""
    docs: list[tuple[str, str, str]] = []
    for e in view.episodes:
        if e.summary:
            docs.append(("episodes", f"Episode {e.number}", e.summary.text))
    for c in view.characters:
        for b in c.bio:
            docs.append(("characters", c.name, b.text))
        for k in c.cast:
            docs.append(("cast", c.name, f"{k.actor}: {', '.join(k.known_for)}".rstrip(": ")))
        docs += [("characters", c.name, a) for a in c.aliases]
    for role in view.cast:
        if role.character is None:
            docs.append(("cast", role.actor, f"{role.actor}: {', '.join(role.known_for)}".rstrip(": ")))
    docs += [
        ("relationships", f"{view.name(r.between[0])} & {view.name(r.between[1])}", r.text) for r in view.relationships
    ]
    docs += [("timeline", ev.lane, ev.text) for ev in view.events]
    docs += [("series", f.topic, f.text) for f in view.facts]
    docs += [("series", c.name, f"{c.name}: {', '.join(c.roles)}") for c in view.credits]
    for p in view.ending:
        docs += [("ending", f"{p.question} [{a.source}]", a.text) for a in p.accounts]
    docs += [("book", d.topic, d.text) for d in view.book_differences]
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


def search(view: View, query: str) -> tuple[dict[str, Any], list[Block]]:
    words = normalize(query).split()
    hits: dict[str, list[tuple[str, str]]] = {}
    for kind, where, text in _documents(view):
        haystack = normalize(f"{where} {text}")
        if words and all(w in haystack for w in words):
            hits.setdefault(kind, []).append((where, text))
    # The words are shown back only when they matched: then they are in
    # visible text anyway, while a word that matched nothing may come from a
    # later episode.
    data = envelope(
        view,
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
