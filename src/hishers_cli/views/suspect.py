"""`hishers suspect`: the viewer's board, their guess and notes after each
episode they kept one after (the rest named in one line), and once the
ending may be seen, the board against the answer.

Before that the board holds only the viewer's own words and choices, worded
the same whoever they suspect: the only thing that changes with the suspect
is the name. What lies beyond the viewer's progress (their own later lines,
the answer) is decided by the gate: `Known.needs_consent` for the lines,
`Known.ending` of a consented view for the answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from hishers_cli.dataset.model import Account, EndingPoint
from hishers_cli.gate import Known
from hishers_cli.render.blocks import (
    AGREE,
    SOURCE,
    TITLE,
    Block,
    Bullets,
    Fields,
    Heading,
    Paragraph,
    Span,
    join_names,
    plain,
)
from hishers_cli.store.notes import Note, Notebook
from hishers_cli.views import shapes
from hishers_cli.views.common import after_label, character_span, escaped, hint, how_to, source_label, sources_text
from hishers_cli.views.shapes import envelope
from hishers_cli.views.view import View

if TYPE_CHECKING:
    from hishers_cli.views.shapes.typed import Board as BoardShape, SuspectDocument, Verdict as VerdictShape

NO_GUESS = "no guess"
# The line an empty board ends on (the full-screen app has keys instead).
HOW_TO_KEEP = 'After an episode: hishers suspect NAME, and hishers notes add "TEXT".'
RIGHT = "right"


class Row(NamedTuple):
    after: int
    suspect: str | None  # a character id
    notes: tuple[tuple[int, Note], ...]  # (number, note)

    @property
    def kept(self) -> bool:
        """Whether the viewer kept a guess or a note after this episode."""
        return bool(self.suspect or self.notes)


class Verdict(NamedTuple):
    """One question with an answer: each account with the characters it
    names, and after which episodes the viewer suspected each of them."""

    known: Known  # the view the answer came through
    point: EndingPoint
    accounts: tuple[tuple[Account, tuple[str, ...]], ...]
    agree: bool
    suspected: tuple[tuple[str, tuple[int, ...]], ...]


class Board(NamedTuple):
    rows: tuple[Row, ...]
    hidden: int
    # None: the answer may not be seen yet; () when the show gives none.
    verdicts: tuple[Verdict, ...] | None


def build(known: Known, notebook: Notebook, ending: Known | None) -> Board:
    """The board at the viewer's progress (`known`): one row per episode
    from 0 to it; lines written beyond it, or naming someone not known at
    it, are counted as hidden. `ending` is the view the answer may come
    from (None without the finale or consent)."""
    hidden = 0
    guesses: dict[int, str] = {}
    for g in notebook.guesses:
        if known.needs_consent(g.after) or known.character(g.character) is None:
            hidden += 1
        else:
            guesses[g.after] = g.character
    notes: dict[int, list[tuple[int, Note]]] = {}
    for number, n in enumerate(notebook.notes, 1):
        if known.needs_consent(n.after):
            hidden += 1
        else:
            notes.setdefault(n.after, []).append((number, n))
    rows = tuple(Row(after, guesses.get(after), tuple(notes.get(after, ()))) for after in range(known.watched + 1))
    verdicts = None if ending is None else tuple(_verdict(ending, p, rows) for p in ending.ending if p.answers())
    return Board(rows, hidden, verdicts)


def _verdict(ending: Known, point: EndingPoint, rows: tuple[Row, ...]) -> Verdict:
    accounts = point.answers()
    answer_ids = list(dict.fromkeys(id for _, ids in accounts for id in ids))
    suspected = tuple((id, tuple(r.after for r in rows if r.suspect == id)) for id in answer_ids)
    agree = len({frozenset(ids) for _, ids in accounts}) == 1
    return Verdict(ending, point, accounts, agree, suspected)


def answered(board: Board) -> set[str]:
    """Every character any account names, for marking the right guesses."""
    return {id for v in board.verdicts or () for _, ids in v.accounts for id in ids}


def blocks(known: Known, board: Board) -> list[Block]:
    """The board, an episode at a time (the episodes with nothing kept in
    one line), what is hidden, and the answers when they may be seen. The
    suspect's name has a line of its own, so two boards that differ in whom
    they suspect differ in that name only."""
    right = answered(board)
    out: list[Block] = []
    for row in (r for r in board.rows if r.kept):
        suspect: tuple[Any, ...] = (character_span(known.name(row.suspect)),) if row.suspect else (hint(NO_GUESS),)
        if row.suspect in right:
            suspect += (Span(f" ({RIGHT})", AGREE),)
        items: list[Any] = [("Your suspect: ", *suspect)]
        items += [(hint(f"Note {number}: "), Span(escaped(n.text))) for number, n in row.notes]
        out.append(Bullets(tuple(items), title=after_label(row.after, long=True).capitalize(), verbatim=True))
    empty = [r.after for r in board.rows if not r.kept]
    if empty:
        out.append(Paragraph(hint(f"No guess or note {_when(empty)}.")))
    if board.hidden:
        out.append(Paragraph(hint(f"Hidden at this progress: {_lines(board.hidden)} from later episodes.")))
    if board.verdicts is None:
        out.append(
            Paragraph(
                hint(
                    "Nothing here says whether a guess is right. Once you have watched the finale, "
                    "the board is set against the ending."
                )
            )
        )
    elif not board.verdicts:
        out.append(Paragraph(hint("The dataset gives no answer to set your guesses against.")))
    for v in board.verdicts or ():
        out += _verdict_blocks(v, board)
    return out


def _when(afters: list[int]) -> str:
    """'before episode 1 or after episodes 1 to 3 and 5': when each of
    `afters` (in order) was, runs of three or more episodes shortened."""
    parts = ["before episode 1"] if afters[0] == 0 else []
    episodes = [a for a in afters if a]
    if episodes:
        runs: list[list[int]] = []
        for n in episodes:
            if runs and n == runs[-1][-1] + 1:
                runs[-1].append(n)
            else:
                runs.append([n])
        words = [w for run in runs for w in ([f"{run[0]} to {run[-1]}"] if len(run) > 2 else map(str, run))]
        parts.append(f"after episode{'s' if len(episodes) > 1 else ''} {plain(join_names(words))}")
    return " or ".join(parts)


def _lines(count: int) -> str:
    return f"{count} line{'s' if count != 1 else ''}"


def _names(known: Known, ids: tuple[str, ...]) -> tuple[Any, ...]:
    if not ids:
        return (hint("no one"),)
    return join_names([character_span(known.name(id)) for id in ids])


def _verdict_blocks(v: Verdict, board: Board) -> list[Block]:
    ending = v.known
    if v.agree:
        who: list[tuple[str, Any]] = [
            (
                "The answer",
                (
                    *_names(ending, v.accounts[0][1]),
                    Span("  " + sources_text(ending, [a.source for a, _ in v.accounts]), SOURCE),
                ),
            )
        ]
    else:
        who = [(source_label(ending, a.source), _names(ending, ids)) for a, ids in v.accounts]
    lines: list[Any] = []
    for id, afters in v.suspected:
        if afters and len(v.suspected) == 1:
            continue  # the closing line says when the viewer had the one answer
        name = character_span(ending.name(id))
        if not afters:
            lines.append(("You never suspected ", name, "."))
            continue
        more = f" (and again after {_episodes(afters[1:])})" if afters[1:] else ""
        lines.append(("You first suspected ", name, f" {after_label(afters[0], long=True)}{more}."))
    lines.append(_closing(v, board))
    return [Paragraph(Span(v.point.question, TITLE)), Fields(tuple(who)), Bullets(tuple(lines), verbatim=True)]


def _episodes(afters: tuple[int, ...]) -> str:
    return plain(join_names([str(a) for a in afters]))


def _closing(v: Verdict, board: Board) -> tuple[Any, ...]:
    """One line on how the viewer's guesses went, from the board itself."""
    guessed = [r for r in board.rows if r.suspect]
    if not guessed:
        return (hint("You kept no guesses."),)
    answer_ids = {id for _, ids in v.accounts for id in ids}
    right = [r for r in guessed if r.suspect in answer_ids]
    last = guessed[-1]
    if not right:
        return (
            "Your last guess was ",
            character_span(v.known.name(last.suspect or "")),
            f", {after_label(last.after, True)}.",
        )
    first = right[0]
    had = (Span("You had it", AGREE), f" {after_label(first.after, True)}")
    if last.suspect not in answer_ids:
        name = character_span(v.known.name(last.suspect or ""))
        return (*had, ", then changed your mind: your last guess was ", name, f", {after_label(last.after, True)}.")
    # The final run of right guesses: where the viewer settled on the answer.
    settled = len(guessed)
    while settled > 0 and guessed[settled - 1].suspect in answer_ids:
        settled -= 1
    back = guessed[settled]
    if back is first:
        return (*had, "." if first is last else ", and never let go.")
    return (*had, f", let go, and came back to it {after_label(back.after, True)}.")


