"""The `when` language: grammar, evaluation, errors with positions, limits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trainer.conditions import (
    MAX_CONDITION_DEPTH,
    MAX_CONDITION_LENGTH,
    ConditionError,
    compile_condition,
    flags_in,
    parse_condition,
)

BITS = {"asked": 1, "met_cfo": 2}


def holds(text: str, trust: int = 50, pressure: int = 20, flags: int = 0) -> bool:
    return compile_condition(parse_condition(text), BITS)(trust, pressure, flags)


@pytest.mark.parametrize(
    ("text", "trust", "pressure", "flags", "expected"),
    [
        ("trust >= 50", 50, 0, 0, True),
        ("trust >= 50", 49, 0, 0, False),
        ("trust > 50", 50, 0, 0, False),
        ("trust < 50", 49, 0, 0, True),
        ("trust <= 50", 50, 0, 0, True),
        ("trust == 50", 50, 0, 0, True),
        ("trust != 50", 50, 0, 0, False),
        ("pressure >= 85", 0, 85, 0, True),
        ("pressure < 85", 0, 85, 0, False),
        ("asked", 0, 0, 1, True),
        ("asked", 0, 0, 2, False),
        ("not asked", 0, 0, 0, True),
        ("not not asked", 0, 0, 1, True),
        ("asked and met_cfo", 0, 0, 1, False),
        ("asked and met_cfo", 0, 0, 3, True),
        ("asked or met_cfo", 0, 0, 2, True),
        ("true", 0, 0, 0, True),
        ("false", 0, 0, 0, False),
        ("(asked or met_cfo) and trust >= 60", 60, 0, 2, True),
        ("asked or met_cfo and trust >= 60", 10, 0, 1, True),  # and binds tighter than or
        ("not asked and met_cfo", 0, 0, 2, True),  # not binds tighter than and
        ("trust>=007", 7, 0, 0, True),
        ("never_set", 100, 0, 3, False),  # unknown flags are never set
        ("  trust\t>= 1\n", 1, 0, 0, True),
    ],
)
def test_evaluation(text: str, trust: int, pressure: int, flags: int, expected: bool) -> None:
    assert holds(text, trust, pressure, flags) is expected


@pytest.mark.parametrize(
    ("text", "offset", "fragment"),
    [
        ("", 0, "empty condition"),
        ("trust", 5, '"trust" must be compared with a number'),
        ("trust >= ", 9, 'expected a whole number after ">="'),
        ("trust >= -5", 9, "unexpected character '-'"),
        ("trust >= 5.5", 10, "unexpected character '.'"),
        ("60 <= trust", 0, 'expected a comparison, a flag, "true" or "false", found "60"'),
        ("asked and", 9, "found the end of the condition"),
        ("(asked", 6, 'expected ")" to close the "("'),
        ("asked)", 5, 'unexpected ")"'),
        ("asked met", 6, 'unexpected "met"'),
        ("Asked", 0, '"Asked" is not a valid flag name'),
        ("AND", 0, '"AND" is not a valid flag name'),
        ("asked && met", 6, "unexpected character '&'"),
        ("trust = 5", 6, "unexpected character '='"),
        ("and", 0, '"and" needs something before it'),
        ('__import__("os")', 11, "unexpected character '\"'"),
        ("os.system", 2, "attribute access and indexing are not part of the language"),
        ("open(x)", 4, "calls are not part of the condition language"),
        ("flags[0]", 5, "unexpected character '['"),
        ("lambda: 1", 6, "unexpected character ':'"),
        ("trust >= 5 # comment", 11, "unexpected character '#'"),
    ],
)
def test_malformed_conditions_point_at_the_problem(text: str, offset: int, fragment: str) -> None:
    with pytest.raises(ConditionError) as raised:
        parse_condition(text)
    assert fragment in raised.value.message
    assert raised.value.offset == offset


def test_length_limit_is_documented_and_enforced() -> None:
    accepted = " and ".join(["asked"] * 50)
    assert 450 < len(accepted) <= 500  # the format asks that at least 500 characters work
    parse_condition(accepted)
    with pytest.raises(ConditionError, match="the limit is"):
        parse_condition("asked or " * (MAX_CONDITION_LENGTH // 9 + 1) + "asked")


def test_nesting_of_sixteen_levels_is_accepted_and_too_deep_is_an_error_not_a_crash() -> None:
    assert holds("(" * 16 + "asked" + ")" * 16, flags=1)
    assert holds("not " * 16 + "asked", flags=1)
    with pytest.raises(ConditionError, match="nested deeper"):
        parse_condition("(" * (MAX_CONDITION_DEPTH + 1) + "asked" + ")" * (MAX_CONDITION_DEPTH + 1))
    with pytest.raises(ConditionError):
        parse_condition("(" * 5000 + "asked" + ")" * 5000)


def test_flags_in_lists_every_tested_flag_with_its_position() -> None:
    found = flags_in(parse_condition("asked or not (met_cfo and trust > 3)"))
    assert [(f.name, f.offset) for f in found] == [("asked", 0), ("met_cfo", 14)]


@given(st.text(max_size=200))
def test_any_text_parses_or_raises_condition_error(text: str) -> None:
    try:
        expr = parse_condition(text)
    except ConditionError as error:
        assert 0 <= error.offset <= max(len(text), MAX_CONDITION_LENGTH)
    else:
        compile_condition(expr, BITS)(50, 50, 0)


@given(st.integers(0, 100), st.integers(0, 100), st.integers(0, 100))
def test_comparisons_agree_with_python(trust: int, pressure: int, value: int) -> None:
    assert holds(f"trust >= {value} and pressure < {value}", trust, pressure) == (trust >= value and pressure < value)
