"""A meter for the back of the room: the name, the value in big digits, its word and the last change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from trainer.game.words import MeterKind, meter_level, meter_word, signed
from trainer.tui.widgets.block_digits import BlockDigits

HIDDEN_DIGITS = "--"


class BigMeter(Horizontal):
    """`Trust █▀█ open / +13` in block digits; on a small grid (the screen's `-short` or `-narrow`
    class) a plain bold number."""

    def __init__(self, kind: MeterKind, *, id: str | None = None) -> None:
        super().__init__(id=id, classes=f"big-meter -{kind}")
        self.kind: MeterKind = kind
        self.value: int | None = None  # None while hidden

    def compose(self) -> ComposeResult:
        yield Static(self.kind.capitalize(), classes="big-meter-name", markup=False)
        yield BlockDigits(HIDDEN_DIGITS, classes="big-meter-digits")
        yield Static(classes="big-meter-number", markup=False)
        with Vertical(classes="big-meter-words"):
            yield Static(classes="big-meter-word", markup=False)
            yield Static(classes="big-meter-change", markup=False)

    def show(self, value: int | None, change: int | None = None) -> None:
        """Show `value` (None: hidden until the facilitator reveals it) and the last `change`."""
        self.value = value
        hidden = value is None
        level = None if value is None else meter_level(self.kind, value)
        for name in ("good", "fair", "bad"):
            self.set_class(level == name, f"-{name}")
        self.set_class(hidden, "-hidden")
        self.query_one(BlockDigits).update(HIDDEN_DIGITS if value is None else str(value))
        self.query_one(".big-meter-number", Static).update(Content("??" if value is None else str(value)))
        word = "hidden" if value is None else meter_word(self.kind, value)
        self.query_one(".big-meter-word", Static).update(Content(word))
        self.query_one(".big-meter-change", Static).update(Content(signed(change) if change else ""))

    @property
    def word(self) -> str:
        return "hidden" if self.value is None else meter_word(self.kind, self.value)
