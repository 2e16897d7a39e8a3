"""The offered choices, numbered 1-9; their tactics stay hidden until chosen."""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content
from textual.widgets.option_list import Option

from trainer.engine import Offer
from trainer.tui.widgets.paged_list import PagedOptionList
from trainer.tui.widgets.steady import HeldHeight, follow_virtual_size, quiet_virtual_size


def choice_prompt(number: int, text: str) -> Content:
    return Content.assemble((f"{number}  ", "bold $accent"), text)


class ChoiceOption(Option):
    """An offered choice: it carries the number that plays it."""

    def __init__(self, number: int, text: str) -> None:
        super().__init__(choice_prompt(number, text))
        self.number = number


class ChoiceList(PagedOptionList):
    """Arrows and enter, a click, or the number keys (bound by the play screen) pick a choice.

    With `steady`, its height holds (`trainer.tui.widgets.steady`): new choices that fit are
    drawn in place, without laying out the screen."""

    virtual_size = quiet_virtual_size()  # new choices that fit need no layout

    def __init__(self, *, steady: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.held_height = HeldHeight() if steady else None

    def watch_virtual_size(self) -> None:
        follow_virtual_size(self)

    def watch_show_vertical_scrollbar(self) -> None:
        """A scrollbar came or went: the options wrap at another width, so they are measured again
        (Textual measures them again on a resize only, and a scrollbar changes no size)."""
        self._clear_caches()

    def show_offers(self, offers: list[Offer]) -> None:
        self._show(ChoiceOption(o.number, o.choice.text) for o in offers)
        self.highlighted = 0 if offers else None

    def show_next_step(self, label: str) -> None:
        """After an ending: one option that leads on (to the debrief)."""
        self._show([ChoiceOption(1, label)])
        self.highlighted = 0

    def _show(self, options: Iterable[ChoiceOption]) -> None:
        self.set_options(options)
        if self.held_height is not None:
            self.held_height.grow(self)

    def on_resize(self) -> None:
        if self.held_height is not None:
            self.held_height.measure(self)
