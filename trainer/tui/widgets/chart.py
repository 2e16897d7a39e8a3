"""Trust and pressure over the steps of a play, drawn with text (readable without colour)."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

TRUST_MARK = ("●", "bold $success")
PRESSURE_MARK = ("▲", "bold $error")
BOTH_MARK = ("◆", "bold $warning")
GUTTER = 5


class MeterChart(Widget):
    """One column per state of the play (the start, then after each step); 0-100 upwards."""

    def __init__(self, points: list[tuple[int, int]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.points = points
        self.border_title = "● trust  ▲ pressure  ◆ both"

    def render(self) -> Content:
        width, height = self.size.width, self.size.height
        rows = max(height - 1, 2)
        room = max(width - GUTTER, 1)
        spacing = max(1, min(6, room // max(len(self.points), 1)))
        points = self.points[-max(room // spacing, 1) :]
        first = len(self.points) - len(points)
        grid: list[list[tuple[str, str]]] = [[(" ", "")] * room for _ in range(rows)]
        for i, (trust, pressure) in enumerate(points):
            x = i * spacing
            t_row, p_row = (round((100 - v) * (rows - 1) / 100) for v in (trust, pressure))
            if t_row == p_row:
                grid[t_row][x] = BOTH_MARK
            else:
                grid[t_row][x] = TRUST_MARK
                grid[p_row][x] = PRESSURE_MARK
        lines = []
        for r, row in enumerate(grid):
            value = round(100 - r * 100 / (rows - 1))
            label = f"{value:>3} " if r in (0, rows // 2, rows - 1) else "    "
            lines.append(Content.assemble((label, "dim"), ("│", "dim"), *row))
        axis = "".join(f"{first + i:<{spacing}}"[:spacing] for i in range(len(points)))
        lines.append(Content.assemble(("step ", "dim"), (axis, "dim")))
        return Content("\n").join(lines)
