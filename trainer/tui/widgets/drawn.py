"""Text that keeps its drawing, so it can be drawn before it is shown.

Drawing text (wrapping it at a width and turning it into styled lines) is most of what a choice
key costs once nothing needs a layout: the buyer's next line and the next choices. While the
player reads, the play screen draws the exchanges the next choice can lead to (`prepare` on the
line and on the choice list); the one chosen is then shown from its drawing. Text that was not
prepared is drawn as usual; only the time differs.
"""

from __future__ import annotations

from textual.content import Content
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions


class DrawnContent(Content):
    """`Content` (plain text and styles, never markup) that keeps what it drew at each width,
    height and style: drawn again, it costs nothing."""

    def __init__(self, content: Content) -> None:
        super().__init__(content.plain, list(content.spans), content.cell_length, strip_control_codes=False)
        self._drawn: dict[tuple[int, int | None, Style], list[Strip]] = {}

    @property
    def key(self) -> tuple[object, ...]:
        """Equal for equal text with equal styles (a `Content` compares its text only)."""
        return content_key(self)

    def forget(self) -> None:
        """Drop the drawings (the theme changed: the colours it resolved may have)."""
        self._drawn.clear()

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        if options.selection is not None or options.post_style is not None:  # a mouse selection: drawn each time
            return super().render_strips(width, height, style, options)
        key = (width, height, style)
        strips = self._drawn.get(key)
        if strips is None:
            strips = self._drawn[key] = super().render_strips(width, height, style, options)
        return strips


def content_key(content: Content) -> tuple[object, ...]:
    return (content.plain, tuple(content.spans))
