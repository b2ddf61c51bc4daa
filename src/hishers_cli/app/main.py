"""The app: the viewer's progress and the level they are looking at, the
keys, and the writes (`n`, a note, a suspect) through the same functions as
the line commands."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from hishers_cli import gate
from hishers_cli.app import render
from hishers_cli.app.screens import SECTIONS, Confirm, Help, Home, Reading, Section, section
from hishers_cli.dataset.model import Dataset
from hishers_cli.errors import ExitCode, HishersError
from hishers_cli.gate import Known
from hishers_cli.render.blocks import Block, Paragraph
from hishers_cli.store import notes, progress as progress_file
from hishers_cli.store.paths import shown
from hishers_cli.store.progress import Progress

if TYPE_CHECKING:
    from hishers_cli.export.map import Map


class Browse(App[None]):
    """`hishers browse` over one dataset, at the viewer's progress."""

    TITLE = "hishers"
    CSS = """
    .dialog { width: 60; max-width: 100%; height: auto; max-height: 100%; padding: 1 2;
              border: round $primary; background: $surface; }
    ModalScreen { align: center middle; }
    .buttons { height: auto; margin-top: 1; }
    .buttons Button { margin-right: 2; }
    .title { text-style: bold; }
    Choices { height: auto; max-height: 100%; border: none; }
    #list { height: 1fr; }
    #chosen { padding: 0 1; }
    """
    BINDINGS = [
        *(Binding(s.key, f"open_section('{s.key}')", s.label) for s in SECTIONS),
        Binding("n", "next_episode", "Watched next"),
        Binding("l", "look_back", "Look back"),
        Binding("question_mark,f1", "help", "Help", key_display="?"),
        Binding("escape", "go_back", "Back", show=False),
        Binding("d", "toggle_dark", "Theme", show=False),
        Binding("q", "quit", "Quit"),
        Binding("ctrl+c", "interrupt", "Interrupt", show=False, priority=True),
    ]

    def __init__(
        self,
        dataset: Dataset,
        progress: Progress,
        show: str,
        config: Path,
        notebook: Path,
        styled: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        # False with NO_COLOR: Textual draws in greys, and the text's own
        # styles keep to bold and italic.
        self.styled = styled
        self.dataset = dataset
        self.progress = progress
        self.show = show
        self.config = config
        self.notebook = notebook
        self.level = progress.watched
        # The map's layout at each level looked at, worked out once.
        self.layouts: dict[int, Map] = {}
        # The sections built at the level shown (see `show_section`).
        self.built: set[str] = set()

    # -- what may be seen: the gate's ------------------------------------------

    def at_progress(self) -> Known:
        return gate.Known(self.dataset, self.progress.watched)

    def known(self) -> Known:
        """What the screens show: the viewer's progress, or an earlier level
        they have watched (the gate refuses anything later)."""
        return self.at_progress().through(self.level)

    def suspects(self) -> list[Block]:
        from hishers_cli.views import suspect

        known = self.known()
        ending = None if known.needs_consent(known.episode_count) else known.to_the_end()
        try:
            notebook = notes.read(self.notebook, known.episode_count)
        except notes.NotesError as e:
            return [Paragraph(str(e))]
        return list(suspect.suspect(known, notebook, ending, str(self.notebook)).blocks)

    def ending(self) -> list[Block]:
        """The ending, once the viewer has consented or finished (the
        Ending section is only opened then)."""
        from hishers_cli.views import about, ending, suspect

        known = self.at_progress()
        everything = known.to_the_end(consent=True)
        try:
            mine = suspect.for_ending(known, notes.read(self.notebook, known.episode_count), everything)
        except notes.NotesError:
            mine = None  # the ending is shown anyway, as `hishers ending` shows it
        return [*ending.with_board(ending.ending(everything), mine).blocks, *about.book(everything).blocks]

    def layout(self, known: Known) -> Map | None:
        """The map's layout for the view, None while it is being worked out."""
        return self.layouts.get(known.watched)

    def lay_out(self) -> None:
        """Work out the map's layout at the level shown, in a thread, so no
        key waits for it; the map shows the indented list until then."""
        from hishers_cli.export.map import relation_map

        known = self.known()
        if self.layout(known) is not None:
            return

        def work() -> None:
            found = relation_map(known)
            self.call_from_thread(self.laid_out, known, found)

        self.run_worker(work, thread=True, exclusive=True, group="map")

    def laid_out(self, known: Known, found: Map) -> None:
        from hishers_cli.app.map import RelationMap

        self.layouts[known.watched] = found
        for widget in (w for screen in self.screens() for w in screen.query(RelationMap)):
            if self.layout(widget.known) is not None:
                widget.lay_out()

    # -- screens ---------------------------------------------------------------

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, lambda _theme: self.restyle())
        self.restyle()
        self.retitle()
        self.push_screen(Home())
        # After the first screen is drawn: nothing keeps it waiting.
        self.call_after_refresh(self.lay_out)
        self.call_after_refresh(self.build_sections)

    def screens(self) -> list[Screen[Any]]:
        """The screens shown and the sections built but not shown."""
        shown = list(self.screen_stack)
        return shown + [s for s in map(self.get_screen, sorted(self.built)) if s not in shown]

    def restyle(self) -> None:
        """The text in the theme's colours: the screens shown now; the
        sections built but not shown, when they are (`Section`)."""
        self.console.push_theme(render.theme(self.current_theme, self.styled))
        for screen in self.screen_stack:
            for widget in screen.query(render.Blocks):
                widget.restyle()

    def looking_back(self) -> bool:
        """Whether the screens show an earlier level than the progress (the
        gate's `through` gives another view only then)."""
        now = self.at_progress()
        return now.through(self.level) is not now

    def retitle(self) -> None:
        from hishers_cli.views.common import after_label

        now = self.at_progress()
        known = now.through(self.level)
        self.title = known.title
        watched = f"watched {now.watched} of {now.episode_count}"
        # Looking back: `through` gave another view.
        when = after_label(known.watched, long=True)
        self.sub_title = watched if known is now else f"what you knew {when} · {watched}"

    def home(self) -> Home:
        while not isinstance(self.screen, Home) and len(self.screen_stack) > 2:
            self.pop_screen()
        return self.screen  # type: ignore[return-value]

    def action_open_section(self, key: str) -> None:
        chosen = section(key)
        if chosen.key == "f" and self.at_progress().needs_consent(self.dataset.episode_count):
            self.ask_ending()
            return
        self.show_section(key)

    def open_section(self, key: str) -> None:
        self.action_open_section(key)

    def show_section(self, key: str) -> None:
        """A section over the home screen. Each is built once a level (see
        `build_sections`) and kept: opened, it shows at once."""
        self.home()
        self.push_screen(self.install_section(key))

    def installed(self, name: str, make: Callable[[], Screen[Any]], per_level: bool = True) -> str:
        """The screen `name`, made and installed the first time it is asked
        for; one made `per_level` is forgotten when the level changes."""
        if not self.is_screen_installed(name):
            self.install_screen(make(), name)
            if per_level:
                self.built.add(name)
        return name

    def install_section(self, key: str) -> str:
        return self.installed(f"section-{key}", section(key))

    def build_sections(self) -> None:
        """Build every section but the ending at the level shown, one at a
        time between keys, after the screen is drawn: a section's key then
        only shows it (its text is worked out when it is first shown). The
        ending is built only once the viewer may see it."""
        from hishers_cli.app.textual_adapter import build

        async def work() -> None:
            for name in [*(self.install_section(s.key) for s in SECTIONS if s.key != "f"), self.install_reading()]:
                await build(self, name)
                await asyncio.sleep(0)  # a key pressed meanwhile comes first
            for name, dialog in (("help", Help), ("confirm", Confirm)):
                if not self.is_screen_installed(name):
                    await build(self, self.installed(name, dialog, per_level=False))

        self.run_worker(work(), exclusive=True, group="build")

    def install_reading(self) -> str:
        return self.installed("reading", Reading)

    def read(self, label: str, found: Sequence[Block]) -> None:
        """A page (an episode, a card) over the section it was chosen in."""
        name = self.install_reading()
        self.get_screen(name, Reading).read(label, found)
        self.push_screen(name)

    def forget_sections(self) -> None:
        self.workers.cancel_group(self, "build")
        for name in self.built:
            screen = self.get_screen(name)
            self.uninstall_screen(name)
            if screen not in self.screen_stack:
                screen.remove()
        self.built.clear()

    def ask_ending(self) -> None:
        known = self.at_progress()
        question = (
            f"You have watched {known.watched} of {known.episode_count} episodes. "
            "The Ending section explains how the series ends, each source's account side by side. "
            "Show it anyway?"
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.show_section("f")

        self.confirm(question, answered)

    def confirm(self, question: str, answered: Callable[[bool | None], None]) -> None:
        """A yes/no question, No unless the viewer says Yes."""
        name = self.installed("confirm", Confirm, per_level=False)
        self.get_screen(name, Confirm).ask(question)
        self.push_screen(name, answered)

    def action_go_back(self) -> None:
        if len(self.screen_stack) > 2:
            self.pop_screen()

    def action_help(self) -> None:
        if not isinstance(self.screen, Help):
            self.push_screen(self.installed("help", Help, per_level=False))

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def action_interrupt(self) -> None:
        self.exit(return_code=ExitCode.INTERRUPTED)

    # -- changes, through the line commands' writers ---------------------------

    def refresh_all(self) -> None:
        """Every section again, at the progress and level now chosen."""
        self.retitle()
        self.lay_out()
        top = self.screen
        key = top.key if isinstance(top, Section) and not isinstance(top, Home) else None
        home = self.home()
        self.forget_sections()
        home.refresh_blocks()
        if key and key != "f":
            self.show_section(key)
        self.call_after_refresh(self.build_sections)

    def action_next_episode(self) -> None:
        known = self.at_progress()
        if known.finished:
            self.notify(f"You have watched all {known.episode_count} episodes.")
            return
        watched = known.watched + 1
        saved_in = shown(self.config)
        question = f"Mark episode {watched} as watched? Your saved progress moves to it (saved in {saved_in})."

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                move = progress_file.advance(
                    self.config, self.dataset.episode_count, self.show, self.dataset.title, past=known.watched
                )
            except HishersError as e:
                self.notify(str(e), severity="error", markup=False)
                return
            # Saved further on already: kept, and this session shows the episode marked.
            self.progress = Progress(watched, self.progress.origin if move.kept else "saved")
            self.level = watched
            self.refresh_all()
            kept = f" Your saved progress stays at {move.now}." if move.kept else ""
            self.notify(f"Watched {watched} of {self.dataset.episode_count}.{kept}")

        self.confirm(question, answered)

    def action_look_back(self) -> None:
        from hishers_cli.app.screens import Levels

        def chosen(level: int | None) -> None:
            if level is not None:
                self.level = level
                self.refresh_all()

        self.push_screen(self.installed("levels", lambda: Levels(self.at_progress(), self.level)), chosen)

    def add_note(self, text: str | None) -> None:
        if not text or not text.strip():
            return
        try:
            note = notes.Note(notes.check_note(text), self.level, self.progress.origin)
            notes.add_note(self.notebook, note, self.known().episode_count)
        except HishersError as e:
            self.notify(str(e), severity="error", markup=False)
            return
        self.refresh_all()

    def set_suspect(self, name: str | None) -> None:
        from hishers_cli import lookup

        if not name or not name.strip():
            return
        known = self.known()
        match = lookup.resolve(known, name)
        refused = lookup.refusal(match)
        chosen = None if refused else match.people[0].character
        if chosen is None:
            # Found exactly as `who` finds them, and refused as it refuses.
            why = refused.text if refused else lookup.ROLE_LOCKED
            self.notify(why[0].upper() + why[1:], severity="warning", markup=False)
            return
        try:
            notes.suspect(self.notebook, notes.Guess(self.level, chosen.id, self.progress.origin), known.episode_count)
        except HishersError as e:
            self.notify(str(e), severity="error", markup=False)
            return
        self.refresh_all()
