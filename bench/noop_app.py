"""The floor: a do-nothing Typer app with one command that prints a line.

Every hishers timing in bench/run.py is reported as a ratio to this app, run
by the same interpreter with the same Typer version."""

import typer

app = typer.Typer()


@app.command()
def main() -> None:
    """Print one line."""
    print("hello")


if __name__ == "__main__":
    app()
