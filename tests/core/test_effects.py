"""Meter effects: integer deltas, clamping and the fair percentage math."""

from __future__ import annotations

from fractions import Fraction
from math import floor

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trainer.effects import apply_effect, effect_table, parse_fair_effect


@pytest.mark.parametrize(
    ("value", "effect", "expected"),
    [
        (35, "%+20", 48),  # the format's examples
        (15, "%-30", 11),
        (50, "%-55", 23),
        (100, "%+50", 100),
        (0, "%+0", 0),
        (0, "%-100", 0),
        (0, "%+100", 100),
        (100, "%-100", 0),
        (1, "%+50", 51),  # 1 + 49.5 = 50.5 rounds half up
        (3, "%-50", 2),  # 1.5 rounds up to 2
        (99, "%+1", 99),  # 99.01
        (50, "%+001", 51),  # 50.5 rounds half up
        (40, 30, 70),
        (90, 30, 100),  # clamped
        (10, -30, 0),  # clamped
        (0, -100, 0),
        (100, 100, 100),
    ],
)
def test_apply_effect(value: int, effect: int | str, expected: int) -> None:
    assert apply_effect(value, effect) == expected


@pytest.mark.parametrize("bad", ["%+101", "%+1000", "+20", "%20", "%+", "%+2.5", "%+-2", " %+2", "%+2 "])
def test_malformed_fair_effects_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_fair_effect(bad)


@given(st.integers(0, 100), st.sampled_from("+-"), st.integers(0, 100))
def test_fair_effects_match_the_exact_formula_and_stay_in_range(value: int, sign: str, percent: int) -> None:
    result = apply_effect(value, f"%{sign}{percent}")
    share = Fraction(percent, 100)
    exact = value + (100 - value) * share if sign == "+" else value - value * share
    assert result == floor(exact + Fraction(1, 2))
    assert 0 <= result <= 100


@given(st.integers(0, 100), st.integers(-100, 100))
def test_integer_effects_clamp(value: int, delta: int) -> None:
    assert apply_effect(value, delta) == min(100, max(0, value + delta))


def test_effect_table_is_the_effect_at_every_value() -> None:
    table = effect_table("%-30")
    assert len(table) == 101
    assert table[15] == 11 and table[0] == 0 and table[100] == 70
