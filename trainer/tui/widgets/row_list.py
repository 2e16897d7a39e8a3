"""A list of rows to pick one from, drawn line by line, each row drawn once.

Textual's `OptionList` measures, wraps and draws its options again whenever they are set, and
keeps a table of them that a page key can outrun. Here each `Row` keeps its drawing (the lines
of its text at a width, in a style), so a row drawn before it is shown (`RowList.prepare`, while
the player reads) or shown again costs a look-up, and the list is a table of those lines
(Textual's Line API: `render_line` hands out one of them). A new set of rows of the same height
asks for a repaint only, not a layout (see `trainer.tui.widgets.steady`).

Rows are plain text and styles (`Content`, never markup), of one line or more; a row may be one
that cannot be picked (`disabled`), and `None` among the rows is a separator line. The keys:
up and down (round the ends), home and end, page up and down, enter; a click picks a row, the
row under the mouse is shaded. Picking posts `RowList.Picked` with the row's object. The looks
are the component classes in `row_list.tcss`: `row-list--row` (every row), `-highlighted`,
`-disabled`, `-hover`, and `row-list--separator`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import ClassVar, Generic, TypeVar, cast

from rich._wrap import divide_line
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual
from textual.widget import Widget

from trainer.tui.widgets.drawn import finished, padded_line, plain_box
from trainer.tui.widgets.virtual_size import follow_virtual_size, quiet_virtual_size

T = TypeVar("T")
V = TypeVar("V")  # a picked row's object

SEPARATOR = "─"


class Row(Generic[T]):
    """One row: its text, the object it stands for, and whether it can be picked. It keeps how
    tall it is at each width and what it drew at each width, style and padding: measured or drawn
    again, it costs a look-up."""

    __slots__ = ("_drawn", "_heights", "content", "disabled", "value")

    def __init__(self, content: Content | str, value: T, *, disabled: bool = False) -> None:
        self.content = Content(content) if isinstance(content, str) else content  # never markup
        self.value = value
        self.disabled = disabled
        self._drawn: dict[tuple[int, Style, Spacing, bool], list[Strip]] = {}
        self._heights: dict[tuple[int, Spacing], int] = {}

    def height(self, widget: Widget, width: int, padding: Spacing) -> int:
        """How many lines it takes at `width` (padding included): its text wrapped, not drawn
        (a list measures every row, and draws only those in view; wrapping is a seventh of drawing)."""
        key = (width, padding)
        lines = self._heights.get(key)
        if lines is None:
            text = wrapped_height(self.content, cast(RulesMap, widget.styles), max(width - padding.width, 1))
            lines = self._heights[key] = max(text + padding.height, 1)
        return lines

    def draw(self, widget: Widget, width: int, style: Style, padding: Spacing, *, in_its_colour: bool = False) -> list[Strip]:
        """Its lines at `width` (padding included), each `width` cells, on `style`; `in_its_colour`:
        every part of its text in `style`'s colour (a highlighted row: whatever colours its parts
        have, they stay readable on the cursor's background)."""
        key = (width, style, padding, in_its_colour)
        strips = self._drawn.get(key)
        if strips is None:
            top, right, bottom, left = padding
            inner = max(width - left - right, 1)
            rich = style.rich_style
            colour = RichStyle(color=rich.color) if in_its_colour else None
            height = self.height(widget, width, padding) - top - bottom  # as measured, whatever the drawing makes of it
            lines = [padded_line(line, inner, left, right, rich, colour) for line in Visual.to_strips(widget, self.content, inner, height, style)]
            blank = [padded_line(Strip([]), width, 0, 0, rich, colour)]  # a padding line
            strips = self._drawn[key] = blank * top + lines + blank * bottom
        return strips

    def forget(self) -> None:
        """Drop the drawings (the theme changed: the colours they resolved may have)."""
        self._drawn.clear()


