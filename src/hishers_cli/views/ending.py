"""`hishers ending`: the finale explained, each source's account side by side."""

from __future__ import annotations

from hishers_cli.dataset.model import EndingPoint
from hishers_cli.gate import Known
from hishers_cli.render.blocks import AGREE, DISAGREE, Block, Bullets, Column, Heading, Paragraph, Span, Table
from hishers_cli.views import shapes
from hishers_cli.views.common import hint, source_label, source_line
from hishers_cli.views.shapes import envelope
from hishers_cli.views.view import View

VERDICT = {True: "The sources agree.", False: "The sources disagree.", None: "One source only."}


def _verdict(point: EndingPoint) -> Span:
    style = {True: AGREE, False: DISAGREE, None: None}[point.agree]
    return Span(VERDICT[point.agree], style)


def ending(known: Known) -> View:
    used = [s for s in known.sources if any(a.source == s.id for p in known.ending for a in p.accounts)]
    data: shapes.EndingDocument = {
        **envelope(known),
        "ending_points": [shapes.ending_point(known, p) for p in known.ending],
        "disagreements": [p.topic for p in known.ending if p.agree is False],
        "sources": [shapes.source(s) for s in used],
        "board": None,  # set by `with_board`
    }
    blocks: list[Block] = [Heading(f"{known.title}: the ending explained")]
    if not known.ending:
        blocks.append(Paragraph("The dataset has no account of the ending yet."))
        return View(data, blocks)
    blocks.append(
        Paragraph(
            hint(
                "The sources tell parts of the finale differently. Each account is shown "
                "with its source; nothing here merges them into one story."
            )
        )
    )
    headers = [Column("Question", wide=True)] + [Column(source_label(known, s.id), wide=True) for s in used]
    rows = []
    for p in known.ending:
        by_source = {a.source: a.text for a in p.accounts}
        rows.append(
            ((p.question, " ", _verdict(p)),) + tuple(by_source.get(s.id, Span("(not covered)", "hint")) for s in used)
        )
    blocks.append(Table(tuple(headers), tuple(rows)))
    blocks.append(Bullets(tuple(source_line(s) for s in used), title="Sources"))
    return View(data, blocks)


def with_board(result: View, board: View | None) -> View:
    """The ending with the viewer's own board set against it, as its last
    section (`board` is None when the notes cannot be read; its blocks are
    empty when the viewer kept nothing). Only `hishers
    ending` adds it: exported pages never hold the viewer's notes."""
    if board is None:
        return View({**result.data, "board": None}, result.blocks)
    if not board.blocks:
        return View({**result.data, "board": board.data}, result.blocks)
    blocks = [*result.blocks, Heading("Your board against the ending"), *board.blocks]
    return View({**result.data, "board": board.data}, blocks)
