"""`controls`: the one set of characters that are shown, never obeyed, and
what each is shown as."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings, strategies as st

from conftest import examples
from hishers_cli.controls import HIDING, PICTURES, has_control, is_control, visible

C0 = [chr(code) for code in range(0x20) if chr(code) not in "\n\t"]
C1 = [chr(code) for code in range(0x80, 0xA0)]


def test_c0_and_del_are_shown_as_their_control_pictures() -> None:
    for ch in C0:
        assert is_control(ch) and visible(ch) == chr(0x2400 + ord(ch))
    assert visible("\x1b[31m") == "\u241b[31m"
    assert visible("\x7f") == "\u2421"


def test_c1_and_every_character_that_hides_or_reorders_text_become_the_replacement_character() -> None:
    for ch in [*C1, *HIDING]:
        assert is_control(ch) and visible(ch) == "\ufffd"
    assert set(PICTURES) == {ord(ch) for ch in [*C0, "\x7f", *C1, *HIDING]}


def test_newline_tab_and_ordinary_text_pass_unchanged() -> None:
    text = "Zoë, café\n\ttab — «quoted» 日本"
    assert not has_control(text) and visible(text) == text
    assert not any(is_control(ch) for ch in text)


def test_no_character_of_the_set_is_printable() -> None:
    # has_control passes printable text without looking at each character.
    assert not any(chr(code).isprintable() for code in PICTURES)
    assert all(unicodedata.category(chr(code)) in ("Cc", "Cf", "Zl", "Zp") for code in PICTURES)


@settings(max_examples=examples(2000), deadline=None)
@given(st.text(st.characters(codec="utf-8"), max_size=40))
def test_has_control_is_whether_any_character_is_one_and_visible_leaves_none(text: str) -> None:
    assert has_control(text) == any(is_control(ch) for ch in text)
    shown = visible(text)
    assert not has_control(shown) and len(shown) == len(text)
    assert shown == text or has_control(text)
