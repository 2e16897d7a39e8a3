"""Lines framed once: the buyer's line and the choices (widgets in a plain box) give the screen
the lines Textual would make of them, and a text shown again or drawn ahead is not framed again."""

from __future__ import annotations

from typing import Any

import pytest
from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.content import Content
from textual.filter import ANSIToTruecolor
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from trainer.tui.themes import THEMES
from trainer.tui.widgets.drawn import DrawnContent
from trainer.tui.widgets.row_list import Row, RowList
from trainer.tui.widgets.steady import SteadyStatic


class Exchange(App[None]):
    """A line held taller than its text (padded, at the bottom) over a list of rows."""

    CSS = """
    SteadyStatic { height: 5; padding: 1 1 0 2; content-align: left bottom; background: $surface; }
    RowList { height: 6; border: none; padding: 0; background: $background; }
    RowList > .row-list--row { padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield SteadyStatic(id="line")
        yield RowList[int](id="rows")

    def on_mount(self) -> None:
        for theme in THEMES:
            self.register_theme(theme)


def looks(lines: list[Strip]) -> list[list[tuple[str, Any]]]:
    """What lines look like: their text and styles, however they are cut into segments."""
    return [[(segment.text, segment.style) for segment in Segment.simplify(list(line))] for line in lines]


def textuals(widget: Widget, crop: Region) -> list[Strip]:
    """The lines Textual itself makes of `widget` (its styles cache), drawn afresh."""
    widget._styles_cache.clear()
    return Widget.render_lines(widget, crop)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "ansi-dark", *(theme.name for theme in THEMES)])
async def test_the_lines_are_those_textual_would_make(theme: str) -> None:
    app = Exchange()
    async with app.run_test(size=(40, 12)) as pilot:
        app.theme = theme
        line, rows = app.query_one(SteadyStatic), app.query_one(RowList)
        line.show(Content.assemble(("Dana: ", "bold"), "We already have a carrier for that lane."))
        rows.set_rows([Row(Content.assemble(("1  ", "bold $accent"), "Ask what it costs them when a load is late"), 1), Row("2  Offer a discount", 2)])
        rows.focus()
        await pilot.pause()
        for widget in (line, rows):
            whole = widget.outer_size.region
            for crop in (whole, Region(3, 1, 20, whole.height - 1)):
                assert looks(widget.render_lines(crop)) == looks(textuals(widget, crop)), (theme, widget.id, crop)


async def test_a_text_shown_again_or_drawn_ahead_is_not_framed_again(monkeypatch: pytest.MonkeyPatch) -> None:
    app = Exchange()
    async with app.run_test(size=(40, 12)) as pilot:
        line, rows = app.query_one(SteadyStatic), app.query_one(RowList)
        choices: list[Row[int] | None] = [Row("1  Ask", 1), Row("2  Pitch", 2)]
        line.show("Dana: We already have a carrier.")
        rows.set_rows(choices)
        await pilot.pause()
        kept = rows.render_lines(rows.outer_size.region)
        rows.set_rows([Row("1  Go on", 1)])
        await pilot.pause()
        ahead, ahead_rows = DrawnContent(Content("Dana: Go on.")), [Row[int]("1  Listen", 1)]
        line.prepare(ahead)
        rows.prepare(ahead_rows)
        filtered: list[object] = []
        apply = ANSIToTruecolor.apply

        def counted(self: ANSIToTruecolor, *args: Any) -> Any:
            filtered.append(args[0])
            return apply(self, *args)

        monkeypatch.setattr(ANSIToTruecolor, "apply", counted)
        rows.set_rows(choices)
        await pilot.pause()
        again = rows.render_lines(rows.outer_size.region)
        assert all(a is b for a, b in zip(again, kept, strict=True)), "the rows shown again were framed again"
        line.show(ahead)
        rows.set_rows(ahead_rows)
        await pilot.pause()
        shown = line.render_lines(line.outer_size.region), rows.render_lines(rows.outer_size.region)
        assert "Dana: Go on." in shown[0][-1].text and "Listen" in shown[1][0].text
        assert filtered == [], "lines drawn ahead (or shown again) went through the filters again"
