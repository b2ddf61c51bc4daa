"""The hishers command line. `app` is the Typer application, `main` the
console entry point; importing this package registers every command."""

from hishers_cli.cli import manage as manage  # registers every command (the read ones first)
from hishers_cli.cli.app import app, main

__all__ = ["app", "main"]
