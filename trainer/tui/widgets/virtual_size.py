"""A scrolling widget's virtual size (its content's size) that changes without a layout.

Textual lays out the whole screen whenever a scrolling widget's virtual size changes. A widget of
a fixed or held height (`trainer.tui.widgets.steady`) needs none: only its scrollbars and scroll
position follow. The library's list and the transcript declare theirs with `quiet_virtual_size`
and follow it with `follow_virtual_size`.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widget import Widget


def quiet_virtual_size() -> Reactive[Size]:
    """A `virtual_size` for a scrolling widget of a fixed or held height: a new size asks for no
    layout (Textual's does, always); the widget's `watch_virtual_size` calls `follow_virtual_size`."""
    return Reactive(Size(0, 0), layout=False)


def follow_virtual_size(widget: Widget) -> None:
    """After a scrolling widget's virtual size changed: a layout when its size follows its content
    (an auto height or width); else only its scrollbars and scroll position follow (a scrollbar
    that comes or goes still asks for a layout: it takes a column)."""
    if widget.styles.auto_dimensions:
        widget.refresh(layout=True)
    else:
        widget._scroll_update(widget.virtual_size)
        widget.refresh()
