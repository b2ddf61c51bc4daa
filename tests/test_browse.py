"""`hishers browse`, driven headless: every section at every level shows
nothing later than the viewer's progress and everything up to it; the same
screens come from a dataset with everything later removed; the ending needs
consent before the finale; `n` moves the saved progress through the same
writer as `progress next`; q, Escape and Ctrl-C do what the footer says."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from textual.binding import Binding
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from browsing import HARBOUR, Drive, apart, browse, drawn, drive, load, notifications, screen_text, settle, stripped
from conftest import FULL, SEARCH_PROBES, assert_no_leak, flat, levels, run
from hishers_cli import gate
from hishers_cli.app.main import Browse
from hishers_cli.app.render import Blocks
from hishers_cli.app.screens import (
    CHOOSE,
    NO_ONE,
    SECTIONS,
    Choices,
    Confirm,
    Ending,
    Episodes,
    Home,
    Map,
    People,
    Search,
)
from hishers_cli.dataset import load as dataset_module
from hishers_cli.dataset.model import Dataset
from hishers_cli.render.blocks import Heading
from hishers_cli.render.once import clauses, covered
from hishers_cli.store import progress
from hishers_cli.views import relations

BUNDLED = dataset_module.bundled_path()


def probes(dataset: Dataset) -> list[str]:
    """Words a viewer may type into the People filter and Search: every name
    and alias in the dataset, locked or not, role words, and nonsense."""
    words = sorted({w for c in dataset.characters for w in c.name.split()})
    words += sorted({a.name for c in dataset.characters for a in c.aliases})
    words += ["husband", "sister", "victims", "detective", "zzqx", *SEARCH_PROBES]
    return words if FULL else words[::7] + ["zzqx"]


Seen = list[tuple[str, str]]


async def tour(pilot: Pilot[None], app: Browse, typed: list[str], every: bool = True) -> Seen:
    """Every section by its footer key, every episode and card it opens,
    the map with each person chosen, and `typed` in the filter and search;
    the ending's dialog answered No (without `every`, a few of each). What
    each screen said, in order."""
    seen: Seen = [("home", screen_text(app))]
    for section in SECTIONS:
        await settle(pilot, app)  # the map's layout, so the map is drawn
        await pilot.press(section.key)
        await settle(pilot, app)  # its text is worked out and laid out in a thread
        seen.append((section.label, screen_text(app)))
        if isinstance(app.screen, Confirm):
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, Home)
            continue
        screen = app.screen
        if isinstance(screen, (Episodes, People)):
            count = len(screen.query_one("#list", Choices).everything())
            for i in range(count) if every else sorted({0, count // 2, count - 1} - {-1}):
                chooser = screen.query_one("#list", Choices)
                chooser.focus()
                chooser.highlighted = i
                await pilot.press("enter")
                await settle(pilot, app)
                seen.append((f"{section.label} {i}", screen_text(app)))
                if app.screen is not screen:
                    await pilot.press("escape")
                    await pilot.pause()
        if isinstance(screen, (People, Search)):
            field = screen.query_one(Input)
            for word in typed:
                field.value = word
                await settle(pilot, app)  # a search looks up in a thread
                seen.append((f"{section.label}: {word}", screen_text(app)))
        if isinstance(screen, Map):
            for i in range(len(app.known().characters) + 1 if every else 2):
                await pilot.press("c")
                await settle(pilot, app)
                seen.append((f"map {i}", screen_text(app)))
        await pilot.press("escape")
        await pilot.pause()
    return seen


def toured(dataset: Dataset, watched: int, typed: list[str] | None = None, every: bool = True) -> Seen:
    """The tour of the app on `dataset` at `watched`, typing `typed` (by
    default the dataset's own probes)."""
    seen: Seen = []

    async def script(pilot: Pilot[None], app: Browse) -> None:
        seen.extend(await tour(pilot, app, probes(dataset) if typed is None else typed, every))

    drive(browse(dataset, watched), script)
    return seen


# A line command or option named (the progress says where it came from, "from --watched").
HOW_TO = re.compile(r"\bhishers [a-z]|(?<!from )--[a-z]")

# The default run tours the small show at the seed's level and compares it
# with a stripped copy there (the bundled show's screens are in its
# snapshots); the full run tours and compares both shows at every level.
CASES = [(HARBOUR, n) for n in levels()] + [(BUNDLED, n) for n in (levels() if FULL else [])]
TOURS = [pytest.param(path, n, id=f"{path.stem}-{n}") for path, n in CASES]


@pytest.mark.long
@pytest.mark.parametrize(("path", "watched"), TOURS)
def test_no_screen_shows_anything_later_and_every_known_fact_is_reachable(
    path: Path, watched: int, tmp_path: Path
) -> None:
    dataset = load(path)
    # The small show is toured whole; the bundled one, in the default run,
    # a few episodes, cards and people on the map.
    every = FULL or path == HARBOUR
    seen = toured(dataset, watched, every=every)
    for where, text in seen:
        assert "Traceback" not in text, where
        # The app's keys say what a line command's how-to would.
        assert not HOW_TO.search(text), (where, HOW_TO.search(text))
        assert_no_leak(text, watched, f"browse: {where}", None if path == BUNDLED else path)
    everything = flat("\n".join(text for _, text in seen))
    # The ending and the book comparison are the Ending section's, behind
    # its consent before the finale. A relationship is read from its line
    # on the map and the card's phrase, which words it; every other known
    # fact's own text is on a screen.
    skipped = {"relationship"} | ({"ending", "book"} if watched < dataset.episode_count else set())
    # A screen tells each fact once (render.once): a text whose every
    # sentence another sentence on the screens tells is reached through it.
    said = [s for _, text in seen for line in text.splitlines() for s in clauses(line)]
    missing = [
        t
        for f in dataset.stamped()
        if f.known_from <= watched and f.kind not in skipped
        for t in f.texts
        if flat(t) not in everything and not all(covered(s, said) for s in clauses(t))
    ]
    assert not missing or not every, f"at progress {watched} no screen shows: {missing[:3]}"
    drawn = "\n".join(text for where, text in seen if where.startswith("map") or where == Map.label)
    # A map too crowded to draw legibly at the tour's width is the list,
    # which opens with the relations heading.
    known = gate.Known(dataset, watched)
    heading = relations.tree(known).blocks[0]
    listed = isinstance(heading, Heading) and heading.text in drawn
    for line in relations.lines(known) if every else ():
        if listed:
            assert all(known.name(id) in drawn for id in line.relation.between), line.label
        else:
            assert line.label in drawn, line.label
    # The differential form: the same screens from a copy of the dataset
    # with everything after this level removed.
    cut = toured(load(stripped(path, watched, tmp_path / "cut.yaml")), watched, probes(dataset), every)
    assert comparable(seen, dataset, watched) == comparable(cut, dataset, watched)


def comparable(seen: Seen, dataset: Dataset, watched: int) -> Seen:
    """The screens a stripped copy must show alike. Not the ending's dialog:
    it is all the copy can show of an ending it no longer has. Not an actor
    known before their part: the copy, which has no such character, cannot
    list them (so the People screens, which list and open them, are left
    out, and any other line naming them)."""
    hidden = [k for k in gate.Known(dataset, watched).cast if k.character is None]
    # Their names and the titles they are known for, word by word: a title
    # may wrap over two lines of a screen.
    named = {w for k in hidden for text in (k.actor, *k.known_for) for w in re.findall(r"\w{4,}", text)}
    return [
        (where, "\n".join(line for line in text.splitlines() if not any(w in line for w in named)))
        for where, text in seen
        if where != Ending.label and not where.startswith(People.label)
    ]


@pytest.mark.parametrize("watched", [1, 3] if FULL else [3])
def test_looking_back_shows_what_was_known_then(watched: int) -> None:
    dataset = load(HARBOUR)
    then: Seen = []

    async def look_back(pilot: Pilot[None], app: Browse) -> None:
        await pilot.press("l")
        await pilot.pause()
        levels_list = app.screen.query_one(OptionList)
        assert levels_list.option_count == 6  # before episode 1, then after each of episodes 1 to 5
        levels_list.highlighted = watched
        await pilot.press("enter")
        await pilot.pause()
        then.extend(await tour(pilot, app, probes(dataset), every=FULL))

    drive(browse(dataset, 5), look_back)
    now = toured(dataset, watched, every=FULL)
    # Every title says both the level looked at and the progress; home says
    # the progress (5) and that the sections look back; the ending's dialog
    # words the progress. The rest is what a viewer at that level sees.
    when = f"what you knew after episode {watched} · watched 5 of 6"
    assert all(when in text for _, text in then)
    assert "watched 5 of 6 (from --watched)" in then[0][1] and f"what you knew after episode {watched}:" in then[0][1]
    same = [(where, text.replace(when, f"watched {watched} of 6")) for where, text in then[1:]]
    assert [s for s in same if s[0] != Ending.label] == [s for s in now[1:] if s[0] != Ending.label]


def test_the_ending_needs_consent_before_the_finale() -> None:
    dataset = load(HARBOUR)
    accounts = ["Otto threw it from the pier.", "Quill threw it from the ferry."]

    async def script(pilot: Pilot[None], app: Browse) -> None:
        for refusal in ("escape", "enter", "n"):  # Enter answers the focused No
            await pilot.press("f")
            await pilot.pause()
            assert isinstance(app.screen, Confirm)
            dialog = screen_text(app)
            assert "5 of 6" in dialog and not any(a in dialog for a in accounts)
            await pilot.press(refusal)
            await pilot.pause()
            assert isinstance(app.screen, Home), refusal
            assert not any(a in screen_text(app) for a in accounts)
        await pilot.press("f", "y")
        await pilot.pause()
        assert isinstance(app.screen, Ending)
        assert all(a in screen_text(app) for a in accounts)

    drive(browse(dataset, 5), script)


async def answer(pilot: Pilot[None], app: Browse, keys: tuple[str, ...], text: str) -> None:
    """Press `keys`, then type `text` into the question they ask and Enter."""
    await pilot.press(*keys)
    await pilot.pause()
    app.screen.query_one(Input).value = text
    await pilot.press("enter")
    await pilot.pause()


def test_after_the_finale_the_ending_opens_with_the_board_against_it() -> None:
    async def script(pilot: Pilot[None], app: Browse) -> None:
        await answer(pilot, app, ("s", "g"), "otto")
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, Ending)
        text = screen_text(app)
        assert "Otto threw it from the pier." in text and "Your board against the ending" in text

    drive(browse(load(HARBOUR), 6), script)


