"""`hishers about` (the series card) and `hishers book` (book vs. show)."""

from __future__ import annotations

from hishers_cli.dataset.model import Credit
from hishers_cli.gate import Known
from hishers_cli.render.blocks import Block, Bullets, Fields, Heading, Paragraph
from hishers_cli.views import shapes
from hishers_cli.views.common import attributed, attribution, locked, source_line, sources_text
from hishers_cli.views.shapes import envelope
from hishers_cli.views.view import View

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


def about(known: Known) -> View:
    facts = [f for f in known.facts if f.topic != "renewal"]
    facts.sort(key=lambda f: list(TOPICS).index(f.topic) if f.topic in TOPICS else len(TOPICS))
    renewal = [f for f in known.facts if f.topic == "renewal"]
    data: shapes.AboutDocument = {
        **envelope(known),
        "facts": [shapes.topic_fact(known, f) for f in facts],
        "credits": [shapes.credit(known, c) for c in known.credits],
        "renewal": [shapes.topic_fact(known, f) for f in renewal],
        "sources": [shapes.source(s) for s in known.sources],
    }
    blocks: list[Block] = [
        Heading(known.title),
        Fields(tuple((TOPICS.get(f.topic, f.topic.capitalize()), attributed(known, f, f.text)) for f in facts)),
    ]
    if known.credits:
        blocks.append(Fields(tuple((name, roles) for name, roles in _credits(known))))
    if renewal:
        blocks.append(
            Bullets(
                tuple(f"{sources_text(known, f.sources)} {f.text}" for f in renewal),
                title="Renewal, as each source reported it",
            )
        )
    blocks.append(Bullets(tuple(source_line(s) for s in known.sources), title="Sources"))
    return View(data, blocks)


def _credits(known: Known) -> list[tuple[str, str]]:
    """One line per name; where the sources credit a name differently, each
    source's credit is shown with its label."""
    by_name: dict[str, list[Credit]] = {}
    for c in known.credits:
        by_name.setdefault(c.name, []).append(c)
    lines = []
    for name, credits in by_name.items():
        if any(c.disputed for c in credits):
            lines.append((name, "; ".join(", ".join(c.roles) + attribution(known, c) for c in credits)))
        else:
            roles = list(dict.fromkeys(r for c in credits for r in c.roles))
            lines.append((name, ", ".join(roles)))
    return lines


def book(known: Known) -> View:
    data: shapes.BookDocument = {
        **envelope(known),
        "differences": [shapes.topic_fact(known, d) for d in known.book_differences],
    }
    blocks: list[Block] = [Heading(f"{known.title}: the book and the show")]
    if known.book_differences:
        blocks.append(
            Fields(tuple((d.topic, f"{d.text} {sources_text(known, d.sources)}") for d in known.book_differences))
        )
    elif known.finished:  # nothing is held back, so none are recorded at all
        blocks.append(Paragraph("The dataset records no differences between the show and a book."))
    else:
        blocks.append(Paragraph(locked("Nothing here yet at your progress.")))
    return View(data, blocks)
