"""render.once: each fact once per screen, whatever the records."""

from __future__ import annotations

import pytest

from hishers_cli.render.blocks import SOURCE, Block, Bullets, Column, Paragraph, Span, Table, Tree, plain
from hishers_cli.render.once import once

SUMMARY = Paragraph("The keeper is found drowned below the lighthouse, his lamp smashed and the log torn out.")
SAME = "Whoever drowned the keeper smashed his lamp and tore the log out."
OTHER = "Mara opens a studio by the pier."


def shown(blocks: list[Block]) -> str:
    out = []
    for b in once(blocks):
        if isinstance(b, Paragraph):
            out.append(plain(b.text))
        elif isinstance(b, Bullets):
            out += [plain(i) for i in b.items]
        elif isinstance(b, Table):
            out += [" | ".join(plain(c) for c in row) for row in b.rows]
        elif isinstance(b, Tree):
            out.append(plain(b.label))
    return "\n".join(out)


@pytest.mark.parametrize(
    ("blocks", "present", "absent"),
    [
        # A fact told again in other words is left out, and a line left with nothing is too.
        ([SUMMARY, Bullets(((Span("Ned", "character"), ": ", SAME),))], [], ["Ned", "Whoever"]),
        # Of a line that says more, only the more is kept.
        ([SUMMARY, Bullets((f"{SAME} {OTHER}",))], [OTHER], ["Whoever"]),
        # A clause told already goes, and the rest reads as a sentence.
        (
            [
                Paragraph("Ned is drowned the same way as the keeper."),
                Bullets(("Ned is drowned the same way; Mara leaves.",)),
            ],
            ["Mara leaves."],
            ["drowned the same way;"],
        ),
        # Competing accounts stand side by side; one source's account repeats not.
        (
            [
                Bullets(
                    (
                        (SUMMARY.text, Span(" [log]", SOURCE)),
                        (SAME, Span(" [recap]", SOURCE)),
                        (SAME, Span(" [log]", SOURCE)),
                    )
                )
            ],
            [f"{SAME} [recap]"],
            [f"{SAME} [log]"],
        ),
        # A verbatim column (an account, a note) is never shortened.
        (
            [SUMMARY, Table((Column("Q", wide=True), Column("log", wide=True, verbatim=True)), (("Who?", SAME),))],
            [SAME],
            [],
        ),
        # A name and a tie said already is not said again.
        (
            [Bullets(("Ned Rook: Mara's friend.", "Ned Rook, Mara's friend", "Ned Rook, Mara's rival"))],
            ["rival"],
            ["Ned Rook, Mara's friend"],
        ),
        # Different people's facts in the same words are different facts.
        ([Bullets(("Rachel bullied Catherine at school.", "Zoe bullied Catherine at school."))], ["Zoe bullied"], []),
    ],
)
def test_each_fact_once(blocks: list[Block], present: list[str], absent: list[str]) -> None:
    text = shown(blocks)
    for p in present:
        assert p in text, text
    for a in absent:
        assert a not in text, text
