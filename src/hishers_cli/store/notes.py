"""The viewer's own notebook: notes and guesses at who did it, one file per
show in the user's data dir, each stamped with the episode the viewer had
watched up to when writing it.

These are the user's own words, so they are kept with care: the file is
private (0600), written only through the one safe writer (`files`) under its
lock, read only when it is a regular file of at most `MAX_FILE_BYTES`, and
never replaced when it cannot be read: the error names it and says what to
do. Nothing here knows about Typer or Rich.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from hishers_cli.errors import HishersError
from hishers_cli.numbers import Unwritable, json_int, refuse_long
from hishers_cli.store import files
from hishers_cli.store.paths import data_dir, folder_fix

KIND = "hishers notes"
VERSION = 1
MAX_FILE_BYTES = 1024 * 1024
MAX_NOTE_CHARS = 10_000


class NotesError(HishersError):
    """The notes file cannot be read or written, or a change does not fit."""


# Keys hishers does not know (another tool's, or a later hishers'), kept as
# they were at every level of the file: they are the user's too.
Extra = Mapping[str, Any]
NONE: Extra = MappingProxyType({})


class Note(NamedTuple):
    text: str
    after: int  # the episode the viewer had watched up to when writing it
    origin: str  # where that progress came from: option, environment, saved, default
    extra: Extra = NONE


class Guess(NamedTuple):
    """Whom the viewer suspected after episode `after` (a character id)."""

    after: int
    character: str
    origin: str
    extra: Extra = NONE


class Notebook(NamedTuple):
    notes: tuple[Note, ...] = ()
    guesses: tuple[Guess, ...] = ()  # one per episode, in episode order
    extra: Extra = NONE


def notes_file(show: str, environ: Mapping[str, str] = os.environ) -> Path:
    """Where one show's notes are kept: `<data dir>/notes/<show key>.json`,
    the key cut short with a hash of the whole when the name would be too
    long for a file system to take."""
    return data_dir(environ) / "notes" / files.bounded(show, ".json")


def clean(text: str) -> str:
    """A note as typed, ready to keep: a lone surrogate (bytes that were not
    UTF-8 on the command line) becomes U+FFFD, so the file stays valid
    UTF-8. Nothing else is changed: controls are shown escaped, not lost."""
    if not any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
        return text
    return "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text)


def check_note(text: str) -> str:
    text = clean(text)
    if not text.strip():
        raise NotesError('a note needs some text: hishers notes add "TEXT"')
    if len(text) > MAX_NOTE_CHARS:
        raise NotesError(
            f"a note can hold at most {MAX_NOTE_CHARS:,} characters and this one has {len(text):,}; "
            "split it into shorter notes"
        )
    return text


def _fix(path: Path) -> str:
    return f"move it aside (mv {path} {path}.bak) to start a new notebook, or fix it by hand"


def _refused(path: Path, why: str) -> NotesError:
    if not os.path.lexists(path):  # nothing there to move aside or fix
        return NotesError(f"notes file {path} {why}; nothing was changed")
    return NotesError(f"notes file {path} {why}; it was left as it is. To go on, {_fix(path)}")


def _no_folder(path: Path, error: files.NotAFolder) -> NotesError:
    return NotesError(
        f"cannot keep notes in {path}: {error}; nothing was changed. {folder_fix(error.folder)} and try again"
    )


def read(path: Path, last: int | None = None) -> Notebook:
    """The notebook in `path`; an empty one when there is no file yet. A
    link is followed only to a file that is hishers' own notes; anything
    else (not a regular file, too large, not UTF-8 JSON, not hishers'
    notes) is refused and left untouched.

    With `last`, the show's last episode: a note or guess stamped after a
    later episode (written for a longer cut of the show, or by hand) is read
    as written after the last one, so it is shown and removed at the
    finale like any other; the number stored is kept as it was."""
    try:
        raw = files.read_regular(path, MAX_FILE_BYTES)
    except files.NotRegular:
        raise _refused(path, "is not a regular file") from None
    except files.TooLarge:
        raise _refused(path, f"is larger than the limit of {MAX_FILE_BYTES:,} bytes") from None
    except files.NotAFolder as e:
        raise _no_folder(path, e) from None
    except OSError as e:
        raise _refused(path, f"cannot be read ({e.strerror or e})") from None
    if raw is None:
        if os.path.islink(path):
            raise _refused(path, "is a link to a file that does not exist")
        return Notebook()
    try:
        stored = json.loads(raw.decode("utf-8"), parse_int=json_int)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _refused(path, "is not valid JSON") from None
    notebook = _from_stored(stored, last)
    if notebook is None:
        raise _refused(path, "is not a hishers notes file")
    return notebook


def _from_stored(stored: Any, last: int | None) -> Notebook | None:
    if not (isinstance(stored, dict) and stored.get("kind") == KIND and stored.get("version") == VERSION):
        return None
    notes, guesses = stored.get("notes"), stored.get("guesses")
    if not (isinstance(notes, list) and isinstance(guesses, list)):
        return None
    try:
        return Notebook(
            notes=tuple(
                Note(_text(n["text"]), _after(n, last), _text(n["origin"]), _extra(n, _known(n, NOTE_KEYS, last)))
                for n in notes
            ),
            guesses=tuple(
                Guess(
                    _after(g, last), _text(g["character"]), _text(g["origin"]), _extra(g, _known(g, GUESS_KEYS, last))
                )
                for g in guesses
            ),
            extra=_extra(stored, FILE_KEYS),
        )
    except (KeyError, TypeError, ValueError):
        return None


FILE_KEYS = frozenset({"kind", "version", "notes", "guesses"})
NOTE_KEYS = frozenset(Note._fields) - {"extra"}
GUESS_KEYS = frozenset(Guess._fields) - {"extra"}


def _after(item: dict[str, Any], last: int | None) -> int:
    """The episode a note or guess was written after, read as the last
    episode when it is beyond it (see `read`)."""
    after = _episode(item["after"])
    return after if last is None else min(after, last)


def _known(item: dict[str, Any], keys: frozenset[str], last: int | None) -> frozenset[str]:
    """The keys of `item` hishers reads as it stores them: an `after` read
    as the last episode is kept among the extra keys, so it is written back
    as it was."""
    return keys - {"after"} if last is not None and _after(item, None) > last else keys


def _extra(stored: dict[str, Any], known: frozenset[str]) -> Extra:
    """What `stored` (a JSON object) holds besides the keys hishers reads."""
    other = {k: v for k, v in stored.items() if k not in known}
    return MappingProxyType(other) if other else NONE


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(value)
    return value


def _episode(value: Any) -> int:
    if type(value) is not int or value < 0:
        raise ValueError(value)
    return value


def encode(notebook: Notebook) -> bytes:
    stored = {
        "kind": KIND,
        "version": VERSION,
        "notes": [_stored(n) for n in notebook.notes],
        "guesses": [_stored(g) for g in notebook.guesses],
        **notebook.extra,
    }
    try:
        # ensure_ascii: whatever a note holds, the file is plain ASCII JSON.
        return json.dumps(stored, indent=1, default=refuse_long).encode("ascii") + b"\n"
    except Unwritable as e:
        raise NotesError(
            f"the notes file holds {e.number}, which hishers cannot write back as it was; nothing was saved. "
            "Fix the file by hand"
        ) from None


def _stored(item: Note | Guess) -> dict[str, Any]:
    fields = item._asdict()
    extra = fields.pop("extra")
    return {**fields, **extra}


def change(path: Path, edit: Callable[[Notebook], Notebook], last: int | None = None) -> Notebook:
    """Read, edit and write the notebook under its lock, so parallel writers
    never lose each other's changes. Returns the notebook as written. The
    file is refused as `read` refuses it, and nothing is written past the
    size limit. `last` is the show's last episode, as for `read`."""
    seen = files.version(path)
    notebook = read(path, last)  # refused before a lock file is made beside what is not hishers' notes
    try:
        with files.locked(path) as target:
            if files.version(path) != seen:  # changed while this waited for the lock
                notebook = read(path, last)
            notebook = edit(notebook)
            data = encode(notebook)
            if len(data) > MAX_FILE_BYTES:
                raise NotesError(
                    f"the notes file would grow past its limit of {MAX_FILE_BYTES:,} bytes; nothing was saved. "
                    "Remove some notes first (hishers notes remove N, or hishers notes clear)"
                )
            files.write_atomic(target, data, files.PRIVATE)
    except files.NotAFolder as e:
        raise _no_folder(path, e) from None
    except files.NotOwned as e:
        raise NotesError(f"cannot save notes: {e}; nothing was saved") from None
    except files.UnsafeFile:
        raise _refused(path, "is not a regular file") from None
    except files.Busy as e:
        raise NotesError(f"cannot save notes: {e}") from None
    except OSError as e:
        raise NotesError(f"cannot save notes to {path}: {e.strerror or e}") from None
    return notebook


