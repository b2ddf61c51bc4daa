"""`hishers notes`: the viewer's own notes, oldest first, each with the
episode it was written after. A note is shown as text and nothing else:
control characters are made visible as escapes (`\\x1b`, `\\n`), and Rich
markup or HTML in it is never read as such."""

from __future__ import annotations

from hishers_cli.gate import Known
from hishers_cli.render.blocks import EPISODE, Block, Column, Heading, Paragraph, Span, Table
from hishers_cli.store.notes import Guess, Note, Notebook
from hishers_cli.views import shapes
from hishers_cli.views.common import after_label, escaped, hint
from hishers_cli.views.shapes import envelope
from hishers_cli.views.view import Change, View


def listing(known: Known, notebook: Notebook, file: str) -> View:
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
        rows = tuple((str(number), Span(after_label(n.after), EPISODE), escaped(n.text)) for number, n in shown)
        blocks.append(Table((Column("#"), Column("Written"), Column("Note", wide=True)), rows))
    else:
        blocks.append(Paragraph('No notes yet. Keep one with: hishers notes add "TEXT"'))
    if hidden:
        blocks.append(
            Paragraph(hint(f"Hidden at this progress: {hidden} note{'s' if hidden != 1 else ''} from later episodes."))
        )
    blocks.append(Paragraph(hint(f"Kept in {escaped(file)} (private to you; never exported).")))
    return View(data, blocks)


def kept(known: Known, number: int, note: Note, file: str) -> Change:
    """`notes add`: the document and the line for stderr."""
    data: shapes.NoteDocument = {**envelope(known), "note": shapes.note(number, note), "file": file}
    return Change(data, f"Note {number} kept, {after_label(note.after)}.")


def removed(known: Known, number: int, note: Note, file: str) -> Change:
    """`notes remove`: the removed note's text is echoed, so a wrong number is noticed."""
    data: shapes.NoteDocument = {**envelope(known), "note": shapes.note(number, note), "file": file}
    return Change(data, f"Removed note {number} ({after_label(note.after)}): {escaped(note.text)}")


def cleared(known: Known, before: Notebook, file: str) -> Change:
    notes, guesses = len(before.notes), len(before.guesses)
    data: shapes.NotesClearDocument = {
        **envelope(known),
        "removed": {"note_count": notes, "guess_count": guesses},
        "file": file,
    }
    return Change(
        data,
        f"Removed {notes} note{'s' if notes != 1 else ''} and {guesses} guess{'es' if guesses != 1 else ''} "
        f"for {known.title}.",
    )


def guessed(known: Known, guess: Guess, file: str) -> Change:
    """`suspect NAME`: the same words whoever is named, but the name."""
    data: shapes.SuspectNameDocument = {**envelope(known), "guess": shapes.guess(known, guess), "file": file}
    return Change(
        data,
        f"Your suspect {after_label(guess.after)}: {known.name(guess.character)}. 'hishers suspect' shows your board.",
    )
