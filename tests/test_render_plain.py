"""`render.plain`: each block type as plain text for pipes and files: no
escape codes, no box drawing, wrapped to the width, no word cut or lost. A
style is only a name here: plain text shows none."""

from __future__ import annotations

import re

import pytest

from hishers_cli.render.blocks import BREAK, Bullets, Column, Fields, Heading, Lines, Paragraph, Span, Table, Tree
from hishers_cli.render.plain import MEASURE, render

LONG = "Every word of this sentence is kept whole and in order however narrow the lines are made to be."


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]+", text)


def test_a_heading_is_underlined_to_its_length() -> None:
    assert render([Heading((Span("Xavier", "character"), " Stone"))], columns=80) == "Xavier Stone\n============\n"


def test_blocks_are_parted_by_one_blank_line_and_empty_ones_leave_no_gap() -> None:
    out = render([Paragraph("One."), Bullets(()), Paragraph("Two.")], columns=80)
    assert out == "One.\n\nTwo.\n"


@pytest.mark.parametrize("columns", [20, 33, 60, 100])
def test_a_paragraph_wraps_to_the_width_keeping_every_word(columns: int) -> None:
    out = render([Paragraph(LONG)], columns=columns)
    assert all(len(line) <= columns for line in out.splitlines())
    assert words(out) == words(LONG)


def test_a_word_longer_than_a_line_gets_a_line_of_its_own_uncut() -> None:
    word = "x" * 50
    out = render([Paragraph(f"a {word} b")], columns=20)
    assert out.splitlines() == ["a", word, "b"]


def test_no_line_is_wider_than_the_measure_however_wide_the_terminal() -> None:
    out = render([Paragraph(LONG * 3)], columns=10_000)
    assert max(len(line) for line in out.splitlines()) <= MEASURE


def test_fields_align_their_values_and_wrap_under_them() -> None:
    out = render([Fields((("Actor", "Ada Actor"), ("Known for", LONG)))], columns=40)
    lines = out.splitlines()
    assert lines[0] == "Actor:     Ada Actor"
    assert lines[1].startswith("Known for: Every")
    assert all(line.startswith(" " * 11) for line in lines[2:]) and words(out)[5:] == words(LONG)


def test_a_label_too_wide_to_align_puts_its_value_on_the_next_line() -> None:
    label = "A label wider than half the line"
    lines = render([Fields(((label, LONG),))], columns=40).splitlines()
    assert lines[0] == f"{label}:"
    assert all(line.startswith("    ") and len(line) <= 40 for line in lines[1:])
    assert words(" ".join(lines[1:])) == words(LONG)


def test_bullets_carry_their_title_and_hang_their_wrapped_lines() -> None:
    out = render([Bullets(("First.", LONG), title="Points")], columns=30)
    lines = out.splitlines()
    assert lines[:2] == ["Points", "- First."]
    assert lines[2].startswith("- Every") and all(line.startswith("  ") for line in lines[3:])


def test_a_table_aligns_its_columns_under_a_header() -> None:
    table = Table((Column("Name"), Column("Actor")), (("Xavier", "Ada Actor"), ("Yara Stone", "Bo")), title="Cast")
    assert render([table], columns=80) == (
        "Cast\nName        Actor\n----------  ---------\nXavier      Ada Actor\nYara Stone  Bo\n"
    )


def test_a_wide_column_goes_on_an_indented_line_under_its_row() -> None:
    table = Table((Column("Name"), Column("About", wide=True)), (("Xavier", LONG),))
    lines = render([table], columns=40).splitlines()
    assert lines[:2] == ["Name", "------"] and lines[2] == "Xavier"
    assert all(line.startswith("    ") and len(line) <= 40 for line in lines[3:])
    assert words(" ".join(lines[3:])) == words(LONG)


def test_a_table_too_wide_for_the_terminal_becomes_records() -> None:
    table = Table(
        (Column("Name"), Column("Actor"), Column("Part")), (("Xavier Stone", "Ada Actor", "lead"), ("Yara", "", ""))
    )
    assert render([table], columns=20) == "Xavier Stone\n    Actor: Ada Actor\n    Part: lead\n\nYara\n"
    # One cell under each lead needs no label, and short records no blank line between them.
    table = Table((Column("Name"), Column("Actor")), (("Xavier Stone", "Ada Actor"), ("Yara", "Bo")))
    assert render([table], columns=20) == "Xavier Stone\n    Ada Actor\nYara\n    Bo\n"


def test_a_tree_indents_each_level() -> None:
    tree = Tree("Xavier", (Tree("Yara", (Tree("Zed"),)), Tree("Wren")))
    assert render([tree], columns=80) == "Xavier\n- Yara\n  - Zed\n- Wren\n"


def test_lines_are_never_wrapped() -> None:
    line = "file.yaml:12:5: " + LONG
    assert render([Lines((line, "second"))], columns=20) == f"{line}\nsecond\n"


def test_a_break_in_a_cell_starts_an_indented_line() -> None:
    table = Table((Column("Who"), Column("Account", wide=True)), (("Zed", ("Leaves.", BREAK, "Stays.")),))
    assert render([table], columns=80).splitlines()[-2:] == ["    Leaves.", "    Stays."]


def test_styles_leave_no_trace_in_plain_text() -> None:
    blocks = [Heading(Span("X", "character")), Paragraph((Span("a", "hint"), " b"), style="hint")]
    out = render(blocks, columns=80)
    assert out == "X\n=\n\na b\n" and "\x1b" not in out


def test_an_unknown_block_is_an_error_not_silence() -> None:
    with pytest.raises(TypeError):
        render([object()], columns=80)  # type: ignore[list-item]
