"""The relationship map in the terminal: the exported page's layout
(`export.map.relation_map`, laid out once per level, away from the keys:
see `Browse.lay_out`) drawn in character
cells, people as boxes, each relationship (each source's account, where they
disagree) a labelled line with an arrow; the chosen person's lines stand
out. On a narrow terminal, or with too many people to draw, the
relationships are the indented list of `relations`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.text import Text
from rich.theme import Theme

from hishers_cli.app.render import Blocks, Line, lines_of, renderable
from hishers_cli.export.map import Map
from hishers_cli.gate import Known
from hishers_cli.render import blocks
from hishers_cli.views import relations

# Below this width a drawn map's names and labels collide: a list reads better.
DRAWN_FROM = 80
# A terminal cell is about twice as tall as it is wide.
CELL_ASPECT = 2.0


class Canvas:
    """Character cells and their styles."""

    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.cells = [[" "] * width for _ in range(height)]
        self.styles: list[list[str | None]] = [[None] * width for _ in range(height)]

    def put(self, x: int, y: int, text: str, style: str | None = None) -> None:
        if 0 <= y < self.height:
            for i, ch in enumerate(text):
                if 0 <= x + i < self.width:
                    self.cells[y][x + i] = ch
                    self.styles[y][x + i] = style

    def text(self) -> Text:
        out = Text()
        for y in range(self.height):
            cells, styles = self.cells[y], self.styles[y]
            start = 0
            # One span a run of cells of one style.
            for x in range(1, self.width + 1):
                if x == self.width or styles[x] != styles[start]:
                    out.append("".join(cells[start:x]), styles[start] or "")
                    start = x
            if y < self.height - 1:
                out.append("\n")
        return out


def _line(canvas: Canvas, x1: int, y1: int, x2: int, y2: int, style: str | None) -> None:
    dx, dy = x2 - x1, y2 - y1
    steps = max(abs(dx), abs(dy), 1)
    ch = "─" if abs(dx) >= 2 * abs(dy) else "│" if abs(dy) >= 2 * abs(dx) else "╲" if dx * dy > 0 else "╱"
    for i in range(steps + 1):
        canvas.put(round(x1 + dx * i / steps), round(y1 + dy * i / steps), ch, style)


def _arrow(x1: int, y1: int, x2: int, y2: int) -> str:
    dx, dy = x2 - x1, y2 - y1
    if abs(dx) >= 2 * abs(dy):
        return "▶" if dx > 0 else "◀"
    return "▼" if dy > 0 else "▲"


def drawn(m: Map, width: int, chosen: str | None) -> Text | None:
    """The map laid out as `m`, at `width` columns; None when it cannot be
    drawn legibly."""
    if m.left_out or not m.nodes or width < DRAWN_FROM:
        return None
    sx = (width - 2) / m.width
    sy = sx / CELL_ASPECT
    height = max(5, round(m.height * sy) + 3)
    canvas = Canvas(width, height)

    def at(x: float, y: float) -> tuple[int, int]:
        return round(x * sx), round(y * sy) + 1

    mine = {e for e in m.edges if chosen in (e.source.id, e.target.id)}
    for edge in sorted(m.edges, key=lambda e: e in mine):
        style = "bold reverse" if edge in mine else blocks.HINT
        x1, y1 = at(edge.x1, edge.y1)
        x2, y2 = at(edge.x2, edge.y2)
        _line(canvas, x1, y1, x2, y2, style)
        if edge.directed:
            canvas.put(x2, y2, _arrow(x1, y1, x2, y2), style)
    boxes: dict[int, list[tuple[int, int]]] = {}
    for node in m.nodes:
        cx, cy = at(node.x, node.y)
        inner = f" {node.name} "
        left = max(0, min(width - len(inner) - 2, cx - (len(inner) + 2) // 2))
        style = blocks.MATCH if node.id == chosen else blocks.CHARACTER
        canvas.put(left, cy - 1, "╭" + "─" * len(inner) + "╮", style)
        canvas.put(left, cy, "│" + inner + "│", style)
        canvas.put(left, cy + 1, "╰" + "─" * len(inner) + "╯", style)
        for row in (cy - 1, cy, cy + 1):
            boxes.setdefault(row, []).append((left, left + len(inner) + 1))
    # Labels are written level in cells, after the boxes: each on the
    # nearest row to its place on its line where it covers no name and no
    # other label. A map with a label that has no such row is not drawn
    # (the list is shown instead): a label hidden or on another's line
    # would say something false. They are placed in the map's own order,
    # so choosing a person changes only how their lines stand out.
    for edge in m.edges:
        lx, ly = at(edge.label_x, edge.label_y)
        left = max(0, min(width - len(edge.label), lx - len(edge.label) // 2))
        right = left + len(edge.label) - 1
        place = next(
            (
                ly + d
                for d in (0, 1, -1, 2, -2)
                if 0 <= ly + d < height and not any(left <= b and a <= right for a, b in boxes.get(ly + d, ()))
            ),
            None,
        )
        if place is None:
            return None
        boxes.setdefault(place, []).append((left, right))
        canvas.put(left, place, edge.label, "bold" if edge in mine else blocks.SOURCE)
    return canvas.text()


class RelationMap(Blocks):
    """The map at the widget's width once the level's layout is worked out
    (`layout` answers None until then), and until then (or when it is too
    narrow) the indented list; drawn, like `Blocks`, in a thread and only
    the lines in view. The layout is asked for each time the map is laid
    out, so a map made while it was being worked out draws it once it is."""

    TOLD_ONCE = False

    def __init__(
        self, known: Known, layout: Callable[[], Map | None], chosen: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.known = known
        self.layout_of_level = layout
        self.chosen = chosen
        self.source = self.listing()

    def listing(self) -> Callable[[], Sequence[blocks.Block]]:
        known, only = self.known, self.known.character(self.chosen) if self.chosen else None
        return lambda: relations.tree(known, only).blocks

    def choose(self, id: str | None) -> None:
        self.chosen = id
        self.show(self.listing())

    def drawer(self) -> Callable[[Sequence[blocks.Block], int, Theme], list[Line]]:
        shape, chosen = self.layout_of_level(), self.chosen

        def draw(found: Sequence[blocks.Block], width: int, look: Theme) -> list[Line]:
            inner = max(20, width - 2)  # a column clear on either side
            picture = None if shape is None else drawn(shape, inner, chosen)
            return lines_of(renderable(found, inner) if picture is None else picture, width, look)

        return draw

    def text(self) -> str:
        """The map or the list, as drawn."""
        return "\n".join("".join(segment.text for segment in line) for line in self.lines)
