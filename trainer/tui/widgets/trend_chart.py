"""Recent runs as a chart drawn with text: one row of bars per series (stars, trust, pressure)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widget import Widget

from trainer.habits import TrendPoint

BARS = "▁▂▃▄▅▆▇█"
LABEL = 10


def bar(value: float, top: float) -> str:
    """A block whose height is `value` out of `top` (the lowest block for 0, so every run shows)."""
    level = round(value / top * (len(BARS) - 1)) if top else 0
    return BARS[max(0, min(level, len(BARS) - 1))]


def series_rows(points: Sequence[TrendPoint]) -> list[tuple[str, str, str, str]]:
    """(label, bars, last value, style) for each series, oldest run first."""
    if not points:
        return []
    last = points[-1]
    return [
        ("stars", " ".join(bar(p.stars, 3) for p in points), f"{last.stars} of 3", "$warning"),
        ("trust", " ".join(bar(p.trust, 100) for p in points), str(last.trust), "$success"),
        ("pressure", " ".join(bar(p.pressure, 100) for p in points), str(last.pressure), "$error"),
    ]


class TrendChart(Widget):
    """Stars and the meters at the end of each recent run; the newest run on the right."""

    DEFAULT_CSS = "TrendChart { height: auto; }"

    def __init__(self, points: Sequence[TrendPoint], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.points = list(points)
        self.border_title = "recent runs, oldest to newest"

    def render(self) -> Content:
        rows = series_rows(self.points)
        if not rows:
            return Content.styled("No finished runs yet.", "dim")
        lines = [
            Content.assemble((f"{label:<{LABEL}}", "dim"), (bars, style), ("  last: " + last, "dim"))
            for label, bars, last, style in rows
        ]
        return Content("\n").join(lines)

