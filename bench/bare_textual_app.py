"""The floor for `hishers browse`'s first paint: a bare Textual app with a
header and a footer (and one key, so the footer has something to show)."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header


class Bare(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Footer()


if __name__ == "__main__":
    Bare().run()
