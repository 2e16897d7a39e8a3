"""The offered choices, numbered 1-9; their tactics stay hidden until chosen."""

from __future__ import annotations

from textual.content import Content

from trainer.engine import Offer
from trainer.tui.widgets.row_list import Row, RowList
from trainer.tui.widgets.steady import HeldHeight


def choice_prompt(number: int, text: str) -> Content:
    return Content.assemble((f"{number}  ", "bold $accent"), text)


class ChoiceList(RowList[int]):
    """Arrows and enter, a click, or the number keys (bound by the play screen) pick a choice:
    `RowList.Picked` carries its number.

    With `steady`, its height holds (`trainer.tui.widgets.steady`): new choices that fit are
    drawn in place, without laying out the screen."""

    def __init__(self, *, steady: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.held_height = HeldHeight() if steady else None
        self._prepared: dict[tuple[int, str], Row[int]] = {}
        self._scrollbar_later = False

    def show_offers(self, offers: list[Offer]) -> None:
        self.show([(o.number, o.choice.text) for o in offers])

    def show_next_step(self, label: str) -> None:
        """After an ending: one row that leads on (to the debrief)."""
        self.show([(1, label)])

    def prepare_choices(self, choices: list[tuple[int, str]]) -> None:
        """Draw these (number, text) choices now, off screen, as `show` would draw them
        (`RowList.prepare`)."""
        self.prepare([self._row(choice) for choice in choices])

    def rows_for(self, choices: list[tuple[int, str]]) -> int:
        """The rows it would need to offer these choices at its present width (as `needed_height`
        measures what it shows); the measures are kept for `show`."""
        width, padding = self.content_region.width, self._padding
        return sum(self._row(choice).height(self, width, padding) for choice in choices) + self.styles.gutter.height

    def _row(self, choice: tuple[int, str]) -> Row[int]:
        """The row of a (number, text) choice: the one drawn ahead (or measured), or a new one, kept."""
        row = self._prepared.get(choice)
        if row is None:
            row = self._prepared[choice] = Row(choice_prompt(*choice), choice[0])
        return row

    def forget_prepared(self) -> None:
        self._prepared.clear()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._prepared.clear()

    def show(self, choices: list[tuple[int, str]], *, scrollbar_later: bool = False) -> None:
        """Offer these (number, text) choices, the first highlighted. With `scrollbar_later`, a
        scrollbar that comes or goes with them (a layout of the screen) waits for `follow_size`:
        the frame with them draws them in place."""
        self._scrollbar_later = scrollbar_later
        self.set_rows(self._row(choice) for choice in choices)
        if self.held_height is not None:
            self.held_height.grow(self)

    def watch_virtual_size(self) -> None:
        if self._scrollbar_later and not self.styles.auto_dimensions:
            self.refresh()
        else:
            super().watch_virtual_size()

    def follow_size(self) -> None:
        """The scrollbar that the choices shown last need, if it waited (`show`)."""
        if self._scrollbar_later:
            self._scrollbar_later = False
            super().watch_virtual_size()

    def on_resize(self) -> None:  # after RowList's own (Textual calls each class's handler)
        if self.held_height is not None:
            self.held_height.measure(self)
