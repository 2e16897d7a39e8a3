"""The offered choices, numbered 1-9; their tactics stay hidden until chosen."""

from __future__ import annotations

from textual.content import Content
from textual.widgets.option_list import Option

from trainer.engine import Offer
from trainer.tui.widgets.paged_list import PagedOptionList


def choice_prompt(number: int, text: str) -> Content:
    return Content.assemble((f"{number}  ", "bold $accent"), text)


class ChoiceOption(Option):
    """An offered choice: it carries the number that plays it."""

    def __init__(self, number: int, text: str) -> None:
        super().__init__(choice_prompt(number, text))
        self.number = number


class ChoiceList(PagedOptionList):
    """Arrows and enter, a click, or the number keys (bound by the play screen) pick a choice."""

    def show_offers(self, offers: list[Offer]) -> None:
        self.set_options(ChoiceOption(o.number, o.choice.text) for o in offers)
        self.highlighted = 0 if offers else None

    def show_next_step(self, label: str) -> None:
        """After an ending: one option that leads on (to the debrief)."""
        self.set_options([ChoiceOption(1, label)])
        self.highlighted = 0