def test_n_moves_the_saved_progress_by_one_and_every_section_follows() -> None:
    dataset = load(HARBOUR)
    app = browse(dataset, 2, origin="saved")
    progress.save(app.config, 2, app.show, dataset.title)

    async def script(pilot: Pilot[None], app: Browse) -> None:
        await pilot.press("t", "n")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("escape")
        await pilot.pause()
        assert progress.load_saved(app.config, 6, app.show) == 2
        assert "Pell steps off the night ferry." not in screen_text(app)
        await pilot.press("n", "y")
        await pilot.pause()
        assert progress.load_saved(app.config, 6, app.show) == 3
        assert "watched 3 of 6" in app.sub_title
        assert "Pell steps off the night ferry." in screen_text(app)  # the timeline, again

    drive(app, script)
    settings = json.loads(app.config.read_text(encoding="utf-8"))
    assert settings["shows"][app.show]["watched"] == 3


def test_n_marks_the_episode_after_the_one_shown_whichever_way_the_progress_was_given() -> None:
    """Started with --watched 3 and nothing saved, n marks episode 4: the
    saved progress moves to 4, never back to 1."""
    dataset = load(HARBOUR)
    app = browse(dataset, 3, origin="option")

    async def script(pilot: Pilot[None], app: Browse) -> None:
        await pilot.press("n")
        await pilot.pause()
        assert "episode 4" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()

    drive(app, script)
    assert progress.load_saved(app.config, 6, app.show) == 4
    assert app.progress.watched == 4 and "watched 4 of 6" in app.sub_title


