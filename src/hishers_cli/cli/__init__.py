"""The hishers command line. `app` is the Typer application, `main` the
console entry point; importing this package registers every command."""

# isort: off
from hishers_cli.cli import manage as manage  # registers every command (the read ones first)
from hishers_cli.cli import notes as notes  # the viewer's own theories
from hishers_cli.cli import export as export  # after them in the help
from hishers_cli.cli.app import app, main
# isort: on

__all__ = ["app", "main"]
