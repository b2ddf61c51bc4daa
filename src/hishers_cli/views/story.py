"""`hishers recap`, `hishers new` and `hishers timeline`: the story so far."""

from __future__ import annotations

from typing import Any

from hishers_cli.dataset.model import LANES as LANES
from hishers_cli.gate import Known, KnownEpisode, KnownQuestion
from hishers_cli.render.blocks import Block, Bullets, Column, Heading, Paragraph, Table, join
from hishers_cli.views import shapes
from hishers_cli.views.common import LANE_TITLES, attributed, character_span, episode_span, hint, stamp
from hishers_cli.views.reveals import reveal_blocks
from hishers_cli.views.shapes import envelope
from hishers_cli.views.view import View


def recap(known: Known, before: int | None = None) -> View:
    """'Previously on': a few points per watched episode (its summary where
    the dataset has no recap for it), and at the end the questions the
    episodes so far have raised, once each, oldest first: open until their
    answer is known, then with where it is answered. `known` is already the
    view through the last episode to recap; `before` only titles it."""
    shown = [e for e in known.episodes if e.seen and (e.recap or e.summary)]
    faces = {e.number: [r.record for r in known.reveals(e.number) if r.kind == "character" and r.exact] for e in shown}
    data: shapes.RecapDocument = {
        **envelope(known),
        "before": before,
        "episodes": [
            {
                **shapes.episode(known, e),
                "recap": shapes.recap(known, e.recap, e.number) if e.recap else None,
                "new_characters": [shapes.character_ref(known, c.id) for c in faces[e.number]],
            }
            for e in shown
        ],
        "questions": [shapes.question(q) for q in known.questions],
    }
    title = f"Previously on {known.title}" + (f" (before episode {before})" if before else "")
    blocks: list[Block] = [Heading(title)]
    if not shown:
        message = (
            "Nothing to recap before the first episode."
            if before == 1
            else "Nothing to recap yet: no episodes watched."
        )
        blocks.append(Paragraph(hint(message)))
    for e in shown:
        points = recap_points(known, e)
        if faces[e.number]:
            points.append(("New faces: ", *join([character_span(c.name) for c in faces[e.number]])))
        blocks.append(Bullets(tuple(points), title=f"Episode {e.number}"))
    blocks += _questions(known.questions, not known.finished)
    return View(data, blocks)


def recap_points(known: Known, e: KnownEpisode) -> list[Any]:
    """An episode's points in the recap: its recap's, or its summary where
    the dataset has no recap for it."""
    if e.recap:
        return [attributed(known, e.recap, point) for point in e.recap.points]
    return [attributed(known, e.summary, e.summary.text)] if e.summary else []


def questions(known: Known, answered: bool = True) -> list[Block]:
    """The questions the recap ends on: those still open at `known`'s
    progress, then (unless `answered` is False) those answered so far."""
    asked = known.questions if answered else tuple(q for q in known.questions if q.answered_in is None)
    return _questions(asked, not known.finished)


def _questions(questions: tuple[KnownQuestion, ...], still_to_come: bool) -> list[Block]:
    """The open questions, oldest first, then those answered so far, grouped
    by where they are answered so that each answer is named once. Every
    question is shown as asked: a recap point that shares its words tells
    a fact, it does not ask the question."""
    still_open = tuple(q.text for q in questions if q.answered_in is None)
    blocks: list[Block] = []
    if still_open:
        blocks.append(Bullets(still_open, title="Open questions" if still_to_come else "Left open", verbatim=True))
    answered: dict[tuple[int, str | None], list[KnownQuestion]] = {}
    for q in questions:
        if q.answered_in is not None:
            topic = q.ending_point.topic if q.ending_point else None
            answered.setdefault((q.answered_in, topic), []).append(q)
    for (number, _), group in answered.items():
        point = group[0].ending_point
        title = f"Answered in the ending: {point.question}" if point else f"Answered in episode {number}"
        blocks.append(Bullets(tuple(q.text for q in group), title=title, verbatim=True))
    return blocks


def new(known: Known, number: int) -> View:
    """What one episode revealed; `known` reaches at least that episode."""
    reveals = known.reveals(number)
    events = known.events_of(number)
    data: shapes.NewDocument = {
        **envelope(known),
        "episode": shapes.episode(known, known.episode(number)),
        "reveals": [shapes.reveal(known, r) for r in reveals],
        "events": [shapes.event(known, ev) for ev in events],
    }
    blocks: list[Block] = [Heading(("New in ", episode_span(number)))]
    blocks += reveal_blocks(known, reveals)
    if not reveals:
        blocks.append(Paragraph(hint("The dataset records nothing new about the characters in this episode.")))
    if events:
        blocks.append(Bullets(tuple(attributed(known, ev, ev.text) for ev in events), title="On the timeline"))
    return View(data, blocks)


NOTHING_YET = "Nothing on the timeline yet at your progress."


def timeline(known: Known, lane: str | None = None) -> View:
    lanes = [name for name in LANES if lane in (None, name)]
    data: shapes.TimelineDocument = {
        **envelope(known),
        "lanes": {name: [shapes.event(known, ev) for ev in known.events if ev.lane == name] for name in lanes},
    }
    blocks: list[Block] = [Heading(f"{known.title}: timeline")]
    # A lane is named only once it holds something: naming the flashbacks
    # before the episode that starts them would announce them.
    for name in lanes:
        rows = tuple((stamp(ev), attributed(known, ev, ev.text)) for ev in known.events if ev.lane == name)
        if rows:
            blocks.append(Table((Column(""), Column("", wide=True)), rows, title=LANE_TITLES[name]))
    if len(blocks) == 1:
        blocks.append(Paragraph(hint(NOTHING_YET)))
    return View(data, blocks)
