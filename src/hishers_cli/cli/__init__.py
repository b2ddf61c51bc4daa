"""The hishers command line. `app` is the Typer application, `main` the
console entry point; importing this package registers every command."""

from hishers_cli.cli import manage, read  # noqa: F401  (they register the commands)
from hishers_cli.cli.app import app, main

__all__ = ["app", "main"]
