"""`hishers about` (the series card) and `hishers book` (book vs. show)."""

from __future__ import annotations

from typing import Any

from hishers_cli.document import Block, Bullets, Fields, Heading, Paragraph
from hishers_cli.gate import View
from hishers_cli.views.common import envelope, held_json, held_text, hint, locked, source_label

# Display order and labels for series fact topics; others follow in file order.
TOPICS = {
    "premise": "Premise",
    "network": "Network",
    "premiere": "Premiere",
    "format": "Format",
    "runtime": "Runtime",
    "rating": "Rating",
    "genre": "Genre",
    "novel": "Source novel",
    "setting": "Setting",
    "structure": "Structure",
    "filming": "Filming",
    "music": "Music",
    "soundtrack": "Soundtrack",
    "reception": "Reception",
}


def about(view: View) -> tuple[dict[str, Any], list[Block]]:
    facts = [f for f in view.facts if f.topic != "renewal"]
    facts.sort(key=lambda f: list(TOPICS).index(f.topic) if f.topic in TOPICS else len(TOPICS))
    renewal = [f for f in view.facts if f.topic == "renewal"]
    credits: dict[str, list[str]] = {}
    for c in view.credits:
        credits.setdefault(c.name, [])
        credits[c.name] += [r for r in c.roles if r not in credits[c.name]]
    data = envelope(
        view,
        episodes=[{"number": e.number, "runtime_minutes": e.runtime_minutes} for e in view.episodes],
        facts=[{"topic": f.topic, "text": f.text, "sources": list(f.sources)} for f in facts],
        credits=[{"name": c.name, "roles": list(c.roles), "sources": list(c.sources)} for c in view.credits],
        renewal=[{"text": f.text, "source": s, "as_of": _date(view, s)} for f in renewal for s in f.sources],
        sources=[{"id": s.id, "title": s.title, "date": s.date, "file": s.file} for s in view.sources],
    )
    blocks: list[Block] = [
        Heading(view.title),
        Fields(tuple((TOPICS.get(f.topic, f.topic.capitalize()), f.text) for f in facts)),
    ]
    if credits:
        blocks.append(Fields(tuple((name, ", ".join(roles)) for name, roles in credits.items())))
    if renewal:
        blocks.append(
            Bullets(
                tuple(f"{source_label(view, s)}: {f.text}" for f in renewal for s in f.sources),
                title="Renewal, as each source reported it",
            )
        )
    blocks.append(
        Bullets(tuple(f"{s.id}: {s.title} ({s.date or 'undated'}; {s.file})" for s in view.sources), title="Sources")
    )
    return data, blocks


def _date(view: View, source_id: str) -> str | None:
    return next((s.date for s in view.sources if s.id == source_id), None)


def book(view: View) -> tuple[dict[str, Any], list[Block]]:
    data = envelope(
        view,
        differences=[{"topic": d.topic, "text": d.text, "sources": list(d.sources)} for d in view.book_differences],
        held=held_json(view.book_held),
    )
    blocks: list[Block] = [Heading(f"{view.title}: the book and the show")]
    if view.book_differences:
        blocks.append(Fields(tuple((d.topic, f"{d.text} [{', '.join(d.sources)}]") for d in view.book_differences)))
    else:
        blocks.append(Paragraph(locked("Nothing here yet at your progress.")))
    if view.book_held:
        blocks.append(Paragraph(hint(held_text(view.book_held))))
    return data, blocks
