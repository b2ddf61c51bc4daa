"""The pass-through coercer and its fallback when Typer changes."""

from __future__ import annotations

import pytest
import typer.core

from conftest import run
from hishers_cli.cli import typer_patch as params


@pytest.fixture
def fresh_check() -> object:
    params.hook_available.cache_clear()
    yield
    params.hook_available.cache_clear()


def test_the_hook_is_found_on_the_pinned_typer(fresh_check: object) -> None:
    assert params.hook_available()


def test_a_typer_without_the_hook_keeps_its_own_coercion(fresh_check: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(typer.core._TyperParameter, "__annotations__", {})
    assert not params.hook_available()

    class Param:
        type_descriptor = type("Descriptor", (), {"annotation": str})()
        _runtime_param = None

    param = Param()
    params.take_as_typed([param])
    assert param._runtime_param is None  # left for Typer's own coercer
    # and the commands still work, through Typer's own coercion
    result = run("--watched", "2", "episodes", "1")
    assert result.exit_code == 0 and "Episode 1" in result.stdout


def test_with_the_hook_text_parameters_take_the_pass_through_coercer(fresh_check: object) -> None:
    class Param:
        type_descriptor = type("Descriptor", (), {"annotation": str})()
        _runtime_param = None

    param = Param()
    params.take_as_typed([param])
    assert isinstance(param._runtime_param, params.AsTyped)
