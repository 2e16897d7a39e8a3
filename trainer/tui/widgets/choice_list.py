"""The offered choices, numbered 1-9; their tactics stay hidden until chosen."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content

from trainer.engine import Offer
from trainer.tui.widgets.row_list import Row, RowList
from trainer.tui.widgets.steady import HeldHeight


def choice_prompt(number: int, text: str) -> Content:
    return Content.assemble((f"{number}  ", "bold $accent"), text)


def choice_rows(choices: Sequence[tuple[int, str]]) -> list[Row[int]]:
    """The rows of (number, text) choices, each standing for its number."""
    return [Row(choice_prompt(number, text), number) for number, text in choices]


class ChoiceList(RowList[int]):
    """Arrows and enter, a click, or the number keys (bound by the play screen) pick a choice:
    `RowList.Picked` carries its number.

    With `steady`, its height holds (`trainer.tui.widgets.steady`): new choices that fit are
    drawn in place, without laying out the screen."""

    def __init__(self, *, steady: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.held_height = HeldHeight() if steady else None
        self._scrollbar_later = False

    def show_offers(self, offers: list[Offer]) -> None:
        self.show(choice_rows([(o.number, o.choice.text) for o in offers]))

    def show_next_step(self, label: str) -> None:
        """After an ending: one row that leads on (to the debrief)."""
        self.show(choice_rows([(1, label)]))

    def rows_for(self, rows: Sequence[Row[int]]) -> int:
        """The rows it would need to offer these choice rows at its present width (as
        `needed_height` measures what it shows); each row keeps its measure."""
        width, padding = self.content_region.width, self._padding
        return sum(row.height(self, width, padding) for row in rows) + self.styles.gutter.height

    def show(self, rows: Sequence[Row[int]], *, scrollbar_later: bool = False) -> None:
        """Offer these choice rows (`choice_rows`), the first highlighted. With `scrollbar_later`,
        a scrollbar that comes or goes with them (a layout of the screen) waits for `follow_size`:
        the frame with them draws them in place."""
        self._scrollbar_later = scrollbar_later
        self.set_rows(rows)
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
