"""The presenters, called directly on the small fixture show: the JSON each
returns and the text its blocks read as."""

from __future__ import annotations

import re

import yaml
from hypothesis import given, settings, strategies as st

from conftest import DATA, TINY, examples
from hishers_cli import gate
from hishers_cli.dataset import parse
from hishers_cli.dataset.model import Dataset
from hishers_cli.lookup import Person
from hishers_cli.render import plain
from hishers_cli.views import about, cast, episodes, relations, story, who
from hishers_cli.views.common import HELD_HINT


def text(blocks: list) -> str:
    return " ".join(plain.render(blocks, columns=200).split())


def test_who_card_labels_a_disputed_alias_and_ends_with_the_one_hint(tiny: Dataset) -> None:
    known = gate.Known(tiny, 3)
    yara = known.character("yara")
    assert yara is not None
    view = who.card(known, Person(yara.name, yara))
    data, blocks = view.data, view.blocks
    assert data["character"]["aliases"][0]["sources"] == [{"id": "recap", "label": "Tiny recap"}]
    assert "Also known as: The Keeper [Tiny recap]" in text(blocks)
    assert HELD_HINT not in text(blocks)  # nothing is held back at the last episode
    early = who.card(gate.Known(tiny, 1), Person(yara.name, gate.Known(tiny, 1).character("yara"))).blocks
    assert text(early).endswith(HELD_HINT) and "Keeper" not in text(early)


def test_who_card_says_where_someone_was_seen_once_an_episode_is_watched(tiny: Dataset) -> None:
    known = gate.Known(tiny, 2)
    zed = known.character("zed")
    assert zed is not None
    assert "Seen in episodes: 2" in text(who.card(known, Person(zed.name, zed)).blocks)
    bare = Dataset(tiny.title, tiny.episode_count, tiny.sources, characters=tiny.characters[:1])
    x = gate.Known(bare, 1).character("xavier")
    assert x is not None
    assert "Seen in episodes: none recorded by the sources" in text(
        who.card(gate.Known(bare, 1), Person(x.name, x)).blocks
    )
    # Before episode 1 there is no episode to have been seen in.
    assert "Seen in episodes" not in text(who.card(gate.Known(bare, 0), Person(x.name, x)).blocks)


def test_cast_row_for_a_hidden_role_names_no_episode(tiny: Dataset) -> None:
    view = cast.cast(gate.Known(tiny, 0))
    data, blocks = view.data, view.blocks
    bo = next(row for row in data["cast"] if row["actor"] == "Bo Player")
    assert bo["character"] is None and bo["so_far"] is None
    assert "role revealed as you watch" in text(blocks)


def test_guide_has_no_title_column_without_titles(tiny: Dataset) -> None:
    blocks = episodes.listing(gate.Known(tiny, 1)).blocks
    assert "Title" not in text(blocks) and "(title not given)" not in text(blocks)


def test_new_separates_first_shown_from_known_by_now(tiny: Dataset) -> None:
    # Zed's stamp is only a bound; episode 2's cast list is the first to hold
    # him, so he is new there, his description on his line.
    view = story.new(gate.Known(tiny, 2), 2)
    rendered = text(view.blocks)
    assert (
        "- New: Zed Marsh, played by Cy Performer; a friend of Yara's, Yara's deckhand. A fisherman new in town."
        in rendered
    )
    assert "Also known by now" not in rendered
    assert {r["kind"]: r["first_shown"] for r in view.data["reveals"]}["character"] is True
    # Not in episode 2's cast list, he may have been seen in an episode
    # before: known by now.
    earlier, problems = parse.parse(
        TINY.read_text(encoding="utf-8").replace("appearances: [xavier, yara, zed]\n", "appearances: [xavier, yara]\n"),
        "tiny",
    )
    assert earlier is not None, problems
    view = story.new(gate.Known(earlier, 2), 2)
    first, by_now = text(view.blocks).split("Also known by now")
    assert "Hides the letter." in first and "A fisherman new in town." not in first
    assert (
        "- Zed Marsh, played by Cy Performer; a friend of Yara's, Yara's deckhand. A fisherman new in town." in by_now
    )
    assert "New: Zed" not in by_now and text(view.blocks).count("A fisherman new in town.") == 1
    assert {r["kind"]: r["first_shown"] for r in view.data["reveals"]}["character"] is False


