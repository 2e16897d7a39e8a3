"""Meter effects: integer deltas and the format's fair percentage strings."""

from __future__ import annotations

import re
from fractions import Fraction
from math import floor

METER_MIN = 0
METER_MAX = 100
FAIR_EFFECT = re.compile(r"%([+-])([0-9]{1,3})\Z")

Effect = int | str
"""An integer from -100 to 100 added to the meter, or a fair string like "%+20"."""

MeterTable = tuple[int, ...]
"""A meter's value after an effect, indexed by its value before (0..100)."""


def clamp(value: int) -> int:
    return METER_MIN if value < METER_MIN else METER_MAX if value > METER_MAX else value


def apply_effect(value: int, effect: Effect) -> int:
    """The meter after `effect`, clamped to 0..100.

    `%+p` moves p percent of the way up to 100, `%-p` p percent of the way
    down to 0, rounding half up with exact arithmetic.
    """
    if isinstance(effect, str):
        sign, percent = parse_fair_effect(effect)
        share = Fraction(percent, 100)
        if sign == "+":
            exact = value + (METER_MAX - value) * share
        else:
            exact = value - value * share
        return clamp(floor(exact + Fraction(1, 2)))
    return clamp(value + effect)


def parse_fair_effect(effect: str) -> tuple[str, int]:
    """`"%+20"` -> `("+", 20)`; raises ValueError when malformed or over 100."""
    match = FAIR_EFFECT.match(effect)
    if match is None:
        raise ValueError(f'"{effect}" is not a fair effect like "%+20" or "%-15"')
    percent = int(match.group(2))
    if percent > 100:
        raise ValueError(f'"{effect}": the percentage must be from 0 to 100')
    return match.group(1), percent


def effect_table(effect: Effect) -> MeterTable:
    """The effect precomputed for every meter value, for the engine's hot path."""
    return tuple(apply_effect(v, effect) for v in range(METER_MIN, METER_MAX + 1))


IDENTITY: MeterTable = tuple(range(METER_MIN, METER_MAX + 1))
