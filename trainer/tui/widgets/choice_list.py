"""The offered choices, numbered 1-9; their tactics stay hidden until chosen."""

from __future__ import annotations

from typing import cast

from textual.content import Content
from textual.css.styles import RulesMap
from textual.visual import Padding, Visual
from textual.widgets.option_list import Option

from trainer.engine import Offer
from trainer.tui.widgets.drawn import DrawnContent
from trainer.tui.widgets.paged_list import PagedOptionList
from trainer.tui.widgets.steady import HeldHeight, follow_virtual_size, quiet_virtual_size


def choice_prompt(number: int, text: str) -> Content:
    return Content.assemble((f"{number}  ", "bold $accent"), text)


class ChoiceOption(Option):
    """An offered choice: it carries the number that plays it."""

    def __init__(self, number: int, text: str, prompt: DrawnContent | None = None) -> None:
        super().__init__(prompt or DrawnContent(choice_prompt(number, text)))  # drawn once, however often redrawn
        self.number = number


class ChoiceList(PagedOptionList):
    """Arrows and enter, a click, or the number keys (bound by the play screen) pick a choice.

    With `steady`, its height holds (`trainer.tui.widgets.steady`): new choices that fit are
    drawn in place, without laying out the screen."""

    virtual_size = quiet_virtual_size()  # new choices that fit need no layout

    def __init__(self, *, steady: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.held_height = HeldHeight() if steady else None
        self._prepared: dict[tuple[int, str], DrawnContent] = {}

    def watch_virtual_size(self) -> None:
        follow_virtual_size(self)

    def watch_show_vertical_scrollbar(self) -> None:
        """A scrollbar came or went: the options wrap at another width, so they are measured again
        (Textual measures them again on a resize only, and a scrollbar changes no size)."""
        self._clear_caches()

    def show_offers(self, offers: list[Offer]) -> None:
        self.show([(o.number, o.choice.text) for o in offers])

    def show_next_step(self, label: str) -> None:
        """After an ending: one option that leads on (to the debrief)."""
        self.show([(1, label)])

    def prepare(self, choices: list[tuple[int, str]]) -> None:
        """Draw these (number, text) choices now, off screen, as `show_offers` or `show_next_step`
        would draw them at the present width, the first highlighted (`trainer.tui.widgets.drawn`):
        beside a scrollbar and without one (they may bring or remove one)."""
        full = self.content_region.width
        if not full:
            return
        padding = self.get_component_styles("option-list--option").padding
        plain = self.get_visual_style("option-list--option")
        highlighted = self.get_visual_style("option-list--option", "option-list--option-highlighted")
        now = self.scrollable_content_region.width
        widths = [width for width in (full, full - self.styles.scrollbar_size_vertical) if width != now] + [now]
        for index, (number, text) in enumerate(choices):
            drawn = DrawnContent(choice_prompt(number, text))
            for width in widths:  # the present width last: its measure is the one kept
                Visual.to_strips(self, Padding(drawn, padding), width, None, highlighted if index == 0 else plain)
                drawn.get_height(cast(RulesMap, self.styles), width - padding.width)  # as the list measures it
            self._prepared[number, text] = drawn

    def forget_prepared(self) -> None:
        self._prepared.clear()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._prepared.clear()
        for option in self.options:
            if isinstance(option.prompt, DrawnContent):
                option.prompt.forget()

    def show(self, choices: list[tuple[int, str]]) -> None:
        """Offer these (number, text) choices, the first highlighted."""
        self.set_options(ChoiceOption(number, text, self._prepared.get((number, text))) for number, text in choices)
        self.highlighted = 0 if choices else None
        if self.held_height is not None:
            self.held_height.grow(self)

    def on_resize(self) -> None:
        if self.held_height is not None:
            self.held_height.measure(self)
