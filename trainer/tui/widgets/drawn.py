"""Text that keeps its drawing, so it can be drawn before it is shown.

Drawing text (wrapping it at a width and turning it into styled lines) is most of what a choice
key costs once nothing needs a layout: the buyer's next line and the next choices. While the
player reads, the play screen draws the exchanges the next choice can lead to (`prepare` on the
line and on the choice list); the one chosen is then shown from its drawing. Text that was not
prepared is drawn as usual; only the time differs.

Textual then frames a widget's lines each time it repaints them (its padding and background,
then the app's line filters: the terminal's colours), line by line, in new lines. For a widget
in a plain box (`plain_box`: no border, outline, tint, hatch or opacity) the framing is done here
(`framed`, `finished`), as Textual does it, once: the lines framed for a drawing are kept with it,
so a line shown again, or drawn ahead, is framed already.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.content import Content
from textual.geometry import Region
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widget import Widget


class DrawnContent(Content):
    """`Content` (plain text and styles, never markup) that keeps what it drew at each width,
    height and style: drawn again, it costs nothing."""

    def __init__(self, content: Content) -> None:
        super().__init__(content.plain, list(content.spans), content.cell_length, strip_control_codes=False)
        self._drawn: dict[tuple[int, int | None, Style], list[Strip]] = {}
        self._framed: dict[tuple[object, ...], list[Strip]] = {}

    def forget(self) -> None:
        """Drop the drawings (the theme changed: the colours it resolved may have)."""
        self._drawn.clear()
        self._framed.clear()

    def framed(self, widget: Widget) -> list[Strip]:
        """The lines of `widget` (in a plain box) showing this text at its present size and style:
        the text drawn, aligned and framed (`framed`), kept for that size and style."""
        styles = widget.styles
        style = widget.visual_style
        key = (widget.outer_size, styles.padding, styles.content_align, style, widget.background_colors)
        lines = self._framed.get(key)
        if lines is None:
            width, height = widget.size
            lines = self._framed[key] = framed(widget, Visual.to_strips(widget, self, width, height, style))
        return lines

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        if options.selection is not None or options.post_style is not None:  # a mouse selection: drawn each time
            return super().render_strips(width, height, style, options)
        key = (width, height, style)
        strips = self._drawn.get(key)
        if strips is None:
            strips = self._drawn[key] = super().render_strips(width, height, style, options)
        return strips


def plain_box(widget: Widget) -> bool:
    """True when Textual draws nothing of its own over or around the widget's content but its
    padding and background (no border, outline, hatch, tint or opacity): `framed` and `finished`
    then make the lines Textual would make."""
    styles = widget.styles
    return not (
        styles.border
        or styles.outline
        or styles.tint.a
        or styles.text_opacity != 1.0
        or widget.opacity != 1.0
        or (styles.has_rule("hatch") and styles.hatch != "none")
    )


def framed(widget: Widget, content: Sequence[Strip]) -> list[Strip]:
    """The lines of `widget` (in a plain box) around its `content` lines, as Textual frames them
    (its styles cache): each line cut or filled to the content's width, then its padding, all on
    the widget's background."""
    base, background = widget.background_colors
    inner = Style(background=base + background).rich_style
    width = widget.outer_size.width
    top, right, bottom, left = widget.styles.padding
    content_width, content_height = widget.content_region.size
    blank = Strip([Segment(" " * width, inner)], width)
    lines = [blank] * top
    for y in range(content_height):
        line = content[y] if y < len(content) else Strip.blank(content_width, widget.visual_style.rich_style)
        lines.append(padded_line(line, content_width, left, right, inner))
    return lines + [blank] * bottom


def padded_line(line: Strip, inner: int, left: int, right: int, style: RichStyle, colour: RichStyle | None = None) -> Strip:
    """A line of text cut or filled to `inner` cells, in its padding, on `style`; `colour`:
    every segment in that colour (a list's highlighted row). One strip made, not one a step: a strip
    costs seven caches."""
    if line.cell_length > inner:
        line = line.adjust_cell_length(inner, style)
    segments = [Segment(" " * left, style)] if left else []
    segments += line
    if line.cell_length < inner:
        segments.append(Segment(" " * (inner - line.cell_length), style))
    if right:
        segments.append(Segment(" " * right, style))
    if colour is not None:
        segments = list(Segment.apply_style(segments, post_style=colour))
    return Strip(segments, inner + left + right)


def finished(widget: Widget, lines: Sequence[Strip], crop: Region) -> list[Strip]:
    """`lines` (of `crop`'s rows of `widget`) as Textual finishes a widget's lines: through the
    app's line filters (each line keeps what they made of it), then cut to `crop`'s columns."""
    filters = widget.app.get_line_filters()
    if filters:
        background = widget.background_colors[1]
        for line_filter in filters:
            lines = [line.apply_filter(line_filter, background) for line in lines]
    start, end = crop.column_span
    if (start, end) != (0, widget.outer_size.width):
        return [line.crop(start, end) for line in lines]
    return list(lines)
