"""The shipped docs spoil nothing: README, CHANGELOG and every page under
docs/ are read before watching (the changelog is often the first thing a
user opens), so they may hold only what a viewer at progress 0 may see.

They are checked with the spoiler property test's own markers (the texts of
facts stamped after 0 that no level-0 fact also says, and a locked
character's first name or surname alone), plus its search probes, the words
of the finale and the twists, where the bundled show's locked text uses them
and its level-0 text does not."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from conftest import SEARCH_PROBES, _show, flat, locked_texts, sampled

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = [ROOT / "README.md", ROOT / "CHANGELOG.md", *sorted((ROOT / "docs").glob("*.md"))]


@cache
def markers() -> tuple[str, ...]:
    show = _show()
    visible = " ".join(flat(t) for f in show.stamped() if f.known_from == 0 for t in f.texts).casefold()
    locked = " ".join(flat(t) for f in show.stamped() if f.known_from > 0 for t in f.texts).casefold()
    probes = [p for p in SEARCH_PROBES if p.casefold() in locked and p.casefold() not in visible]
    return tuple(sorted({*locked_texts(0), *probes}))


def leaks(text: str) -> list[str]:
    """The markers a page holds, as whole words, in any case and wrapping."""
    page = flat(text).casefold()
    return [m for m in markers() if re.search(rf"(?<!\w){re.escape(m.casefold())}(?!\w)", page)]


@pytest.mark.parametrize("page", sampled(str(p.relative_to(ROOT)) for p in SHIPPED))
def test_a_shipped_page_holds_nothing_past_episode_0(page: str) -> None:
    path = ROOT / page
    assert not leaks(path.read_text(encoding="utf-8")), f"{path.name} gives away: {leaks(path.read_text())[:5]}"


def test_the_markers_find_what_later_episodes_reveal() -> None:
    """The check is not empty: every level's own facts are markers at 0, and
    a page quoting one is caught, in any case and across a line break."""
    show = _show()
    assert "CHANGELOG.md" in [p.name for p in SHIPPED] and len(SHIPPED) >= 4
    for level in range(1, show.episode_count + 1):
        revealed = [t for f in show.stamped() if f.known_from == level for t in f.texts if flat(t) in markers()]
        assert revealed, level
        sentence = revealed[0].split()
        page = (
            "Changes\n\n- "
            + " ".join(sentence[: len(sentence) // 2])
            + "\n  "
            + " ".join(sentence[len(sentence) // 2 :])
        )
        assert leaks(page.upper()), level
    locked = {c.name for c in show.characters if c.known_from > 0} & set(markers())
    assert locked and all(leaks(f"the link making {name} one person") for name in locked)
