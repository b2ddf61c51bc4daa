"""The app's screens: each section is a presenter's blocks shown by
`render.Blocks`, or a list to choose from that opens one of them."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Header, OptionList, Static
from textual.widgets.option_list import Option

from hishers_cli.app.render import Blocks, row_text
from hishers_cli.errors import HishersError
from hishers_cli.render.blocks import HINT, Block, Bullets, Paragraph, Span, Table, Tree

if TYPE_CHECKING:
    from rich.table import Table as RichTable

    # Imported where it is used: the first screen has no text field.
    from textual.app import App
    from textual.widgets import Input

    from hishers_cli.export.map import Map as Layout
    from hishers_cli.gate import Known
    from hishers_cli.lookup import Person
    from hishers_cli.store.progress import Progress


class Companion(Protocol):
    """What the screens ask of the app (`main.Browse`), so that the two
    modules do not import each other."""

    progress: Progress

    def known(self) -> Known: ...
    def at_progress(self) -> Known: ...
    def looking_back(self) -> bool: ...
    def suspects(self) -> list[Block]: ...
    def ending(self) -> list[Block]: ...
    def layout(self, known: Known) -> Layout | None: ...
    def open_section(self, key: str) -> None: ...
    def read(self, label: str, found: Sequence[Block]) -> None: ...
    def action_next_episode(self) -> None: ...
    def action_look_back(self) -> None: ...
    def add_note(self, text: str | None) -> None: ...
    def set_suspect(self, name: str | None) -> None: ...


class Page(VerticalScroll):
    """A scrolling page that also moves with j and k."""

    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
    ]


class Choices(OptionList):
    """A list that also moves with j and k. A long one (`fill`) is added a
    share at a time as the viewer moves or scrolls towards its end, so that
    no key waits for a thousand items to be measured."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]
    # Items added at a time: more than a tall terminal shows, few enough to measure in a few milliseconds.
    SHARE = 60
    pending: Iterator[Option] = iter(())

    def __init__(self, *options: Option, **kwargs: Any) -> None:
        # An item's text is the show's (a name, an episode): shown as it is, never read as markup.
        super().__init__(*options, markup=False, **kwargs)

    def fill(self, options: Iterable[Option]) -> None:
        """The list's items from now on, the first share at once."""
        self.pending = iter(options)
        self.clear_options()
        self.add_share()
        if self.option_count:
            self.highlighted = 0

    def add_share(self) -> None:
        """The next share of the items not added yet."""
        share = list(islice(self.pending, self.SHARE))
        if share:
            self.add_options(share)

    def everything(self) -> list[Option]:
        """Every item, added now if need be."""
        rest = list(self.pending)
        if rest:
            self.add_options(rest)
        return list(self.options)

    def watch_highlighted(self, highlighted: int | None) -> None:
        if highlighted is not None and highlighted + self.SHARE // 2 >= self.option_count:
            self.add_share()
        super().watch_highlighted(highlighted)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if new_value + 2 * self.scrollable_content_region.height >= self.virtual_size.height:
            self.add_share()

    def action_last(self) -> None:
        self.everything()
        super().action_last()


# One look-up (a filter, a search) at a time: a thread cannot be stopped, so
# a newer query waits for the one running instead of running beside it.
LOOKING_UP = threading.Lock()
T = TypeVar("T")


def latest(app: App[None], look_up: Callable[[], T], then: Callable[[T], object]) -> None:
    """`look_up`, in a worker's thread, once no other look-up runs, and its
    result handed to `then` on the app's thread; nothing if a newer query
    replaced this one meanwhile (the ones typed past give up unstarted)."""
    from textual.worker import get_current_worker

    worker = get_current_worker()
    with LOOKING_UP:
        if worker.is_cancelled:
            return
        found = look_up()
    if not worker.is_cancelled:
        app.call_from_thread(then, found)