def test_timeline_words_a_bound_as_by_episode(tiny: Dataset) -> None:
    rendered = text(story.timeline(gate.Known(tiny, 3)).blocks)
    assert "(ep. 3) Zed leaves on the last ferry. [Tiny recap]" in rendered


def test_relations_and_about_label_disputed_records(tiny: Dataset) -> None:
    known = gate.Known(tiny, 3)
    assert "Yara Stone, Xavier's sibling: They stop speaking." in text(
        relations.tree(known, known.character("xavier")).blocks
    )
    assert "Pat Maker: creator [Tiny guide]; showrunner [Tiny recap]" in text(about.about(known).blocks)


def test_recap_before_the_first_episode_says_so(tiny: Dataset) -> None:
    blocks = story.recap(gate.Known(tiny, 2).through(0), 1).blocks
    assert "Nothing to recap before the first episode." in text(blocks)


def test_recap_is_condensed_and_ends_with_the_questions_so_far(tiny: Dataset) -> None:
    view = story.recap(gate.Known(tiny, 3).through(2), 3)
    data, blocks = view.data, view.blocks
    rendered = text(blocks)
    assert "Episode 1 - Xavier finds a letter at the lighthouse. - He hides it in his coat." in rendered
    assert "Yara hides the letter from Xavier." not in rendered  # the summary, where a recap exists
    assert rendered.endswith(
        "Open questions - Who wrote the letter? - Why does Yara want the letter? - Who is the fisherman?"
    )
    open_question = {"answered_in": None, "ending_point": None}
    assert data["episodes"][0]["recap"]["questions"] == [
        {"text": "Who wrote the letter?", "asked": {"number": 1}, **open_question}
    ]
    assert [q["text"] for q in data["questions"]] == [
        "Who wrote the letter?",
        "Why does Yara want the letter?",
        "Who is the fisherman?",
    ]
    at_three = story.recap(gate.Known(tiny, 3)).blocks
    assert "The letter burns and Zed leaves town." in text(at_three)  # no recap for 3: its summary
    assert text(at_three).endswith(
        "Left open - Why does Yara want the letter? - Who is the fisherman? "
        "Answered in episode 3 - Who wrote the letter?"
    )


def test_an_introduction_names_only_the_actors_known_by_that_episode() -> None:
    """A teen actor first seen in episode 2's flashbacks is not said to play
    the character in episode 1, whatever the viewer's progress."""
    from hishers_cli.dataset import parse

    text = TINY.read_text(encoding="utf-8").replace(
        "      - {actor: Bo Player, known_from: 0, known_for: [Small Film], sources: [guide]}\n",
        "      - {actor: Bo Player, known_from: 0, known_for: [Small Film], sources: [guide]}\n"
        "      - {actor: Teen Player, part: young Yara, known_from: 2, sources: [guide]}\n",
    )
    show, problems = parse.parse(text, "tiny.yaml")
    assert show is not None and not problems
    known = gate.Known(show, 3)
    yara = known.character("yara")
    assert yara is not None
    assert [k.actor for k in known.cast_by(yara, 1)] == ["Bo Player"]
    assert [k.actor for k in known.cast_by(yara, 2)] == ["Bo Player", "Teen Player"]
    first = plain.render(episodes.detail(known, 1).blocks, 200)
    assert "Yara Stone, played by Bo Player" in first and "Teen Player" not in first
    assert "Teen Player plays Yara Stone (young Yara)" in plain.render(episodes.detail(known, 2).blocks, 200)


def test_every_view_of_the_book_comparison_labels_each_source_of_a_dispute(tiny: Dataset) -> None:
    from hishers_cli.dataset.model import BookDifference
    from hishers_cli.views import search

    accounts = (
        BookDifference("Ending", "The book ends at sea.", 3, ("guide",), disputed=True),
        BookDifference("Ending", "The book ends on land.", 3, ("recap",), disputed=True),
    )
    known = gate.Known(tiny._replace(book_differences=accounts), 3)
    for view in (about.book(known).blocks, search.search(known, "book ends").blocks):
        shown = text(view)
        assert "The book ends at sea. [Tiny guide]" in shown, shown
        assert "The book ends on land. [Tiny recap]" in shown, shown


