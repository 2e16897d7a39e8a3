"""The row list: its keys, the mouse, scrolling to the highlighted row, rows that cannot be
picked, separators, the focus and theme colours, and rows drawn before they are shown."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, cast

import pytest
from rich.style import Style as RichStyle
from textual.app import App, ComposeResult
from textual.content import Content
from textual.css.styles import RulesMap
from textual.pilot import Pilot
from textual.visual import Visual
from textual.widget import Widget
from textual.widgets import Static

from tests.tui.helpers import until
from trainer.tui.themes import THEMES
from trainer.tui.widgets.row_list import Row, RowList, wrapped_height


class Rows(App[None]):
    """A row list under a line of text; every pick is kept in `picked`."""

    CSS = "RowList { height: 1fr; border: none; padding: 0; } #above { height: 1; }"

    def __init__(self, rows: list[Row[str] | None]) -> None:
        super().__init__()
        self.rows = rows
        self.picked: list[tuple[str, int]] = []

    def compose(self) -> ComposeResult:
        yield Static("above", id="above")
        yield RowList[str](id="list")

    def on_mount(self) -> None:
        listing = self.query_one(RowList)
        listing.set_rows(self.rows)
        listing.focus()

    def on_row_list_picked(self, message: RowList.Picked[str]) -> None:
        self.picked.append((message.value, message.index))


def sample() -> list[Row[str] | None]:
    """0 a heading that cannot be picked, 1 a separator, 2 a, 3 b (two lines), 4 c (disabled), 5 d."""
    return [
        Row(Content.styled("Heading", "bold"), "heading", disabled=True),
        None,
        Row("a", "a"),
        Row("b first\nb second", "b"),
        Row("c", "c", disabled=True),
        Row("d", "d"),
    ]


def listing(pilot: Pilot[None]) -> RowList[str]:
    return pilot.app.query_one(RowList)


def line(rows: RowList[str], y: int) -> str:
    return rows.render_line(y).text


def style_at(rows: RowList[str], y: int) -> RichStyle | None:
    """The style the line is drawn on (its last cell's: the fill after the text)."""
    return list(rows.render_line(y))[-1].style


async def test_the_keys_move_over_the_rows_that_can_be_picked() -> None:
    async with Rows(sample()).run_test(size=(30, 12)) as pilot:
        rows = listing(pilot)
        assert rows.highlighted == 2  # the first that can be picked
        await pilot.press("down")
        assert rows.highlighted == 3
        await pilot.press("down")
        assert rows.highlighted == 5  # past the disabled row
        await pilot.press("down")
        assert rows.highlighted == 2  # round the end, past the heading and the separator
        await pilot.press("up")
        assert rows.highlighted == 5
        await pilot.press("home")
        assert rows.highlighted == 2
        await pilot.press("end")
        assert rows.highlighted == 5
        await pilot.press("enter")
        assert pilot.app.picked == [("d", 5)]


async def test_the_lines_drawn() -> None:
    async with Rows(sample()).run_test(size=(30, 12)) as pilot:
        rows = listing(pilot)
        await pilot.pause()
        assert [line(rows, y).rstrip() for y in range(7)] == ["Heading", "─" * 30, "a", "b first", "b second", "c", "d"]
        assert rows.virtual_size.height == 7
        assert line(rows, 8) == " " * 30  # below the rows: blank


async def test_a_click_picks_a_row_and_the_row_under_the_mouse_is_shaded() -> None:
    async with Rows(sample()).run_test(size=(30, 12)) as pilot:
        rows = listing(pilot)
        await pilot.pause()
        await pilot.click("#list", offset=(2, 4))  # b's second line
        assert pilot.app.picked == [("b", 3)] and rows.highlighted == 3
        await pilot.click("#list", offset=(2, 5))  # c cannot be picked
        await pilot.click("#list", offset=(2, 0))  # nor the heading
        await pilot.click("#list", offset=(2, 1))  # nor the separator
        assert pilot.app.picked == [("b", 3)] and rows.highlighted == 3
        plain = style_at(rows, 2)
        await pilot.hover("#list", offset=(2, 6))  # over d
        await pilot.pause()
        hover = rows.get_visual_style("row-list--row", "row-list--row-hover")
        assert style_at(rows, 6) == hover.rich_style != plain
        assert style_at(rows, 2) == plain
        await pilot.hover("#above")  # the mouse leaves: d is drawn as before
        await pilot.pause()
        assert style_at(rows, 6) == plain


async def test_the_list_scrolls_to_the_highlighted_row_and_pages() -> None:
    many: list[Row[str] | None] = [Row(f"row {n}", str(n)) for n in range(40)]
    async with Rows(many).run_test(size=(30, 12)) as pilot:  # 11 rows in view
        rows = listing(pilot)
        await pilot.pause()
        assert rows.show_vertical_scrollbar
        await pilot.press("end")
        assert rows.highlighted == 39
        assert rows.scroll_offset.y == 40 - 11 and line(rows, 10).startswith("row 39")
        await pilot.press("home")
        assert rows.scroll_offset.y == 0 and line(rows, 0).startswith("row 0")
        await pilot.press("pagedown")
        assert rows.highlighted == 11 and rows.scroll_offset.y == 1  # a page on, just in view
        await pilot.press("pagedown", "pagedown", "pagedown", "pagedown")
        assert rows.highlighted == 39
        await pilot.press("pageup")
        assert rows.highlighted == 28
        await pilot.press("down")  # round the end: back to the top
        assert rows.highlighted == 29
        rows.highlighted = 0
        assert rows.scroll_offset.y == 0
        await pilot.press("up")
        assert rows.highlighted == 39 and rows.scroll_offset.y == 29


async def test_page_keys_before_the_list_is_laid_out() -> None:
    """Rows set and at once page keys, before the list has a size: nothing moves (and nothing
    breaks) until it is laid out; then a page moves."""
    async with Rows([]).run_test(size=(30, 12)) as pilot:
        rows = listing(pilot)
        rows.display = False
        await pilot.pause()
        rows.set_rows([Row(f"row {n}", str(n)) for n in range(30)], highlighted=5)
        rows.action_page_down()
        rows.action_page_up()
        assert rows.highlighted == 5
        rows.display = True
        await until(pilot, lambda: rows.size.height > 0)
        await pilot.pause()
        rows.action_page_down()
        assert rows.highlighted is not None and rows.highlighted > 5


async def test_the_highlight_takes_the_focus_and_theme_colours() -> None:
    async with Rows(sample()).run_test(size=(30, 12)) as pilot:
        rows = listing(pilot)
        await pilot.pause()
        focused = style_at(rows, 2)
        assert focused == rows.get_visual_style("row-list--row", "row-list--row-highlighted").rich_style
        rows.blur()
        await pilot.pause()
        blurred = style_at(rows, 2)
        assert blurred != focused
        rows.focus()
        pilot.app.theme = "textual-light" if pilot.app.theme != "textual-light" else "nord"
        await pilot.pause()
        themed = style_at(rows, 2)
        assert themed != focused and themed == rows.get_visual_style("row-list--row", "row-list--row-highlighted").rich_style


async def test_rows_drawn_ahead_are_shown_without_drawing_them_again(monkeypatch: pytest.MonkeyPatch) -> None:
    async with Rows(sample()).run_test(size=(30, 12)) as pilot:
        rows = listing(pilot)
        await pilot.pause()
        ahead: list[Row[str] | None] = [Row("x", "x"), Row("y\nwith a second line", "y")]
        rows.prepare(ahead)
        drawn: list[object] = []
        to_strips = Visual.to_strips

        def counted(widget: Widget, *args: Any, **options: Any) -> Any:
            if widget is rows:
                drawn.append(args[0])
            return to_strips(widget, *args, **options)

        monkeypatch.setattr(Visual, "to_strips", counted)
        rows.set_rows(ahead)
        await pilot.pause()
        assert [line(rows, y).rstrip() for y in range(3)] == ["x", "y", "with a second line"]
        assert drawn == []
        rows.set_rows([Row("z", "z")])  # not drawn ahead: drawn now
        await pilot.pause()
        assert len(drawn) == 1 and line(rows, 0).rstrip() == "z"



async def test_every_row_is_measured_and_only_those_in_view_are_drawn() -> None:
    """The scrollbar needs every row's height, the screen only the rows in view: a long list's
    first frame wraps every row and draws a screenful (drawing was 6x wrapping, in the library).
    A row measured takes as many lines as drawn freely, so no line of it is cut."""
    many: list[Row[str] | None] = [Row(f"row {n} " + "word " * (5 + n % 30), str(n)) for n in range(40)]
    async with Rows(many).run_test(size=(40, 12)) as pilot:
        rows = listing(pilot)
        await until(pilot, lambda: rows.virtual_size.height > 0)
        await pilot.pause()
        in_view = {rows._lines[rows.scroll_offset.y + y][0] for y in range(rows.scrollable_content_region.height)}
        drawn = {n for n, row in enumerate(many) if row is not None and row._drawn}
        assert drawn == in_view
        width, style = rows.scrollable_content_region.width, rows.get_visual_style("row-list--row")
        for row in many:
            assert row is not None
            free = Visual.to_strips(rows, row.content, width, None, style)
            assert row.height(rows, width, rows._padding) == len(free), row.content.plain
        await pilot.press("end")
        await pilot.pause()
        assert many[-1] is not None and many[-1]._drawn


@pytest.mark.parametrize("theme", [theme.name for theme in THEMES])
async def test_the_highlighted_row_is_one_readable_colour_in_every_theme(theme: str) -> None:
    """A choice's number is in the accent colour, which some themes also give the cursor: on the
    highlighted row every part of the text takes the cursor's own text colour; other rows keep theirs."""
    numbered: list[Row[str] | None] = [Row(Content.assemble((f"{n}  ", "bold $accent"), f"choice {n}"), str(n)) for n in (1, 2)]
    app = Rows(numbered)
    async with app.run_test(size=(40, 8)) as pilot:
        for each in THEMES:
            app.register_theme(each)
        app.theme = theme
        await pilot.pause()
        rows = listing(pilot)

        def colours(y: int) -> tuple[Any, Any, Any]:
            """The number's colour, the text's colour and the background, on line `y`."""
            segments = [segment for segment in rows.render_line(y) if segment.text.strip()]
            number = next(s for s in segments if s.text.startswith(str(y + 1)))
            text = next(s for s in segments if "choice" in s.text)
            assert number.style is not None and text.style is not None
            return number.style.color, text.style.color, number.style.bgcolor

        number, text, background = colours(0)  # highlighted
        assert number == text and number != background
        number, text, _ = colours(1)
        assert number != text  # the accent, as drawn outside the cursor


def every_string(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in every_string(item)]
    if isinstance(value, list):
        return [text for item in value for text in every_string(item)]
    return []


HARD_TEXTS = [
    "",
    "\n",
    "two\n\nblank",
    "trailing spaces      ",
    "   leading and   inner   spaces",
    "a" * 150,
    "short " + "b" * 70 + " end",
    "漢字の長い行" * 12,
    "wide 👍🏽 emoji 👩‍👩‍👧 and é accents " * 4,
    "end on a space exactly at the width ",
]


def test_a_row_is_measured_as_textual_wraps_it() -> None:
    """`wrapped_height` counts lines without making them; it must count as Textual draws: hard
    cases and a few hundred strings of the built-in scenarios, at widths from 1 to 118."""
    scenarios = Path(__file__).resolve().parents[2] / "scenarios"
    found = {text for file in sorted(scenarios.rglob("*.toml")) for text in every_string(tomllib.loads(file.read_text(encoding="utf-8")))}
    texts = HARD_TEXTS + sorted(text for text in found if len(text) > 30)[::8]
    assert len(texts) > 250
    rules = cast(RulesMap, {})
    for text in texts:
        for width in (1, 2, 3, 5, 8, 13, 20, 29, 40, 47, 58, 60, 76, 77, 78, 80, 118):
            assert wrapped_height(Content(text), rules, width) == Content(text).get_height(rules, width), (text, width)
