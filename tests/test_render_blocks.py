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