def test_notes_and_suspects_are_written_as_the_line_commands_write_them() -> None:
    dataset = load(HARBOUR)
    app = browse(dataset, 3)

    async def script(pilot: Pilot[None], app: Browse) -> None:
        await answer(pilot, app, ("s", "a"), "the ledger is forged")
        await answer(pilot, app, ("s", "g"), "pell")
        text = screen_text(app)
        assert "the ledger is forged" in text and "Pell Sorrel" in text

    drive(app, script)
    board = run("--data", str(HARBOUR), "--watched", "3", "suspect", "--json")
    assert board.exit_code == 0, board.output
    rows = json.loads(board.stdout)["board"]["rows"]
    assert rows[3]["suspect"]["name"] == "Pell Sorrel"
    assert [n["text"] for n in rows[3]["notes"]] == ["the ledger is forged"]


def test_a_locked_name_filters_people_as_a_nonsense_word_does() -> None:
    dataset = load(HARBOUR)
    answers: dict[str, str] = {}

    async def script(pilot: Pilot[None], app: Browse) -> None:
        await pilot.press("p")
        await pilot.pause()
        for word in ("Quill", "Ferryman", "zzqx", "Otto"):
            app.screen.query_one(Input).value = word
            await settle(pilot, app)
            answers[word] = screen_text(app)

    drive(browse(dataset, 2), script)
    assert answers["Quill"] == answers["Ferryman"] == answers["zzqx"]
    assert "Otto Finch" in answers["Otto"] and "Otto Finch" not in answers["zzqx"]


