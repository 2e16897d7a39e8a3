"""Words, symbols and style names for what the screens show: headless, no Textual."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from trainer.wording import signed

if TYPE_CHECKING:
    from trainer.engine import StepEvent

Level = Literal["good", "fair", "bad"]
MeterKind = Literal["trust", "pressure"]

_WORDS: dict[MeterKind, tuple[tuple[int, str, Level], ...]] = {
    # (below this value, word, level); the last entry catches the rest
    "trust": ((35, "wary", "bad"), (65, "open", "fair"), (101, "trusting", "good")),
    "pressure": ((35, "relaxed", "good"), (70, "tense", "fair"), (101, "cornered", "bad")),
}

def meter_word(kind: MeterKind, value: int) -> str:
    """`wary / open / trusting` for trust; `relaxed / tense / cornered` for pressure."""
    return next(word for limit, word, _ in _WORDS[kind] if value < limit)


def meter_level(kind: MeterKind, value: int) -> Level:
    return next(level for limit, _, level in _WORDS[kind] if value < limit)


def change_summary(event: StepEvent) -> str:
    """`+12 trust, +30 pressure`, or `no change to the meters`."""
    parts = [f"{signed(change)} {name}" for name, change in (("trust", event.trust_change), ("pressure", event.pressure_change)) if change]
    return ", ".join(parts) if parts else "no change to the meters"
