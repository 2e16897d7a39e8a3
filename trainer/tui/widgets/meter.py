"""A meter (trust or pressure): a number, a bar, a colour and a word, with the last change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.timer import Timer

from trainer.game.words import MeterKind, meter_level, meter_word, signed

BAR_FULL = "█"
BAR_EMPTY = "░"
FLASH_SECONDS = 1.2


class Meter(Widget):
    """Shows `Trust  48  open  +13` over a bar; the bar glides to a new value."""

    value: reactive[int] = reactive(0)
    shown: reactive[float] = reactive(0.0)
    change: reactive[int | None] = reactive(None)
    flashing: reactive[bool] = reactive(False)

    def __init__(self, kind: MeterKind, value: int, *, id: str | None = None) -> None:
        super().__init__(id=id, classes=f"meter -{kind}")
        self.kind: MeterKind = kind
        self.set_reactive(Meter.value, value)
        self.set_reactive(Meter.shown, float(value))
        self._flash_timer: Timer | None = None

    def on_mount(self) -> None:
        self._set_level()

    def update(self, value: int, change: int | None) -> None:
        """Move to `value`; `change` (or None) is shown beside the word."""
        self.change = change
        self.value = value
        if change and self.app.animation_level != "none":
            self.flashing = True  # drawn in bold, not restyled: a style change costs a frame's time
            if self._flash_timer is not None:
                self._flash_timer.stop()
            self._flash_timer = self.set_timer(FLASH_SECONDS, self._stop_flash)

    def _stop_flash(self) -> None:
        self.flashing = False

    def watch_value(self, value: int) -> None:
        self._set_level()
        self.animate("shown", float(value), duration=0.6, easing="out_cubic")

    def _set_level(self) -> None:
        level = meter_level(self.kind, self.value)
        self.update_classes({"-good": level == "good", "-fair": level == "fair", "-bad": level == "bad"})  # one restyle

    def render(self) -> Content:
        value = round(self.shown)
        label = self.kind.capitalize()
        delta = f"{signed(self.change)}" if self.change else ""
        head = Content.assemble(
            (f"{label:<9}", "bold"),
            (f"{value:>3}", "bold"),
            "  ",
            (meter_word(self.kind, value), "bold italic" if self.flashing else "italic"),
            "  ",
            (delta, "bold reverse" if self.flashing else "bold"),
        )
        width = max(self.size.width, 10)
        filled = round(width * value / 100)
        bar = Content.assemble((BAR_FULL * filled, ""), (BAR_EMPTY * (width - filled), "dim"))
        return Content("\n").join([head, bar])