def test_setting_a_suspect_refuses_as_suspect_does_and_a_locked_name_as_a_nonsense_word() -> None:
    """In Notes and suspects, g with a name that fits several lists them; a
    locked name answers as a nonsense word; nothing is written for either."""
    dataset = load(HARBOUR)
    told: dict[str, str] = {}

    async def script(pilot: Pilot[None], app: Browse) -> None:
        await pilot.press("s")
        await settle(pilot, app)
        for word in ("Finch", "Quill", "Ferryman", "zzqx"):
            await pilot.press("g")
            await settle(pilot, app)
            app.screen.query_one(Input).value = word
            await pilot.press("enter")
            await settle(pilot, app)
            told[word] = "\n".join(notifications(app))
            app.clear_notifications()

    app = browse(dataset, 2)
    drive(app, script)
    said = run("--data", str(HARBOUR), "--watched", "2", "suspect", "Finch").stderr
    assert "Mara Finch" in told["Finch"] and "Otto Finch" in told["Finch"] and told["Finch"][1:] in said
    assert told["Quill"] == told["Ferryman"] == told["zzqx"] != ""
    assert not app.notebook.exists()


@pytest.mark.parametrize(
    ("keys", "code"), [(("q",), 0), pytest.param(("p", "escape", "q"), 0, marks=pytest.mark.full), (("ctrl+c",), 130)]
)
def test_q_quits_and_ctrl_c_interrupts(keys: tuple[str, ...], code: int) -> None:
    app = browse(load(HARBOUR), 0)

    async def script(pilot: Pilot[None], app: Browse) -> None:
        await pilot.press(*keys)
        await pilot.pause()

    drive(app, script)
    assert app.return_code == code


