"""Option lists whose page keys wait until the list is laid out.

Textual's `OptionList` pages from a table of its options' lines that it fills when
the list is laid out; a page key arriving first (`ctrl+p` then at once `pageup`, or
a burst of keys right after a list is filled) found no line for the highlighted
option and raised `KeyError`. Here a page key does nothing until the list has a
size, and the lines are measured before it moves.
"""

from __future__ import annotations

from textual.widgets import OptionList


def ready_to_page(options: OptionList) -> bool:
    """Whether a page key can move in `options` now: it has options and a size, and its
    options' lines are measured (scrolling to the highlighted option measures them)."""
    if not options.option_count or not options.scrollable_content_region:
        return False
    options.scroll_to_highlight()
    return True


class PagedOptionList(OptionList):
    """An `OptionList` whose page keys are safe at any moment (see the module's docstring)."""

    def action_page_up(self) -> None:
        if ready_to_page(self):
            super().action_page_up()

    def action_page_down(self) -> None:
        if ready_to_page(self):
            super().action_page_down()
