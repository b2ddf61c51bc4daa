"""`hishers notes`: the viewer's own notes, oldest first, each with the
episode it was written after. A note is shown as text and nothing else:
control characters are made visible as escapes (`\\x1b`, `\\n`), and Rich
markup or HTML in it is never read as such."""

from __future__ import annotations

import unicodedata
from typing import Any

from hishers_cli.controls import is_control
from hishers_cli.gate import Known
from hishers_cli.notes import Guess, Note, Notebook
from hishers_cli.render.blocks import EPISODE, Block, Column, Heading, Paragraph, Span, Table
from hishers_cli.views import shapes
from hishers_cli.views.common import hint
from hishers_cli.views.shapes import envelope

# A note is shown on one line: its line breaks are written out too.
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def visible(text: str) -> str:
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


def listing(known: Known, notebook: Notebook, file: str) -> tuple[dict[str, Any], list[Block]]:
    """Every note written at or before this progress, numbered as `notes
    remove` takes them; later ones are counted, not shown."""
    shown = [(number, n) for number, n in enumerate(notebook.notes, 1) if not known.needs_consent(n.after)]
    hidden = len(notebook.notes) - len(shown)
    data: shapes.NotesDocument = {
        **envelope(known),
        "notes": [shapes.note(number, n) for number, n in shown],
        "hidden": hidden,
        "file": file,
    }
    blocks: list[Block] = [Heading(f"{known.title}: your notes")]
    if shown:
        rows = tuple((str(number), Span(after_label(n.after), EPISODE), visible(n.text)) for number, n in shown)
        blocks.append(Table((Column("#"), Column("Written"), Column("Note", wide=True)), rows))
    else:
        blocks.append(Paragraph('No notes yet. Keep one with: hishers notes add "TEXT"'))
    if hidden:
        blocks.append(
            Paragraph(hint(f"Hidden at this progress: {hidden} note{'s' if hidden != 1 else ''} from later episodes."))
        )
    blocks.append(Paragraph(hint(f"Kept in {visible(file)} (private to you; never exported).")))
    return {**data}, blocks


def kept(known: Known, number: int, note: Note, file: str) -> tuple[dict[str, Any], str]:
    """`notes add`: the document and the line for stderr."""
    data: shapes.NoteDocument = {**envelope(known), "note": shapes.note(number, note), "file": file}
    return {**data}, f"Note {number} kept, {after_label(note.after)}."


def removed(known: Known, number: int, note: Note, file: str) -> tuple[dict[str, Any], str]:
    """`notes remove`: the removed note's text is echoed, so a wrong number is noticed."""
    data: shapes.NoteDocument = {**envelope(known), "note": shapes.note(number, note), "file": file}
    return {**data}, f"Removed note {number} ({after_label(note.after)}): {visible(note.text)}"


def cleared(known: Known, before: Notebook, file: str) -> tuple[dict[str, Any], str]:
    notes, guesses = len(before.notes), len(before.guesses)
    data: shapes.NotesClearDocument = {
        **envelope(known),
        "removed": {"note_count": notes, "guess_count": guesses},
        "file": file,
    }
    return {**data}, (
        f"Removed {notes} note{'s' if notes != 1 else ''} and {guesses} guess{'es' if guesses != 1 else ''} "
        f"for {known.title}."
    )


def guessed(known: Known, guess: Guess, file: str) -> tuple[dict[str, Any], str]:
    """`suspect NAME`: the same words whoever is named, but the name."""
    data: shapes.SuspectNameDocument = {**envelope(known), "guess": shapes.guess(known, guess), "file": file}
    return (
        {**data},
        f"Your suspect {after_label(guess.after)}: {known.name(guess.character)}. 'hishers suspect' shows your board.",
    )
