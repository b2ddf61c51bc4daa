"""The hishers command line. `app` is the Typer application with every
command registered, `main` the console entry point. A run of the console
command imports only `root` and the module of the command it invokes."""

import importlib
from typing import Any


def __getattr__(name: str) -> Any:
    if name not in ("app", "main"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    root = importlib.import_module("hishers_cli.cli.root")
    if name == "main":
        return root.main
    root.load_all()
    return root.app


__all__ = ["app", "main"]