class Keys(Static):
    """The keys the screen answers, on one line: a footer drawn as one
    widget, not one per key, so moving between screens stays quick."""

    DEFAULT_CSS = """
    Keys { dock: bottom; height: 1; background: $footer-background; color: $footer-foreground; padding: 0 1; }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, lambda _screen: self.show())
        self.show()

    def show(self) -> None:
        from rich.text import Text

        line = Text(no_wrap=True, overflow="ellipsis")
        seen: set[str] = set()
        shown = [a for a in self.screen.active_bindings.values() if a.binding.show and a.enabled]
        # Help and quit first: on a narrow terminal they are the keys that must show.
        shown.sort(key=lambda a: a.binding.action not in ("help", "quit"))
        for active in shown:
            binding = active.binding
            if binding.action in seen:
                continue
            seen.add(binding.action)
            line.append(f" {binding.key_display or self.app.get_key_display(binding)} ", style="bold reverse")
            line.append(f" {binding.description}  ")
        self.update(line)


class Section(Screen[None]):
    """One section: its blocks under the app's header, its keys in the footer."""

    key = ""
    label = ""
    # Before the focused widget (a filter field) can take it.
    BINDINGS = [Binding("escape", "app.go_back", "Back", show=False, priority=True)]

    @property
    def browse(self) -> Companion:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        yield from self.body()
        yield Keys()

    def body(self) -> ComposeResult:
        known = self.browse.known()
        with Page():
            # Worked out in the thread that lays the blocks out.
            yield Blocks(lambda: self.blocks(known), id="blocks")

    def blocks(self, known: Known) -> list[Block]:
        raise NotImplementedError

    def on_mount(self) -> None:
        self.retitle()

    def retitle(self) -> None:
        self.sub_title = f"{self.label} · {self.app.sub_title}"

    def on_screen_resume(self) -> None:
        # Built, or shown last, before the theme changed.
        for widget in self.query(Blocks):
            widget.restyle()


