"""Whom a query means (`lookup.resolve`): every kind of match, plurals,
possessives, the misspelling rules and the gating of roles, on two small
fixture shows (tests/data/tiny.yaml and tests/data/roles.yaml)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import DATA, FULL, levels, run
from hishers_cli import gate, lookup
from hishers_cli.dataset import load as dataset
from hishers_cli.dataset.model import Dataset

ROLES = DATA / "roles.yaml"


@pytest.fixture(scope="module")
def roles() -> Dataset:
    return dataset.load(ROLES)


def resolved(show: Dataset, watched: int, query: str) -> tuple[str | None, list[str], bool]:
    match = lookup.resolve(gate.Known(show, watched), query)
    return match.by, [p.label for p in match.people], match.plural


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Zoë", "zoe"),
        ("  O'Neil--Smith ", "o neil smith"),
        ("snake_case", "snake case"),
        ("ÉCOLE Straße", "ecole strasse"),
        ("Anna & Lexy", "anna lexy"),
        ("“quoted”", "quoted"),
        ("", ""),
    ],
)
def test_normalize_folds_case_accents_and_punctuation(typed: str, expected: str) -> None:
    assert lookup.normalize(typed) == expected


# (progress, query, how it matched, whom[, True: the query asks for everyone it fits])
CASES = [
    # names, aliases and actors, exactly
    (0, "Mara Quill", "name", ["Mara Quill"]),
    (0, "mara", "name", ["Mara Quill"]),
    (0, "QUILL", "name", ["Mara Quill", "Tom Quill"]),
    (1, "quill", "name", ["Mara Quill", "Tom Quill", "Ben Quill", "Ivy Quill"]),
    (0, "nina stage", "actor", ["Mara Quill"]),
    (0, "stage", "actor", ["Mara Quill"]),
    (0, "al morrow", "actor", ["Al Morrow"]),  # the role is still locked
    (2, "al morrow", "actor", ["Ray Dunn"]),
    (3, "red", "alias", ["Ray Dunn"]),
    (3, "red dunn", "alias", ["Ray Dunn"]),
    # roles, from the relationships known so far
    (0, "husband", "role", ["Tom Quill"]),
    (0, "the husband", "role", ["Tom Quill"]),
    (0, "wife", "role", ["Mara Quill"]),
    (0, "spouse", "role", ["Mara Quill", "Tom Quill"]),
    (0, "friend", "role", ["Mara Quill", "Alice Pell"]),  # a plural kind: each is a friend
    (1, "son", "role", ["Ben Quill"]),
    (1, "mom", "role", ["Mara Quill"]),
    (1, "her mother", "role", ["Mara Quill"]),
    (1, "children", "role", ["Ben Quill", "Ivy Quill"], True),
    (2, "brother", "role", ["Ben Quill"]),
    (2, "twins", "role", ["Ben Quill", "Ivy Quill"], True),
    (3, "killer", "role", ["Tom Quill"]),
    (3, "murderer", "role", ["Tom Quill"]),
    (3, "victim", "role", ["Ray Dunn"]),
    # the dataset's own words
    (0, "lawman", "description", ["Mara Quill"]),
    (0, "family", "role", ["Mara Quill", "Tom Quill"], True),
    (1, "family", "role", ["Mara Quill", "Tom Quill", "Ben Quill", "Ivy Quill"], True),
    # descriptors
    (0, "sheriff", "description", ["Mara Quill"]),
    (0, "sheriffs", "description", ["Mara Quill"], True),
    (2, "victim", "description", ["Ray Dunn"]),
    (2, "victims", "description", ["Ray Dunn"], True),
    # relations: the person named, then the role followed
    (0, "mara's husband", "relation", ["Tom Quill"]),
    (0, "husband of mara", "relation", ["Tom Quill"]),
    (0, "maras husband", "relation", ["Tom Quill"]),
    (0, "tom’s wife", "relation", ["Mara Quill"]),
    (0, "mara's friend", "relation", ["Alice Pell"]),
    (1, "mara's son", "relation", ["Ben Quill"]),
    (1, "mara's kids", "relation", ["Ben Quill", "Ivy Quill"], True),
    (2, "ivy's brother", "relation", ["Ben Quill"]),
    (3, "ray's killer", "relation", ["Tom Quill"]),
    (3, "the victim's killer", "relation", ["Tom Quill"]),
    (1, "the sheriff's daughter", "relation", ["Ivy Quill"]),
    (3, "who killed ray", "relation", ["Tom Quill"]),
    (3, "the murdered man", "role", ["Ray Dunn"]),  # the noun after a role word says nothing more
    (2, "the dead guy", "description", ["Ray Dunn"]),
    (1, "the quills", "name", ["Mara Quill", "Tom Quill", "Ben Quill", "Ivy Quill"], True),
    (0, "mara's", "name", ["Mara Quill"]),
    # a name with what they are before it
    (0, "sheriff quill", "name", ["Mara Quill"]),
    (1, "mrs quill", "name", ["Mara Quill", "Tom Quill", "Ben Quill", "Ivy Quill"]),
    # the start of a name, or of a part
    (1, "hel", "name", ["Helen Ash"]),
    (0, "tom quil", "name", ["Tom Quill"]),
    (1, "young ivy", "actor", ["Ivy Quill"]),
    (1, "teenage ivy", "actor", ["Ivy Quill"]),
    # bio words, the last resort before spelling
    (0, "fisherman", "description", ["Tom Quill"]),
    (0, "lighthouse", "description", ["Mara Quill"]),
    # misspellings
    (0, "alise", "misspelling", ["Alice Pell"]),
    (0, "marra", "misspelling", ["Mara Quill"]),
    (1, "helan", "misspelling", ["Helen Ash"]),  # a character's name, not the actor Hela Moss
    (0, "helan", "misspelling", ["Hela Moss"]),  # no character is spelt alike yet
]


@pytest.mark.parametrize(
    ("watched", "query", "by", "people", "plural"), [case if len(case) == 5 else (*case, False) for case in CASES]
)
def test_resolve_says_whom_and_how(
    roles: Dataset, watched: int, query: str, by: str, people: list[str], plural: bool
) -> None:
    assert resolved(roles, watched, query) == (by, people, plural)


# (progress, query): each means no one, as a nonsense word does.
NO_ONE = [
    (2, "red"),  # the alias is not known yet
    (0, "son"),  # the relationship is not known yet
    (1, "brother"),
    (1, "twins"),
    (1, "victim"),
    (2, "killer"),
    (2, "murderer"),
    (2, "ray's killer"),
    (0, "tom's husband"),  # Tom is known; no one is his husband
    (0, "mara's kids"),
    (0, "ray's wife"),  # Ray is not known yet
    (3, "zed's wife"),  # nor ever
    (0, "husband"[::-1]),
    # an ordinary word is never a misspelt name: "police" is not "Alice"
    *((n, "police") for n in range(4)),
    *((n, "polise") for n in range(4)),
    # the bio that mentions a husband does not make Mara one
    *((n, "husbands wife's husband's qqq") for n in range(4)),
    (2, "who killed ray"),
    (2, "killer tom"),
    (0, "sheriff tom"),  # Tom is no sheriff
    (0, "tom fishes"),  # a bio word next to a name: about someone else
    (0, "of the and"),  # words too common to tell bios apart
    (0, " ".join(["mara"] * (lookup.MAX_QUERY_WORDS + 1))),
    (3, "qqzzxv"),
]


@pytest.mark.parametrize(("watched", "query"), NO_ONE)
def test_what_no_one_is_yet_matches_no_one_and_suggests_nothing(roles: Dataset, watched: int, query: str) -> None:
    match = lookup.resolve(gate.Known(roles, watched), query)
    assert (match.by, match.people, match.suggestions) == (None, (), ()), match


def test_many_fit_in_the_order_they_came_to_fit(show: Dataset) -> None:
    assert resolved(show, 5, "victims") == ("description", ["Rachel Hopkins", "Helen Wang", "Zoe Harper"], True)


def test_a_bio_word_about_someone_else_never_makes_a_character_match(roles: Dataset) -> None:
    # Mara's bio says "her husband fishes"; only Tom is a husband.
    for watched in range(4):
        assert resolved(roles, watched, "husband")[1] == ["Tom Quill"]


@pytest.mark.parametrize(
    ("typed", "name", "alike"),
    [
        (["alis"], ["alice"], True),  # two edits in five letters
        (["helan"], ["helen"], True),
        (["xavir"], ["xavier"], True),
        (["tmo"], ["tom"], True),  # a swap is one edit
        (["police"], ["alice"], False),  # another first letter and two edits
        (["megan"], ["mani"], False),  # three edits
        (["megan"], ["meg"], False),  # too different in length
        (["jo"], ["joe"], False),  # too short to tell
        (["tessa", "tomson"], ["tessa", "thompson"], True),
        (["chris", "bauer"], ["pablo", "schreiber"], False),
        (["anna"], ["anna", "andrews"], False),  # word by word
    ],
)
def test_a_misspelling_is_of_similar_length_and_shape(typed: list[str], name: list[str], alike: bool) -> None:
    assert (lookup._misspelt(typed, name) is not None) == alike


def test_equally_close_names_are_suggested_not_chosen(tiny: Dataset) -> None:
    match = lookup.resolve(gate.Known(tiny, 2), "stine")
    assert match.people == () and set(match.suggestions) == {"Xavier Stone", "Yara Stone"}


def test_each_word_stands_for_every_word_it_is_listed_under_in_that_order() -> None:
    assert lookup.WORDS["mom"] == ("mother",)
    assert lookup.WORDS["parent"] == ("mother", "father")
    assert lookup.WORDS["kid"] == ("daughter", "son", "child")
    assert lookup.WORDS["journalist"] == ("reporter", "news anchor")
    assert lookup.WORDS["camera man"] == ("cameraman",) and lookup.WORDS["person of interest"] == ("suspect",)
    listed = {(word, meaning) for meaning, said in lookup.SAID_FOR.items() for word in said.split(", ")}
    assert {(word, meaning) for word, means in lookup.WORDS.items() for meaning in means} == listed
    for word, means in lookup.WORDS.items():
        assert len(set(means)) == len(means) and word not in means, word
        assert list(means) == [m for m in lookup.SAID_FOR if m in means], word


@pytest.mark.parametrize(
    ("plural", "singular"),
    [("bullies", "bully"), ("wives", "wife"), ("cameramen", "cameraman"), ("children", "child"), ("bosses", "boss")],
)
def test_plurals_by_rule_and_table(plural: str, singular: str) -> None:
    assert singular in lookup.singulars(plural)


def test_a_role_counts_only_once_its_relationship_or_descriptor_is_known(roles: Dataset) -> None:
    """Every role and descriptor word of the fixture, at every progress: it
    finds exactly the characters whose relationship or descriptor giving
    them that word is known."""
    words = {w for r in roles.relationships for w in r.roles} | {
        d.word for c in roles.characters for d in c.described_as
    }
    for watched in range(roles.episode_count + 1):
        known_ids = {c.id for c in roles.characters if c.known_from <= watched}
        for role in sorted(words):
            holders = {
                o.between[j]
                for o in roles.relationships
                for j, word in enumerate(o.roles)
                if word == role and o.known_from <= watched and set(o.between) <= known_ids
            }
            holders |= {
                c.id
                for c in roles.characters
                for d in c.described_as
                if d.word == role and d.known_from <= watched and c.id in known_ids
            }
            by, people, _ = resolved(roles, watched, role)
            names = {c.id for c in roles.characters if c.name in people}
            assert names == holders, (watched, role)
            assert (by is None) == (not holders), (watched, role)


def test_a_modifier_before_a_role_changes_nothing(roles: Dataset) -> None:
    """Every modifier before every role and descriptor word of the fixture,
    at every progress, answers exactly as the word alone; before a word
    that means nothing it still means nothing."""
    words = {w for r in roles.relationships for w in r.roles} | {
        d.word for c in roles.characters for d in c.described_as
    }
    for watched in range(roles.episode_count + 1):
        nonsense = resolved(roles, watched, "qqzzxv")
        for modifier in sorted(lookup.MODIFIERS):
            assert resolved(roles, watched, f"{modifier} qqzzxv")[:2] == nonsense[:2], modifier
            for role in sorted(words):
                assert resolved(roles, watched, f"{modifier} {role}") == resolved(roles, watched, role), (
                    watched,
                    modifier,
                    role,
                )


def test_names_and_aliases_keep_their_gating(tiny: Dataset) -> None:
    assert resolved(tiny, 2, "the keeper") == (None, [], False)
    assert resolved(tiny, 3, "the keeper") == ("alias", ["Yara Stone"], False)
    for typed in ("zed", "Zed Marsh", "marsh", "cy performer", "zedd"):
        assert resolved(tiny, 1, typed)[1] == [], typed
        assert resolved(tiny, 2, typed)[1] == ["Zed Marsh"], typed
    assert "Zed Marsh" not in lookup.names(gate.Known(tiny, 1)) and "Zed Marsh" in lookup.names(gate.Known(tiny, 2))


def test_an_english_word_is_neither_a_misspelt_name_nor_a_common_word_of_a_bio(tiny: Dataset) -> None:
    """At episode 3 "keeps" is spelt much like Yara's alias "The Keeper" and
    is a word of Xavier's story ("Keeps the letter in his coat"), but it is
    an ordinary word: it means no one. "keepr" is no word: a misspelling."""
    assert resolved(tiny, 3, "keeps") == (None, [], False)
    assert lookup.resolve(gate.Known(tiny, 3), "keeps").suggestions == ()
    assert resolved(tiny, 3, "keepr") == ("misspelling", ["Yara Stone"], False)
    # A word that says what someone is, once the bio that says it is known.
    assert resolved(tiny, 1, "fisherman")[1] == [] and resolved(tiny, 2, "fisherman")[1] == ["Zed Marsh"]


def run_roles(*args: str) -> tuple[int, str, str]:
    result = run("--data", str(ROLES), *args)
    return result.exit_code, result.stdout, result.stderr


def test_who_json_says_how_it_matched() -> None:
    for watched, query, by in [
        ("0", "mara", "name"),
        ("0", "mara's husband", "relation"),
        ("1", "helan", "misspelling"),
    ]:
        code, out, _ = run_roles("--watched", watched, "who", query, "--json")
        assert code == 0 and json.loads(out)["match"] == {"by": by, "query": query}


def test_a_plural_lists_everyone_it_fits_and_a_singular_asks() -> None:
    code, out, _ = run_roles("--watched", "2", "who", "twins", "--json")
    assert code == 0
    document = json.loads(out)
    assert document["match"] == {"by": "role", "query": "twins"}
    assert [c["name"] for c in document["characters"]] == ["Ben Quill", "Ivy Quill"]
    code, out, _ = run_roles("--watched", "2", "who", "twins")
    assert code == 0 and "Ben Quill" in out and "Ivy Quill" in out and "Mara Quill" not in out
    code, out, err = run_roles("--watched", "2", "who", "twin")
    assert code == 1 and out == "" and "that description fits: Ben Quill, Ivy Quill. Be more specific" in err


@pytest.mark.parametrize(("watched", "query"), NO_ONE)
def test_no_one_answers_byte_for_byte_as_a_nonsense_word(watched: int, query: str, tmp_path: Path) -> None:
    for extra in ([], ["--json"]):
        assert run_roles("--watched", str(watched), "who", query, *extra) == run_roles(
            "--watched", str(watched), "who", "qqzzxv", *extra
        )


def test_every_kind_of_who_answer_follows_the_contract(roles: Dataset) -> None:
    import jsonschema

    from hishers_cli.views.shapes import schema as contract

    root = contract.schema()
    check = jsonschema.Draft202012Validator({**root, "$ref": "#/$defs/command_who"})
    seen = set()
    for watched, query, by, *_ in CASES:
        code, out, _ = run_roles("--watched", str(watched), "who", query, "--json")
        if code == 0:
            document = json.loads(out)
            check.validate(document)
            assert document["match"]["by"] == by
            seen.add((by, next(k for k in ("character", "casting", "characters") if k in document)))
    assert {by for by, _ in seen} == set(lookup.BY)
    assert {shape for _, shape in seen} == {"character", "casting", "characters"}


XAVIER = "  - {id: x, name: Xavier, known_from: 0, sources: [a]}\n"


@pytest.mark.parametrize(
    ("character", "words", "message"),
    [
        (
            "  - {id: x, name: Xavier, known_from: 1, sources: [a], exact: false,"
            " described_as: [{word: sheriff, known_from: 0, sources: [a]}]}\n",
            "",
            "characters[0].described_as: stamped before the character is known",
        ),
        (XAVIER, "words: [{word: lawman, means: []}]\n", "words[0].means"),
        (XAVIER, "words: [{word: lawman}]\n", "words[0]"),
    ],
)
def test_descriptors_and_words_are_validated(character: str, words: str, message: str, tmp_path: Path) -> None:
    from conftest import MINIMAL

    path = tmp_path / "show.yaml"
    path.write_text(MINIMAL.replace(XAVIER, character) + words, encoding="utf-8")
    _, problems = dataset.check(path)
    assert any(message in p.message for p in problems), [p.message for p in problems]


def test_the_matching_policy_lives_in_lookup_alone() -> None:
    """No other module measures how alike a query is to a name, or keeps a
    threshold for it (the reader's "did you mean" for a dataset's keys is
    about the file format, not about people)."""
    src = Path(lookup.__file__).parent.parent
    for path in src.rglob("*.py"):
        if path.parent.name == "lookup" or path.name == "parse.py":
            continue
        text = path.read_text(encoding="utf-8")
        for sign in ("difflib", "SequenceMatcher", "get_close_matches", "lookup.edits", "lookup._misspelt"):
            assert sign not in text, (path, sign)
    assert not (src / "describe.py").exists()


# Viewers' questions about the bundled show, with the answer at a progress.
# What viewers ask after each episode, and whom it means: (how it matched, whom).
SHOW_CASES: dict[int, dict[str, tuple[str, list[str]]]] = {
    0: {
        "husband": ("role", ["Jack Harper"]),
        "wife": ("role", ["Anna Andrews"]),
        "the detective's wife": ("relation", ["Anna Andrews"]),
    },
    1: {
        "mom": ("role", ["Alice"]),
        "anna's mother": ("relation", ["Alice"]),
        "cop": ("description", ["Jack Harper"]),
        "victim": ("description", ["Rachel Hopkins"]),
        "the cameraman": ("role", ["Richard Jones"]),
    },
    2: {"helan": ("misspelling", ["Helen Wang"])},
    3: {"detectives": ("description", ["Jack Harper", "Priya"])},
    5: {
        "jack's sister": ("relation", ["Zoe Harper"]),
        "sister": ("role", ["Zoe Harper"]),
        "victims": ("description", ["Rachel Hopkins", "Helen Wang", "Zoe Harper"]),
    },
    6: {
        "richard's wife": ("relation", ["Lexy Jones"]),
        "killer": ("role", ["Alice"]),
        "who killed rachel": ("relation", ["Alice"]),
        "zoe's daughter": ("relation", ["Meg Harper"]),
    },
}


@pytest.mark.parametrize(
    ("watched", "query", "answer"), [(w, q, a) for w, asked in SHOW_CASES.items() for q, a in asked.items()]
)
def test_viewers_questions_about_the_show(
    show: Dataset, watched: int, query: str, answer: tuple[str, list[str]]
) -> None:
    assert resolved(show, watched, query)[:2] == answer


@pytest.mark.parametrize(
    ("query", "until"),
    [("killer", 5), ("murderer", 5), ("catherine", 5), ("zoe's daughter", 5), ("megan", 6)],
)
def test_what_the_show_has_not_told_yet_answers_as_a_nonsense_word(show: Dataset, query: str, until: int) -> None:
    for watched in range(until + 1):
        for extra in ([], ["--json"]):
            said = run("--watched", str(watched), "who", query, *extra)
            nonsense = run("--watched", str(watched), "who", "qqzzxv", *extra)
            assert (said.exit_code, said.stdout, said.stderr) == (nonsense.exit_code, nonsense.stdout, nonsense.stderr)


def test_police_are_the_detectives_never_a_name_spelt_alike(show: Dataset) -> None:
    for watched in levels(show.episode_count):
        by, people, plural = resolved(show, watched, "police")
        assert by == "description" and plural and "Alice" not in people and "Jack Harper" in people


# -- records that are no character: the credits ---------------------------------

# (progress, query, the names of the records it finds)
NAMED_CASES = [
    (0, "Wynn Lens", ["Wynn Lens"]),
    (0, "the WYNN LENS", ["Wynn Lens"]),
    (0, "wynn", []),  # only the whole name: a word of it may be a later character's
    (0, "lens", []),
    (0, "tom otter", ["Tom Otter"]),
    (2, "quinn late", ["Quinn Late"]),
    (1, "quinn late", []),  # not known yet
    (2, "the narrator quinn late", []),  # no role word leads to a credit
    (0, "the", []),  # nothing typed but filler: the credit "???" is no answer
    (0, "!!!", []),
]


@pytest.mark.parametrize(("watched", "query", "found"), NAMED_CASES)
def test_a_credit_is_found_by_its_whole_name_only(roles: Dataset, watched: int, query: str, found: list[str]) -> None:
    match = lookup.resolve(gate.Known(roles, watched), query, records=True)
    assert [n.name for n in match.named] == found
    if found:
        assert (match.by, match.people) == ("name", ()) and all(n.kind == "credit" for n in match.named)


def test_a_character_is_preferred_to_a_credit_and_a_role_word_is_never_a_credit(roles: Dataset) -> None:
    assert resolved(roles, 0, "tom")[:2] == ("name", ["Tom Quill"])
    assert lookup.resolve(gate.Known(roles, 0), "tom", records=True).named == ()
    assert lookup.resolve(gate.Known(roles, 0), "brnad", records=True).people[0].label == "Tom Quill"  # Otto Brand
    assert resolved(roles, 0, "sheriff")[:2] == ("description", ["Mara Quill"])


def test_who_shows_a_credit_with_each_account_apart_and_other_commands_find_no_one() -> None:
    tiny = str(DATA / "tiny.yaml")
    shown = run("--data", tiny, "--watched", "0", "who", "pat maker")
    assert shown.exit_code == 0, shown.output
    lines = shown.stdout.splitlines()
    assert lines[0] == "Pat Maker" and "In the credits" in lines
    creator = next(line for line in lines if "creator" in line)
    showrunner = next(line for line in lines if "showrunner" in line)
    assert creator != showrunner and "[Tiny guide]" in creator and "[Tiny recap]" in showrunner
    document = json.loads(run("--data", tiny, "--watched", "0", "who", "Pat Maker", "--json").stdout)
    import jsonschema

    from hishers_cli.views.shapes import schema as contract

    jsonschema.validate(document, {**contract.schema(), "$ref": "#/$defs/command_who"})
    assert document["named"]["kind"] == "credit" and [r["roles"] for r in document["named"]["records"]] == [
        ["creator"],
        ["showrunner"],
    ]
    for command in ("relations", "suspect"):  # the other commands that take a NAME
        said = run("--data", tiny, "--watched", "0", command, "pat maker")
        nonsense = run("--data", tiny, "--watched", "0", command, "qqzzxv")
        assert said.exit_code == 1 and "no one by that name" in said.stderr, (command, said.output)
        assert (said.exit_code, said.stdout, said.stderr) == (nonsense.exit_code, nonsense.stdout, nonsense.stderr)


def without_credits(show: Dataset) -> Dataset:
    return show._replace(credits=())  # type: ignore[attr-defined,no-any-return]


def test_credits_change_nothing_but_who_answering_a_credit(roles: Dataset) -> None:
    """Whom a query means for a command about the story is the same as on
    the show without its credits; for `who`, too, unless a credit answers."""
    bare = without_credits(roles)
    words = {w for c in roles.characters for w in c.name.split()} | {k.actor for c in roles.characters for k in c.cast}
    words |= {n for c in roles.credits for n in (c.name, *c.name.split())}
    queries = sorted(words) + [f"{w}'s wife" for w in sorted(words)] + [f"wife of {w}" for w in sorted(words)]
    queries += [w[:-1] + "x" for w in sorted(words)] + ["detective otter", "the otters", "late", "otter"]
    queries = queries if FULL else queries[::3] + [c.name for c in roles.credits] + ["late", "otter", "otter's wife"]
    changed = 0
    for watched in range(roles.episode_count + 1):
        known, known_bare = gate.Known(roles, watched), gate.Known(bare, watched)
        for query in queries:
            assert lookup.resolve(known, query) == lookup.resolve(known_bare, query), (watched, query)
            with_records = lookup.resolve(known, query, records=True)
            if with_records.named:
                changed += 1
            else:
                assert with_records == lookup.resolve(known_bare, query, records=True), (watched, query)
    assert changed  # some queries do find a credit, for who


def test_a_query_that_names_a_credit_still_reads_relations_and_misspellings_elsewhere() -> None:
    roles = str(ROLES)
    shown = run("--data", roles, "--watched", "0", "relations", "brnad")  # a misspelling of the actor Otto Brand
    assert shown.exit_code == 0 and "Tom Quill" in shown.stdout, shown.output
    wife = run("--data", roles, "--watched", "0", "who", "brnad's wife")
    assert wife.exit_code == 0 and wife.stdout.startswith("Mara Quill"), wife.output


def test_a_credit_not_known_yet_answers_as_if_it_were_not_in_the_show(tmp_path: Path) -> None:
    import yaml

    raw = yaml.safe_load(ROLES.read_text(encoding="utf-8"))
    raw["series"]["credits"] = [c for c in raw["series"]["credits"] if c["known_from"] == 0]
    without = tmp_path / "without.yaml"
    without.write_text(yaml.safe_dump(raw), encoding="utf-8")
    locked = [c for c in yaml.safe_load(ROLES.read_text(encoding="utf-8"))["series"]["credits"] if c["known_from"]]
    assert locked
    for credit in locked:
        for watched in range(credit["known_from"]):
            for query in [credit["name"], *credit["name"].split()]:
                for extra in ([], ["--json"]):
                    args = ("--watched", str(watched), "who", query, *extra)
                    said, absent = run("--data", str(ROLES), *args), run("--data", str(without), *args)
                    assert (said.exit_code, said.stdout, said.stderr) == (
                        absent.exit_code,
                        absent.stdout,
                        absent.stderr,
                    ), args
        shown = run("--data", str(ROLES), "--watched", str(credit["known_from"]), "who", credit["name"])
        assert shown.exit_code == 0 and shown.stdout.startswith(credit["name"])


def test_every_credit_of_the_show_is_found_by_its_name(show: Dataset) -> None:
    known = gate.Known(show, 0)
    assert known.credits
    for credit in known.credits:
        match = lookup.resolve(known, credit.name, records=True)
        if match.people:  # an actor in the credits is found as the actor
            assert any(k.actor == credit.name for k in known.cast)
            continue
        assert [n.name for n in match.named] == [credit.name]
        assert credit in match.named[0].records


def test_a_credit_is_completed_for_who_once_it_is_known(roles: Dataset) -> None:
    assert "Wynn Lens" in lookup.names(gate.Known(roles, 0), records=True)
    assert "Wynn Lens" not in lookup.names(gate.Known(roles, 0))  # no other command finds it
    assert "Quinn Late" not in lookup.names(gate.Known(roles, 1), records=True)
    assert "Quinn Late" in lookup.names(gate.Known(roles, 2), records=True)