def wrapped_height(content: Content, rules: RulesMap, width: int) -> int:
    """The lines `content` takes at `width`, as `Content.get_height` counts them (words wrapped,
    a word longer than the width folded), without making the lines: a list measures every row,
    and making them was most of the library's measuring at start. Text with tabs, or styles
    that do not wrap that way, are measured by Textual."""
    get = rules.get
    if "\t" in content.plain or get("text_wrap", "wrap") != "wrap" or get("text_overflow", "fold") != "fold" or get("line_pad", 0):
        return content.get_height(rules, width)
    return sum(1 if cell_len(line) <= width else len(divide_line(line, width, fold=True)) + 1 for line in content.plain.split("\n"))


def pickable(row: Row[T] | None) -> bool:
    return row is not None and not row.disabled


def first_pickable(rows: Sequence[Row[T] | None]) -> int | None:
    return next((index for index, row in enumerate(rows) if pickable(row)), None)


class RowList(ScrollView, Generic[T], can_focus=True):
    """Rows to pick one from (see the module's docstring)."""

    ALLOW_SELECT = False
    DEFAULT_CSS = (Path(__file__).parent / "row_list.tcss").read_text(encoding="utf-8")
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "row-list--row",
        "row-list--row-highlighted",
        "row-list--row-disabled",
        "row-list--row-hover",
        "row-list--separator",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Up", show=False),
        Binding("down", "cursor_down", "Down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("enter", "select", "Select", show=False),
    ]

    virtual_size = quiet_virtual_size()  # new rows of the same height need no layout

    class Picked(Message, Generic[V]):
        """A row was picked (enter, or a click): `value` is its object, `index` its place."""

        def __init__(self, row_list: RowList[V], value: V, index: int) -> None:
            super().__init__()
            self.row_list = row_list
            self.value = value
            self.index = index

        @property
        def control(self) -> RowList[V]:
            return self.row_list

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(RowList.auto_links, False)  # rows are plain text: their lines are not restyled for links
        self._rows: list[Row[T] | None] = []
        self._highlighted: int | None = None
        self._hover: int | None = None
        self._width = 0  # the width the line table is for; 0: to be made
        self._lines: list[tuple[int, int]] = []  # each line: (its row, its line in the row)
        self._starts: list[int] = []  # each row: its first line
        self._pass_styles: dict[str, Style] | None = None
        self._pass_padding: Spacing | None = None
        self._blanks: dict[tuple[int, Style], Strip] = {}  # the line after the rows, at a width in a style

    # -- the rows ------------------------------------------------------------------------------
    @property
    def rows(self) -> Sequence[Row[T] | None]:
        return self._rows

    @property
    def highlighted_row(self) -> Row[T] | None:
        return None if self._highlighted is None else self._rows[self._highlighted]

    def set_rows(self, rows: Iterable[Row[T] | None], highlighted: int | None = None) -> None:
        """Show these rows (`None`: a separator), scrolled to the top, with `highlighted` (by
        default the first that can be picked) highlighted."""
        self._rows = list(rows)
        self._hover = None
        self._width = 0
        self._highlighted = first_pickable(self._rows) if highlighted is None else highlighted
        if self.scroll_y:
            self.scroll_y = 0
        self._measure()
        self.refresh()
        self.scroll_to_highlight()

    def prepare(self, rows: Sequence[Row[T] | None], highlighted: int | None = None) -> None:
        """Draw `rows` now, before they are shown, as `set_rows` would show them at the present
        width and style (with and without a scrollbar: they may bring or remove one)."""
        full = self.content_region.width
        if not full:
            return
        now = self.scrollable_content_region.width
        widths = {full, full - self.styles.scrollbar_size_vertical, now}
        if highlighted is None:
            highlighted = first_pickable(rows)
        plain = self._plain()
        for index, row in enumerate(rows):
            if row is not None:
                for width in widths:
                    lines = self._draw(row, width, highlighted=index == highlighted, hover=False)
                    if plain and width == full:
                        finished(self, lines, Region(0, 0, width, len(lines)))  # as `render_lines` finishes them

    def forget_drawings(self) -> None:
        for row in self._rows:
            if row is not None:
                row.forget()
        self._blanks.clear()
        self._width = 0

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.forget_drawings()
        self.refresh()

    # -- drawing -------------------------------------------------------------------------------
    @property
    def _padding(self) -> Spacing:
        """A row's padding (looked up once a drawing pass)."""
        padding = self._pass_padding
        if padding is None:
            padding = self.get_component_styles("row-list--row").padding
        return padding

    def _style_for(self, row: Row[T] | None, *, highlighted: bool, hover: bool) -> Style:
        """A row's style (None: the blank lines after the rows), looked up once a drawing pass."""
        kind = "" if row is None else "disabled" if row.disabled else "highlighted" if highlighted else "hover" if hover else ""
        styles = self._pass_styles
        if styles is not None and (style := styles.get(kind)) is not None:
            return style
        style = self.get_visual_style("row-list--row", f"row-list--row-{kind}") if kind else self.get_visual_style("row-list--row")
        if styles is not None:
            styles[kind] = style
        return style

    def _drawing(self, index: int, width: int) -> list[Strip]:
        row = self._rows[index]
        if row is None:
            rule = self.get_visual_style("row-list--separator").rich_style
            return [Strip([Segment(SEPARATOR * width, rule)], width)]
        return self._draw(row, width, highlighted=index == self._highlighted, hover=index == self._hover)

    def _draw(self, row: Row[T], width: int, *, highlighted: bool, hover: bool) -> list[Strip]:
        """`row` at `width`, as it looks highlighted, under the mouse or neither (a highlighted row
        that can be picked is drawn in one colour, the cursor's: see `Row.draw`)."""
        style = self._style_for(row, highlighted=highlighted, hover=hover)
        return row.draw(self, width, style, self._padding, in_its_colour=highlighted and pickable(row))

    def _height(self, index: int, width: int) -> int:
        """The lines of row `index` at `width`, measured without drawing it."""
        row = self._rows[index]
        return 1 if row is None else row.height(self, width, self._padding)

    def _measure(self) -> None:
        """The line table, at the present width (made again when the width changed)."""
        width = self.scrollable_content_region.width
        if not width or width == self._width:
            return
        lines: list[tuple[int, int]] = []
        starts: list[int] = []
        for index in range(len(self._rows)):
            starts.append(len(lines))
            lines.extend((index, line) for line in range(self._height(index, width)))
        self._width, self._lines, self._starts = width, lines, starts
        size = Size(width, len(lines))
        if size != self.virtual_size:
            self.virtual_size = size

    def watch_virtual_size(self) -> None:
        follow_virtual_size(self)

    def watch_show_vertical_scrollbar(self) -> None:
        self.refresh()  # the rows are drawn again at the width left to them

    def get_content_width(self, container: Size, viewport: Size) -> int:
        padding = self._padding.width
        return max((row.content.get_optimal_width(cast(RulesMap, self.styles), container.width) + padding for row in self._rows if row), default=0)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return sum(self._height(index, width) for index in range(len(self._rows)))

    def _plain(self) -> bool:
        """Its lines are its rows' lines, nothing around them: `render_lines` finishes them itself
        (`trainer.tui.widgets.drawn`), and a row drawn again is finished already."""
        return not self.styles.padding and plain_box(self)

    def render_lines(self, crop: Region) -> list[Strip]:
        self._measure()
        # the styles do not change while the lines are drawn
        self._pass_styles, self._pass_padding = {}, self._padding
        try:
            if not self._plain():
                return super().render_lines(crop)
            width = self.outer_size.width
            lines = [self.render_line(y) for y in crop.line_range]
            if self._width != width:  # a scrollbar's columns: it is drawn over them
                lines = [line.extend_cell_length(width) for line in lines]
            return finished(self, lines, crop)
        finally:
            self._pass_styles, self._pass_padding = None, None

    def render_line(self, y: int) -> Strip:
        line = self.scroll_offset.y + y
        if line >= len(self._lines):
            style = self._style_for(None, highlighted=False, hover=False)
            blank = self._blanks.get((self._width, style))
            if blank is None:
                blank = self._blanks[self._width, style] = Strip.blank(self._width, style.rich_style)
            return blank
        index, offset = self._lines[line]
        return self._drawing(index, self._width)[offset]

    def _refresh_row(self, index: int | None) -> None:
        if index is None or not self._width or index >= len(self._starts):
            return
        start = self._starts[index]
        end = self._starts[index + 1] if index + 1 < len(self._starts) else len(self._lines)
        self.refresh_lines(start, end - start)

    # -- the highlight -------------------------------------------------------------------------
    @property
    def highlighted(self) -> int | None:
        """The highlighted row's index (None: none)."""
        return self._highlighted

    @highlighted.setter
    def highlighted(self, index: int | None) -> None:
        if index is not None and not 0 <= index < len(self._rows):
            index = max(0, min(index, len(self._rows) - 1)) if self._rows else None
        if index == self._highlighted:
            return
        before, self._highlighted = self._highlighted, index
        self._refresh_row(before)
        self._refresh_row(index)
        self.scroll_to_highlight()

    def scroll_to_highlight(self) -> None:
        """Scroll just enough for the highlighted row to be in view (its top, if it is taller)."""
        self._measure()
        index = self._highlighted
        if index is None or not self._width or index >= len(self._starts):
            return
        start = self._starts[index]
        end = self._starts[index + 1] if index + 1 < len(self._starts) else len(self._lines)
        top, view = self.scroll_offset.y, self.scrollable_content_region.height
        if start < top or end - start > view:
            y = start
        elif end > top + view:
            y = end - view
        else:
            return
        self.scroll_to(y=y, animate=False, force=True, immediate=True)

    def on_resize(self) -> None:
        self._measure()
        self.scroll_to_highlight()

    def _pickable(self, index: int) -> bool:
        return pickable(self._rows[index])

    def _first_pickable(self, indexes: Iterable[int]) -> int | None:
        return next((index for index in indexes if self._pickable(index)), None)

    def _step(self, direction: int) -> None:
        count = len(self._rows)
        if not count:
            return
        here = self._highlighted if self._highlighted is not None else (-1 if direction > 0 else count)
        found = self._first_pickable((here + direction * step) % count for step in range(1, count + 1))
        if found is not None:
            self.highlighted = found

    def action_cursor_up(self) -> None:
        self._step(-1)

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_first(self) -> None:
        self.highlighted = first_pickable(self._rows)

    def action_last(self) -> None:
        self.highlighted = self._first_pickable(reversed(range(len(self._rows))))

    def _page(self, direction: int) -> None:
        """A page's height of lines up or down, to the row there (or the nearest beyond it that
        can be picked; else the nearest before it)."""
        self._measure()
        if not self._lines:
            return
        here = self._starts[self._highlighted] if self._highlighted is not None else 0
        line = max(0, min(here + direction * self.scrollable_content_region.height, len(self._lines) - 1))
        there = self._lines[line][0]
        ahead = range(there, len(self._rows)) if direction > 0 else range(there, -1, -1)
        back = range(there, -1, -1) if direction > 0 else range(there, len(self._rows))
        found = self._first_pickable(ahead)
        self.highlighted = found if found is not None else self._first_pickable(back)

    def action_page_up(self) -> None:
        self._page(-1)

    def action_page_down(self) -> None:
        self._page(1)

    def action_select(self) -> None:
        index = self._highlighted
        if index is not None and self._pickable(index):
            row = self._rows[index]
            assert row is not None
            self.post_message(self.Picked(self, row.value, index))

    # -- the mouse -----------------------------------------------------------------------------
    def _row_at(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        line = offset.y + self.scroll_offset.y
        return self._lines[line][0] if 0 <= line < len(self._lines) and self._width else None

    async def _on_click(self, event: events.Click) -> None:
        index = self._row_at(event)
        if index is not None and self._pickable(index):
            self.highlighted = index
            self.action_select()

    def _on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover_over(self._row_at(event))

    def _on_leave(self, event: events.Leave) -> None:
        self._hover_over(None)

    def _hover_over(self, index: int | None) -> None:
        if index != self._hover:
            before, self._hover = self._hover, index
            self._refresh_row(before)
            self._refresh_row(index)