@pytest.mark.parametrize("key", ["question_mark", pytest.param("f1", marks=pytest.mark.full)])
def test_help_lists_every_footer_key(key: str) -> None:
    seen: list[str] = []

    async def script(pilot: Pilot[None], app: Browse) -> None:
        await pilot.press(key)
        await pilot.pause()
        seen.append(screen_text(app))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, Home)

    drive(browse(load(HARBOUR), 0), script)
    for section in SECTIONS:
        assert section.label in seen[0]
    # Every key a section's footer shows, the help lists.
    from hishers_cli.app.screens import KEYS

    listed = {k for keys, _ in KEYS for k in keys.split()}
    shown = {b.key for screen in (*SECTIONS, Home) for b in screen.BINDINGS if isinstance(b, Binding) and b.show}
    assert shown and shown <= listed, shown - listed


def test_the_arrows_and_enter_work_the_home_list_at_once() -> None:
    async def script(pilot: Pilot[None], app: Browse) -> None:
        await settle(pilot, app)
        await pilot.press("down", "enter")
        await settle(pilot, app)
        assert isinstance(app.screen, People)

    drive(browse(load(HARBOUR), 3), script)


def test_a_word_that_finds_nothing_says_so_as_the_line_commands_do() -> None:
    """In People and Search, a word that finds nothing (punctuation, a
    common word, a nonsense word) says so, the same for each."""
    said: dict[tuple[str, str], str] = {}

    async def script(pilot: Pilot[None], app: Browse) -> None:
        for key in ("p", "slash"):
            await pilot.press(key)
            await settle(pilot, app)
            for word in ("zzqx", "!!!", "["):
                app.screen.query_one(Input).value = word
                await settle(pilot, app)
                said[(key, word)] = screen_text(app).split("\n", 3)[3]
            await pilot.press("escape")
            await pilot.pause()

    drive(browse(load(HARBOUR), 3), script)
    search = run("--data", str(HARBOUR), "--watched", "3", "search", "zzqx").stdout.splitlines()[-1]
    for (key, _), text in said.items():
        assert (NO_ONE if key == "p" else search) in text
    assert len({text for (key, _), text in said.items() if key == "p"}) == 1


def test_browse_without_a_terminal_names_the_line_commands_and_exits_2() -> None:
    result = run("--data", str(HARBOUR), "browse")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "terminal" in lines[0] and "hishers episodes" in lines[0]


def test_the_line_commands_never_import_textual() -> None:
    code = (
        "import sys\n"
        "from hishers_cli.cli import root\n"
        "root.load_all()\n"
        "from hishers_cli.entry import main\n"
        "sys.argv = ['hishers', '--watched', '2', 'cast']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'hishers_cli') and "
        "(m.startswith('textual') or m.startswith('hishers_cli.app'))), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60, env={**os.environ}
    )
    assert result.stderr.strip().splitlines()[-1] == "[]", result.stderr
    assert "Anna" in result.stdout


@pytest.mark.parametrize("name", ["textual-dark", "textual-light"])
def test_text_is_coloured_from_the_theme_and_not_at_all_without_colour(name: str) -> None:
    from textual.theme import BUILTIN_THEMES

    from hishers_cli.app.render import as_lines, theme
    from hishers_cli.lookup import Person
    from hishers_cli.views import who

    known = gate.Known(load(HARBOUR), 3)
    mara = known.characters[0]
    found = who.card(known, Person(mara.name, mara)).blocks

    def colours(styled: bool) -> set[str]:
        lines = as_lines(found, 80, theme(BUILTIN_THEMES[name], styled))
        return {str(s.style.color) for line in lines for s in line if s.style is not None and s.style.color is not None}

    assert colours(True)
    assert not colours(False)


