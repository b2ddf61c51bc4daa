"""`relations --history`: an earlier state is shown only where it changes
something; the JSON keeps every state."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import DATA, MINIMAL, flat, levels, run
from hishers_cli import gate
from hishers_cli.dataset import load as dataset_module
from hishers_cli.views.relations import changes

SHOWS = ["bundled", *sorted(p.stem for p in DATA.glob("*.yaml"))]


def _show(tmp_path: Path, *states: str) -> str:
    lines = [MINIMAL.rstrip(), "  - {id: y, name: Yara, known_from: 0, sources: [a]}", "relationships:"]
    lines += [f"  - {{between: [x, y], kind: siblings, {state}, sources: [a]}}" for state in states]
    data = tmp_path / "show.yaml"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(data)


# (the states in the order they become known, whether the first is history worth showing)
CASES = [
    # Another wording of the same state: not a change.
    (
        [
            "text: Yara is Xavier's estranged sister., known_from: 0",
            "text: Xavier's sister Yara is estranged., known_from: 1",
        ],
        False,
    ),
    # The later state says it all and more: not a change.
    (
        [
            "text: Yara is Xavier's sister., known_from: 0",
            "text: Yara is Xavier's sister and they run the harbour shop together., known_from: 1",
        ],
        False,
    ),
    # Something the later state no longer says: a change.
    (
        [
            "text: Yara and Xavier run the harbour shop., known_from: 0",
            "text: Yara and Xavier stopped speaking., known_from: 1",
        ],
        True,
    ),
    # The same words, other roles: a change.
    (
        [
            "roles: [brother, sister], text: They are siblings., known_from: 0",
            "roles: [sister, brother], text: They are siblings., known_from: 1",
        ],
        True,
    ),
]


@pytest.mark.parametrize(("states", "shown"), CASES)
def test_history_shows_an_earlier_state_only_where_it_changes_something(
    tmp_path: Path, states: list[str], shown: bool
) -> None:
    data = _show(tmp_path, *states)
    first = states[0].split("text: ")[1].split(", known_from")[0]
    text = flat(run("--data", data, "--watched", "1", "relations", "--history").stdout)
    assert (first in text) == shown and ("Before:" in text) == shown, text
    assert ("--history" in flat(run("--data", data, "--watched", "1", "relations").stdout)) == shown
    document = json.loads(run("--data", data, "--watched", "1", "relations", "--json").stdout)
    assert [s["text"] for s in document["relationships"][0]["history"]] == [first]


@pytest.mark.parametrize("name", SHOWS)
def test_every_history_shown_is_a_change_and_json_keeps_every_state(name: str) -> None:
    """At every level: the text's history is exactly the states that change
    something, each earlier state left out reads as no change, and the JSON
    keeps every state."""
    show = dataset_module.load(None if name == "bundled" else DATA / f"{name}.yaml")
    args = [] if name == "bundled" else ["--data", str(DATA / f"{name}.yaml")]
    for n in levels(show.episode_count):
        known = gate.Known(show, n)
        text = flat(run(*args, "--watched", str(n), "relations", "--history").stdout)
        document = json.loads(run(*args, "--watched", str(n), "relations", "--json").stdout)
        assert [len(r["history"]) for r in document["relationships"]] == [len(r.history) for r in known.relationships]
        for r in known.relationships:
            shown = changes(r)
            for state in r.history:
                if state in shown:
                    assert flat(state.text) in text, (n, state.text)
        assert ("Before:" in text) == any(changes(r) for r in known.relationships), n