# --- relations as DOT and Mermaid ------------------------------------------


def _dot_strings(line: str) -> list[str]:
    """The quoted strings of a DOT line, unescaped as Graphviz reads them;
    fails if a quote is left open."""
    out, i = [], 0
    while (start := line.find('"', i)) != -1:
        j, text = start + 1, []
        while line[j] != '"':
            if line[j] == "\\":
                j += 1
            text.append(line[j])
            j += 1
        out.append("".join(text))
        i = j + 1
    return out


EDITED = DATA / "edited.yaml"


def test_dot_and_mermaid_draw_every_account_and_history_changes_them() -> None:
    from hishers_cli.dataset import load as dataset

    known = gate.Known(dataset.load(EDITED), 3)
    for render in (relations.dot, relations.mermaid):
        now, before = render(known), render(known, history=True)
        assert "Harbour log" in now and "season wrap · 3 Mar 2026" in now  # both accounts of Mara and Ned
        assert "They part on bad terms." not in now and "They part on bad terms." in before
        # A state whose text says only its kind is drawn as the kind, with when it became known.
        assert "Mara and Ned are friends." not in before and before != now
        assert ("friends (ep. 1)" if render is relations.dot else "friends #40;ep. 1#41;") in before


def _show_with(name: str, kind: str, role: str) -> Dataset:
    document = yaml.safe_load(EDITED.read_text(encoding="utf-8"))
    document["characters"][0]["name"] = name
    document["relationships"][0]["roles"] = ["son", role]  # drawn as "<role> of"
    document["relationships"][1]["kind"] = kind  # drawn as the kind
    dataset, problems = parse.parse(yaml.safe_dump(document, allow_unicode=True), "hostile.yaml")
    assert dataset is not None, problems
    return dataset


TOKENS = [*"abZoë \"'\\[]{}()|<>#;:&`\n\r\t\x1b\x07\u2028%", "click", "-->", "#quot;", "\\n"]
HOSTILE_TEXT = (
    st.lists(st.sampled_from(TOKENS), min_size=1, max_size=12)
    .map("".join)
    .filter(lambda t: bool(t.strip()) and not t.strip().startswith(("-", "#", "&", "*", "!", "%", "@", "`")))
)


@settings(max_examples=examples(300), deadline=None)
@given(name=HOSTILE_TEXT, kind=HOSTILE_TEXT, role=HOSTILE_TEXT)
def test_no_name_or_kind_breaks_out_of_a_dot_string_or_a_mermaid_label(name: str, kind: str, role: str) -> None:
    try:
        show = _show_with(name, kind, role)
    except AssertionError:
        return  # a text the dataset refuses (validate says why)
    known = gate.Known(show, 3)
    shown = next(c.name for c in known.characters if c.id == "mara")
    # DOT: one statement per line, every string closed, the text itself kept
    # (UTF-8, never \\u escapes), with no control character in it.
    dot = relations.dot(known, history=True)
    lines = dot.splitlines()
    assert lines[0] == "digraph relationships {" and lines[-1] == "}"
    strings = [s for line in lines[2:-1] for s in _dot_strings(line)]
    assert all(
        re.fullmatch(r'  "[^"\\]*(\\.[^"\\]*)*"( -> "[^"\\]*(\\.[^"\\]*)*")? \[.*\];', line) for line in lines[2:-1]
    )
    clean = re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+", " ", shown)
    assert clean in strings
    assert "\\u" not in dot.replace("\\\\", "") or "\\u" in clean
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", dot)
    # Mermaid: a line per node and per edge, each label one quoted string
    # with no quote, bar, bracket or line break inside.
    mermaid = relations.mermaid(known, history=True)
    body = mermaid.splitlines()
    assert body[0] == "graph LR"
    label = r'"[^"\[\]|<>`{}()\n]*"'
    for line in body[1:]:
        assert re.fullmatch(rf"  n\d+\[{label}\]|  n\d+ (-->|---|-\.->|-\.-)\|{label}\| n\d+", line), line
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", mermaid)


