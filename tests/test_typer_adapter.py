"""The adapter to Typer's private machinery: each use still works on the
pinned Typer, and the pass-through coercer falls back when Typer changes."""

from __future__ import annotations

import pytest
import typer
import typer.core

from conftest import run
from hishers_cli.cli import typer_adapter as params


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


def test_every_registered_command_is_built_alone_under_its_name() -> None:
    from hishers_cli.cli import app, root

    root.load_all()
    assert sorted(params.command_name(info) for info in app.registered_commands) == sorted(
        name for name, module in root.MODULES.items() if name not in {g.name for g in app.registered_groups}
    )
    for name in root.MODULES:
        built = params.build_command(app, name)
        assert built is not None and built.name == name
        assert isinstance(built, (params.Command, params.Group)) or hasattr(built, "commands")
    assert params.build_command(app, "no-such-command") is None


def test_the_usage_error_is_the_base_of_typers_bad_parameter() -> None:
    assert issubclass(typer.BadParameter, params.UsageError)
    assert params.UsageError.__name__ == "UsageError"


def test_the_completion_machinery_is_where_the_adapter_reads_it() -> None:
    bases = params.completion_bases()
    assert all(isinstance(c, type) for c in (bases.item, bases.bash, bases.zsh, bases.fish))
    assert callable(bases.resolve_context) and callable(bases.resolve_incomplete)
    assert params.split_arg_string("hishers who 'anna a") == ["hishers", "who", "anna a"]
    script = params.completion_script(prog_name="hishers", complete_var="_HISHERS_COMPLETE", shell="bash")
    assert "_HISHERS_COMPLETE" in script


@pytest.mark.parametrize("requested", [True, False])
def test_hishers_completion_is_set_up_only_when_a_shell_asks(requested: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    from hishers_cli.cli import app

    asked: list[bool] = []
    command = params.click_command(app)
    assert isinstance(command, params.Group)
    monkeypatch.setattr(type(command), "completion_requested", lambda self: asked.append(True))
    monkeypatch.delenv("_HISHERS_COMPLETE", raising=False)
    if requested:
        monkeypatch.setenv("_HISHERS_COMPLETE", "complete_bash")
        monkeypatch.setenv("COMP_WORDS", "hishers ")
        monkeypatch.setenv("COMP_CWORD", "1")
    with pytest.raises(SystemExit):
        command.main(["--version"], prog_name="hishers")
    assert asked == ([True] if requested else [])
