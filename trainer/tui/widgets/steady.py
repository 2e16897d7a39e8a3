"""Heights that hold while the content changes, so that a change that fits is drawn without a layout.

After a choice the play screen shows a new buyer's line, new choices and a new note. If each of
them took the height its new content needs, every choice would move the widgets around them, and
Textual would lay out the screen again and redraw everything that moved (the transcript, the
list, ...): most of a key's time, and a layout that jumps under the player's eyes. Here a widget
grows to the most rows its content has needed so far at its width and does not shrink back (until
its width changes: a resize measures it afresh; or its screen calls `fit`, as the play screen does
when what the exchange holds would crowd the transcript); content that fits is drawn in place, with
a repaint only. A cap in the style sheet (`max-height`) still bounds it; beyond it the widget scrolls.
"""

from __future__ import annotations

from typing import cast

from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from trainer.tui.widgets.drawn import DrawnContent, finished, plain_box


def needed_height(widget: Widget) -> int:
    """The rows `widget` needs for its content at its present width, with its padding and border."""
    width = widget.content_region.width
    content = widget.get_content_height(widget.container_size, widget.app.size, width)
    return content + widget.styles.gutter.height


class HeldHeight:
    """How tall a widget is held, at which width (see the module's docstring)."""

    def __init__(self) -> None:
        self.width = 0  # the content width it was measured at; 0: not laid out yet (its own style rules)

    def measure(self, widget: Widget) -> None:
        """On a resize: measured afresh when its width changed (the first layout is one)."""
        width = widget.content_region.width
        if width and width != self.width:
            self.width = width
            widget.styles.height = needed_height(widget)

    def grow(self, widget: Widget) -> bool:
        """After its content changed: taller if the content needs more rows than it holds.
        True when it grew (a layout follows); False: the content fits, a repaint draws it."""
        return self.hold(widget, needed_height(widget)) if self.width else False

    def hold(self, widget: Widget, rows: int) -> bool:
        """At least `rows` tall from now on (what a content to come will need: shown, it is drawn
        in place). True when it grew (a layout follows)."""
        if not self.width:
            return False  # not laid out yet: the first layout measures it
        held = widget.styles.height
        if held is not None and held.is_cells and rows <= held.value:
            return False
        widget.styles.height = rows
        return True

    def fit(self, widget: Widget, rows: int | None = None) -> None:
        """Exactly as tall as its content needs now, or `rows` (a layout follows if that is a change)."""
        if self.width:
            widget.styles.height = needed_height(widget) if rows is None else rows

    def rows(self, widget: Widget, *, held: int | None = None) -> int:
        """The rows it takes at the next layout: its held height (or, not held yet, its need) within
        its `max-height`; or, held at `held` rows, the rows it would take."""
        if held is None:
            height = widget.styles.height
            held = int(height.value) if self.width and height is not None and height.is_cells else needed_height(widget)
        cap = widget.styles.max_height
        if cap is not None and not cap.is_auto:
            parent = widget.parent
            room = (parent.size if isinstance(parent, Widget) else widget.app.size) - widget.styles.margin.totals
            held = min(held, int(cap.resolve(room, widget.app.size)))  # as Textual resolves it
        return held

    @property
    def held(self) -> bool:
        return bool(self.width)


class SteadyStatic(Static):
    """Plain text (never markup) whose height holds while it changes (see the module's docstring),
    and that can be drawn before it is shown (`prepare`; see `trainer.tui.widgets.drawn`)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self.set_reactive(SteadyStatic.auto_links, False)  # plain text has no links: its lines are not restyled for them at each drawing
        self.held_height = HeldHeight()
        self._shown: DrawnContent | None = None

    def show(self, content: Content | str) -> None:
        """Show `content` (a `DrawnContent` as it is: drawn ahead, it is not drawn again): in place
        when it fits; the widget grows (one layout) when it does not."""
        drawn = content if isinstance(content, DrawnContent) else DrawnContent(Content(content) if isinstance(content, str) else content)
        self._shown = drawn
        self.update(drawn, layout=self.display and not self.held_height.held)  # hidden: shown, it is laid out
        if self.display:
            self.held_height.grow(self)

    def prepare(self, drawn: DrawnContent) -> None:
        """Draw `drawn` now, off screen, as `show` would draw it at the present size and style
        (and as the screen would show those lines: `render_lines`)."""
        width = self.size.width
        if not self.held_height.held or not width:
            return
        drawn.get_height(cast(RulesMap, self.styles), width)  # measured, as `show` measures it
        finished(self, drawn.framed(self), self.outer_size.region)

    def rows_for(self, drawn: DrawnContent) -> int:
        """The rows it would need to show `drawn` at its present width (as `needed_height`
        measures what it shows); `drawn` keeps the measure."""
        return drawn.get_height(cast(RulesMap, self.styles), self.content_region.width) + self.styles.gutter.height

    def render_lines(self, crop: Region) -> list[Strip]:
        """The lines kept with the text shown (`DrawnContent.framed`), when Textual would make
        the same (a plain box; no mouse selection); else Textual's own."""
        drawn = self.visual
        if not isinstance(drawn, DrawnContent) or self.text_selection is not None or not plain_box(self):
            return super().render_lines(crop)
        return finished(self, drawn.framed(self)[crop.y : crop.bottom], crop)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self._shown is not None:
            self._shown.forget()

    def on_resize(self) -> None:
        self.held_height.measure(self)