def add_note(path: Path, note: Note, last: int | None = None) -> tuple[int, Notebook]:
    """Keep a note; returns its number (1 = the oldest) and the notebook."""
    checked = note._replace(text=check_note(note.text))
    notebook = change(path, lambda nb: nb._replace(notes=(*nb.notes, checked)), last)
    return len(notebook.notes), notebook


def remove_note(
    path: Path, number: int, may_remove: Callable[[Note], bool] = lambda n: True, last: int | None = None
) -> Note:
    """Remove note `number` (1 = the oldest) and return it. `may_remove`
    can refuse a note (NotesError of its own) before anything is written."""
    removed: list[Note] = []

    def edit(notebook: Notebook) -> Notebook:
        if not 1 <= number <= len(notebook.notes):
            count = len(notebook.notes)
            which = f"choose 1 to {count}" if count else "there are no notes yet"
            raise NotesError(f"there is no note {number}; {which} (hishers notes lists them)")
        note = notebook.notes[number - 1]
        if not may_remove(note):
            raise NotesError(f"note {number} cannot be removed at this progress")
        removed.append(note)
        return notebook._replace(notes=notebook.notes[: number - 1] + notebook.notes[number:])

    change(path, edit, last)
    return removed[0]


def suspect(path: Path, guess: Guess, last: int | None = None) -> Notebook:
    """Record a guess; a guess after the same episode replaces the earlier one."""

    def edit(notebook: Notebook) -> Notebook:
        others = [g for g in notebook.guesses if g.after != guess.after]
        return notebook._replace(guesses=tuple(sorted([*others, guess], key=lambda g: g.after)))

    return change(path, edit, last)


def clear(path: Path) -> Notebook:
    """Forget every note and guess for the show; returns what was there."""
    before: list[Notebook] = []

    def edit(notebook: Notebook) -> Notebook:
        before.append(notebook)
        return Notebook(extra=notebook.extra)

    change(path, edit)
    return before[0]