class Reading(Section):
    """A page of blocks given outright (an episode, a card): one screen,
    built with the sections and shown again with each page (`read`)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: Sequence[Block] = ()

    def blocks(self, known: Known) -> list[Block]:
        return list(self.found)

    def read(self, label: str, found: Sequence[Block]) -> None:
        self.label, self.found = label, found
        self.retitle()
        self.query_one(Page).scroll_home(animate=False, immediate=True)
        self.query_one("#blocks", Blocks).show(found)


class Home(Section):
    """Where the viewer is, what to keep in mind, and the sections."""

    label = "Home"

    def body(self) -> ComposeResult:
        known = self.browse.known()
        with Page():
            yield Blocks(lambda: self.blocks(known), id="blocks")
            yield Choices(
                *(Option(f"{key_label(s.key)}  {s.label}", id=s.key) for s in SECTIONS),
                *(Option(f"{key}  {what}", id=key) for key, what in CHANGES),
                id="sections",
            )

    def blocks(self, known: Known) -> list[Block]:
        from hishers_cli.views import status, story
        from hishers_cli.views.common import after_label, hint

        # The title and the progress (not the level looked back at).
        shown = list(status.screen(self.browse.at_progress(), self.browse.progress.origin).blocks[:2])
        if self.browse.looking_back():
            when = after_label(known.watched, long=True)
            shown.append(Paragraph(hint(f"Every section shows what you knew {when}: l chooses another episode.")))
        # The recap's questions: what to keep in mind before the next episode,
        # and where each question answered so far was answered.
        return shown + story.questions(known)

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        # The arrows, j, k and Enter work the list of sections at once.
        self.query_one("#sections", Choices).focus()

    def refresh_blocks(self) -> None:
        self.retitle()
        known = self.browse.known()
        self.query_one("#blocks", Blocks).show(lambda: self.blocks(known))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        chosen = event.option.id
        if chosen == "n":
            self.browse.action_next_episode()
        elif chosen == "l":
            self.browse.action_look_back()
        elif chosen:
            self.browse.open_section(chosen)


class Episodes(Section):
    """The episode guide as a list; Enter opens one episode."""

    key = "e"
    label = "Episodes"

    def body(self) -> ComposeResult:
        from hishers_cli.views import episodes

        self.found = list(episodes.listing(self.browse.known()).blocks)
        yield Blocks([b for b in self.found if not isinstance(b, Table)], id="blocks")
        yield Choices(id="list")

    def on_mount(self) -> None:
        super().on_mount()
        known = self.browse.known()
        table = next(b for b in self.found if isinstance(b, Table))
        rows = zip(known.episodes, table.rows, strict=True)
        self.query_one("#list", Choices).fill(Option(row_text(table, row), id=str(e.number)) for e, row in rows)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        from hishers_cli.views import episodes, story

        known = self.browse.known()
        number = int(event.option.id or 0)
        try:
            # The page, then its recap's points (without its new faces,
            # which the page names) and the questions open after it.
            found = list(episodes.detail(known, number).blocks)
            points = story.recap_points(known, known.episode(number))
            found += [Bullets(tuple(points), title="Recap")] if points else []
            found += story.questions(known.through(number), answered=False)
        except HishersError as e:
            self.notify(str(e).capitalize() + ".", severity="warning", markup=False)
            return
        self.browse.read(f"Episode {number}", found)


# What the People list says when a filter finds no one.
NO_ONE = "No one by that name at your progress."


class People(Section):
    """The cast, filtered live by whatever `who` understands; Enter opens a card."""

    key = "p"
    label = "People"
    BINDINGS = [Binding("down", "focus_list", "List", show=False)]

    def body(self) -> ComposeResult:
        from textual.widgets import Input

        yield Input(placeholder="Filter: a name, an actor, a role ('husband')…", id="filter")
        yield Choices(id="list")

    def on_mount(self) -> None:
        super().on_mount()
        self.fill(self.people(self.browse.known(), ""))

    @staticmethod
    def people(known: Known, query: str) -> list[Person]:
        from hishers_cli import lookup

        if not query.strip():
            # Everyone `who` finds by name: the characters, and each actor
            # whose role is not known yet.
            found = [lookup.Person(c.name, c) for c in known.characters]
            return found + [lookup.Person(k.actor, None, k) for k in known.cast if k.character is None]
        return list(lookup.resolve(known, query).people)

    def fill(self, found: list[Person]) -> None:
        self.found = found
        chooser = self.query_one("#list", Choices)
        if found:
            chooser.fill(Option(p.label, id=str(i)) for i, p in enumerate(self.found))
        else:
            # The same for any word that finds no one, locked or not.
            chooser.fill([Option(NO_ONE, disabled=True)])

    def on_input_changed(self, event: Input.Changed) -> None:
        # Looked up away from the keys (a thread), the latest query winning.
        known = self.browse.known()

        def work() -> None:
            latest(self.app, lambda: self.people(known, event.value), self.fill)

        self.run_worker(work, thread=True, exclusive=True, group="filter")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.found:
            self.open(self.found[self.query_one("#list", Choices).highlighted or 0])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.open(self.found[int(event.option.id or 0)])

    def action_focus_list(self) -> None:
        self.query_one("#list", Choices).focus()

    def open(self, person: Person) -> None:
        from hishers_cli.views import who

        self.browse.read(person.label, list(who.card(self.browse.known(), person).blocks))


# What the map says until a person is chosen.
CHOOSE = "c chooses a person, whose relationships then stand out."


class Map(Section):
    """The relationships drawn; c picks a person whose lines stand out."""

    key = "m"
    label = "Map"
    BINDINGS = [Binding("c", "choose", "Choose person")]

    def body(self) -> ComposeResult:
        from hishers_cli.app.map import RelationMap

        with Page():
            known = self.browse.known()
            yield Static(CHOOSE, id="chosen", markup=False)
            yield RelationMap(known, lambda: self.browse.layout(known), id="map")

    def action_choose(self) -> None:
        from hishers_cli.app.map import RelationMap

        known = self.browse.known()
        people = [c.id for c in known.characters if c.relationships]
        shown = self.query_one("#map", RelationMap)
        at = people.index(shown.chosen) + 1 if shown.chosen in people else 0
        chosen = people[at] if at < len(people) else None
        shown.choose(chosen)
        told = CHOOSE if chosen is None else f"{known.name(chosen)}'s relationships stand out: c for the next person."
        self.query_one("#chosen", Static).update(told)


class Timeline(Section):
    key = "t"
    label = "Timeline"

    def blocks(self, known: Known) -> list[Block]:
        from hishers_cli.views import story

        return list(story.timeline(known).blocks)


class About(Section):
    key = "i"
    label = "About the series"

    def blocks(self, known: Known) -> list[Block]:
        from hishers_cli.views import about

        return list(about.about(known).blocks)


class Search(Section):
    """Live results over what the viewer may see, looked up away from the
    keys (a thread), the latest query winning."""

    key = "slash"
    label = "Search"
    # Beyond this many places in one part of the show, a result is a wall of
    # text: the first are shown and the viewer is asked for another word.
    SHOWN = 40

    def body(self) -> ComposeResult:
        from textual.widgets import Input

        yield Input(placeholder="Words to look for", id="query")
        with Page():
            yield Blocks([], id="blocks")

    def on_input_changed(self, event: Input.Changed) -> None:
        known = self.browse.known()
        self.run_worker(lambda: self.find(known, event.value), thread=True, exclusive=True, group="search")

    def find(self, known: Known, query: str) -> None:
        from textual.worker import get_current_worker

        from hishers_cli.views import search
        from hishers_cli.views.common import hint

        show = self.query_one("#blocks", Blocks).show
        words = search.query_words(query)
        if query.strip() and len(words) <= search.MAX_SEARCH_WORDS:
            latest(self.app, lambda: [self.shortened(b) for b in search.search(known, query).blocks], show)
        elif not get_current_worker().is_cancelled:
            # Nothing to look up: no need to wait for the lock.
            told = [Paragraph(hint(f"At most {search.MAX_SEARCH_WORDS} words."))] if query.strip() else []
            self.app.call_from_thread(show, told)

    def shortened(self, block: Block) -> Block:
        if not isinstance(block, Tree) or len(block.children) <= self.SHOWN:
            return block
        more = Tree(Span("… and more: add a word to narrow the search.", HINT))
        return Tree(block.label, (*block.children[: self.SHOWN], more))


class Suspects(Section):
    """The board as `suspect` shows it; add a note, set a suspect."""

    key = "s"
    label = "Notes and suspects"
    BINDINGS = [
        Binding("a", "add_note", "Add note"),
        Binding("g", "set_suspect", "Set suspect"),
    ]

    def blocks(self, known: Known) -> list[Block]:
        return self.browse.suspects()

    def action_add_note(self) -> None:
        self.app.push_screen(Ask("A note, kept with the episode you are at:"), self.browse.add_note)

    def action_set_suspect(self) -> None:
        self.app.push_screen(Ask("Whom do you suspect now? (a name, as for People)"), self.browse.set_suspect)


class Ending(Section):
    """The ending explained, the board set against it; reached after the
    finale, or through the consent dialog before it."""

    key = "f"
    label = "Ending"

    def blocks(self, known: Known) -> list[Block]:
        return self.browse.ending()


class Ask(ModalScreen[str]):
    """One line of text; Escape answers nothing."""

    BINDINGS = [Binding("escape", "dismiss('')", "Cancel")]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        from textual.widgets import Input

        with Vertical(classes="dialog"):
            yield Static(self.question, markup=False)
            yield Input(id="answer")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)


class Confirm(ModalScreen[bool]):
    """A yes/no question that defaults to No: Enter on the focused No,
    Escape and n answer No."""

    BINDINGS = [
        Binding("escape", "dismiss(False)", "No"),
        Binding("n", "dismiss(False)", "No", show=False),
        Binding("y", "dismiss(True)", "Yes", show=False),
        Binding("left,right,tab", "app.focus_next", show=False),
    ]

    def __init__(self, question: str = "") -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, id="question", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("No", id="no", variant="primary")
                yield Button("Yes", id="yes")

    def ask(self, question: str) -> None:
        """Another question, on the same dialog."""
        self.question = question
        if self.is_mounted:
            self.query_one("#question", Static).update(question)

    def on_screen_resume(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class Help(ModalScreen[None]):
    """Every key the app answers."""

    BINDINGS = [Binding("escape,question_mark,f1,q", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static("Keys", classes="title")
            yield Static(keys_table())


def keys_table() -> RichTable:
    """Each key beside what it does; a long description wraps under itself."""
    from rich.table import Table as RichTable

    table = RichTable.grid(padding=(0, 1))
    table.add_column(no_wrap=True, min_width=10)
    table.add_column(ratio=1)
    for key, what in KEYS:
        table.add_row(key, what)
    return table


class Levels(ModalScreen[int]):
    """The levels the viewer may look at: any episode they have watched, up
    to their progress (the gate's `through` refuses the rest)."""

    BINDINGS = [Binding("escape", "dismiss", "Cancel")]

    def __init__(self, known: Known, level: int) -> None:
        super().__init__()
        self.known = known
        self.level = level

    def compose(self) -> ComposeResult:
        from hishers_cli.views.common import after_label

        with Vertical(classes="dialog"):
            yield Static("Show what you knew:")
            yield Choices(
                *(Option(after_label(n, long=True).capitalize(), id=str(n)) for n in range(self.known.watched + 1)),
                id="levels",
            )

    def on_screen_resume(self) -> None:
        self.query_one("#levels", Choices).highlighted = self.level

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))


# What the viewer can change from anywhere, besides opening a section.
CHANGES = (
    ("n", "I watched the next episode"),
    ("l", "Look back at an earlier episode you have watched"),
)


def key_label(key: str) -> str:
    return "/" if key == "slash" else key


SECTIONS: tuple[type[Section], ...] = (Episodes, People, Map, Timeline, Search, Suspects, About, Ending)


def section(key: str) -> type[Section]:
    return next(s for s in SECTIONS if s.key == key)


# Every key of the app, as the help screen lists them.
KEYS = (
    *((key_label(s.key), s.label) for s in SECTIONS),
    *CHANGES,
    ("c", "On the map: choose a person"),
    ("a", "In Notes and suspects: add a note"),
    ("g", "In Notes and suspects: set your suspect"),
    ("d", "Dark or light theme"),
    ("? F1", "These keys"),
    ("Escape", "Back"),
    ("Enter", "Open"),
    ("↑ ↓ j k", "Move"),
    ("q", "Quit"),
)