def suspect(known: Known, notebook: Notebook, ending: Known | None, file: str) -> View:
    """`hishers suspect` with no name: the board."""
    b = build(known, notebook, ending)
    heading = "your board against the ending" if b.verdicts else "your board"
    out: list[Block] = [Heading(f"{known.title}: {heading}"), *blocks(known, b)]
    if not any(r.kept for r in b.rows):
        out.append(how_to(HOW_TO_KEEP))
    document: SuspectDocument = {**envelope(known), "board": data(known, b), "file": file}
    return View(document, out)


def data(known: Known, b: Board) -> BoardShape:
    """The board's JSON: a row per episode watched, the lines hidden at
    this progress, and (once the ending may be seen) the answers."""
    return {
        "rows": [
            {
                "after": row.after,
                "suspect": None if row.suspect is None else shapes.character_ref(known, row.suspect),
                "notes": [shapes.note(number, n) for number, n in row.notes],
            }
            for row in b.rows
        ],
        "hidden": b.hidden,
        "answers": None if b.verdicts is None else [verdict_shape(v) for v in b.verdicts],
    }


def verdict_shape(v: Verdict) -> VerdictShape:
    ending = v.known
    return {
        "topic": v.point.topic,
        "question": v.point.question,
        "agree": v.agree,
        "accounts": [
            {
                "sources": shapes.source_refs(ending, [a.source]),
                "answer": [shapes.character_ref(ending, id) for id in ids],
            }
            for a, ids in v.accounts
        ],
        "suspected": [
            {
                "character": shapes.character_ref(ending, id),
                "every_after": list(afters),
                "first_after": afters[0] if afters else None,
            }
            for id, afters in v.suspected
        ],
    }


def for_ending(known: Known, notebook: Notebook, ending: Known) -> View:
    """The board as the ending's last section: empty blocks when the viewer
    kept nothing, who is not shown an empty board at the end of the ending."""
    b = build(known, notebook, ending)
    kept = any(r.kept for r in b.rows)
    return View(dict(data(known, b)), blocks(known, b) if kept else [])
