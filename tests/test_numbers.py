"""One reader for every number a user types: every parameter of the command
registry that takes a number (metavar N) refuses the same hostile shapes
with the same wording, exit 2, changing nothing, and takes the same valid
ones; no parameter reads a number any other way."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import COMMAND, FULL, run_tiny, sampled
from hishers_cli import numbers
from hishers_cli.errors import NumberError

# Shapes Python's int() reads (or chokes on) that no viewer means as a number.
HOSTILE = [
    "9" * 4301,  # int() refuses it with a traceback
    "0" * 5000 + "1" * 25,
    "\uff13",  # fullwidth 3
    "\u0663",  # Arabic-Indic 3
    "\u09e9",  # Bengali 3
    "\U0001d7d1",  # mathematical bold 3
    "+1",
    "-1",
    "-0",
    "1_0",
    "0_1",
    "",
    " ",
    "\u00a02",  # after a no-break space
    "2\u2003",  # before an em space
    "\u00b2",  # superscript 2
    "1.0",
    "0x1",
    "1e1",
    "1 1",
    "two",
]
# Valid everywhere it is in range: ASCII spaces around the digits are allowed.
SAME_AS_1 = ["1", " 1", "1 ", "\t1\n", "01", "0" * 40 + "1"]


def number_parameters() -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command path and parameter that takes a number, from the registry."""

    def walk(group: Any, prefix: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Any]]:
        for param in getattr(group, "params", []):
            yield prefix, param
        for name, command in getattr(group, "commands", {}).items():
            yield from walk(command, (*prefix, name))

    for path, param in walk(COMMAND, ()):
        if param.metavar == "N":
            yield path, param


# What else a command needs to get as far as reading its number.
NEEDS = {
    ("who",): ["x"],
    ("search",): ["x"],
    ("notes", "add"): ["text"],
    ("notes", "remove"): ["1"],
    ("export", "site"): ["{site}"],
}
# What a parameter's number is, in the reader's one wording.
WHAT = {"number": None, "watched": "an episode number", "before": "an episode number", "upto": "a level", "value": None}


def invocation(path: tuple[str, ...], param: Any, value: str, site: Path) -> list[str]:
    needs = [n.format(site=site) for n in NEEDS.get(path, [])]
    if param.param_type_name == "argument":
        return [*path, value]
    option = param.opts[0]
    if not path:  # the global option, before a command
        return [option, value, "cast"]
    return [*path, *needs, f"{option}={value}"]


def cases() -> list[tuple[tuple[str, ...], str]]:
    found = sorted({(path, param.name) for path, param in number_parameters()})
    return found


@pytest.fixture
def notebook() -> Path:
    assert run_tiny("--watched", "3", "notes", "add", "first").exit_code == 0
    assert run_tiny("--watched", "3", "notes", "add", "second").exit_code == 0
    assert run_tiny("progress", "set", "3").exit_code == 0
    return Path(os.environ["XDG_DATA_HOME"])


def _state() -> dict[str, bytes]:
    roots = [Path(os.environ[name]) for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME")]
    return {str(p): p.read_bytes() for root in roots if root.exists() for p in root.rglob("*") if p.is_file()}


def test_every_number_parameter_is_found() -> None:
    """The walk sees the numbers the README documents, so the table below
    is not vacuous; every one has a known meaning."""
    found = cases()
    for expected in [((), "watched"), (("episodes",), "number"), (("notes", "remove"), "number")]:
        assert expected in found
    assert (("export", "site"), "upto") in found and (("progress", "set"), "value") in found
    assert len(found) >= 20
    assert {name for _, name in found} <= set(WHAT)


@pytest.mark.parametrize(("path", "name"), sampled(cases()), ids=lambda x: " ".join(x) if isinstance(x, tuple) else x)
def test_every_number_refuses_every_hostile_shape_alike(
    path: tuple[str, ...], name: str, notebook: Path, tmp_path: Path
) -> None:
    param = next(p for at, p in number_parameters() if at == path and p.name == name)
    before = _state()
    shapes = HOSTILE if FULL else HOSTILE[::2] + ["+1", "1_0", "\u0663"]
    for value in shapes:
        result = run_tiny(*invocation(path, param, value, tmp_path / "site"))
        err = " ".join(result.stderr.split())
        assert result.exit_code == 2, (path, name, value[:30], result.output[-300:])
        assert "is not " in err and ": use a whole number " in err and "written with the digits 0-9" in err, err
        assert "Traceback" not in result.output and len(result.stderr) < 400
        assert _state() == before, (path, name, value[:30])
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(("path", "name"), sampled(cases()), ids=lambda x: " ".join(x) if isinstance(x, tuple) else x)
def test_every_number_takes_ascii_digits_with_spaces_around(
    path: tuple[str, ...], name: str, notebook: Path, tmp_path: Path
) -> None:
    param = next(p for at, p in number_parameters() if at == path and p.name == name)
    for value in SAME_AS_1 if FULL else SAME_AS_1[:3]:
        result = run_tiny(*invocation(path, param, value, tmp_path / f"site{len(value)}"))
        assert "use a whole number" not in result.stderr, (path, name, repr(value), result.stderr)
        # 2 is a usage error, or `browse` asking for a terminal once the value is read.
        assert result.exit_code != 2 or "needs a terminal" in result.stderr, (path, name, repr(value), result.output)


def test_no_parameter_is_read_as_a_number_by_click() -> None:
    """Click's INT and FLOAT read "+1", "1_0" and "３"; no parameter uses them."""

    def walk(group: Any) -> Iterator[Any]:
        yield from getattr(group, "params", [])
        for command in getattr(group, "commands", {}).values():
            yield from walk(command)

    for param in walk(COMMAND):
        kind = type(getattr(param, "type", None)).__name__
        assert kind not in ("IntParamType", "FloatParamType", "IntRange", "FloatRange"), param.name


@pytest.mark.parametrize("value", HOSTILE)
def test_the_reader_refuses_each_shape_in_one_wording(value: str) -> None:
    for low, high, what in ((0, 6, "an episode number"), (1, None, "a note number"), (0, 10**6, "a level")):
        with pytest.raises(NumberError) as refused:
            numbers.read_number(value, low, high, what)
        message = str(refused.value)
        assert message.startswith(f"{numbers._shown(value)} is not {what}: use a whole number ")
        assert len(message) < 200


def test_progress_set_and_the_variable_read_like_the_option() -> None:
    for value in ["+1", "1_0", "\uff13", " 2"]:
        option = run_tiny("--watched", value, "cast")
        variable = run_tiny("cast", env={"HISHERS_WATCHED": value})
        saved = run_tiny("progress", "set", value)
        assert option.exit_code == variable.exit_code == saved.exit_code, value
    listing = json.loads(run_tiny("progress", "--json").stdout)
    assert listing["watched"] == 2