def test_sections_are_built_ahead_but_the_ending_only_once_it_may_be_seen() -> None:
    built: dict[int, set[str]] = {}

    async def script(pilot: Pilot[None], app: Browse) -> None:
        await settle(pilot, app)
        built[app.level] = {s.key for s in SECTIONS if app.is_screen_installed(f"section-{s.key}")}
        # A section shown is the one built: no second copy.
        screen = app.get_screen("section-t")
        await pilot.press("t")
        await settle(pilot, app)
        assert app.screen is screen and screen.query_one(Blocks).text()

    for watched in (5, 6) if FULL else (5,):
        drive(browse(load(HARBOUR), watched), script)
    # Before the finale and (in the full run) after it: the ending is built when opened.
    assert all(keys == {s.key for s in SECTIONS} - {Ending.key} for keys in built.values())


def test_a_screen_built_ahead_is_composed_and_not_shown() -> None:
    from textual.app import App, ComposeResult
    from textual.screen import Screen
    from textual.widgets import Static

    from hishers_cli.app.textual_adapter import build

    class Later(Screen[None]):
        def compose(self) -> ComposeResult:
            yield Static("later", id="later")

    async def run() -> None:
        app: App[None] = App()
        async with app.run_test() as pilot:
            app.install_screen(Later(), "later")
            later = await build(app, "later")
            assert later.query_one("#later", Static).is_mounted
            assert app.screen is not later
            app.push_screen("later")
            await pilot.pause()
            assert app.screen is later

    apart(asyncio.run, run())