def test_no_presenter_imports_another() -> None:
    """What presenters share is in the modules made for it, so a presenter
    can change without touching another."""
    import ast
    from pathlib import Path

    import hishers_cli.views

    shared = {"base", "common", "reveals", "view"}  # and the package `shapes`
    folder = Path(hishers_cli.views.__file__).parent
    presenters = {p.stem for p in folder.glob("*.py")} - shared - {"__init__"}
    assert {"who", "cast", "notes", "suspect", "status", "progress"} <= presenters
    found = {}
    for name in sorted(presenters):
        tree = ast.parse((folder / f"{name}.py").read_text(encoding="utf-8"))
        imported = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "hishers_cli.views":
                imported |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("hishers_cli.views."):
                imported.add(node.module.rpartition(".")[2])  # type: ignore[union-attr]
        if imported & presenters:
            found[name] = sorted(imported & presenters)
    assert not found, found


def test_a_cast_row_runs_in_story_order_and_marks_competing_accounts(tiny: Dataset) -> None:
    rendered = plain.render(cast.cast(gate.Known(tiny, 3)).blocks, 100)
    row = rendered[rendered.index("Cy Performer") :]
    # Zed's description (episode 2) first; then the sources' two accounts of episode 3, marked as such.
    assert row.index("A fisherman new in town.") < row.index("Accounts differ:") < row.index("Leaves town for good.")
    assert row.index("Accounts differ:") < row.index("Stays in town after all.")
    assert rendered.count("Accounts differ:") == 1  # no other row has two accounts of one point


def test_an_episode_page_names_what_its_summary_already_tells(tiny: Dataset) -> None:
    """With a summary, the page names each reveal (who plays a newcomer,
    a relationship's label, whose story moves on) and points to where it is
    told in full; its JSON keeps every reveal as `new N` gives it."""
    known = gate.Known(tiny, 3)
    second = text(episodes.detail(known, 2).blocks)
    assert (
        "New in this episode - New: Zed Marsh, played by Cy Performer; a friend of Yara's, Yara's deckhand"
        " - More about: Yara Stone Each in full: hishers new 2, or hishers who NAME for one person."
    ) in second
    assert "A fisherman new in town." not in second and "Hides the letter." not in second
    third = text(episodes.detail(known, 3).blocks)
    # Two sources' accounts of one relationship: one label.
    assert third.count("Yara Stone and Xavier Stone (siblings)") == 1 and "They stop speaking" not in third
    for e in known.episodes:
        assert episodes.detail(known, e.number).data["reveals"] == story.new(known, e.number).data["reveals"]


def test_an_episode_page_without_a_summary_tells_its_reveals_in_full(tiny: Dataset) -> None:
    bare = tiny._replace(episodes=tuple(e._replace(summary=None) for e in tiny.episodes))
    page = text(episodes.detail(gate.Known(bare, 3), 2).blocks)
    zed = "New: Zed Marsh, played by Cy Performer; a friend of Yara's, Yara's deckhand. A fisherman new in town."
    assert zed in page
    assert "New in this episode" not in page and "hishers new 2" not in page


def test_every_relationship_reads_from_both_sides_naming_the_other_and_no_open_role() -> None:
    """Each side of every relationship of the bundled show is a phrase that
    names the other person; a role that would leave its meaning open
    ("NAME's ROLE") is said with the phrase that says it."""
    from hishers_cli.dataset import load
    from hishers_cli.views.common import ROLE_PHRASES, first_name, relation_phrase

    known = gate.Known(load.load(), 6)
    open_roles = {f"'s {role}" for _, role in ROLE_PHRASES}
    seen = 0
    for c in known.characters:
        for relation in c.relationships:
            for focus in relation.between:
                other = next(id for id in relation.between if id != focus)
                phrase = relation_phrase(known, relation, focus)
                assert first_name(known, other) in phrase, phrase
                assert not any(phrase.endswith(role) for role in open_roles), phrase
                seen += any((relation.kind, role) in ROLE_PHRASES for role in relation.roles)
    assert seen  # the show has such a role, and it was read


def test_no_search_hit_says_its_heading_again() -> None:
    """A hit is shown under what it is about (a name, an episode, a topic):
    its text never opens by saying that again."""
    from hishers_cli.dataset import load
    from hishers_cli.views.search import _entries

    entries = _entries(gate.Known(load.load(), 6))
    assert {e.section for e in entries} >= {"series", "characters", "cast", "episodes"}
    assert not [e for e in entries if e.text.startswith(f"{e.where}:") or e.text.startswith(f"{e.where} ")]
