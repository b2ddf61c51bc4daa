"""`render.blocks`: cells, spans and joins."""

from __future__ import annotations

from hishers_cli.render.blocks import CHARACTER, Span, join, plain


def test_a_span_is_not_a_tuple() -> None:
    span = Span("Anna", CHARACTER)
    assert not isinstance(span, tuple)
    assert plain(span) == "Anna" and plain(("Hi ", span, "!")) == "Hi Anna!"


def test_join_flattens_runs_and_keeps_spans_whole() -> None:
    anna, jack = Span("Anna", CHARACTER), Span("Jack", CHARACTER)
    joined = join([anna, ("and ", jack), "Alice"])
    assert joined == (anna, ", ", "and ", jack, ", ", "Alice")
    assert plain(joined) == "Anna, and Jack, Alice"


def test_a_table_fits_when_its_short_columns_do_and_is_set_as_records_when_not() -> None:
    from hishers_cli.render.blocks import Column, Table, layout

    table = Table((Column("No."), Column("Title"), Column("Summary", wide=True)), (("1", "Pilot", "x" * 300),))
    lengths = [[1, 5, 300]]
    wide_enough = layout(table, lengths, 80)
    assert (wide_enough.narrow, wide_enough.wide) == ((0, 1), (2,))
    assert wide_enough.sizes == {0: 3, 1: 5}  # a header wider than its cells sets the width
    assert wide_enough.aligned == 3 + 2 + 5 and wide_enough.fits
    assert layout(table, lengths, 10).fits and not layout(table, lengths, 9).fits
    only_text = Table((Column("Text", wide=True),), (("words",),))
    assert not layout(only_text, [[5]], 200).fits  # nothing to align: records