@pytest.mark.full
def test_a_long_list_is_added_a_share_at_a_time_and_every_item_is_reachable() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets.option_list import Option

    total = 4 * Choices.SHARE + 7

    class Listing(App[None]):
        def compose(self) -> ComposeResult:
            yield Choices(id="list")

        def on_mount(self) -> None:
            self.query_one(Choices).fill(Option(f"item {i}", id=str(i)) for i in range(total))

    async def run(keys: tuple[str, ...]) -> tuple[int, int | None]:
        app = Listing()
        async with app.run_test(size=(60, 20)) as pilot:
            chooser = app.query_one(Choices)
            chooser.focus()
            assert chooser.option_count == Choices.SHARE
            for key in keys:
                await pilot.press(key)
            return chooser.option_count, chooser.highlighted

    # Moving down a line at a time, a page at a time, or to the end reaches the last item.
    assert apart(asyncio.run, run(("end",))) == (total, total - 1)
    count, at = apart(asyncio.run, run(("pagedown",) * (total // 10)))
    assert (count, at) == (total, total - 1)
    count, at = apart(asyncio.run, run(("j",) * (Choices.SHARE // 2 + 1)))
    assert at == Choices.SHARE // 2 + 1 and Choices.SHARE < count < total


@pytest.mark.full
def test_a_page_opened_after_another_shows_only_its_own() -> None:
    dataset = load(HARBOUR)
    fresh: dict[int, str] = {}
    after: dict[int, str] = {}

    def opening(*people: int, into: dict[int, str]) -> Drive:
        async def script(pilot: Pilot[None], app: Browse) -> None:
            for i in people:
                await pilot.press("p")
                await settle(pilot, app)
                chooser = app.screen.query_one("#list", Choices)
                chooser.focus()
                chooser.highlighted = i
                await pilot.press("enter")
                await settle(pilot, app)
                into[i] = screen_text(app)
                await pilot.press("escape", "escape")
                await settle(pilot, app)

        return script

    people = range(3 if FULL else 2)
    for i in people:
        drive(browse(dataset, 6), opening(i, into=fresh))
    drive(browse(dataset, 6), opening(*people, into=after))
    assert after == fresh and len(set(fresh.values())) == len(people)


@pytest.mark.parametrize("section", [People, Search])
def test_typed_fast_the_last_query_wins(section: type[People] | type[Search]) -> None:
    dataset = load(HARBOUR)
    words = probes(dataset)[:4]
    shown: dict[str, str] = {}

    async def script(pilot: Pilot[None], app: Browse) -> None:
        await pilot.press(section.key)
        await settle(pilot, app)
        field = app.screen.query_one(Input)
        for word in words:  # each replaces the last before it is looked up
            field.value = word
        await settle(pilot, app)
        shown["fast"] = screen_text(app)
        field.value = ""
        await settle(pilot, app)
        field.value = words[-1]
        await settle(pilot, app)
        shown["alone"] = screen_text(app)

    drive(browse(dataset, 6), script)
    assert shown["fast"] == shown["alone"]


@pytest.mark.full
def test_a_section_shown_before_the_theme_changed_shows_the_new_theme() -> None:
    drawn: dict[str, list[list[tuple[str, str]]]] = {}

    def opening(keys: tuple[str, ...], name: str) -> Drive:
        async def script(pilot: Pilot[None], app: Browse) -> None:
            await settle(pilot, app)
            for key in keys:
                await pilot.press(key)
                await settle(pilot, app)
            shown = app.screen.query_one("#blocks", Blocks)
            drawn[name] = [[(s.text, str(s.style)) for s in line] for line in shown.lines]

        return script

    drive(browse(load(HARBOUR), 3), opening(("t", "escape", "d", "t"), "again"))
    drive(browse(load(HARBOUR), 3), opening(("d", "t"), "fresh"))
    drive(browse(load(HARBOUR), 3), opening(("t",), "dark"))
    assert drawn["again"] == drawn["fresh"] != drawn["dark"]


@pytest.mark.full
def test_the_shows_text_is_shown_as_it_is_never_read_as_markup(tmp_path: Path) -> None:
    """A show whose every name, title and text carries Textual's and Rich's
    markup (a style, a click that would quit, an unclosed tag): every
    screen shows it as written, and nothing in it acts."""
    markup = "[b]B[/b] [@click=app.quit]Q[/] [red"
    document = yaml.safe_load(HARBOUR.read_text(encoding="utf-8"))

    def marked(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                k: f"{v} {markup}" if k in ("name", "title", "text") and isinstance(v, str) else marked(v)
                for k, v in node.items()
            }
        if isinstance(node, list):
            return [marked(v) for v in node]
        return node

    path = tmp_path / "marked.yaml"
    path.write_text(yaml.safe_dump(marked(document), allow_unicode=True), encoding="utf-8")
    screens: dict[str, str] = {}

    async def script(pilot: Pilot[None], app: Browse) -> None:
        for keys in (("e",), ("e", "enter"), ("p",), ("p", "enter"), ("m",), ("t",), ("i",), ("s",), ("f",)):
            await settle(pilot, app)
            await pilot.press(*keys)
            await settle(pilot, app)
            screens[" ".join(keys)] = drawn(app)
            await pilot.press("escape", "escape")
            await pilot.pause()

    app = browse(load(path), 6)
    drive(app, script)
    assert app.return_code is None  # still running when the test closed it: nothing quit it
    assert markup in screens["p"]  # a name a line
    for keys, text in screens.items():
        # Shown as written (a long text may wrap anywhere): not made bold
        # and clickable, not taken away as a tag.
        joined = text.replace("\n", "").replace(" ", "")
        assert "BQ" not in joined and "[@click=app.quit]Q[/]" in joined, keys


def test_choosing_a_person_on_the_map_names_them_and_c_goes_through_everyone() -> None:
    dataset = load(HARBOUR)
    known = gate.Known(dataset, 3)
    people = [c.name for c in known.characters if c.relationships]
    said: list[str] = []

    async def script(pilot: Pilot[None], app: Browse) -> None:
        await pilot.press("m")
        await settle(pilot, app)
        for _ in range(len(people) + 1):
            await pilot.press("c")
            await settle(pilot, app)
            said.append(app.screen.query_one("#chosen", Static).content)  # type: ignore[arg-type]

    drive(browse(dataset, 3), script)
    assert said == [f"{name}'s relationships stand out: c for the next person." for name in people] + [CHOOSE]
