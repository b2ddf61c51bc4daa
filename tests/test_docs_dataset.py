"""docs/dataset.md documents every key the reader accepts: the table of
fields has a row for each record type, naming each of its fields."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import record_types
from hishers_cli.dataset import model
from hishers_cli.dataset.fields import fields

DOC = (Path(__file__).resolve().parents[1] / "docs" / "dataset.md").read_text(encoding="utf-8")

# Each record type's row in the table, by its first cell.
ROWS: dict[type, str] = {
    model.DatasetFile: "top level",
    model.Source: "source",
    model.Series: "series",
    model.SeriesFact: "series fact",
    model.Credit: "credit",
    model.Episode: "episode",
    model.Summary: "summary",
    model.Recap: "recap",
    model.Question: "question",
    model.Answered: "answered",
    model.Character: "character",
    model.Casting: "casting",
    model.BioStage: "bio stage",
    model.Alias: "alias",
    model.Descriptor: "descriptor",
    model.Relationship: "relationship",
    model.Word: "word",
    model.EndingPoint: "ending point",
    model.Account: "account",
    model.BookDifference: "book difference",
    model.Event: "event",
}
# Described once for every stamped record, below the table.
COMMON = {"exact", "disputed"}


def row(label: str) -> str:
    """The table row whose first cell names `label`."""
    for line in DOC.splitlines():
        cells = [c.strip().strip("`").casefold() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and any(label == name.split(" (")[0].strip("` ") for name in cells[0].split(", ")):
            return line
    return ""


def test_every_record_type_has_a_row_naming_each_of_its_fields() -> None:
    types = record_types()
    assert model.Recap in types and model.Account in types
    assert types <= set(ROWS), f"no row for {types - set(ROWS)}"
    for record in types:
        line = row(ROWS[record])
        assert line, f"docs/dataset.md has no row for {ROWS[record]}"
        documented = set(re.findall(r"`(\w+)`", line))
        missing = {f.name for f in fields(record)} - documented - COMMON
        assert not missing, f"{ROWS[record]}: {sorted(missing)} not documented"


def test_the_common_fields_are_described() -> None:
    for name in COMMON:
        assert re.search(rf"`{name}`", DOC.split("## Fields", 1)[1]), name


def test_a_missing_field_is_found() -> None:
    """The check can fail: a row without one of its fields is caught."""
    line = row("recap")
    assert "`points`" in line and "`questions`" in line
